import { route } from "@/lib/auth/server";
import { decodeCursor, cursorLength, findingsListQuery, queryFromSearchParams } from "@/lib/contracts/findings-list";
import { encodeCursor, type FindingsPage } from "@/lib/contracts/findings-list";
import { listFindingsPage } from "@/lib/db/queries/findings";

/** One keyset page of the findings in the viewer's scope (the grouped view's rows, scripts). */
export const GET = route(
  { needs: "viewer", query: findingsListQuery, queryFrom: queryFromSearchParams },
  async ({ viewer, db, query }) => {
    const { sort, dir, cursor, limit, ...filter } = query;
    const page = await listFindingsPage(db, viewer.scope, {
      filter,
      userId: viewer.user.id,
      now: new Date(),
      sort,
      dir,
      after: cursor ? (decodeCursor(cursor, cursorLength[sort]) ?? undefined) : undefined,
      limit,
    });
    const body: FindingsPage = {
      rows: page.rows.map((r) => ({
        ...r,
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        dueAt: r.dueAt?.toISOString() ?? null,
      })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
    return Response.json(body, { headers: { "Cache-Control": "no-store" } });
  },
);
