import { z } from "zod";
import { safeText } from "@/lib/domain/text";

/** A GuardDuty finding's key in its URL: account, region and GuardDuty's own id. */
export const guardDutyFindingParams = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
  id: safeText({ min: 1, max: 300 }),
});
