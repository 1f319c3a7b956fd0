import { z } from "zod";
import { defineContract } from "./define";
import { environments, findingStatuses, severities } from "@/lib/domain/vocabulary";
import { filterFromSearchParams, filterToSearchParams, findingsFilter, slaStates } from "./findings-filter";

// How the findings list reads: the shared filter plus sort, direction and a keyset cursor. One
// schema for the Findings page URL, GET /api/findings, the export route and the CLI.

export const findingSorts = ["severity", "firstSeen", "lastSeen", "account", "check", "due"] as const;
export type FindingSort = (typeof findingSorts)[number];
export const sortLabels: Record<FindingSort, string> = {
  severity: "Severity",
  firstSeen: "First seen",
  lastSeen: "Last seen",
  account: "Account",
  check: "Check",
  due: "Due",
};
/** The natural direction of each sort: most severe, oldest, most recent, A→Z, earliest due. */
export const defaultDirection: Record<FindingSort, "asc" | "desc"> = {
  severity: "asc",
  firstSeen: "asc",
  lastSeen: "desc",
  account: "asc",
  check: "asc",
  due: "asc",
};
export const findingViews = ["check", "account", "list"] as const;
export type FindingView = (typeof findingViews)[number];
export const exportFormats = ["csv", "json", "ocsf"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

/** An opaque keyset cursor: the sort key values of the last row, then its id (base64url JSON). */
export const cursorSchema = z
  .string()
  .max(2000)
  .regex(/^[A-Za-z0-9_-]+$/, "must be a cursor from a previous page");

export function encodeCursor(values: readonly string[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(values));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The values of a cursor, or null when it is not one this server wrote. */
export function decodeCursor(cursor: string, length: number): string[] | null {
  try {
    const bin = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (!Array.isArray(value) || value.length !== length) return null;
    if (!value.every((v) => typeof v === "string" && v.length <= 600)) return null;
    return value as string[];
  } catch {
    return null;
  }
}

/** How many values a cursor of each sort carries: its keys, then the id. */
export const cursorLength: Record<FindingSort, number> = {
  severity: 3,
  firstSeen: 2,
  lastSeen: 2,
  account: 3,
  check: 3,
  due: 2,
};

/** The list's fields; parse with findingsListQuery (or a schema extending these, refined by checkCursor). */
export const findingsListFields = findingsFilter.extend({
  sort: z.enum(findingSorts).default("severity"),
  dir: z.enum(["asc", "desc"]).optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
});

/** A cursor must be one this server wrote for the same sort. */
export function checkCursor(q: { sort: FindingSort; cursor?: string }, ctx: z.RefinementCtx) {
  if (q.cursor && !decodeCursor(q.cursor, cursorLength[q.sort]))
    ctx.addIssue({ code: "custom", path: ["cursor"], message: "must be a cursor from a previous page of this sort" });
}

export const findingsListQuery = findingsListFields.superRefine(checkCursor);
export type FindingsListQuery = z.infer<typeof findingsListQuery>;

export const findingsExportQuery = findingsFilter.extend({
  format: z.enum(exportFormats).default("csv"),
  sort: z.enum(findingSorts).default("severity"),
  dir: z.enum(["asc", "desc"]).optional(),
});
export type FindingsExportQuery = z.infer<typeof findingsExportQuery>;

const extraKeys = ["sort", "dir", "cursor", "limit", "format", "view"] as const;

/** A query string as the input of one of the schemas above: the filter's lists, then the single keys. */
export function queryFromSearchParams(params: URLSearchParams, keys: readonly string[] = extraKeys) {
  const out = filterFromSearchParams(params);
  for (const key of keys) {
    const value = params.get(key);
    if (value) out[key] = value;
  }
  return out;
}

/** The query string of a list query (for links: the next page, a shared view, the export). */
export function listQueryToSearchParams(query: Partial<FindingsListQuery> & { view?: FindingView }): URLSearchParams {
  const { sort, dir, cursor, limit, view, ...filter } = query;
  const params = filterToSearchParams(filter);
  if (view) params.set("view", view);
  if (sort && sort !== "severity") params.set("sort", sort);
  if (dir) params.set("dir", dir);
  if (limit && limit !== DEFAULT_PAGE) params.set("limit", String(limit));
  if (cursor) params.set("cursor", cursor);
  return params;
}

const iso = z.string();

export const findingRowSchema = z.object({
  id: z.string(),
  checkId: z.string(),
  title: z.string(),
  service: z.string(),
  severity: z.enum(severities),
  status: z.enum(findingStatuses),
  accountId: z.string(),
  accountName: z.string(),
  environment: z.enum(environments),
  region: z.string(),
  resourceId: z.string(),
  resourceType: z.string(),
  firstSeenAt: iso,
  lastSeenAt: iso,
  dueAt: iso.nullable(),
  sla: z.enum(slaStates).nullable(),
  assigneeId: z.string().nullable(),
  assigneeEmail: z.string().nullable(),
});
export type FindingRow = z.infer<typeof findingRowSchema>;

export const findingsPageSchema = z.object({
  rows: z.array(findingRowSchema),
  nextCursor: z.string().nullable(),
});
export type FindingsPage = z.infer<typeof findingsPageSchema>;

export const findingsApi = {
  /** One keyset page; the query is findingsListQuery (repeated keys are lists). */
  list: defineContract({ method: "GET", path: "/api/findings", response: findingsPageSchema }),
};
