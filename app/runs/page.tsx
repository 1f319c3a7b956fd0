import type { Metadata } from "next";
import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { listRuns } from "@/lib/db/queries/collection";
import { collectionAvailability } from "@/lib/jobs";
import { CancelRun } from "@/components/cancel-run";
import { cancellable } from "@/lib/domain/runs";
import { CollectNow } from "@/components/collect-now";
import { connectSteps } from "@/components/connect-steps";
import { ProgressBar } from "@/components/progress";
import { StatusPill, formatDuration } from "@/components/status";
import { EmptyState, PageHeader, Table, formatDateTime, td, Thead } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Collection runs" };

export default async function RunsPage() {
  await requirePage("admin");
  const db = await getDb();
  const [runs, collection] = await Promise.all([listRuns(db, { limit: 100 }), collectionAvailability(db)]);
  return (
    <>
      <PageHeader
        title="Collection runs"
        description="Every collection of the organization: when it ran, how far it got, and what failed."
        actions={<CollectNow state={{ blocked: collection.blocked, activeRunId: collection.activeRunId }} />}
      />
      {runs.length === 0 ? (
        <EmptyState
          title="No collection has run yet"
          description="Runs appear here once the schedule or a manual collection starts one."
          steps={connectSteps}
        />
      ) : (
        <Table caption="Collection runs">
          <Thead columns={["Started", "Status", "Trigger", "Accounts", "Units", "API calls", "Duration"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {runs.map((r) => (
              <tr key={r.id}>
                <td className={td}>
                  <Link
                    href={`/runs/${r.id}`}
                    className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {formatDateTime(r.startedAt ?? r.createdAt)}
                  </Link>
                  <div className="text-xs text-slate-500">{r.organizationName}</div>
                </td>
                <td className={td}>
                  <StatusPill status={r.status} />
                  {cancellable(r.status) && (
                    <div className="mt-1.5">
                      <CancelRun runId={r.id} size="xs" />
                    </div>
                  )}
                  {r.errorMessage && (
                    <div
                      className="mt-1 max-w-xs truncate text-xs text-red-700 dark:text-red-300"
                      title={r.errorMessage}
                    >
                      {r.errorMessage}
                    </div>
                  )}
                </td>
                <td className={td}>{r.trigger}</td>
                <td className={td}>
                  <ProgressBar label="Accounts collected" done={r.accountsDone} total={r.accountsTotal} />
                </td>
                <td className={td}>
                  <ProgressBar label="Units finished" done={r.unitsDone} total={r.unitsTotal} failed={r.unitsFailed} />
                </td>
                <td className={`${td} tabular-nums`}>
                  {r.apiCalls.toLocaleString("en-US")}
                  {r.throttledCalls > 0 && (
                    <span className="text-xs text-slate-500"> ({r.throttledCalls} throttled)</span>
                  )}
                </td>
                <td className={`${td} tabular-nums`}>
                  {formatDuration(r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null)}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
