import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { auditOutcomes, type AuditOutcome } from "@/lib/domain/vocabulary";
import type { AuditFilter } from "@/lib/db/queries/audit";

/** The families of audit actions, for the filter's select. */
export const auditActionPrefixes = [
  "auth.",
  "user.",
  "team.",
  "session.",
  "settings.",
  "collection.",
  "demo.",
  "audit.",
] as const;

export const auditPeriods = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, all: null } as const;
export type AuditPeriod = keyof typeof auditPeriods;

const fields = {
  action: z.enum(auditActionPrefixes),
  outcome: z.enum(auditOutcomes),
  actor: safeText({ min: 1, max: 200 }),
  since: z.enum(Object.keys(auditPeriods) as [AuditPeriod, ...AuditPeriod[]]),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
};

export type AuditSearch = {
  action?: (typeof auditActionPrefixes)[number];
  outcome?: AuditOutcome;
  actor?: string;
  since: AuditPeriod;
  before?: number;
};

/** The export's query: the same filters, refused (422) rather than ignored when wrong. */
export const auditQuerySchema = z.object({
  action: fields.action.optional(),
  outcome: fields.outcome.optional(),
  actor: fields.actor.optional(),
  since: fields.since.default("all"),
  before: fields.before.optional(),
});

/**
 * The audit page's filters from its URL. A value that does not parse is dropped and named in
 * `ignored`, so a hand-edited or stale link still shows the log instead of an error. Empty values
 * mean "any" (what the filter form submits).
 */
export function parseAuditSearch(raw: Record<string, string | string[] | undefined>): {
  search: AuditSearch;
  ignored: string[];
} {
  const search: AuditSearch = { since: "all" };
  const ignored: string[] = [];
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const value = raw[key];
    if (value === undefined || value === "") continue;
    const parsed = typeof value === "string" ? fields[key].safeParse(value) : null;
    if (parsed?.success) Object.assign(search, { [key]: parsed.data });
    else ignored.push(key);
  }
  return { search, ignored };
}

export function toAuditFilter(search: AuditSearch, now: Date, limit: number): AuditFilter {
  const period = auditPeriods[search.since];
  return {
    action: search.action,
    outcome: search.outcome,
    actor: search.actor,
    since: period === null ? undefined : new Date(now.getTime() - period),
    before: search.before,
    limit,
  };
}

/** The query string for `search` (defaults left out), e.g. for "Older entries" and the export link. */
export function auditSearchQuery(search: Partial<AuditSearch>): string {
  const params = new URLSearchParams();
  if (search.action) params.set("action", search.action);
  if (search.outcome) params.set("outcome", search.outcome);
  if (search.actor) params.set("actor", search.actor);
  if (search.since && search.since !== "all") params.set("since", search.since);
  if (search.before) params.set("before", String(search.before));
  const text = params.toString();
  return text ? `?${text}` : "";
}
