import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { severities } from "@/lib/domain/vocabulary";
import { getOverview } from "@/lib/db/queries/overview";
import { SCORE_FORMULA } from "@/lib/scoring";
import { connectSteps } from "@/components/connect-steps";
import { Card, EmptyState, PageHeader, SeverityBadge, Stat, formatDateTime } from "@/components/ui";
import { requirePage } from "@/lib/auth/server";

export default async function OverviewPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  const overview = await getOverview(db, viewer.scope);

  return (
    <>
      <PageHeader title="Overview" description="Posture of every account you can see, across the organization." />
      {overview.accountCount === 0 && viewer.role !== "admin" ? (
        <EmptyState
          title="No accounts in your scope"
          description="You see the accounts of your teams, and your teams cover none yet. An admin gives teams their accounts (by account, organizational unit or environment) in Settings → Users & teams."
          steps={[]}
        />
      ) : overview.accountCount === 0 ? (
        <EmptyState
          title="No AWS accounts yet"
          description="Posture has not collected any account. Connect your AWS organization to see its posture here."
          steps={connectSteps}
        />
      ) : (
        <div className="space-y-6">
          <dl className="grid grid-cols-2 gap-4 lg:grid-cols-5">
            <Stat
              label="Posture score"
              value={overview.score ?? "—"}
              hint="Mean of account scores · hover for the formula"
              title={SCORE_FORMULA}
            />
            <Stat
              label="Accounts"
              value={overview.accountCount}
              hint={Object.entries(overview.accountsByEnvironment)
                .map(([e, n]) => `${n} ${e}`)
                .join(" · ")}
            />
            <Stat
              label="Open findings"
              value={overview.openTotal}
              hint={`${overview.openBySeverity.critical} critical`}
              tone={overview.openBySeverity.critical > 0 ? "alert" : "default"}
            />
            <Stat
              label="GuardDuty high+"
              value={overview.guarddutyHighOpen}
              tone={overview.guarddutyHighOpen > 0 ? "alert" : "default"}
            />
            <Stat
              label="Canaries tripped (7 d)"
              value={overview.canariesTrippedLast7d}
              tone={overview.canariesTrippedLast7d > 0 ? "alert" : "default"}
            />
          </dl>
          <Card title="Open findings by severity">
            <ul className="flex flex-wrap gap-6">
              {severities.map((s) => (
                <li key={s} className="flex items-center gap-2">
                  <SeverityBadge severity={s} />
                  <span className="text-lg font-semibold tabular-nums">{overview.openBySeverity[s]}</span>
                </li>
              ))}
            </ul>
            <Link
              href="/findings"
              className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
            >
              Triage findings →
            </Link>
          </Card>
          <Card title="Last collection">
            {overview.lastRun ? (
              <p className="text-sm">
                <span className="font-medium capitalize">{overview.lastRun.status}</span> · started{" "}
                {formatDateTime(overview.lastRun.startedAt ?? overview.lastRun.createdAt)} ·{" "}
                {overview.lastRun.unitsDone}/{overview.lastRun.unitsTotal} units
                {overview.lastRun.unitsFailed > 0 && `, ${overview.lastRun.unitsFailed} failed`}
                {/* Runs span the organization: their pages are for admins. */}
                {viewer.role === "admin" && (
                  <>
                    {" "}
                    ·{" "}
                    <Link
                      href={`/runs/${overview.lastRun.id}`}
                      className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      details
                    </Link>
                  </>
                )}
              </p>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">No collection has run yet.</p>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
