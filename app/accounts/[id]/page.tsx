import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { Skeleton, SkeletonCard } from "@/components/skeleton";
import { Link } from "@/components/link";
import { ScoreTrendChart } from "@/components/score-trend-chart";
import { StatusPill, formatDuration } from "@/components/status";
import {
  Card,
  Code,
  PageHeader,
  Pill,
  SeverityBadge,
  Stat,
  Table,
  Thead,
  buttonClass,
  formatDateTime,
  formatMoney,
  td,
} from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { hasRole } from "@/lib/auth/roles";
import { filterToSearchParams, type FindingsFilter } from "@/lib/contracts/findings-filter";
import { getDb } from "@/lib/db";
import {
  getAccountProfile,
  getRemediationStats,
  type AccountProfile,
  listAccountCollections,
  listOpenFindingsByCheck,
  listWeeklyFindingFlow,
} from "@/lib/db/queries/account-page";
import { listCanaryKeys } from "@/lib/db/queries/canaries";
import { daysAgo, listCostIncidents, listDailyCostTotals, sumCost } from "@/lib/db/queries/costs";
import { listScoreSeries } from "@/lib/db/queries/dashboard";
import { listGuardDutyCoverage, searchGuardDutyFindings } from "@/lib/db/queries/guardduty";
import { getOverview } from "@/lib/db/queries/overview";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import { canaryState } from "@/lib/domain/canary";
import { timelineUrl } from "@/lib/domain/links";
import { severities } from "@/lib/domain/vocabulary";
import { env } from "@/lib/env";
import { SCORE_FORMULA } from "@/lib/scoring";
import { CostTrendChart, WeeklyFlowChart } from "./client";
import { BillingWatchDetails } from "@/components/budgets";
import { listBillingWatch } from "@/lib/db/queries/budgets";
import { accountBudgetsUrl } from "@/lib/domain/links";

export const metadata: Metadata = { title: "Account" };

const TREND_DAYS = 90;
const WEEKS = 12;
const GD_LIMIT = 500;
const DAY_MS = 86_400_000;
const linkClass = "text-indigo-700 hover:underline dark:text-indigo-300";

const findingsHref = (filter: FindingsFilter) => `/findings?${filterToSearchParams(filter)}`;

function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} d`;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-500 dark:text-slate-400">{children}</p>;
}

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePage("viewer");
  const { id } = await params;
  if (!/^\d{12}$/.test(id)) notFound();
  const db = await getDb();
  const account = await getAccountProfile(db, { scope: viewer.scope, accountId: id });
  // Outside the viewer's scope answers like an account that does not exist.
  if (!account) notFound();
  // Checked before anything streams: the skeleton never stands in for a 404 or a refusal.
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/accounts" className={linkClass}>
          Accounts
        </Link>{" "}
        <span className="text-slate-400">/</span> <span className="font-mono">{account.id}</span>
      </nav>
      <PageHeader
        title={account.name}
        description={`${account.environment} · ${account.ouPath ?? "no OU"} · ${account.organizationName}${account.status === "active" ? "" : ` · ${account.status.replace("_", " ")}`}`}
        actions={
          <div className="flex gap-2">
            <Link href={timelineUrl({ account: account.id })} className={buttonClass({ size: "sm" })}>
              Timeline
            </Link>
            <Link href={`/changes?account=${account.id}`} className={buttonClass({ size: "sm" })}>
              What changed
            </Link>
          </div>
        }
      />
      <Suspense fallback={<AccountSkeleton />}>
        <AccountBody account={account} admin={hasRole(viewer.role, "admin")} />
      </Suspense>
    </>
  );
}

function AccountSkeleton() {
  return (
    <div className="space-y-6" data-testid="account-skeleton">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <SkeletonCard />
        <SkeletonCard />
      </div>
      <SkeletonCard height="h-32" />
    </div>
  );
}

async function AccountBody({ account, admin }: { account: AccountProfile; admin: boolean }) {
  const db = await getDb();
  // Every read below is limited to this one account, which the viewer's scope holds.
  const scope = scopeToAccounts([account.id]);
  const now = new Date();
  const from = daysAgo(TREND_DAYS - 1, now);
  const today = daysAgo(0, now);
  const cost30From = daysAgo(29, now);
  const [
    summary,
    series,
    weeks,
    remediation,
    byCheck,
    costDays,
    cost30,
    incidents,
    coverage,
    guardduty,
    canaries,
    runs,
    billingWatch,
  ] = await Promise.all([
    getOverview(db, scope, now),
    listScoreSeries(db, { scope, accountId: account.id, days: TREND_DAYS, now }),
    listWeeklyFindingFlow(db, { scope, accountId: account.id, weeks: WEEKS, now }),
    getRemediationStats(db, { scope, accountId: account.id, since: new Date(now.getTime() - 90 * DAY_MS), now }),
    listOpenFindingsByCheck(db, { scope, accountId: account.id, limit: 10 }),
    listDailyCostTotals(db, scope, { days: TREND_DAYS, now }),
    sumCost(db, scope, { from: cost30From, to: today }),
    listCostIncidents(db, scope, { limit: 20, accountId: account.id, from }),
    listGuardDutyCoverage(db, scope),
    searchGuardDutyFindings(db, { scope, filter: { account: account.id, archived: "active" }, limit: GD_LIMIT }),
    listCanaryKeys(db, scope),
    listAccountCollections(db, { scope, accountId: account.id, limit: 10 }),
    listBillingWatch(db, scope, { accountId: account.id }),
  ]);
  const roleName =
    account.isManagement && env.POSTURE_MANAGEMENT_ROLE_NAME ? env.POSTURE_MANAGEMENT_ROLE_NAME : env.POSTURE_ROLE_NAME;
  const roleArn =
    env.POSTURE_ROLE_OVERRIDES?.[account.id] ?? account.roleArn ?? `arn:aws:iam::${account.id}:role/${roleName}`;
  const incidentDays = new Set(
    incidents.flatMap((i) => {
      const days: string[] = [];
      for (let t = Date.parse(i.startDay); t <= Date.parse(i.lastDay); t += DAY_MS)
        days.push(new Date(t).toISOString().slice(0, 10));
      return days;
    }),
  );
  const costSeries = costDays.map((d) => ({ ...d, incident: incidentDays.has(d.day) ? d.amount : null }));
  const tags = Object.entries(account.tags ?? {});
  const sla = remediation.slaCompliance;
  const intervalMs = env.POSTURE_CANARY_INTERVAL_MINUTES * 60_000;

  return (
    <>
      <div className="space-y-6">
        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
          <Stat label="Score" value={summary.score ?? "—"} title={SCORE_FORMULA} hint="Latest collection" />
          <Stat
            label="Open findings"
            value={
              <Link href={findingsHref({ account: [account.id] })} className={linkClass}>
                {summary.openTotal}
              </Link>
            }
            hint={`${summary.openBySeverity.critical} critical`}
            tone={summary.openBySeverity.critical > 0 ? "alert" : "default"}
          />
          <Stat
            label="Overdue"
            value={
              <Link href={findingsHref({ account: [account.id], sla: ["overdue"] })} className={linkClass}>
                {remediation.openOverdue}
              </Link>
            }
            tone={remediation.openOverdue > 0 ? "alert" : "default"}
          />
          <Stat
            label="SLA compliance (90 d)"
            value={sla === null ? "—" : `${Math.round(sla * 100)}%`}
            hint="Resolved by their due date"
          />
          <Stat
            label="GuardDuty active"
            value={
              <Link href={`/guardduty?account=${account.id}`} className={linkClass}>
                {guardduty.length === GD_LIMIT ? `${GD_LIMIT}+` : guardduty.length}
              </Link>
            }
            hint={`${summary.guarddutyHighOpen} high or critical`}
            tone={summary.guarddutyHighOpen > 0 ? "alert" : "default"}
          />
          <Stat
            label="Cost (30 d)"
            value={
              <Link href={`/costs?account=${account.id}&from=${cost30From}&to=${today}`} className={linkClass}>
                {formatMoney(Math.round(cost30)).replace(/\.00$/, "")}
              </Link>
            }
          />
        </dl>

        <div className="grid gap-6 xl:grid-cols-2">
          <Card title={`Score, last ${TREND_DAYS} days`}>
            <ScoreTrendChart points={series} label={`Score of ${account.name} per day`} />
            <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
              A day whose collection failed is a gap in the line, not a drop.
            </p>
          </Card>
          <Card title={`Findings opened and resolved, last ${WEEKS} weeks`}>
            <WeeklyFlowChart weeks={weeks} />
          </Card>
        </div>

        <div className="grid gap-6 xl:grid-cols-3">
          <Card title="Open findings by severity">
            <ul className="space-y-1.5 text-sm" aria-label="Open findings by severity">
              {severities.map((s) => (
                <li key={s} className="flex items-center justify-between">
                  <SeverityBadge severity={s} />
                  <Link
                    href={findingsHref({ account: [account.id], severity: [s] })}
                    className={`font-semibold tabular-nums ${linkClass}`}
                  >
                    {summary.openBySeverity[s]}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Open findings by check" className="xl:col-span-2">
            {byCheck.length === 0 ? (
              <Empty>No open findings.</Empty>
            ) : (
              <ul
                className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
                aria-label="Open findings by check"
              >
                {byCheck.map((c) => (
                  <li key={c.checkId} className="flex items-center justify-between gap-4 py-1.5">
                    <span className="flex min-w-0 items-center gap-2">
                      <SeverityBadge severity={c.severity} />
                      <span className="truncate" title={c.title}>
                        {c.title}
                      </span>
                    </span>
                    <Link
                      href={findingsHref({ account: [account.id], check: [c.checkId] })}
                      className={`font-semibold tabular-nums ${linkClass}`}
                    >
                      {c.count}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        <Card title="Remediation, last 90 days">
          <Table caption="Mean time to remediate and SLA compliance by severity">
            <Thead columns={["Severity", "Resolved", "Mean time to remediate", "Resolved by due date"]} />
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {remediation.bySeverity
                .filter((r) => r.severity !== "informational" || r.resolved > 0)
                .map((r) => (
                  <tr key={r.severity}>
                    <td className={td}>
                      <SeverityBadge severity={r.severity} />
                    </td>
                    <td className={`${td} tabular-nums`}>{r.resolved}</td>
                    <td className={`${td} tabular-nums`}>{formatHours(r.mttrHours)}</td>
                    <td className={`${td} tabular-nums`}>
                      {r.withDueDate === 0
                        ? "—"
                        : `${r.withinSla} of ${r.withDueDate} (${Math.round((r.withinSla / r.withDueDate) * 100)}%)`}
                    </td>
                  </tr>
                ))}
            </tbody>
          </Table>
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            Timed from detection (or reopening) to resolution, from each finding&apos;s history.{" "}
            {remediation.openOverdue} open {remediation.openOverdue === 1 ? "finding is" : "findings are"} past due.
          </p>
        </Card>

        <div className="grid gap-6 xl:grid-cols-2">
          <Card title={`Cost, last ${TREND_DAYS} days`}>
            {costDays.length === 0 ? (
              <Empty>No cost data for this account yet.</Empty>
            ) : (
              <CostTrendChart days={costSeries} />
            )}
            {incidents.length > 0 && (
              <ul className="mt-3 space-y-1 text-sm" aria-label="Cost incidents">
                {incidents.map((i) => (
                  <li key={i.id} className="flex flex-wrap items-center gap-2">
                    <SeverityBadge severity={i.severity} />
                    <span>
                      {i.service === "Total" ? "Account total" : i.service}: {i.startDay}
                      {i.endDay === null ? " – ongoing" : i.lastDay !== i.startDay ? ` – ${i.lastDay}` : ""}
                    </span>
                    <span className="tabular-nums text-slate-500">+{formatMoney(i.impact)}</span>
                    {i.verdict && <Pill>{i.verdict.replace("_", " ")}</Pill>}
                  </li>
                ))}
              </ul>
            )}
            <section
              aria-labelledby="account-budgets"
              className="mt-4 border-t border-slate-100 pt-3 dark:border-slate-800"
            >
              <h3 id="account-budgets" className="mb-2 flex items-baseline justify-between text-sm font-semibold">
                <span className="text-slate-700 dark:text-slate-300">Budgets and billing alarms</span>
                <Link href={accountBudgetsUrl(account.id)} className={`text-xs font-normal ${linkClass}`}>
                  On the Costs page
                </Link>
              </h3>
              {billingWatch[0] ? (
                <BillingWatchDetails watch={billingWatch[0]} />
              ) : (
                <Empty>Only active accounts are read.</Empty>
              )}
            </section>
          </Card>
          <Card title="GuardDuty">
            {coverage.cells.length === 0 ? (
              <Empty>GuardDuty has not been read in this account yet.</Empty>
            ) : (
              <ul className="mb-3 flex flex-wrap gap-2 text-xs" aria-label="GuardDuty coverage by region">
                {coverage.cells.map((c) => (
                  <li key={c.region}>
                    <Pill tone={c.status === "ENABLED" ? "good" : c.status === "NONE" ? "bad" : "warn"}>
                      {c.region}: {c.status === "NONE" ? "no detector" : c.status.toLowerCase()}
                    </Pill>
                  </li>
                ))}
              </ul>
            )}
            {guardduty.length === 0 ? (
              <Empty>No active GuardDuty findings.</Empty>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label="GuardDuty findings">
                {guardduty.slice(0, 10).map((g) => (
                  <li key={`${g.region}/${g.id}`} className="flex items-center gap-2 py-1.5">
                    <SeverityBadge severity={g.severityLabel} />
                    <Link
                      href={`/guardduty/findings/${g.accountId}/${g.region}/${encodeURIComponent(g.id)}`}
                      className={`truncate ${linkClass}`}
                      title={g.title}
                    >
                      {g.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        <div className="grid gap-6 xl:grid-cols-3">
          <Card title="Collection history" className="xl:col-span-2">
            {runs.length === 0 ? (
              <Empty>This account has not been collected yet.</Empty>
            ) : (
              <Table caption="Collection history">
                <Thead columns={["Run", "Units", "Outcome", "Errors"]} />
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {runs.map((r) => (
                    <tr key={r.runId}>
                      <td className={td}>
                        {admin ? (
                          <Link href={`/runs/${r.runId}`} className={linkClass}>
                            {formatDateTime(r.startedAt ?? r.createdAt)}
                          </Link>
                        ) : (
                          formatDateTime(r.startedAt ?? r.createdAt)
                        )}
                        {r.startedAt && r.finishedAt && (
                          <div className="text-xs text-slate-500">
                            {formatDuration(r.finishedAt.getTime() - r.startedAt.getTime())}
                          </div>
                        )}
                      </td>
                      <td className={`${td} tabular-nums`}>{r.units}</td>
                      <td className={td}>
                        <StatusPill
                          status={r.failed === r.units ? "failed" : r.failed + r.partial > 0 ? "partial" : "ok"}
                        />
                        <div className="text-xs text-slate-500">
                          {r.ok} ok{r.partial > 0 && `, ${r.partial} partial`}
                          {r.failed > 0 && `, ${r.failed} failed`}
                          {r.skipped > 0 && `, ${r.skipped} skipped`}
                        </div>
                      </td>
                      <td className="max-w-md px-4 py-2.5 align-top text-xs">
                        {r.errors.length === 0 ? (
                          <span className="text-slate-400">—</span>
                        ) : (
                          <ul className="space-y-0.5">
                            {r.errors.slice(0, 4).map((e) => (
                              <li key={e.region}>
                                <span className="font-mono font-semibold">{e.code ?? e.status}</span>{" "}
                                <span className="text-slate-500">{e.region}</span>
                                {e.message && (
                                  <span className="block truncate text-slate-600 dark:text-slate-400" title={e.message}>
                                    {e.message}
                                  </span>
                                )}
                              </li>
                            ))}
                            {r.errors.length > 4 && <li className="text-slate-500">and {r.errors.length - 4} more</li>}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          <div className="space-y-6">
            <Card title="Account">
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
                <Row label="Account id">
                  <span className="font-mono">{account.id}</span>
                </Row>
                <Row label="OU path">{account.ouPath ?? "—"}</Row>
                <Row label="Environment">{account.environment}</Row>
                <Row label="Email">{account.email ?? "—"}</Row>
                <Row label="Audit role">
                  <Code>{roleArn}</Code>
                </Row>
                <Row label="Last collected">
                  {formatDateTime(account.lastCollectedAt)}
                  {account.lastCollectionStatus && (
                    <span className="ml-2">
                      <StatusPill status={account.lastCollectionStatus} />
                    </span>
                  )}
                </Row>
                <Row label="Tags">
                  {tags.length === 0 ? (
                    "—"
                  ) : (
                    <ul className="flex flex-wrap gap-1" aria-label="Tags">
                      {tags.map(([k, v]) => (
                        <li key={k}>
                          <Pill>
                            {k}={v}
                          </Pill>
                        </li>
                      ))}
                    </ul>
                  )}
                </Row>
              </dl>
            </Card>
            <Card title="Canaries">
              {canaries.length === 0 ? (
                <Empty>No canary key is planted in this account.</Empty>
              ) : (
                <ul className="space-y-1.5 text-sm" aria-label="Canaries">
                  {canaries.map((k) => {
                    const state = canaryState(k, { now, intervalMs });
                    return (
                      <li key={k.id} className="flex items-center justify-between gap-2">
                        <Link href="/canaries" className={`truncate ${linkClass}`}>
                          {k.label}
                        </Link>
                        <Pill tone={state.kind === "tripped" ? "bad" : state.kind === "quiet" ? "good" : "warn"}>
                          {state.kind.replace("-", " ")}
                        </Pill>
                      </li>
                    );
                  })}
                </ul>
              )}
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
