ALTER TABLE "account_daily" ADD COLUMN "collected" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "remediated_all" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "remediation_hours_all" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "remediated_critical" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "remediation_hours_critical" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "remediated_high" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "remediation_hours_high" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "resolved_with_due" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "resolved_within_sla" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "open_with_due" integer;--> statement-breakpoint
ALTER TABLE "account_daily" ADD COLUMN "open_overdue" integer;--> statement-breakpoint
-- Hand-written backfill (keep below the generated statements). A day whose collections evaluated
-- nothing had no score: that is a failed day. Remediation per day comes from the findings' events,
-- timed as lib/db/queries/remediation.ts times them; open_with_due/open_overdue start null (unknown).
UPDATE "account_daily" SET "collected" = false WHERE "score" IS NULL;
--> statement-breakpoint
UPDATE "account_daily" d SET
  "remediated_all" = x.n, "remediation_hours_all" = x.h,
  "remediated_critical" = x.n_critical, "remediation_hours_critical" = x.h_critical,
  "remediated_high" = x.n_high, "remediation_hours_high" = x.h_high,
  "resolved_with_due" = x.with_due, "resolved_within_sla" = x.within_sla
FROM (
  SELECT r.account_id, (r.resolved_at AT TIME ZONE 'UTC')::date AS day,
    count(*)::int AS n, sum(extract(epoch FROM (r.resolved_at - r.opened_at)) / 3600) AS h,
    (count(*) FILTER (WHERE r.severity = 'critical'))::int AS n_critical,
    coalesce(sum(extract(epoch FROM (r.resolved_at - r.opened_at)) / 3600) FILTER (WHERE r.severity = 'critical'), 0) AS h_critical,
    (count(*) FILTER (WHERE r.severity = 'high'))::int AS n_high,
    coalesce(sum(extract(epoch FROM (r.resolved_at - r.opened_at)) / 3600) FILTER (WHERE r.severity = 'high'), 0) AS h_high,
    (count(*) FILTER (WHERE r.due_at IS NOT NULL))::int AS with_due,
    (count(*) FILTER (WHERE r.due_at IS NOT NULL AND r.resolved_at <= r.due_at))::int AS within_sla
  FROM (
    SELECT f.account_id, f.severity, e.occurred_at AS resolved_at, f.due_at,
      coalesce((
        SELECT max(e2.occurred_at) FROM finding_events e2
        WHERE e2.finding_id = e.finding_id AND e2.occurred_at <= e.occurred_at AND e2.id <> e.id
          AND e2.kind = 'status' AND e2.to_status = 'NEW' AND (e2.from_status IS NULL OR e2.from_status = 'RESOLVED')
      ), f.first_seen_at) AS opened_at
    FROM finding_events e JOIN findings f ON f.id = e.finding_id
    WHERE e.kind = 'status' AND e.to_status = 'RESOLVED'
  ) r
  GROUP BY 1, 2
) x
WHERE d.account_id = x.account_id AND d.day = x.day;
