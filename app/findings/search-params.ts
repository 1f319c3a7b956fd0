import { z } from "zod";
import { checkCursor, findingViews, findingsListFields, queryFromSearchParams } from "@/lib/contracts/findings-list";
import { openFindingStatuses } from "@/lib/domain/vocabulary";

/** The Findings page's URL: the shared list query plus the view (grouped by check, by account, or flat). */
export const findingsSearchParams = findingsListFields
  .extend({ view: z.enum(findingViews).default("check") })
  .superRefine(checkCursor);
export type FindingsSearch = z.infer<typeof findingsSearchParams>;

/** Next's searchParams object as URLSearchParams (repeated keys arrive as arrays). */
export function toUrlSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  return params;
}

/**
 * The page's query, or the zod error of a link that is not valid. Without a status the page shows
 * open findings (the other statuses are one click away in the status facet).
 */
export function parseFindingsSearch(params: URLSearchParams) {
  const parsed = findingsSearchParams.safeParse(queryFromSearchParams(params));
  if (parsed.success && !parsed.data.status?.length) parsed.data.status = [...openFindingStatuses];
  return parsed;
}
