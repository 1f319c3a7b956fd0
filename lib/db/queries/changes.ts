import { sql } from "drizzle-orm";
import type { ChangeKind } from "@/lib/domain/changes";
import type { Environment, FindingStatus, Severity } from "@/lib/domain/vocabulary";
import type { Db } from "../types";
import { accountFilterSql, type AccountFilter, type AccountScope } from "./scope";

export type ChangesParams = AccountFilter & {
  /** The window (from, to]: a finding's status at `from` against its status at `to`. */
  from: Date;
  to: Date;
  /** Checks whose new or reopened findings are inventory changes that matter: attributed to an event. */
  attributeChecks: readonly string[];
  limit: number;
};

export type Attribution = {
  eventId: string;
  eventName: string;
  eventTime: Date;
  principal: string | null;
  accessKeyId: string | null;
  sourceIp: string | null;
};

export type ChangeRow = {
  change: ChangeKind;
  findingId: string;
  checkId: string;
  title: string;
  accountId: string;
  accountName: string;
  environment: Environment;
  region: string;
  resourceId: string;
  severity: Severity;
  before: FindingStatus | null;
  after: FindingStatus;
  at: Date;
  attribution: Attribution | null;
};

/**
 * The findings whose status differs between the start and the end of the window, by the window's first
 * and last status events: new (created in it), resolved, reopened, suppressed. A finding that opened and
 * closed within the window is left out: nothing differs. Counted in full; listed worst first up to `limit`.
 */
export async function listChanges(db: Db, p: ChangesParams & { scope: AccountScope }) {
  // The whole organization needs no finding's account: the events alone, without a join to findings.
  const everyAccount = p.scope.all && !p.account && !p.environment && !p.team;
  const classified = sql`
    with ev as (
      select fe.finding_id, fe.id, fe.occurred_at, fe.from_status, fe.to_status
      from finding_events fe ${everyAccount ? sql`` : sql`join findings f on f.id = fe.finding_id`}
      where fe.kind = 'status' and fe.occurred_at > ${p.from.toISOString()}::timestamptz
        and fe.occurred_at <= ${p.to.toISOString()}::timestamptz
        and ${everyAccount ? sql`true` : accountFilterSql(sql`f.account_id`, p)}
    ), span as (
      select finding_id, (array_agg(from_status order by occurred_at, id))[1] as before,
        (array_agg(to_status order by occurred_at desc, id desc))[1] as after, max(occurred_at) as at
      from ev group by finding_id
    ), classified as (
      select span.*, case
        when before is null and after is not null and after <> 'RESOLVED' then 'new'
        when before in ('NEW', 'ACKNOWLEDGED', 'SUPPRESSED') and after = 'RESOLVED' then 'resolved'
        when before = 'RESOLVED' and after in ('NEW', 'ACKNOWLEDGED') then 'reopened'
        when before in ('NEW', 'ACKNOWLEDGED') and after = 'SUPPRESSED' then 'suppressed'
      end as change
      from span
    )`;
  const attribute = p.attributeChecks.length
    ? sql`f.check_id in (${sql.join(
        p.attributeChecks.map((c) => sql`${c}`),
        sql`, `,
      )})`
    : sql`false`;
  const [counts, rows] = await Promise.all([
    db.execute(sql`${classified} select change, count(*)::int as n from classified
      where change is not null group by change`) as unknown as Promise<{ rows: { change: ChangeKind; n: number }[] }>,
    db.execute(sql`${classified}
      select c.change, c.before, c.after, c.at, f.id as finding_id, f.check_id, ch.title, f.account_id,
        a.name as account_name, a.environment::text as environment, f.region, f.resource_id,
        f.severity::text as severity,
        case when e.id is null then null else jsonb_build_object('eventId', e.id, 'eventName', e.event_name,
          'eventTime', e.event_time, 'principal', coalesce(e.principal_arn, e.user_name),
          'accessKeyId', e.access_key_id, 'sourceIp', e.source_ip) end as attribution
      from classified c
      join findings f on f.id = c.finding_id
      join checks ch on ch.id = f.check_id
      join aws_accounts a on a.id = f.account_id
      left join lateral (
        select t.* from cloudtrail_events t
        where ${attribute} and c.change in ('new', 'reopened') and t.account_id = f.account_id
          and t.event_time > ${p.from.toISOString()}::timestamptz - interval '1 day' and t.event_time <= c.at
          and t.error_code is null
          and (t.id = f.evidence->>'eventId' or strpos(t.details::text,
                 '"' || regexp_replace(f.resource_id, '^.*[:/]', '') || '"') > 0)
        order by (t.id = f.evidence->>'eventId') desc, t.event_time desc limit 1
      ) e on true
      where c.change is not null
      order by f.severity, c.at desc, f.id
      limit ${p.limit}`) as unknown as Promise<{ rows: Record<string, unknown>[] }>,
  ]);
  const total = Object.fromEntries(counts.rows.map((r) => [r.change, r.n])) as Partial<Record<ChangeKind, number>>;
  return {
    counts: {
      new: total.new ?? 0,
      resolved: total.resolved ?? 0,
      reopened: total.reopened ?? 0,
      suppressed: total.suppressed ?? 0,
    },
    rows: rows.rows.map((r): ChangeRow => ({
      change: r.change as ChangeKind,
      findingId: r.finding_id as string,
      checkId: r.check_id as string,
      title: r.title as string,
      accountId: r.account_id as string,
      accountName: r.account_name as string,
      environment: r.environment as Environment,
      region: r.region as string,
      resourceId: r.resource_id as string,
      severity: r.severity as Severity,
      before: r.before as FindingStatus | null,
      after: r.after as FindingStatus,
      at: new Date(r.at as string),
      attribution: r.attribution
        ? {
            ...(r.attribution as Omit<Attribution, "eventTime">),
            eventTime: new Date((r.attribution as { eventTime: string }).eventTime),
          }
        : null,
    })),
  };
}

/** When the latest collection in scope finished: "what changed" compares it with a week before. */
export async function latestCollectionDay(db: Db, f: AccountFilter & { scope: AccountScope }): Promise<Date | null> {
  const result = (await db.execute(sql`
    select max(finished_at) as at from run_units
    where finished_at is not null and ${accountFilterSql(sql`account_id`, f)}`)) as unknown as {
    rows: { at: string | Date | null }[];
  };
  const at = result.rows[0]?.at;
  return at ? new Date(at) : null;
}
