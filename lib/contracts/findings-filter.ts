import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { environments, findingStatuses, severities } from "@/lib/domain/vocabulary";

// Which findings a view, a bulk action or an export covers. One schema for the URL of the Findings
// page, the bodies of bulk actions and the export's query string, so all three select the same rows.

export const slaStates = ["on_time", "due_soon", "overdue"] as const;
export type SlaState = (typeof slaStates)[number];
/** An open finding whose due date is this close is "due soon". */
export const DUE_SOON_DAYS = 7;

const list = <T extends z.ZodType>(item: T) => z.array(item).max(200).optional();
const id = (pattern: RegExp, message: string) => z.string().regex(pattern, message);
const day = z.iso.date();

export const findingsFilter = z.strictObject({
  account: list(id(/^\d{12}$/, "must be a 12-digit account id")),
  environment: list(z.enum(environments)),
  ou: list(id(/^(ou|r)-[0-9a-z-]{1,80}$/, "must be an OU id (ou-… or r-…)")),
  team: list(z.uuid()),
  region: list(id(/^[a-z0-9-]{2,32}$/, "must be a region name")),
  service: list(id(/^[a-z0-9-]{1,64}$/, "must be a service name")),
  check: list(id(/^[a-z0-9_]{1,128}$/, "must be a check id")),
  severity: list(z.enum(severities)),
  status: list(z.enum(findingStatuses)),
  /** "me" (the viewer), "none" (unassigned) or a user id. */
  assignee: list(z.union([z.literal("me"), z.literal("none"), z.uuid()])),
  sla: list(z.enum(slaStates)),
  firstSeenFrom: day.optional(),
  firstSeenTo: day.optional(),
  lastSeenFrom: day.optional(),
  lastSeenTo: day.optional(),
  /** Free text over the check's title, the resource id and the evidence. */
  q: safeText({ min: 1, max: 200 }).optional(),
});
export type FindingsFilter = z.infer<typeof findingsFilter>;

const listKeys = new Set([
  "account",
  "environment",
  "ou",
  "team",
  "region",
  "service",
  "check",
  "severity",
  "status",
  "assignee",
  "sla",
]);

/** The filter's fields of a query string (repeated keys are lists); other keys are left to the caller. */
export function filterFromSearchParams(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (listKeys.has(key)) out[key] = params.getAll(key).filter((v) => v !== "");
    else if (key in findingsFilter.shape) {
      const value = params.get(key);
      if (value) out[key] = value;
    }
  }
  return out;
}

/** The query string of a filter: the inverse of filterFromSearchParams, for links and shared views. */
export function filterToSearchParams(filter: FindingsFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else if (value !== undefined) params.set(key, String(value));
  }
  return params;
}
