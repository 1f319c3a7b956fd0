import { route } from "@/lib/auth/server";
import {
  cursorLength,
  decodeCursor,
  encodeCursor,
  findingsApi,
  findingsListQuery,
  queryFromSearchParams,
  type FindingsListQuery,
} from "@/lib/contracts/findings-list";
import { listFindingsPage } from "@/lib/db/queries/findings";

/** One keyset page of the findings in the viewer's scope (the grouped view's rows, scripts). */
export const GET = route(
  { contract: findingsApi.list, needs: "viewer", query: findingsListQuery, queryFrom: queryFromSearchParams },
  async ({ viewer, db, query }) => {
    const { sort, dir, cursor, limit, ...filter } = query as FindingsListQuery;
    const page = await listFindingsPage(db, viewer.scope, {
      filter,
      userId: viewer.user.id,
      now: new Date(),
      sort,
      dir,
      after: cursor ? (decodeCursor(cursor, cursorLength[sort]) ?? undefined) : undefined,
      limit,
    });
    return {
      rows: page.rows.map((r) => ({
        ...r,
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        dueAt: r.dueAt?.toISOString() ?? null,
      })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  },
);
