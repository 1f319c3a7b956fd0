import type { Check, OrgCheck } from "../types";
import guarddutyDisabledInRegion from "./guardduty-disabled-in-region";
import guarddutyRequiredFeatureDisabled from "./guardduty-required-feature-disabled";

/** The GuardDuty checks: one file each, its tests beside it. */
export const guarddutyChecks: readonly (Check | OrgCheck)[] = [
  guarddutyDisabledInRegion,
  guarddutyRequiredFeatureDisabled,
];
