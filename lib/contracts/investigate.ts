import { z } from "zod";
import { ACCESS_KEY_ID } from "@/lib/domain/links";
import { safeText } from "@/lib/domain/text";
import { defineContract } from "./define";

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

/** An on-demand CloudTrail lookup: how far back by default, and at most (LookupEvents keeps 90 days). */
export const LOOKUP_DEFAULT_DAYS = 7;
export const LOOKUP_MAX_DAYS = 90;

const lookupSchema = z.object({
  id: z.string(),
  subject: z.string(),
  attribute: z.enum(["AccessKeyId", "Username"]),
  days: z.number(),
  status: z.enum(["queued", "running", "done", "failed"]),
  accountsTotal: z.number(),
  accountsDone: z.number(),
  events: z.number(),
  /** Some account × region had more events than the page cap: the oldest were not read. */
  capped: z.boolean(),
  problems: z.array(
    z.object({ accountId: z.string(), region: z.string().nullable(), code: z.string(), message: z.string() }),
  ),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type LookupProgress = z.infer<typeof lookupSchema>;

/** Looks a principal up in CloudTrail now (triagers and admins), in every account the requester may see. */
const startLookup = defineContract({
  method: "POST",
  path: "/api/investigate/lookups",
  status: 202,
  body: z.strictObject({
    q: safeText({ min: 1, max: 300 }),
    days: z
      .number("must be a number of days")
      .int("must be a whole number of days")
      .min(1, "must be at least 1 day")
      .max(LOOKUP_MAX_DAYS, `must be at most ${LOOKUP_MAX_DAYS} days (CloudTrail keeps 90)`)
      .default(LOOKUP_DEFAULT_DAYS),
  }),
  response: z.object({ lookup: lookupSchema }),
});

/** A lookup's progress, polled while it runs; only its requester (or an admin) may read it. */
const lookupProgress = defineContract({
  method: "GET",
  path: "/api/investigate/lookups/[id]",
  params: z.object({ id: z.uuid() }),
  response: z.object({ lookup: lookupSchema }),
});

export const investigateApi = { startLookup, lookupProgress };

/**
 * What LookupEvents is asked for a subject: an access key id by AccessKeyId; a user, a role session or
 * an ARN of one by Username (a role session's events carry its session name there). Null: neither.
 */
export function lookupTarget(q: string): { attribute: "AccessKeyId" | "Username"; subject: string } | null {
  const text = q.trim();
  if (ACCESS_KEY_ID.test(text.toUpperCase())) return { attribute: "AccessKeyId", subject: text.toUpperCase() };
  const arn = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(user|role|assumed-role)\/(.+)$/.exec(text);
  const name = arn ? arn[3]!.split("/").at(-1)! : text;
  return /^[\w+=,.@-]{1,128}$/.test(name) ? { attribute: "Username", subject: name } : null;
}
