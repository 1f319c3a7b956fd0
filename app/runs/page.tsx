import type { Metadata } from "next";
import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { listRuns } from "@/lib/db/queries/collection";
import { listCostRuns, type CostRunRow } from "@/lib/db/queries/cost-runs";
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
  const [runs, costRuns, collection] = await Promise.all([
    listRuns(db, { limit: 100 }),
    listCostRuns(db, { limit: 30 }),
    collectionAvailability(db),
  ]);
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
      <CostRuns runs={costRuns} />
    </>
  );
}

/** Cost Explorer collections: their own schedule, and the requests each was billed for ($0.01 each). */
function CostRuns({ runs }: { runs: CostRunRow[] }) {
  return (
    <section className="mt-8" aria-labelledby="cost-runs">
      <h2 id="cost-runs" className="mb-1 text-base font-semibold text-slate-900 dark:text-slate-100">
        Cost collections
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        Cost Explorer, read from the management account on its own schedule (daily by default) and with each
        &ldquo;Collect now&rdquo;. Each request costs $0.01.
      </p>
      {runs.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No cost collection has run yet.
        </p>
      ) : (
        <Table caption="Cost collections">
          <Thead columns={["Started", "Status", "Days read", "Requests", "Stored", "Duration"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {runs.map((r) => (
              <tr key={r.id}>
                <td className={td}>
                  <span className="font-medium">{formatDateTime(r.startedAt)}</span>
                  <div className="text-xs text-slate-500">
                    {r.trigger}
                    {r.payerAccount && ` · payer ${r.payerAccount}`}
                  </div>
                </td>
                <td className={td}>
                  <StatusPill status={r.status} />
                  {r.errorCode && (
                    <div
                      className="mt-1 max-w-xs truncate text-xs text-red-700 dark:text-red-300"
                      title={r.errorMessage ?? r.errorCode}
                    >
                      {r.errorCode}: {r.errorMessage}
                    </div>
                  )}
                </td>
                <td className={`${td} tabular-nums`}>
                  {r.fromDay && r.toDay ? `${r.fromDay} → ${r.toDay}` : "—"}
                  {r.backfill && <div className="text-xs text-slate-500">first backfill</div>}
                </td>
                <td className={`${td} tabular-nums`}>
                  {r.requests.toLocaleString("en-US")}
                  <span className="text-xs text-slate-500">
                    {" "}
                    (${(r.requests * 0.01).toFixed(2)}
                    {r.rootCauseRequests > 0 && `, ${r.rootCauseRequests} root cause`})
                  </span>
                  {r.anomalyService && (
                    <div className="text-xs text-slate-500">
                      Cost Anomaly Detection:{" "}
                      {r.anomalyService === "used" ? "read" : r.anomalyService === "not_used" ? "not used" : "not read"}
                    </div>
                  )}
                </td>
                <td className={`${td} tabular-nums`}>
                  {r.lines.toLocaleString("en-US")} lines
                  <div className="text-xs text-slate-500">{r.incidents.toLocaleString("en-US")} incidents</div>
                </td>
                <td className={`${td} tabular-nums`}>
                  {formatDuration(r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null)}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
