import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { environments, severities } from "@/lib/domain/vocabulary";
import type { GuardDutyFilter } from "@/lib/db/queries/guardduty";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

/** The GuardDuty page's filters, in its URL. */
export const guardDutyQuerySchema = z.object({
  account: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  environment: z.enum(environments).optional(),
  team: z.uuid().optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)
    .optional(),
  severity: z.enum(severities).optional(),
  type: safeText({ min: 1, max: 200 }).optional(),
  archived: z.enum(["active", "archived", "all"]).default("active"),
  firstSeenFrom: day.optional(),
  lastSeenTo: day.optional(),
});

export type GuardDutySearch = z.infer<typeof guardDutyQuerySchema>;
const fields = guardDutyQuerySchema.shape;

/** The page's filters from its URL: a value that does not parse is dropped and named in `ignored`. */
export function parseGuardDutySearch(raw: Record<string, string | string[] | undefined>): {
  search: GuardDutySearch;
  ignored: string[];
} {
  const search: GuardDutySearch = { archived: "active" };
  const ignored: string[] = [];
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const value = raw[key];
    if (value === undefined || value === "") continue;
    const parsed = typeof value === "string" ? fields[key].safeParse(value) : null;
    if (parsed?.success && parsed.data !== undefined) Object.assign(search, { [key]: parsed.data });
    else ignored.push(key);
  }
  return { search, ignored };
}

export function toGuardDutyFilter(search: GuardDutySearch): GuardDutyFilter {
  return {
    ...search,
    firstSeenFrom: search.firstSeenFrom ? new Date(`${search.firstSeenFrom}T00:00:00Z`) : undefined,
    lastSeenTo: search.lastSeenTo ? new Date(Date.parse(`${search.lastSeenTo}T00:00:00Z`) + 86_400_000) : undefined,
  };
}

/** The query string for `search` with `change` applied (defaults left out). */
export function guardDutySearchQuery(search: Partial<GuardDutySearch>, change: Partial<GuardDutySearch> = {}): string {
  const merged = { ...search, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === "" || (k === "archived" && v === "active")) continue;
    params.set(k, String(v));
  }
  const q = params.toString();
  return q ? `?${q}` : "";
}
