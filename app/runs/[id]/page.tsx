import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getRun, listRunUnits } from "@/lib/db/queries/collection";
import { StatusPill, formatDuration } from "@/components/status";
import { Card, PageHeader, Table, formatDateTime, td, Thead } from "@/components/ui";
import { CancelRun } from "@/components/cancel-run";
import { cancellable } from "@/lib/domain/runs";
import { LiveProgress } from "./client";
import { runParams } from "./search-params";
import { requirePage } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Collection run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePage("admin");
  const parsed = runParams.safeParse(await params);
  if (!parsed.success) notFound();
  const db = await getDb();
  const run = await getRun(db, parsed.data.id);
  if (!run) notFound();
  const units = await listRunUnits(db, run.id, viewer.scope);
  const problems = units.filter((u) => u.status !== "ok");
  const took =
    run.startedAt && run.finishedAt
      ? `; took ${formatDuration(run.finishedAt.getTime() - run.startedAt.getTime())}`
      : "";
  return (
    <>
      <PageHeader
        title="Collection run"
        description={`Started ${formatDateTime(run.startedAt ?? run.createdAt)} by ${run.trigger}${took}. One unit is an account × region, plus each account's global services.`}
        actions={cancellable(run.status) ? <CancelRun runId={run.id} /> : undefined}
      />
      <Card className="mb-6">
        <LiveProgress
          initial={{
            id: run.id,
            status: run.status,
            accountsDone: run.accountsDone,
            accountsTotal: run.accountsTotal,
            unitsDone: run.unitsDone,
            unitsTotal: run.unitsTotal,
            unitsFailed: run.unitsFailed,
            apiCalls: run.apiCalls,
            throttledCalls: run.throttledCalls,
            errorMessage: run.errorMessage,
          }}
        />
      </Card>
      <h2 className="mb-3 text-sm font-semibold text-slate-700 dark:text-slate-300">
        Units {problems.length > 0 ? `(${problems.length} not ok, listed first)` : ""}
      </h2>
      <Table caption="Units of this run">
        <Thead columns={["Account", "Region", "Status", "Error", "Duration", "API calls", "Results"]} />
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {[...problems, ...units.filter((u) => u.status === "ok")].map((u) => (
            <tr key={`${u.accountId}/${u.region}`}>
              <td className={td}>
                {u.accountName} <span className="font-mono text-xs text-slate-500">{u.accountId}</span>
              </td>
              <td className={td}>{u.region}</td>
              <td className={td}>
                <StatusPill status={u.status} />
              </td>
              <td className="px-4 py-2.5 align-top">
                {u.errorCode ? (
                  <>
                    <span className="font-mono text-xs font-semibold">{u.errorCode}</span>
                    <p className="max-w-xl text-xs text-slate-600 dark:text-slate-400">{u.errorMessage}</p>
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td className={`${td} tabular-nums`}>{formatDuration(u.durationMs)}</td>
              <td className={`${td} tabular-nums`}>
                {u.apiCalls}
                {u.throttledCalls > 0 && (
                  <span className="text-xs text-slate-500"> ({u.throttledCalls} throttled)</span>
                )}
              </td>
              <td className={`${td} tabular-nums`}>{u.resultsCount}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
