import { z } from "zod";
import { safeText } from "@/lib/domain/text";
import { accountStatuses, environments } from "@/lib/domain/vocabulary";

// The Accounts page's URL: its filters and sort. The Overview links into it with the same fields.

export const accountSorts = ["name", "score", "environment", "ou", "critical", "overdue", "collected"] as const;
export type AccountSort = (typeof accountSorts)[number];
export const collectionOutcomes = ["ok", "partial", "failed", "never"] as const;
export type CollectionOutcome = (typeof collectionOutcomes)[number];

const score = z.coerce.number().int().min(0).max(100);

export const accountsQuery = z
  .strictObject({
    environment: z.enum(environments).optional(),
    ou: z
      .string()
      .regex(/^(ou|r)-[0-9a-z-]{1,80}$/, "must be an OU id (ou-… or r-…)")
      .optional(),
    team: z.uuid().optional(),
    status: z.enum(accountStatuses).optional(),
    collection: z.enum(collectionOutcomes).optional(),
    scoreMin: score.optional(),
    scoreMax: score.optional(),
    /** Part of the account's name or id. */
    q: safeText({ min: 1, max: 100 }).optional(),
    sort: z.enum(accountSorts).default("score"),
    dir: z.enum(["asc", "desc"]).default("asc"),
  })
  .refine((v) => v.scoreMin === undefined || v.scoreMax === undefined || v.scoreMin <= v.scoreMax, {
    message: "scoreMin must not exceed scoreMax",
    path: ["scoreMin"],
  });
export type AccountsQuery = z.infer<typeof accountsQuery>;
export type AccountsFilter = Omit<AccountsQuery, "sort" | "dir">;

/** The page's query from its URL (one value per key; empty values are left out). */
export function parseAccountsQuery(raw: Record<string, string | string[] | undefined>) {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "") flat[k] = value;
  }
  return accountsQuery.safeParse(flat);
}

/** A link to the Accounts page with `query` (defaults left out). */
export function accountsHref(query: Partial<AccountsQuery>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || (k === "sort" && v === "score") || (k === "dir" && v === "asc")) continue;
    params.set(k, String(v));
  }
  const q = params.toString();
  return q ? `/accounts?${q}` : "/accounts";
}
