import { and, asc, gte, sql, type SQL } from "drizzle-orm";
import { environments, type Environment } from "@/lib/domain/vocabulary";
import { TREND_MAX_DAYS, TREND_MIN_DAYS, type TrendLevel } from "@/lib/domain/trends";
import { accountDaily } from "../schema";
import type { Db } from "../types";
import { daysAgo } from "./costs";
import { accountFilterSql, inScope, type AccountFilter, type AccountScope } from "./scope";

/** Daily org totals from the per-account rollups (never from raw findings). */
export async function listOrgTrend(db: Db, scope: AccountScope, opts: { days: number; now?: Date }) {
  const rows = await db
    .select({
      day: accountDaily.day,
      score: sql<string | null>`round(avg(${accountDaily.score}))`,
      critical: sql<string>`sum(${accountDaily.openCritical})`,
      high: sql<string>`sum(${accountDaily.openHigh})`,
      medium: sql<string>`sum(${accountDaily.openMedium})`,
      low: sql<string>`sum(${accountDaily.openLow})`,
    })
    .from(accountDaily)
    .where(and(gte(accountDaily.day, daysAgo(opts.days, opts.now)), inScope(accountDaily.accountId, scope)))
    .groupBy(accountDaily.day)
    .orderBy(asc(accountDaily.day));
  return rows.map((r) => ({
    day: r.day,
    score: r.score === null ? null : Number(r.score),
    critical: Number(r.critical),
    high: Number(r.high),
    medium: Number(r.medium),
    low: Number(r.low),
  }));
}

export type TrendPoint = Awaited<ReturnType<typeof listOrgTrend>>[number];

/** MTTR on a day is the mean over the resolutions of the this many days up to it (a day alone is too sparse). */
export const MTTR_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type TrendParams = {
  level: TrendLevel;
  /** The environment name, team id or account id; none for the organization. */
  id?: string;
  /** How many days up to and including `now`'s (UTC) day (30 to 730), or the first day (ISO date). */
  days?: number;
  from?: string;
  now?: Date;
};

/**
 * Why a day has no values: `failed` = a collection of at least one account of the group failed that
 * day, `none` = no account of the group has a rollup for it (before its history, or no run that day).
 */
export type TrendGap = "failed" | "none";

export type TrendDay = {
  day: string;
  gap: TrendGap | null;
  /** Accounts with a rollup that day, and those among them whose collection failed. */
  accounts: number;
  failedAccounts: number;
  score: number | null;
  critical: number | null;
  high: number | null;
  medium: number | null;
  low: number | null;
  newFindings: number | null;
  resolved: number | null;
  /** Mean hours to remediate over the `MTTR_WINDOW_DAYS` up to the day; null without resolutions. */
  mttrHours: number | null;
  mttrCriticalHours: number | null;
  mttrHighHours: number | null;
  /** Open findings with a deadline that are within it, in % (100 when none has a deadline). */
  slaOpenPct: number | null;
  cost: number | null;
};

type Row = {
  day: string;
  accounts: number;
  failed: number;
  score: string | null;
  critical: string;
  high: string;
  medium: string;
  low: string;
  new_findings: string;
  resolved: string;
  n_all: string;
  h_all: string;
  n_critical: string;
  h_critical: string;
  n_high: string;
  h_high: string;
  with_due: string;
  within_sla: string;
  open_with_due: string | null;
  open_overdue: string | null;
  cost: string | null;
};

/** The account-id condition over `d.account_id` for a level, inside the scope. */
function groupFilter(scope: AccountScope, p: TrendParams): SQL {
  const f = { scope, [p.level]: p.level === "org" ? undefined : p.id! };
  return accountFilterSql(sql`d.account_id`, f as AccountFilter);
}

/**
 * A group's daily series (organization, environment, team or account) from `account_daily` only. A day
 * on which any of its accounts' collection failed is a gap in every metric, never a total without that
 * account, nor carried forward; otherwise metrics are sums over its accounts, the score their mean.
 */
export async function listTrend(db: Db, scope: AccountScope, p: TrendParams) {
  const today = Date.parse(isoDay((p.now ?? new Date()).getTime()));
  const days = p.from === undefined ? p.days : Math.round((today - Date.parse(p.from)) / DAY_MS) + 1;
  if (days === undefined || !Number.isInteger(days) || days < TREND_MIN_DAYS || days > TREND_MAX_DAYS)
    throw new RangeError(`days must be an integer in [${TREND_MIN_DAYS}, ${TREND_MAX_DAYS}], got ${days}`);
  if (p.level !== "org" && !p.id) throw new Error(`a ${p.level} trend needs an id`);
  if (p.level === "environment" && !environments.includes(p.id as Environment))
    throw new Error(`not an environment: ${p.id}`);
  const first = today - (days - 1) * DAY_MS;
  // The MTTR window reaches back before the first day shown.
  const readFrom = isoDay(first - (MTTR_WINDOW_DAYS - 1) * DAY_MS);
  const result = (await db.execute(sql`
    select to_char(d.day, 'YYYY-MM-DD') as day, count(*)::int as accounts,
      (count(*) filter (where not d.collected))::int as failed,
      avg(d.score) as score,
      sum(d.open_critical) as critical, sum(d.open_high) as high, sum(d.open_medium) as medium,
      sum(d.open_low) as low, sum(d.new_findings) as new_findings, sum(d.resolved_findings) as resolved,
      sum(d.remediated_all) as n_all, sum(d.remediation_hours_all) as h_all,
      sum(d.remediated_critical) as n_critical, sum(d.remediation_hours_critical) as h_critical,
      sum(d.remediated_high) as n_high, sum(d.remediation_hours_high) as h_high,
      sum(d.resolved_with_due) as with_due, sum(d.resolved_within_sla) as within_sla,
      case when count(d.open_with_due) = count(*) then sum(d.open_with_due) end as open_with_due,
      case when count(d.open_with_due) = count(*) then sum(d.open_overdue) end as open_overdue,
      sum(d.cost) as cost
    from account_daily d
    where d.day >= ${readFrom}::date and d.day <= ${isoDay(today)}::date and ${groupFilter(scope, p)}
    group by d.day
    order by d.day`)) as unknown as { rows: Row[] };
  const byDay = new Map(result.rows.map((r) => [r.day, r]));

  const n = days + MTTR_WINDOW_DAYS - 1;
  const all = Array.from({ length: n }, (_, i) => byDay.get(isoDay(first - (MTTR_WINDOW_DAYS - 1 - i) * DAY_MS)));
  const trailing = (count: keyof Row, hours: keyof Row) => {
    const out: (number | null)[] = [];
    let c = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      c += Number(all[i]?.[count] ?? 0);
      h += Number(all[i]?.[hours] ?? 0);
      const drop = all[i - MTTR_WINDOW_DAYS];
      if (drop) {
        c -= Number(drop[count]);
        h -= Number(drop[hours]);
      }
      out.push(c > 0 ? h / c : null);
    }
    return out.slice(MTTR_WINDOW_DAYS - 1);
  };
  const mttr = trailing("n_all", "h_all");
  const mttrCritical = trailing("n_critical", "h_critical");
  const mttrHigh = trailing("n_high", "h_high");

  let resolutions = 0;
  let withDue = 0;
  let withinSla = 0;
  let remediationHours = 0;
  const points: TrendDay[] = all.slice(MTTR_WINDOW_DAYS - 1).map((r, i) => {
    const day = isoDay(first + i * DAY_MS);
    if (r) {
      resolutions += Number(r.n_all);
      remediationHours += Number(r.h_all);
      withDue += Number(r.with_due);
      withinSla += Number(r.within_sla);
    }
    const gap: TrendGap | null = !r ? "none" : r.failed > 0 ? "failed" : null;
    const v = (x: string | null | undefined) => (gap || x == null ? null : Number(x));
    const openWithDue = v(r?.open_with_due);
    return {
      day,
      gap,
      accounts: r?.accounts ?? 0,
      failedAccounts: r?.failed ?? 0,
      score: gap || r?.score == null ? null : Math.round(Number(r.score)),
      critical: v(r?.critical),
      high: v(r?.high),
      medium: v(r?.medium),
      low: v(r?.low),
      newFindings: v(r?.new_findings),
      resolved: v(r?.resolved),
      mttrHours: gap ? null : mttr[i]!,
      mttrCriticalHours: gap ? null : mttrCritical[i]!,
      mttrHighHours: gap ? null : mttrHigh[i]!,
      slaOpenPct:
        openWithDue === null
          ? null
          : openWithDue === 0
            ? 100
            : (100 * (openWithDue - v(r?.open_overdue)!)) / openWithDue,
      cost: v(r?.cost),
    };
  });
  return {
    points,
    summary: {
      /** Over the range, by the account page's definitions: mean hours to remediate and SLA compliance. */
      resolutions,
      mttrHours: resolutions > 0 ? remediationHours / resolutions : null,
      resolvedWithDue: withDue,
      slaCompliance: withDue > 0 ? withinSla / withDue : null,
      gapDays: points.filter((x) => x.gap === "failed").length,
    },
  };
}

export type Trend = Awaited<ReturnType<typeof listTrend>>;
