import { sql, type SQL } from "drizzle-orm";

/**
 * Every resolution, `where` filtering over `e` (its event) and `f` (its finding), timed from the latest
 * event that opened the finding before it (detection or reopening), else its first sighting: the one
 * MTTR rule, read by the account page and the daily rollups.
 */
export function resolutionsSql(where: SQL): SQL {
  return sql`(
    select e.finding_id, f.account_id, f.severity, e.occurred_at as resolved_at,
      coalesce(o.opened_at, f.first_seen_at) as opened_at, f.due_at
    from finding_events e
    join findings f on f.id = e.finding_id
    left join lateral (
      select max(e2.occurred_at) as opened_at from finding_events e2
      where e2.finding_id = e.finding_id and e2.occurred_at <= e.occurred_at and e2.id <> e.id
        and e2.kind = 'status' and e2.to_status = 'NEW' and (e2.from_status is null or e2.from_status = 'RESOLVED')
    ) o on true
    where e.kind = 'status' and e.to_status = 'RESOLVED' and ${where}
  )`;
}

/** Hours from opening to resolution of a row of `resolutionsSql` aliased `r`. */
export const remediationHours = sql`extract(epoch from (r.resolved_at - r.opened_at)) / 3600`;

/** Whether a resolution of `resolutionsSql` (aliased `r`) had a due date, and came by it: SLA compliance. */
export const hadDueDate = sql`r.due_at is not null`;
export const metDueDate = sql`r.due_at is not null and r.resolved_at <= r.due_at`;
