CREATE TABLE "finding_group_counts" (
	"check_id" text NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"status" "finding_status" NOT NULL,
	"severity" "severity" NOT NULL,
	"sla" text NOT NULL,
	"n" integer NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "finding_group_counts_check_id_account_id_status_severity_sla_pk" PRIMARY KEY("check_id","account_id","status","severity","sla")
);
--> statement-breakpoint
CREATE TABLE "finding_region_counts" (
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"status" "finding_status" NOT NULL,
	"severity" "severity" NOT NULL,
	"sla" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "finding_region_counts_account_id_region_status_severity_sla_pk" PRIMARY KEY("account_id","region","status","severity","sla")
);
--> statement-breakpoint
CREATE TABLE "finding_rollup_clock" (
	"id" smallint PRIMARY KEY NOT NULL,
	"as_of" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "finding_group_counts_account_id_index" ON "finding_group_counts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "findings_open_account_region_idx" ON "findings" USING btree ("account_id","severity","region","last_seen_at","id") WHERE "findings"."status" in ('NEW', 'ACKNOWLEDGED');
--> statement-breakpoint
-- The Findings page's rollups (finding_group_counts, finding_region_counts), kept exact by statement
-- triggers on findings in the writer's own transaction. SLA states are relative to finding_rollup_clock,
-- which finding_rollup_advance moves forward (every minute, with the suppression expiry job). Rows
-- whose count fell to zero stay until that sweep: readers skip n = 0.
CREATE OR REPLACE FUNCTION finding_sla(status finding_status, due timestamptz, as_of timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN status NOT IN ('NEW', 'ACKNOWLEDGED') THEN 'none'
    WHEN due < as_of THEN 'overdue'
    WHEN due < as_of + interval '7 days' THEN 'due_soon'
    ELSE 'on_time' END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finding_rollup_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE t timestamptz;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  -- Writers share the clock; moving it forward (finding_rollup_advance) waits for them, and they for it.
  SELECT as_of INTO t FROM finding_rollup_clock WHERE id = 1 FOR SHARE;

  with d as (select n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t) as sla, 1 as k, n.first_seen_at from new_rows n), g as (
    select check_id, account_id, status, severity, sla, sum(k)::int as n, min(first_seen_at) filter (where k > 0) as add_min
    from d group by check_id, account_id, status, severity, sla)
  insert into finding_group_counts as c (check_id, account_id, status, severity, sla, n, first_seen_at)
  select check_id, account_id, status, severity, sla, n, coalesce(add_min, 'infinity') from g order by check_id, account_id, status, severity, sla
  on conflict (check_id, account_id, status, severity, sla) do update
    set n = c.n + excluded.n, first_seen_at = least(c.first_seen_at, excluded.first_seen_at);

  with d as (select n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t) as sla, 1 as k, n.first_seen_at from new_rows n), g as (
    select check_id, account_id, status, severity, sla, min(first_seen_at) as rem_min from d where k < 0 group by check_id, account_id, status, severity, sla)
  update finding_group_counts c set first_seen_at = coalesce(case
      when c.status in ('NEW', 'ACKNOWLEDGED') then (
        select min(f.first_seen_at) from findings f
        where f.status in ('NEW', 'ACKNOWLEDGED') and f.check_id = c.check_id and f.account_id = c.account_id
          and f.severity = c.severity and f.status = c.status and finding_sla(f.status, f.due_at, t) = c.sla)
      else (
        select min(f.first_seen_at) from findings f
        where f.account_id = c.account_id and f.status = c.status and f.severity = c.severity
          and f.check_id = c.check_id) end, 'infinity')
  from g where c.check_id = g.check_id and c.account_id = g.account_id and c.status = g.status and c.severity = g.severity and c.sla = g.sla and g.rem_min <= c.first_seen_at;

  with d as (select n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t) as sla, 1 as k, n.first_seen_at from new_rows n), g as (select account_id, region, status, severity, sla, sum(k)::int as n from d group by account_id, region, status, severity, sla)
  insert into finding_region_counts as c (account_id, region, status, severity, sla, n)
  select account_id, region, status, severity, sla, n from g order by account_id, region, status, severity, sla
  on conflict (account_id, region, status, severity, sla) do update set n = c.n + excluded.n;


  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finding_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE t timestamptz;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
  -- Writers share the clock; moving it forward (finding_rollup_advance) waits for them, and they for it.
  SELECT as_of INTO t FROM finding_rollup_clock WHERE id = 1 FOR SHARE;

  with d as (select o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t) as sla, -1 as k, o.first_seen_at from old_rows o), g as (
    select check_id, account_id, status, severity, sla, sum(k)::int as n, min(first_seen_at) filter (where k > 0) as add_min
    from d group by check_id, account_id, status, severity, sla)
  insert into finding_group_counts as c (check_id, account_id, status, severity, sla, n, first_seen_at)
  select check_id, account_id, status, severity, sla, n, coalesce(add_min, 'infinity') from g order by check_id, account_id, status, severity, sla
  on conflict (check_id, account_id, status, severity, sla) do update
    set n = c.n + excluded.n, first_seen_at = least(c.first_seen_at, excluded.first_seen_at);

  with d as (select o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t) as sla, -1 as k, o.first_seen_at from old_rows o), g as (
    select check_id, account_id, status, severity, sla, min(first_seen_at) as rem_min from d where k < 0 group by check_id, account_id, status, severity, sla)
  update finding_group_counts c set first_seen_at = coalesce(case
      when c.status in ('NEW', 'ACKNOWLEDGED') then (
        select min(f.first_seen_at) from findings f
        where f.status in ('NEW', 'ACKNOWLEDGED') and f.check_id = c.check_id and f.account_id = c.account_id
          and f.severity = c.severity and f.status = c.status and finding_sla(f.status, f.due_at, t) = c.sla)
      else (
        select min(f.first_seen_at) from findings f
        where f.account_id = c.account_id and f.status = c.status and f.severity = c.severity
          and f.check_id = c.check_id) end, 'infinity')
  from g where c.check_id = g.check_id and c.account_id = g.account_id and c.status = g.status and c.severity = g.severity and c.sla = g.sla and g.rem_min <= c.first_seen_at;

  with d as (select o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t) as sla, -1 as k, o.first_seen_at from old_rows o), g as (select account_id, region, status, severity, sla, sum(k)::int as n from d group by account_id, region, status, severity, sla)
  insert into finding_region_counts as c (account_id, region, status, severity, sla, n)
  select account_id, region, status, severity, sla, n from g order by account_id, region, status, severity, sla
  on conflict (account_id, region, status, severity, sla) do update set n = c.n + excluded.n;


  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finding_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE t timestamptz;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
  -- Writers share the clock; moving it forward (finding_rollup_advance) waits for them, and they for it.
  SELECT as_of INTO t FROM finding_rollup_clock WHERE id = 1 FOR SHARE;

  with d as (select n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t) as sla, 1 as k, n.first_seen_at from new_rows n join old_rows o on o.id = n.id where (o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t), o.first_seen_at) is distinct from (n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t), n.first_seen_at) union all select o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t) as sla, -1 as k, o.first_seen_at from new_rows n join old_rows o on o.id = n.id where (o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t), o.first_seen_at) is distinct from (n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t), n.first_seen_at)), g as (
    select check_id, account_id, status, severity, sla, sum(k)::int as n, min(first_seen_at) filter (where k > 0) as add_min
    from d group by check_id, account_id, status, severity, sla)
  insert into finding_group_counts as c (check_id, account_id, status, severity, sla, n, first_seen_at)
  select check_id, account_id, status, severity, sla, n, coalesce(add_min, 'infinity') from g order by check_id, account_id, status, severity, sla
  on conflict (check_id, account_id, status, severity, sla) do update
    set n = c.n + excluded.n, first_seen_at = least(c.first_seen_at, excluded.first_seen_at);

  with d as (select n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t) as sla, 1 as k, n.first_seen_at from new_rows n join old_rows o on o.id = n.id where (o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t), o.first_seen_at) is distinct from (n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t), n.first_seen_at) union all select o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t) as sla, -1 as k, o.first_seen_at from new_rows n join old_rows o on o.id = n.id where (o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t), o.first_seen_at) is distinct from (n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t), n.first_seen_at)), g as (
    select check_id, account_id, status, severity, sla, min(first_seen_at) as rem_min from d where k < 0 group by check_id, account_id, status, severity, sla)
  update finding_group_counts c set first_seen_at = coalesce(case
      when c.status in ('NEW', 'ACKNOWLEDGED') then (
        select min(f.first_seen_at) from findings f
        where f.status in ('NEW', 'ACKNOWLEDGED') and f.check_id = c.check_id and f.account_id = c.account_id
          and f.severity = c.severity and f.status = c.status and finding_sla(f.status, f.due_at, t) = c.sla)
      else (
        select min(f.first_seen_at) from findings f
        where f.account_id = c.account_id and f.status = c.status and f.severity = c.severity
          and f.check_id = c.check_id) end, 'infinity')
  from g where c.check_id = g.check_id and c.account_id = g.account_id and c.status = g.status and c.severity = g.severity and c.sla = g.sla and g.rem_min <= c.first_seen_at;

  with d as (select n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t) as sla, 1 as k, n.first_seen_at from new_rows n join old_rows o on o.id = n.id where (o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t), o.first_seen_at) is distinct from (n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t), n.first_seen_at) union all select o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t) as sla, -1 as k, o.first_seen_at from new_rows n join old_rows o on o.id = n.id where (o.check_id, o.account_id, o.region, o.status, o.severity, finding_sla(o.status, o.due_at, t), o.first_seen_at) is distinct from (n.check_id, n.account_id, n.region, n.status, n.severity, finding_sla(n.status, n.due_at, t), n.first_seen_at)), g as (select account_id, region, status, severity, sla, sum(k)::int as n from d group by account_id, region, status, severity, sla)
  insert into finding_region_counts as c (account_id, region, status, severity, sla, n)
  select account_id, region, status, severity, sla, n from g order by account_id, region, status, severity, sla
  on conflict (account_id, region, status, severity, sla) do update set n = c.n + excluded.n;


  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finding_rollup_advance(t timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; moved integer;
BEGIN
  SELECT as_of INTO t0 FROM finding_rollup_clock WHERE id = 1 FOR UPDATE;
  IF t <= t0 THEN RETURN 0; END IF;
  SELECT count(*) INTO moved FROM findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t);
  IF moved > 0 THEN

  with d as (select f.check_id, f.account_id, f.region, f.status, f.severity, finding_sla(f.status, f.due_at, t) as sla, 1 as k, f.first_seen_at from findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t) union all select f.check_id, f.account_id, f.region, f.status, f.severity, finding_sla(f.status, f.due_at, t0) as sla, -1 as k, f.first_seen_at from findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t)), g as (
    select check_id, account_id, status, severity, sla, sum(k)::int as n, min(first_seen_at) filter (where k > 0) as add_min
    from d group by check_id, account_id, status, severity, sla)
  insert into finding_group_counts as c (check_id, account_id, status, severity, sla, n, first_seen_at)
  select check_id, account_id, status, severity, sla, n, coalesce(add_min, 'infinity') from g order by check_id, account_id, status, severity, sla
  on conflict (check_id, account_id, status, severity, sla) do update
    set n = c.n + excluded.n, first_seen_at = least(c.first_seen_at, excluded.first_seen_at);

  with d as (select f.check_id, f.account_id, f.region, f.status, f.severity, finding_sla(f.status, f.due_at, t) as sla, 1 as k, f.first_seen_at from findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t) union all select f.check_id, f.account_id, f.region, f.status, f.severity, finding_sla(f.status, f.due_at, t0) as sla, -1 as k, f.first_seen_at from findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t)), g as (
    select check_id, account_id, status, severity, sla, min(first_seen_at) as rem_min from d where k < 0 group by check_id, account_id, status, severity, sla)
  update finding_group_counts c set first_seen_at = coalesce(case
      when c.status in ('NEW', 'ACKNOWLEDGED') then (
        select min(f.first_seen_at) from findings f
        where f.status in ('NEW', 'ACKNOWLEDGED') and f.check_id = c.check_id and f.account_id = c.account_id
          and f.severity = c.severity and f.status = c.status and finding_sla(f.status, f.due_at, t) = c.sla)
      else (
        select min(f.first_seen_at) from findings f
        where f.account_id = c.account_id and f.status = c.status and f.severity = c.severity
          and f.check_id = c.check_id) end, 'infinity')
  from g where c.check_id = g.check_id and c.account_id = g.account_id and c.status = g.status and c.severity = g.severity and c.sla = g.sla and g.rem_min <= c.first_seen_at;

  with d as (select f.check_id, f.account_id, f.region, f.status, f.severity, finding_sla(f.status, f.due_at, t) as sla, 1 as k, f.first_seen_at from findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t) union all select f.check_id, f.account_id, f.region, f.status, f.severity, finding_sla(f.status, f.due_at, t0) as sla, -1 as k, f.first_seen_at from findings f where f.status in ('NEW', 'ACKNOWLEDGED') and f.due_at >= t0 and f.due_at < t + interval '7 days' and finding_sla(f.status, f.due_at, t0) <> finding_sla(f.status, f.due_at, t)), g as (select account_id, region, status, severity, sla, sum(k)::int as n from d group by account_id, region, status, severity, sla)
  insert into finding_region_counts as c (account_id, region, status, severity, sla, n)
  select account_id, region, status, severity, sla, n from g order by account_id, region, status, severity, sla
  on conflict (account_id, region, status, severity, sla) do update set n = c.n + excluded.n;


  END IF;
  -- Rows whose count fell to zero are left by the triggers (fewer statements per write) and swept here.
  DELETE FROM finding_group_counts WHERE n = 0;
  DELETE FROM finding_region_counts WHERE n = 0;
  UPDATE finding_rollup_clock SET as_of = t WHERE id = 1;
  RETURN moved;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION finding_rollup_rebuild(t timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM finding_rollup_clock WHERE id = 1 FOR UPDATE;
  DELETE FROM finding_group_counts WHERE true;
  DELETE FROM finding_region_counts WHERE true;
  INSERT INTO finding_group_counts (check_id, account_id, status, severity, sla, n, first_seen_at)
  SELECT check_id, account_id, status, severity, finding_sla(status, due_at, t), count(*), min(first_seen_at)
  FROM findings GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO finding_region_counts (account_id, region, status, severity, sla, n)
  SELECT account_id, region, status, severity, finding_sla(status, due_at, t), count(*)
  FROM findings GROUP BY 1, 2, 3, 4, 5;
  UPDATE finding_rollup_clock SET as_of = t WHERE id = 1;
END $$;
--> statement-breakpoint
INSERT INTO finding_rollup_clock (id, as_of) VALUES (1, now()) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
SELECT finding_rollup_rebuild(now());
--> statement-breakpoint
ANALYZE finding_group_counts;
--> statement-breakpoint
ANALYZE finding_region_counts;
--> statement-breakpoint
CREATE TRIGGER findings_rollup_insert AFTER INSERT ON findings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finding_rollup_on_insert();
--> statement-breakpoint
CREATE TRIGGER findings_rollup_update AFTER UPDATE ON findings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finding_rollup_on_update();
--> statement-breakpoint
CREATE TRIGGER findings_rollup_delete AFTER DELETE ON findings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finding_rollup_on_delete();
