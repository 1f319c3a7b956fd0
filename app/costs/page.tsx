import type { Metadata } from "next";
import { Link } from "@/components/link";
import { connectSteps } from "@/components/connect-steps";
import {
  Button,
  Card,
  Code,
  EmptyState,
  Input,
  PageHeader,
  Pill,
  Select,
  SeverityBadge,
  Stat,
  Table,
  Thead,
  formatMoney,
  td,
} from "@/components/ui";
import { requirePage } from "@/lib/auth/server";
import { getDb } from "@/lib/db";
import { listServiceCallers } from "@/lib/db/queries/activity";
import {
  lastCostDay,
  listAwsAnomalies,
  listCostBreakdown,
  listCostIncidents,
  sumCost,
  type AwsAnomalyRow,
  type CostIncidentRow,
} from "@/lib/db/queries/costs";
import { latestAnomalyServiceState } from "@/lib/db/queries/cost-runs";
import { listFilterTeams, narrowScopeToTeam } from "@/lib/db/queries/teams";
import { compareAnomalies } from "@/lib/cost/anomaly-match";
import { timelineUrl } from "@/lib/domain/links";
import { COST_TOTAL_SERVICE } from "@/lib/db/schema";
import { callerSubjects } from "@/lib/domain/investigation-subjects";
import { environments } from "@/lib/domain/vocabulary";
import { InvestigateLinks } from "@/components/investigate-links";
import { BillingWatchDetails, BudgetLegend } from "@/components/budgets";
import { listBillingWatch, type AccountBillingWatch } from "@/lib/db/queries/budgets";
import { billingWatchState, watchRank } from "@/lib/domain/budgets";
import { CostChart, CsvExport, VerdictControl, type ChartIncident } from "./client";
import { costsSearchParams, type CostsSearch } from "./search-params";

export const metadata: Metadata = { title: "Costs" };

const DEFAULT_DAYS = 90;
const MAX_DAYS = 400;
const DAY_MS = 86_400_000;
/** The service whose spikes ask "who sent?" (a leaked key sending mail). */
const SES = "Amazon Simple Email Service";

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const span = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

function period(search: CostsSearch, latest: string) {
  let to = search.to ?? latest;
  let from = search.from ?? shift(to, -(DEFAULT_DAYS - 1));
  if (from > to) [from, to] = [to, from];
  if (span(from, to) > MAX_DAYS) from = shift(to, -(MAX_DAYS - 1));
  return { from, to };
}

function change(now: number, before: number): string {
  if (before <= 0) return "no earlier spend to compare";
  const pct = ((now - before) / before) * 100;
  return `${pct >= 0 ? "+" : ""}${pct.toFixed(1)} % vs previous period (${formatMoney(before)})`;
}

function query(search: CostsSearch, patch: Partial<CostsSearch>): string {
  const merged = { ...search, ...patch };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
  const q = params.toString();
  return q ? `/costs?${q}` : "/costs";
}

function rootCauseText(i: { rootCause: { lines: { usageType: string; region: string; delta: number }[] } | null }) {
  const top = i.rootCause?.lines[0];
  return top ? `${top.usageType} in ${top.region}, +${formatMoney(top.delta)}` : null;
}

export default async function CostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("viewer");
  const search = costsSearchParams.parse(await searchParams);
  const db = await getDb();
  const latest = (await lastCostDay(db)) ?? new Date().toISOString().slice(0, 10);
  // The team filter offers the viewer's own teams (every team to an admin) and only ever narrows the scope.
  const teams = await listFilterTeams(db, { userId: viewer.user.id, everyTeam: viewer.role === "admin" });
  const team = teams.find((t) => t.id === search.team);
  const scope = team ? await narrowScopeToTeam(db, viewer.scope, team.id) : viewer.scope;
  const { from, to } = period(search, latest);
  const filter = { from, to, environment: search.env, accountId: search.account };
  const days = span(from, to);
  const monthStart = `${to.slice(0, 8)}01`;
  const lastMonthStart = shift(monthStart, -1).slice(0, 8) + "01";
  const dayOfMonth = Number(to.slice(8, 10));
  const lastMonthSameDay = shift(lastMonthStart, Math.min(dayOfMonth, span(lastMonthStart, shift(monthStart, -1))) - 1);
  const daysInMonth = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)).getUTCDate();

  const [rows, total, previous, mtd, lastMtd, lastMonth, incidents, awsAnomalies, anomalyService, watch] =
    await Promise.all([
      listCostBreakdown(db, scope, filter),
      sumCost(db, scope, filter),
      sumCost(db, scope, { ...filter, from: shift(from, -days), to: shift(from, -1) }),
      sumCost(db, scope, { ...filter, from: monthStart, to }),
      sumCost(db, scope, { ...filter, from: lastMonthStart, to: lastMonthSameDay }),
      sumCost(db, scope, { ...filter, from: lastMonthStart, to: shift(monthStart, -1) }),
      listCostIncidents(db, scope, { limit: 200, from, to, accountId: search.account }),
      listAwsAnomalies(db, scope, { ...filter, limit: 200 }),
      latestAnomalyServiceState(db),
      listBillingWatch(db, scope, { accountId: search.account, environment: search.env }),
    ]);
  const visible = incidents.filter((i) => !search.env || i.environment === search.env);
  const drilled = search.account ? rows.find((r) => r.accountId === search.account) : undefined;
  // An account's total and the service behind it usually rise together: outside a drill-down, a
  // service incident shows only where no incident of its account's total covers it.
  const totals = visible.filter((i) => i.service === COST_TOTAL_SERVICE);
  const covered = (i: (typeof visible)[number]) =>
    totals.some((t) => t.accountId === i.accountId && t.startDay <= i.lastDay && i.startDay <= t.lastDay);
  const shown = visible.filter((i) => search.account || i.service === COST_TOTAL_SERVICE || !covered(i));
  const marked: ChartIncident[] = shown.map((i) => ({
    id: i.id,
    accountName: i.accountName,
    service: i.service,
    startDay: i.startDay,
    lastDay: i.lastDay,
    endDay: i.endDay,
    impact: i.impact,
    days: i.days,
    rootCause: rootCauseText(i),
    labels: i.labels,
  }));
  const services = [
    ...rows.reduce((m, r) => m.set(r.service, (m.get(r.service) ?? 0) + r.amount), new Map<string, number>()),
  ].sort((a, b) => b[1] - a[1]);
  const ranked = shown.slice(0, 50);
  // Who sent: the SES callers CloudTrail recorded around an SES spike (or the account total it drives).
  const overlaps = (a: { startDay: string; lastDay: string }, b: { startDay: string; lastDay: string }) =>
    a.startDay <= b.lastDay && b.startDay <= a.lastDay;
  const sesSpikes = ranked.filter(
    (i) =>
      i.service === SES ||
      (i.service === COST_TOTAL_SERVICE &&
        visible.some((v) => v.service === SES && v.accountId === i.accountId && overlaps(v, i))),
  );
  const sendWindow = (i: { startDay: string; lastDay: string }) => ({
    from: new Date(`${shift(i.startDay, -2)}T00:00:00Z`),
    to: new Date(`${shift(i.lastDay, 2)}T00:00:00Z`),
  });
  const callers =
    sesSpikes.length === 0
      ? []
      : await listServiceCallers(db, {
          scope: viewer.scope,
          accountIds: [...new Set(sesSpikes.map((i) => i.accountId))],
          eventSource: "ses.amazonaws.com",
          from: new Date(Math.min(...sesSpikes.map((i) => sendWindow(i).from.getTime()))),
          to: new Date(Math.max(...sesSpikes.map((i) => sendWindow(i).to.getTime()))),
          limit: 200,
        });
  const sendersOf = (i: (typeof ranked)[number]) => {
    if (!sesSpikes.includes(i)) return [];
    const { from: start, to: end } = sendWindow(i);
    const seen = callers.filter((c) => c.accountId === i.accountId && c.lastAt >= start && c.firstAt < end);
    return [...new Map(seen.flatMap(callerSubjects).map((l) => [l.href, l])).values()];
  };

  return (
    <>
      <PageHeader
        title={drilled ? `Costs: ${drilled.accountName}` : "Costs"}
        description="Daily cost per account and service from Cost Explorer, with spikes and lasting rises detected against each series' own weekly rhythm and trend."
        actions={<CsvExport rows={rows} filename={`costs-${from}-${to}.csv`} />}
      />
      <form
        method="get"
        action="/costs"
        aria-label="Filter costs"
        className="mb-6 flex flex-wrap items-end gap-3 text-sm"
      >
        <label className="flex flex-col gap-1">
          <span className="text-slate-600 dark:text-slate-400">From</span>
          <Input type="date" name="from" defaultValue={from} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600 dark:text-slate-400">To</span>
          <Input type="date" name="to" defaultValue={to} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600 dark:text-slate-400">Environment</span>
          <Select name="env" defaultValue={search.env ?? ""}>
            <option value="">All</option>
            {environments.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </Select>
        </label>
        {teams.length > 0 && (
          <label className="flex flex-col gap-1">
            <span className="text-slate-600 dark:text-slate-400">Team</span>
            <Select name="team" defaultValue={team?.id ?? ""}>
              <option value="">{viewer.role === "admin" ? "All teams" : "All my teams"}</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </label>
        )}
        {search.account && <input type="hidden" name="account" value={search.account} />}
        <Button size="sm" type="submit">
          Apply
        </Button>
        {search.account && (
          <Link
            href={query(search, { account: undefined })}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            ← All accounts
          </Link>
        )}
      </form>
      {rows.length === 0 ? (
        <div className="space-y-6">
          <EmptyState
            title={
              search.from || search.to || search.env || search.account || team
                ? "No cost in this selection"
                : "No cost data yet"
            }
            description="Cost is read from Cost Explorer in the management account once a day. Sudden spikes are often the first sign of a leaked key or a runaway workload."
            steps={[
              ...connectSteps.slice(0, 2),
              {
                title: "Allow Cost Explorer reads",
                body: (
                  <>
                    The audit role in the management account needs <Code>ce:GetCostAndUsage</Code>.
                  </>
                ),
              },
            ]}
          />
          {watch.some((w) => billingWatchState(w) !== "not_read") && (
            <BudgetsBesideSpend watch={watch} rows={rows} search={search} from={from} to={to} />
          )}
        </div>
      ) : (
        <div className="space-y-6">
          <dl className="grid gap-4 sm:grid-cols-3">
            <Stat label={`Total, ${from} to ${to}`} value={formatMoney(total)} hint={change(total, previous)} />
            <Stat
              label="Month to date"
              value={formatMoney(mtd)}
              hint={`Same days last month: ${formatMoney(lastMtd)}`}
            />
            <Stat
              label="Month-end forecast"
              value={formatMoney((mtd / dayOfMonth) * daysInMonth)}
              hint={`Run rate of ${formatMoney(mtd / dayOfMonth)} a day; last month ${formatMoney(lastMonth)}`}
            />
          </dl>
          <Card title="Daily cost">
            <CostChart
              rows={rows}
              incidents={marked}
              initialBy={search.by ?? (search.account ? "service" : "account")}
            />
          </Card>
          {drilled && (
            <Table caption="Service breakdown">
              <Thead columns={["Service", "Cost in period", "Share"]} />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {services.map(([service, amount]) => (
                  <tr key={service}>
                    <td className={td}>{service}</td>
                    <td className={`${td} tabular-nums`}>{formatMoney(amount)}</td>
                    <td className={`${td} tabular-nums`}>{total ? ((amount / total) * 100).toFixed(1) : "0"} %</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <BudgetsBesideSpend watch={watch} rows={rows} search={search} from={from} to={to} />
          <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-300">Incidents, largest impact first</h2>
          {ranked.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No spikes or lasting rises in this period.</p>
          ) : (
            <Table caption="Cost incidents">
              <Thead
                columns={[
                  "Account",
                  "Service",
                  "Days",
                  "Expected → actual",
                  "Impact",
                  "Severity",
                  "Root cause",
                  "Verdict",
                ]}
              />
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {ranked.map((i) => (
                  <tr key={i.id}>
                    <td className={td}>
                      <Link
                        href={query(search, { account: i.accountId })}
                        className="text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {i.accountName}
                      </Link>
                      {i.labels.includes("possible_hijack") && (
                        <div className="mt-1">
                          <Pill tone="bad">Possible hijack</Pill>
                        </div>
                      )}
                    </td>
                    <td className={td}>
                      {i.service === COST_TOTAL_SERVICE ? "All services" : i.service}
                      {i.kind === "new_spend" && <div className="text-xs text-slate-500">new spend</div>}
                    </td>
                    <td className={td}>
                      {i.startDay}
                      {i.endDay === null ? (
                        <div>
                          <Pill tone="warn">ongoing</Pill>
                        </div>
                      ) : i.endDay !== i.startDay ? (
                        <div className="text-xs text-slate-500">to {i.endDay}</div>
                      ) : null}
                      <Link
                        href={timelineUrl({ account: i.accountId, around: i.startDay })}
                        className="mt-1 block text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                        data-testid="incident-timeline"
                      >
                        That day in the account
                      </Link>
                    </td>
                    <td className={`${td} tabular-nums`}>
                      {formatMoney(i.expected)} → {formatMoney(i.actual)}
                    </td>
                    <td className={`${td} tabular-nums font-medium`}>
                      {formatMoney(i.impact)}
                      <div className="text-xs font-normal text-slate-500">
                        {formatMoney(i.impactPerDay)}/day · +{Math.round(i.impactPercent).toLocaleString("en-US")} %
                      </div>
                    </td>
                    <td className={td}>
                      <SeverityBadge severity={i.severity} />
                    </td>
                    <td className={`${td} whitespace-normal text-xs`}>
                      {rootCauseText(i) ?? "—"}
                      {sendersOf(i).length > 0 && (
                        <div className="mt-2 max-w-xs" data-testid="ses-senders">
                          <div className="mb-1 font-medium text-slate-700 dark:text-slate-300">
                            Who sent (CloudTrail)
                          </div>
                          <InvestigateLinks links={sendersOf(i)} />
                        </div>
                      )}
                    </td>
                    <td className={td}>
                      <VerdictControl id={i.id} verdict={i.verdict} note={i.verdictNote} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <AwsComparison ours={visible} theirs={awsAnomalies} state={anomalyService} today={latest} />
        </div>
      )}
    </>
  );
}

/** Each account's AWS Budgets and billing alarms beside its spend in the period, the ones to act on first. */
function BudgetsBesideSpend({
  watch,
  rows,
  search,
  from,
  to,
}: {
  watch: AccountBillingWatch[];
  rows: { accountId: string; amount: number }[];
  search: CostsSearch;
  from: string;
  to: string;
}) {
  const spend = rows.reduce(
    (m, r) => m.set(r.accountId, (m.get(r.accountId) ?? 0) + r.amount),
    new Map<string, number>(),
  );
  const ranked = watch
    .map((w) => ({ w, rank: watchRank({ budgets: w.budgets, state: billingWatchState(w) }) }))
    .sort((a, b) => a.rank - b.rank || a.w.accountName.localeCompare(b.w.accountName));
  return (
    <section id="budgets" aria-labelledby="budgets-heading" className="scroll-mt-4 space-y-2">
      <h2 id="budgets-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
        Budgets and billing alarms
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        AWS Budgets (spend so far this period against its limit) and CloudWatch billing alarms, as each account&apos;s
        last collection read them.
      </p>
      <BudgetLegend />
      {ranked.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No account in this selection.
        </p>
      ) : (
        <Table caption="Budgets beside spend">
          <Thead columns={["Account", "Spend in period", "Budgets and billing alarms"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {ranked.map(({ w }) => (
              <tr key={w.accountId} data-account={w.accountId}>
                <td className={td}>
                  <Link
                    href={query(search, { account: w.accountId })}
                    className="text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {w.accountName}
                  </Link>
                  <div className="text-xs text-slate-500">{w.environment}</div>
                </td>
                <td className={`${td} tabular-nums`} title={`${from} to ${to}`}>
                  {spend.has(w.accountId) ? formatMoney(spend.get(w.accountId)!) : "—"}
                </td>
                <td className="w-3/5 px-4 py-2.5 align-top">
                  <BillingWatchDetails watch={w} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

/** An event of ours in a few words: the account's total when there is one, and how many services rose. */
function ourSummary(o: CostIncidentRow[]): string {
  const main = o.find((i) => i.service === COST_TOTAL_SERVICE) ?? o[0]!;
  const services = o.filter((i) => i.service !== COST_TOTAL_SERVICE).length;
  const what = main.service === COST_TOTAL_SERVICE ? "All services" : main.service;
  return `${what} +${formatMoney(main.impact)}${services > 0 && main.service === COST_TOTAL_SERVICE ? ` (${services} service${services > 1 ? "s" : ""})` : ""}`;
}

function theirSummary(a: AwsAnomalyRow): string {
  const where = [a.service?.replace(/^Amazon |^AWS /, ""), a.region].filter(Boolean).join(", ");
  return `${where || "anomaly"} +${formatMoney(a.totalImpact)}${a.endDay ? "" : " (ongoing)"}`;
}

const KIND_LABEL = { agreed: "Agreed", only_ours: "Only ours", only_theirs: "Only AWS" } as const;

/** Our incidents beside AWS Cost Anomaly Detection's, where the organization uses it. */
function AwsComparison({
  ours,
  theirs,
  state,
  today,
}: {
  ours: CostIncidentRow[];
  theirs: AwsAnomalyRow[];
  state: "used" | "not_used" | "failed" | null;
  today: string;
}) {
  const heading = (
    <h2 className="text-sm font-semibold text-slate-700 dark:text-slate-300">Beside AWS Cost Anomaly Detection</h2>
  );
  if (state !== "used" && theirs.length === 0)
    return (
      <section className="space-y-2">
        {heading}
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {state === "not_used"
            ? "Not used: the management account has no Cost Anomaly Detection monitor, or the audit role may not read it (ce:GetAnomalies)."
            : state === "failed"
              ? "Could not be read at the last cost collection; the Runs page says why."
              : "Not read yet: each cost collection reads its anomalies of the last 90 days."}
        </p>
      </section>
    );
  const names = new Map([...ours, ...theirs].map((r) => [r.accountId, r.accountName]));
  const rows = compareAnomalies(ours, theirs, { today });
  const count = (k: keyof typeof KIND_LABEL) => rows.filter((r) => r.kind === k).length;
  return (
    <section className="space-y-2">
      {heading}
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {count("agreed")} agreed · {count("only_theirs")} only AWS · {count("only_ours")} only ours
      </p>
      {rows.length > 0 && (
        <Table caption="Our incidents beside AWS Cost Anomaly Detection">
          <Thead columns={["", "Account", "Days", "Ours", "AWS"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.slice(0, 50).map((r) => {
              const o = r.kind === "only_theirs" ? [] : r.ours;
              const t = r.kind === "only_ours" ? [] : r.theirs;
              const account = (o[0] ?? t[0])!.accountId;
              const start = o[0]?.startDay ?? t[0]!.startDay;
              return (
                <tr key={`${r.kind}-${account}-${start}-${t[0]?.anomalyId ?? ""}`}>
                  <td className={td}>
                    <Pill tone={r.kind === "agreed" ? "good" : r.kind === "only_theirs" ? "warn" : "neutral"}>
                      {KIND_LABEL[r.kind]}
                    </Pill>
                  </td>
                  <td className={td}>{names.get(account) ?? account}</td>
                  <td className={`${td} tabular-nums`}>{start}</td>
                  <td className={`${td} whitespace-normal text-xs`}>{o.length === 0 ? "—" : ourSummary(o)}</td>
                  <td className={`${td} whitespace-normal text-xs`}>
                    {t.length === 0 ? "—" : t.map(theirSummary).join("; ")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </section>
  );
}
