import type { Check, OrgCheck } from "../types";
import sesAccountUnderReview from "./ses-account-under-review";
import sesBounceOrComplaintRateHigh from "./ses-bounce-or-complaint-rate-high";
import sesSendingSpike from "./ses-sending-spike";

/** The SES abuse checks: one file each, its tests beside it. */
export const sesChecks: readonly (Check | OrgCheck)[] = [
  sesSendingSpike,
  sesBounceOrComplaintRateHigh,
  sesAccountUnderReview,
];
