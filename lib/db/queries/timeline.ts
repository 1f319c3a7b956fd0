import { sql, type SQL } from "drizzle-orm";
import type { Environment, Severity } from "@/lib/domain/vocabulary";
import type { TimelineKind } from "@/lib/domain/timeline";
import {
  COST_TOTAL_SERVICE,
  awsAccounts,
  canaryEvents,
  canaryKeys,
  costIncidents,
  findings,
  guarddutyFindings,
  runUnits,
} from "../schema";
import type { Db } from "../types";
import { accountFilterSql, type AccountScope } from "./scope";

export type TimelineParams = {
  kinds: readonly TimelineKind[];
  /** Inclusive start and exclusive end. */
  from: Date;
  to: Date;
  account?: string;
  team?: string;
  environment?: Environment;
  /** Check ids of the risky-activity rules: their findings' changes are "activity", not "posture". */
  activityChecks: readonly string[];
  limit: number;
  /** Keyset cursor: items strictly older than this time and key. */
  before?: { at: Date; key: string };
};

export type TimelineItem = {
  at: Date;
  kind: TimelineKind;
  key: string;
  accountId: string;
  accountName: string;
  environment: Environment;
  title: string;
  severity: Severity | null;
  actor: string | null;
  /** What the item links to: a finding id, "region/id" of a GuardDuty finding, a run id, an access key id… */
  ref: string;
  region: string | null;
  extra: Record<string, unknown>;
};

type Row = Omit<TimelineItem, "at" | "accountName" | "environment"> & {
  at: string | Date;
  account_id: string;
  account_name: string;
  environment: Environment;
};

/**
 * One time axis of what happened to the accounts in scope: finding status changes and assignments (who
 * did it), GuardDuty findings, cost incidents, risky activity, canary trips and failed collection units,
 * newest first. Each source is read through its own time index and limited before the union.
 */
export async function listTimeline(
  db: Db,
  p: TimelineParams & { scope: AccountScope },
): Promise<{ items: TimelineItem[]; more: boolean }> {
  const want = new Set(p.kinds);
  const n = p.limit + 1;
  const accountsOf = (column: SQL): SQL => accountFilterSql(column, p);
  const window = (at: SQL, key: SQL): SQL => {
    const range = sql`${at} >= ${p.from.toISOString()}::timestamptz and ${at} < ${p.to.toISOString()}::timestamptz`;
    if (!p.before) return range;
    return sql`${range} and (${at}, ${key}) < (${p.before.at.toISOString()}::timestamptz, ${p.before.key})`;
  };
  const activity = p.activityChecks.length
    ? sql`f.check_id in (${sql.join(
        p.activityChecks.map((c) => sql`${c}`),
        sql`, `,
      )})`
    : sql`false`;
  const parts: SQL[] = [];

  if (want.has("posture") || want.has("activity")) {
    const key = sql`'fe:' || lpad(fe.id::text, 19, '0')`;
    const which =
      want.has("posture") && want.has("activity") ? sql`true` : want.has("activity") ? activity : sql`not ${activity}`;
    // The newest events first by (occurred_at, id), the key's own order, so the index yields them in order
    // and stops at the limit (one run's events share a time); names and assignees are joined to those only.
    parts.push(sql`(select e.occurred_at as at,
        case when e.activity then 'activity' else 'posture' end as kind, 'fe:' || lpad(e.id::text, 19, '0') as key,
        e.account_id, c.title, e.severity::text as severity, coalesce(u.name, u.email) as actor, e.finding_id as ref,
        e.region,
        jsonb_build_object('event', e.kind, 'from', e.from_status, 'to', e.to_status, 'note', e.note,
          'assignee', coalesce(au.name, au.email), 'action', e.evidence->>'action',
          'principal', coalesce(e.evidence->>'userName', e.evidence->>'principalArn'),
          'sourceIp', e.evidence->>'sourceIp', 'resource', e.resource_id) as extra
      from (select fe.id, fe.occurred_at, fe.kind, fe.from_status, fe.to_status, fe.note, fe.actor_id, fe.data,
          f.id as finding_id, f.account_id, f.check_id, f.severity, f.region, f.evidence, f.resource_id,
          ${activity} as activity
        from finding_events fe
        join ${findings} f on f.id = fe.finding_id
        where fe.kind in ('status', 'assignment') and ${which} and ${accountsOf(sql`f.account_id`)}
          and ${window(sql`fe.occurred_at`, key)}
        order by fe.occurred_at desc, fe.id desc limit ${n}) e
      join checks c on c.id = e.check_id
      left join users u on u.id = e.actor_id
      left join users au on e.kind = 'assignment' and au.id::text = e.data->>'to')`);
  }
  if (want.has("guardduty")) {
    const key = sql`'gd:' || g.account_id || ':' || g.region || ':' || g.id`;
    parts.push(sql`(select g.first_seen_at as at, 'guardduty' as kind, ${key} as key, g.account_id, g.title,
        g.severity_label::text as severity, null::text as actor, g.region || '/' || g.id as ref, g.region,
        jsonb_build_object('type', g.type, 'count', g.count, 'archived', g.archived,
          'lastSeenAt', g.last_seen_at, 'sequence', g.type like 'AttackSequence:%',
          'accessKeyId', g.access_key_id, 'remoteIp', g.remote_ip) as extra
      from ${guarddutyFindings} g
      where ${accountsOf(sql`g.account_id`)} and ${window(sql`g.first_seen_at`, key)}
      order by g.first_seen_at desc, ${key} desc limit ${n})`);
  }
  if (want.has("cost")) {
    const at = sql`(ci.start_day::timestamp at time zone 'UTC')`;
    const key = sql`'ci:' || ci.id::text`;
    parts.push(sql`(select ${at} as at, 'cost' as kind, ${key} as key, ci.account_id,
        case when ci.kind = 'new_spend' then 'New spend' else 'Cost incident' end || ': '
          || case when ci.service = ${COST_TOTAL_SERVICE} then 'all services' else ci.service end as title,
        ci.severity::text as severity, ci.verdict_by as actor, ci.start_day::text as ref, null::text as region,
        jsonb_build_object('impact', ci.impact, 'impactPerDay', ci.impact_per_day, 'percent', ci.impact_percent,
          'endDay', ci.end_day, 'currency', ci.currency, 'verdict', ci.verdict, 'labels', ci.labels,
          'service', ci.service) as extra
      from ${costIncidents} ci
      where ${accountsOf(sql`ci.account_id`)} and ${window(at, key)}
      order by ${at} desc, ${key} desc limit ${n})`);
  }
  if (want.has("canary")) {
    const key = sql`'ce:' || ce.id`;
    parts.push(sql`(select ce.event_time as at, 'canary' as kind, ${key} as key, k.owner_account_id as account_id,
        'Canary key used: ' || k.label as title, 'critical' as severity, null::text as actor,
        k.access_key_id as ref, ce.aws_region as region,
        jsonb_build_object('action', replace(ce.event_source, '.amazonaws.com', '') || ':' || ce.event_name,
          'sourceIp', ce.source_ip, 'userAgent', ce.user_agent, 'errorCode', ce.error_code,
          'scanner', ce.scanner) as extra
      from ${canaryEvents} ce join ${canaryKeys} k on k.id = ce.canary_key_id
      where k.owner_account_id is not null and ${accountsOf(sql`k.owner_account_id`)}
        and ${window(sql`ce.event_time`, key)}
      order by ce.event_time desc, ${key} desc limit ${n})`);
  }
  if (want.has("collection")) {
    const at = sql`coalesce(ru.finished_at, ru.started_at)`;
    const key = sql`'ru:' || lpad(ru.id::text, 19, '0')`;
    parts.push(sql`(select ${at} as at, 'collection' as kind, ${key} as key, ru.account_id,
        case when ru.status = 'partial' then 'Collection partly failed' else 'Collection failed' end
          || ' in ' || ru.region as title,
        null::text as severity, null::text as actor, ru.run_id::text as ref, ru.region,
        jsonb_build_object('status', ru.status, 'code', ru.error_code, 'message', ru.error_message) as extra
      from ${runUnits} ru
      where ru.status in ('failed', 'partial') and ${at} is not null and ${accountsOf(sql`ru.account_id`)}
        and ${window(at, key)}
      order by ${at} desc, ${key} desc limit ${n})`);
  }
  if (parts.length === 0) return { items: [], more: false };

  const result = (await db.execute(sql`
    select t.*, a.name as account_name, a.environment::text as environment
    from (${sql.join(parts, sql` union all `)}) t
    join ${awsAccounts} a on a.id = t.account_id
    order by t.at desc, t.key desc
    limit ${n}`)) as unknown as { rows: Row[] };
  const items = result.rows.map((r): TimelineItem => ({
    at: new Date(r.at),
    kind: r.kind,
    key: r.key,
    accountId: r.account_id,
    accountName: r.account_name,
    environment: r.environment,
    title: r.title,
    severity: r.severity,
    actor: r.actor,
    ref: r.ref,
    region: r.region,
    extra: r.extra,
  }));
  return { items: items.slice(0, p.limit), more: items.length > p.limit };
}

/** The teams a timeline can be narrowed to: every team for an admin, a member's own teams otherwise. */
export async function listTimelineTeams(db: Db, p: { userId: string; all: boolean }) {
  const result = (await db.execute(
    p.all
      ? sql`select id, name from teams order by name`
      : sql`select t.id, t.name from teams t join team_members m on m.team_id = t.id
            where m.user_id = ${p.userId}::uuid order by t.name`,
  )) as unknown as { rows: { id: string; name: string }[] };
  return result.rows;
}
