import { Suspense, type ReactNode } from "react";
import { Link } from "@/components/link";
import { getDb } from "@/lib/db";
import { severities, type Severity } from "@/lib/domain/vocabulary";
import { getOverviewCounts, lastRunInScope, type Overview } from "@/lib/db/queries/overview";
import { minuteOf, readCache } from "@/lib/db/read-cache";
import type { AccountScope } from "@/lib/db/queries/scope";
import { Skeleton, SkeletonCard } from "@/components/skeleton";
import {
  countGuardDutyThreats,
  countOpenActivityFindings,
  countOpenWeekAgo,
  countOverdueBySeverity,
  listAccountPosture,
  listScoreSeries,
  rankWorstAccounts,
  summarizeByEnvironment,
  summarizeRecentCost,
  type ScorePoint,
} from "@/lib/db/queries/dashboard";
import { getRun } from "@/lib/db/queries/collection";
import { countAccounts } from "@/lib/db/queries/account-list";
import { filterToSearchParams, type FindingsFilter } from "@/lib/contracts/findings-filter";
import { accountsHref } from "@/lib/contracts/accounts-list";
import { SCORE_FORMULA } from "@/lib/scoring";
import { connectSteps } from "@/components/connect-steps";
import { ScoreTrendChart } from "@/components/score-trend-chart";
import {
  Card,
  EmptyState,
  PageHeader,
  SeverityBadge,
  Stat,
  Table,
  Thead,
  formatDateTime,
  formatMoney,
  td,
} from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { hasRole } from "@/lib/auth/roles";
import { LiveCollection } from "./overview-collection";

const TREND_DAYS = 90;
const WORST = 5;

/** The Findings list behind a number: its URL filter (open findings unless a status is given). */
const findingsHref = (filter: FindingsFilter) => {
  const q = filterToSearchParams(filter).toString();
  return q ? `/findings?${q}` : "/findings";
};

const linkClass = "text-indigo-700 hover:underline dark:text-indigo-300";

/** A number that opens the list it counts. */
function Count({ href, value, label, testId }: { href: string; value: ReactNode; label: string; testId?: string }) {
  return (
    <Link href={href} className={`tabular-nums ${linkClass}`} aria-label={label} title={label} data-testid={testId}>
      {value}
    </Link>
  );
}

/** The score's change over the series' last `days` days: latest score against the first one in the window. */
function change(points: readonly ScorePoint[], days: number): number | null {
  const window = points.slice(-days).filter((p) => p.score !== null);
  if (window.length < 2) return null;
  return window[window.length - 1]!.score! - window[0]!.score!;
}

function Delta({ value, goodWhen, unit = "" }: { value: number | null; goodWhen: "up" | "down"; unit?: string }) {
  if (value === null) return <span className="text-slate-400">—</span>;
  if (value === 0) return <span className="text-slate-500">±0{unit}</span>;
  const good = value > 0 === (goodWhen === "up");
  return (
    <span className={good ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
      {value > 0 ? "▲" : "▼"} {Math.abs(value)}
      {unit}
    </span>
  );
}

export default async function OverviewPage() {
  const viewer = await requirePage("viewer");
  const db = await getDb();
  // Time-dependent counts (overdue, last 7 and 30 days) are read as of the minute, so they can be shared.
  const now = minuteOf(new Date());
  const [counts, lastRun] = await Promise.all([
    readCache.read(db, { name: "overview", scope: viewer.scope, params: now }, () =>
      getOverviewCounts(db, viewer.scope, now),
    ),
    lastRunInScope(db, viewer.scope),
  ]);
  const overview: Overview = { ...counts, lastRun };
  const header = (
    <PageHeader
      title="Overview"
      description="How the accounts you can see are doing, where it is worst, and what is burning. Every number opens the list behind it."
    />
  );
  if (overview.accountCount === 0) {
    return (
      <>
        {header}
        {viewer.role !== "admin" ? (
          <EmptyState
            title="No accounts in your scope"
            description="You see the accounts of your teams, and your teams cover none yet. An admin gives teams their accounts (by account, organizational unit or environment) in Settings → Users & teams."
            steps={[]}
          />
        ) : (
          <EmptyState
            title="No AWS accounts yet"
            description="Posture has not collected any account. Connect your AWS organization to see its posture here."
            steps={connectSteps}
          />
        )}
      </>
    );
  }
  // The role was checked above, before anything streams: the skeleton never stands in for a refusal.
  return (
    <>
      {header}
      <Suspense fallback={<OverviewSkeleton />}>
        <OverviewBody scope={viewer.scope} admin={hasRole(viewer.role, "admin")} overview={overview} now={now} />
      </Suspense>
    </>
  );
}

function OverviewSkeleton() {
  return (
    <div className="space-y-6" data-testid="overview-skeleton">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <div className="grid gap-6 xl:grid-cols-3">
        <SkeletonCard className="xl:col-span-2" />
        <SkeletonCard />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <SkeletonCard height="h-40" />
        <SkeletonCard height="h-40" />
      </div>
    </div>
  );
}

async function OverviewBody({
  scope,
  admin,
  overview,
  now,
}: {
  scope: AccountScope;
  admin: boolean;
  overview: Overview;
  now: Date;
}) {
  const db = await getDb();
  const [[series, weekAgo, overdue, posture, threats, cost, activity], failedAccounts] = await Promise.all([
    readCache.read(db, { name: "overview-body", scope, params: now }, () =>
      Promise.all([
        listScoreSeries(db, { scope, days: TREND_DAYS, now }),
        countOpenWeekAgo(db, { scope, now }),
        countOverdueBySeverity(db, { scope, now }),
        listAccountPosture(db, { scope, now }),
        countGuardDutyThreats(db, scope),
        summarizeRecentCost(db, { scope, days: 30, now }),
        countOpenActivityFindings(db, scope),
      ]),
    ),
    // Collection state moves while a run goes: read each time, not cached.
    countAccounts(db, { scope, filter: { collection: "failed" }, now }),
  ]);
  const liveRun =
    admin && overview.lastRun && (overview.lastRun.status === "queued" || overview.lastRun.status === "running")
      ? await getRun(db, overview.lastRun.id)
      : null;

  const overdueTotal = severities.reduce((n, s) => n + overdue[s], 0);
  const weekAgoTotal = severities.reduce((n, s) => n + weekAgo[s], 0);
  const environments = summarizeByEnvironment(posture);
  const worst = rankWorstAccounts(posture, WORST);
  const gaps = series.filter((p) => p.score === null && p.accounts > 0).length;
  const run = overview.lastRun;

  return (
    <>
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
            value={<Count href="/accounts" value={overview.accountCount} label="All accounts" />}
            hint={Object.entries(overview.accountsByEnvironment)
              .map(([e, n]) => `${n} ${e}`)
              .join(" · ")}
          />
          <Stat
            label="Open findings"
            value={<Count href="/findings" value={overview.openTotal} label="Open findings" testId="open-total" />}
            hint={`${weekAgoTotal === 0 && overview.openTotal === 0 ? "±0" : `${overview.openTotal - weekAgoTotal >= 0 ? "+" : "−"}${Math.abs(overview.openTotal - weekAgoTotal)}`} since last week`}
            tone={overview.openBySeverity.critical > 0 ? "alert" : "default"}
          />
          <Stat
            label="Overdue"
            value={<Count href={findingsHref({ sla: ["overdue"] })} value={overdueTotal} label="Overdue findings" />}
            hint="Open past their SLA due date"
            tone={overdueTotal > 0 ? "alert" : "default"}
          />
          <Stat
            label="Canaries tripped (7 d)"
            value={<Count href="/canaries" value={overview.canariesTrippedLast7d} label="Canaries tripped in 7 days" />}
            tone={overview.canariesTrippedLast7d > 0 ? "alert" : "default"}
          />
        </dl>

        <div className="grid gap-6 xl:grid-cols-3">
          <Card title={`Posture score, last ${TREND_DAYS} days`} className="xl:col-span-2">
            <p className="mb-2 flex flex-wrap gap-x-6 text-sm">
              <span>
                30 days: <Delta value={change(series, 30)} goodWhen="up" />
              </span>
              <span>
                90 days: <Delta value={change(series, 90)} goodWhen="up" />
              </span>
              {gaps > 0 && (
                <span className="text-slate-500 dark:text-slate-400">
                  {gaps} {gaps === 1 ? "day" : "days"} with a failed collection left as gaps
                </span>
              )}
            </p>
            <ScoreTrendChart points={series} label={`Organization score per day over ${TREND_DAYS} days`} />
          </Card>
          <Card title="Open findings by severity">
            <table className="w-full text-sm" aria-label="Open findings by severity">
              <thead>
                <tr className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
                  <th className="pb-2 font-semibold">Severity</th>
                  <th className="pb-2 text-right font-semibold">Open</th>
                  <th className="pb-2 text-right font-semibold" title="Change since a week ago">
                    7 d
                  </th>
                  <th className="pb-2 text-right font-semibold">Overdue</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {severities.map((s: Severity) => (
                  <tr key={s}>
                    <td className="py-1.5">
                      <SeverityBadge severity={s} />
                    </td>
                    <td className="py-1.5 text-right text-base font-semibold">
                      <Count
                        href={findingsHref({ severity: [s] })}
                        value={overview.openBySeverity[s]}
                        label={`Open ${s} findings`}
                        testId={`open-${s}`}
                      />
                    </td>
                    <td className="py-1.5 text-right text-xs">
                      <Delta value={overview.openBySeverity[s] - weekAgo[s]} goodWhen="down" />
                    </td>
                    <td className="py-1.5 text-right">
                      <Count
                        href={findingsHref({ severity: [s], sla: ["overdue"] })}
                        value={overdue[s]}
                        label={`Overdue ${s} findings`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </div>

        <div className="grid gap-6 xl:grid-cols-2">
          <Card title="Posture by environment">
            <div className="grid gap-4 sm:grid-cols-2" data-testid="environments">
              {environments.map((e) => (
                <section
                  key={e.environment}
                  aria-label={`Environment ${e.environment}`}
                  className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
                >
                  <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
                    {e.environment}
                  </h3>
                  <p className="mt-1 text-2xl font-semibold tabular-nums" title={SCORE_FORMULA}>
                    {e.score ?? "—"}
                  </p>
                  <dl className="mt-2 space-y-0.5 text-xs">
                    <div className="flex justify-between">
                      <dt className="text-slate-500">Accounts</dt>
                      <dd>
                        <Count
                          href={accountsHref({ environment: e.environment })}
                          value={e.accounts}
                          label={`${e.environment} accounts`}
                        />
                      </dd>
                    </div>
                    <div className="flex justify-between">
                      <dt className="text-slate-500">Critical</dt>
                      <dd>
                        <Count
                          href={findingsHref({ environment: [e.environment], severity: ["critical"] })}
                          value={e.critical}
                          label={`Open critical findings in ${e.environment}`}
                        />
                      </dd>
                    </div>
                    <div className="flex justify-between">
                      <dt className="text-slate-500">High</dt>
                      <dd>
                        <Count
                          href={findingsHref({ environment: [e.environment], severity: ["high"] })}
                          value={e.high}
                          label={`Open high findings in ${e.environment}`}
                        />
                      </dd>
                    </div>
                    <div className="flex justify-between">
                      <dt className="text-slate-500">Overdue</dt>
                      <dd>
                        <Count
                          href={findingsHref({ environment: [e.environment], sla: ["overdue"] })}
                          value={e.overdue}
                          label={`Overdue findings in ${e.environment}`}
                        />
                      </dd>
                    </div>
                  </dl>
                </section>
              ))}
            </div>
          </Card>
          <Card title="Worst accounts">
            <Table caption="Worst accounts">
              <Thead columns={["Account", "Score", "Critical", "Overdue"]} />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {worst.map((a) => (
                  <tr key={a.accountId}>
                    <td className={td}>
                      <Link href={`/accounts/${a.accountId}`} className={`font-medium ${linkClass}`}>
                        {a.name}
                      </Link>
                      <div className="text-xs text-slate-500">{a.environment}</div>
                    </td>
                    <td className={`${td} font-semibold tabular-nums`}>{a.score ?? "—"}</td>
                    <td className={td}>
                      <Count
                        href={findingsHref({ account: [a.accountId], severity: ["critical"] })}
                        value={a.critical}
                        label={`Open critical findings in ${a.name}`}
                      />
                    </td>
                    <td className={td}>
                      <Count
                        href={findingsHref({ account: [a.accountId], sla: ["overdue"] })}
                        value={a.overdue}
                        label={`Overdue findings in ${a.name}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </div>

        <div className="grid gap-6 lg:grid-cols-3">
          <Card title="Threats">
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <Metric label="GuardDuty critical">
                <Count
                  href="/guardduty?severity=critical"
                  value={threats.critical}
                  label="Active critical GuardDuty findings"
                />
              </Metric>
              <Metric label="GuardDuty high">
                <Count href="/guardduty?severity=high" value={threats.high} label="Active high GuardDuty findings" />
              </Metric>
              <Metric label="Attack sequences">
                <Count
                  href="/guardduty?type=AttackSequence"
                  value={threats.sequences}
                  label="Active GuardDuty attack sequences"
                />
              </Metric>
              <Metric label="Canaries tripped (7 d)">
                <Count href="/canaries" value={overview.canariesTrippedLast7d} label="Tripped canaries" />
              </Metric>
              <Metric label="Risky activity open">
                <Count
                  href={findingsHref({ service: ["cloudtrail"] })}
                  value={activity}
                  label="Open findings of CloudTrail detections"
                />
              </Metric>
            </dl>
          </Card>
          <Card title="Cost, last 30 days">
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <Metric label="Spend">
                <Count
                  href={`/costs?from=${cost.from}&to=${cost.to}`}
                  value={formatMoney(cost.total)}
                  label="Cost over the last 30 days"
                />
              </Metric>
              <Metric label="Incidents awaiting a verdict">
                <Count
                  href={`/costs?from=${cost.from}&to=${cost.to}`}
                  value={cost.openIncidents}
                  label="Cost incidents in the last 30 days without a verdict"
                />
              </Metric>
            </dl>
            {cost.openIncidents > 0 && (
              <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
                {formatMoney(cost.incidentImpact)} above the expected spend while they lasted.
              </p>
            )}
          </Card>
          <Card title="Collection health">
            {run ? (
              <div className="space-y-3 text-sm" data-testid="collection-health">
                <p>
                  Last run started {formatDateTime(run.startedAt ?? run.createdAt)}
                  {admin && (
                    <>
                      {" "}
                      ·{" "}
                      <Link href={`/runs/${run.id}`} className={`font-medium ${linkClass}`}>
                        details
                      </Link>
                    </>
                  )}
                </p>
                {liveRun ? (
                  <LiveCollection initial={liveRun} />
                ) : (
                  <p>
                    <span className="font-medium capitalize">{run.status}</span> · {run.unitsDone}/{run.unitsTotal}{" "}
                    units
                  </p>
                )}
                <p>
                  Failed units:{" "}
                  {admin ? (
                    <Count href={`/runs/${run.id}`} value={run.unitsFailed} label="Failed units of the last run" />
                  ) : (
                    <span className="tabular-nums">{run.unitsFailed}</span>
                  )}
                </p>
                <p>
                  Accounts whose last collection failed:{" "}
                  <Count
                    href={accountsHref({ collection: "failed" })}
                    value={failedAccounts}
                    label="Accounts whose last collection failed"
                  />
                </p>
              </div>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">No collection has run yet.</p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

function Metric({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 text-xl font-semibold">{children}</dd>
    </div>
  );
}
