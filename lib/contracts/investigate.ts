import { z } from "zod";
import { safeText } from "@/lib/domain/text";

/** An investigation's URL state: who, and the filters of its table, shared by the page and the CSV export. */
export const investigateQuery = z.object({
  q: safeText({ max: 300 }).optional(),
  account: z
    .string()
    .regex(/^\d{12}$/, "must be a 12-digit account id")
    .optional()
    .catch(undefined),
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be a region")
    .optional()
    .catch(undefined),
  service: z
    .string()
    .regex(/^[a-z0-9.-]{1,80}$/, "must be an event source")
    .optional()
    .catch(undefined),
  failed: z.enum(["1"]).optional().catch(undefined),
});
export type InvestigateQuery = z.infer<typeof investigateQuery>;

/** LookupEvents keeps 90 days: so does the investigation. */
export const INVESTIGATION_DAYS = 90;
export const INVESTIGATION_MAX_ROWS = 5_000;
