import type { Metadata } from "next";
import { connectSteps } from "@/components/connect-steps";
import { Link } from "@/components/link";
import { EmptyState, ErrorMessage, PageHeader, buttonClass } from "@/components/ui";
import { hasRole } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/server";
import { cursorLength, decodeCursor, encodeCursor } from "@/lib/contracts/findings-list";
import { getDb } from "@/lib/db";
import { countFindingFacets, listFindingGroups, listFindingsPage } from "@/lib/db/queries/findings";
import { FindingsClient, type GroupView, type ListView } from "./client";
import { parseFindingsSearch, toUrlSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Findings" };

const MAX_GROUPS = 500;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export default async function FindingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const parsed = parseFindingsSearch(toUrlSearchParams(await searchParams));
  const header = (
    <PageHeader
      title="Findings"
      description="Misconfigurations found by Posture's checks in the accounts you can see. The same problem on many resources is one row."
    />
  );
  if (!parsed.success) {
    return (
      <>
        {header}
        <div className="rounded-lg border border-rose-200 bg-rose-50 p-5 dark:border-rose-500/30 dark:bg-rose-500/10">
          <ErrorMessage>
            This link&apos;s filter is not valid:{" "}
            {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.
          </ErrorMessage>
          <Link href="/findings" className={buttonClass({ className: "mt-3" })}>
            Show open findings
          </Link>
        </div>
      </>
    );
  }
  const { view, sort, dir, cursor, limit, ...filter } = parsed.data;
  const db = await getDb();
  const read = { filter, userId: viewer.user.id, now: new Date() };
  const facetsPromise = countFindingFacets(db, viewer.scope, read);
  let data: GroupView | ListView;
  if (view === "list") {
    const page = await listFindingsPage(db, viewer.scope, {
      ...read,
      sort,
      dir,
      limit,
      after: cursor ? (decodeCursor(cursor, cursorLength[sort]) ?? undefined) : undefined,
    });
    data = {
      kind: "list",
      rows: page.rows.map((r) => ({
        ...r,
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        dueAt: iso(r.dueAt),
      })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  } else {
    const groups = await listFindingGroups(db, viewer.scope, { ...read, by: view, limit: MAX_GROUPS });
    data = {
      kind: "groups",
      by: view,
      groups: groups.map((g) => ({ ...g, oldestFirstSeen: g.oldestFirstSeen.toISOString() })),
      truncated: groups.length === MAX_GROUPS,
    };
  }
  const facets = await facetsPromise;
  const total = facets.status.filter((f) => filter.status?.includes(f.value as never)).reduce((n, f) => n + f.count, 0);
  if (total === 0 && Object.keys(filter).length === 1 && facets.status.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          title="No findings yet"
          description="Either no account has been collected yet, or every check passes. Findings appear after a collection and resolve themselves when the check passes again."
          steps={connectSteps}
        />
      </>
    );
  }
  return (
    <>
      {header}
      <FindingsClient
        search={{ ...filter, view, sort, dir, cursor, limit }}
        facets={facets}
        total={total}
        data={data}
        canAct={hasRole(viewer.role, "triager")}
      />
    </>
  );
}
