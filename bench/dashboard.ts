// `npm run bench:dashboard` (issue 21): the dashboard pages' server reads at 1,000 accounts × 2 years beside
// the bare SQL of the same statements, the Overview at 100 accounts, and the storage of daily snapshots
// written through the collector's store. Figures: bench/README.md.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";
import { activityRules } from "@/lib/activity/rules";
import { writeAccountSnapshot } from "@/lib/collector/snapshot";
import { CIS_AWS_V7 } from "@/lib/compliance/cis-aws-v7";
import { FSBP } from "@/lib/compliance/fsbp";
import { CHANGES_DEFAULT_DAYS, CHANGES_LIST_LIMIT } from "@/lib/contracts/changes";
import { TIMELINE_DEFAULT_DAYS, TIMELINE_PAGE_SIZE } from "@/lib/contracts/timeline";
import { countAccounts } from "@/lib/db/queries/account-list";
import {
  getAccountProfile,
  getRemediationStats,
  listAccountCollections,
  listOpenFindingsByCheck,
  listWeeklyFindingFlow,
} from "@/lib/db/queries/account-page";
import { listAccounts } from "@/lib/db/queries/accounts";
import { listCanaryKeys } from "@/lib/db/queries/canaries";
import { latestCollectionDay, listChanges } from "@/lib/db/queries/changes";
import { createRun, registerUnits } from "@/lib/db/queries/collection";
import { advanceFindingRollup } from "@/lib/db/queries/findings-rollup";
import { daysAgo, listCostIncidents, listDailyCostTotals, sumCost } from "@/lib/db/queries/costs";
import {
  countGuardDutyThreats,
  countOpenActivityFindings,
  countOpenWeekAgo,
  countOverdueBySeverity,
  listAccountPosture,
  listScoreSeries,
  summarizeRecentCost,
} from "@/lib/db/queries/dashboard";
import { listGuardDutyCoverage, searchGuardDutyFindings } from "@/lib/db/queries/guardduty";
import { getOverview } from "@/lib/db/queries/overview";
import { ALL_ACCOUNTS, scopeToAccounts, type AccountScope } from "@/lib/db/queries/scope";
import { listTimeline, listTimelineTeams } from "@/lib/db/queries/timeline";
import { listTrend } from "@/lib/db/queries/trends";
import { categoryChecks } from "@/lib/domain/changes";
import { timelineKinds } from "@/lib/domain/timeline";
import { MIGRATIONS_FOLDER } from "@/lib/db/migrations";
import type { Db } from "@/lib/db/types";
import { createTestDatabase } from "../test/postgres";
import { BENCH_ORG_ID, seedOrgFindings } from "./lib/seed-findings";
import { bareMs, explainStatements, f1, loggedDb, ms, pct, type Statement } from "./lib/timing";

const { values: opts } = parseArgs({
  options: {
    accounts: { type: "string", default: "1000" },
    findings: { type: "string", default: "1500000" },
    "small-accounts": { type: "string", default: "100" },
    runs: { type: "string", default: "20" },
    "snapshot-findings": { type: "string", default: "100000" },
    "snapshot-days": { type: "string", default: "365" },
    "snapshot-accounts": { type: "string", default: "10" },
    "skip-storage": { type: "boolean", default: false },
    explain: { type: "boolean", default: false },
    "seed-only": { type: "boolean", default: false },
    "storage-only": { type: "boolean", default: false },
    /** Pages besides the Overview (always measured): account,timeline,trends,changes; all by default. */
    pages: { type: "string" },
    keep: { type: "boolean", default: false },
    url: { type: "string" },
    "small-url": { type: "string" },
  },
});
const ACCOUNTS = Number(opts.accounts);
const FINDINGS = Number(opts.findings);
const SMALL_ACCOUNTS = Number(opts["small-accounts"]);
// The small organization has the big one's findings per account: an honest 100-account organization.
const SMALL_FINDINGS = Math.round((FINDINGS * SMALL_ACCOUNTS) / ACCOUNTS);
const RUNS = Number(opts.runs);
const DAYS = 730;
const GOALS = { overviewP95: 150, trendsP95: 300, ratio: 1.5, scale: 1.5, storage: 1.1 };
const POOL_MAX = 10; // lib/db/open.ts's default pool
const now = new Date();

/** The Trends page's read for 2 years; one line to change when listTrend(db, scope, {level, id, days}) lands. */
const trendRead = (db: Db, scope: AccountScope) => listTrend(db, scope, { level: "org", days: DAYS, now });

/**
 * Two years of what the collector, cost and GuardDuty jobs leave behind, in bulk: daily rollups per account
 * (a failed collection every ~50th account-day is a null score), compliance per framework, cost per service,
 * a run a day with the last 60 days' units, GuardDuty findings, cost incidents, canary trips, CloudTrail events.
 */
async function seedDashboard(pool: pg.Pool, db: Db, accounts: number, findingCount: number) {
  const t0 = process.hrtime.bigint();
  const base = await seedOrgFindings(pool, db, { accounts, findings: findingCount });
  const q = (text: string, params: unknown[] = []) => pool.query(text, params);
  const acct = `lpad((100000000000 + a)::text, 12, '0')`;
  await q(`insert into teams (name) select 'Team ' || t from generate_series(1, 12) t`);
  await q(`insert into team_scopes (team_id, kind, value)
    select id, 'environment', (array['prod','staging','dev'])[1 + (row_number() over (order by name))::int % 3] from teams`);
  await q(`alter table account_daily set (autovacuum_enabled = false)`);
  await q(
    `insert into account_daily (account_id, day, score, open_critical, open_high, open_medium, open_low,
       open_informational, suppressed, new_findings, resolved_findings, guardduty_high, cost)
     select ${acct}, current_date - d,
       case when (a * 31 + d) % 50 = 0 then null else 40 + (a * 7 + d / 7) % 55 end,
       (a + d) % 6, (a * 3 + d) % 25, (a * 5 + d) % 60, (a * 7 + d) % 90, (a + d) % 40, (a + d) % 12,
       (a + d) % 9, (a * 3 + d) % 8, (a + d) % 3, 50 + (a % 400) + (d % 30)
     from generate_series(0, $1 - 1) a cross join generate_series(0, $2 - 1) d`,
    [accounts, DAYS],
  );
  await q(
    `insert into compliance_daily (account_id, day, framework, passed_controls, failed_controls)
     select ${acct}, current_date - d, f, 20 + (a + d) % 30, 5 + (a * 3 + d) % 20
     from generate_series(0, $1 - 1) a cross join generate_series(0, $2 - 1) d cross join unnest($3::text[]) f`,
    [accounts, DAYS, [CIS_AWS_V7, FSBP]],
  );
  await q(
    `insert into cost_daily (account_id, day, service, amount)
     select ${acct}, current_date - d, s, round((10 + (a % 97) * 3 + (d % 7) * 2 + length(s))::numeric, 2)
     from generate_series(0, $1 - 1) a cross join generate_series(0, $2 - 1) d
     cross join unnest(array['Amazon EC2','Amazon S3','Amazon RDS','AWS Lambda']) s`,
    [accounts, DAYS],
  );
  // A scheduled run a day; the units of the last 60 days (older ones are what retention trims), 2% failed.
  await q(
    `insert into collection_runs (organization_id, trigger, status, created_at, started_at, finished_at,
       units_total, units_done, units_failed, accounts_total, accounts_done)
     select '${BENCH_ORG_ID}', 'schedule', 'partial', t, t, t + interval '20 minutes', $1 * 5, $1 * 5, $1 / 10, $1, $1
     from generate_series(0, $2 - 1) d cross join lateral (select date_trunc('day', now()) - d * interval '1 day' + interval '2 hours' as t) x`,
    [accounts, DAYS],
  );
  await q(
    `insert into run_units (run_id, account_id, region, status, error_code, error_message, started_at, finished_at,
       duration_ms, api_calls, results_count)
     select r.id, ${acct}, g, case when (a + extract(doy from r.started_at)::int) % 50 = 0 then 'failed' else 'ok' end::unit_status,
       case when (a + extract(doy from r.started_at)::int) % 50 = 0 then 'AccessDenied' end,
       case when (a + extract(doy from r.started_at)::int) % 50 = 0 then 'not authorized' end,
       r.started_at, r.started_at + interval '5 minutes', 300000, 40, 12
     from (select id, started_at from collection_runs where started_at > now() - interval '60 days') r
     cross join generate_series(0, $1 - 1) a
     cross join unnest(array['global','us-east-1','us-west-2','eu-west-1','eu-central-1']) g`,
    [accounts],
  );
  await q(
    `insert into guardduty_findings (account_id, region, id, detector_id, type, title, severity, severity_label,
       archived, first_seen_at, last_seen_at, access_key_id, remote_ip)
     select ${acct}, (array['us-east-1','eu-west-1'])[1 + i % 2], 'gd-' || i, 'det-' || a,
       case when i % 97 = 0 then 'AttackSequence:IAM/CompromisedCredentials' else 'Recon:EC2/PortProbeUnprotectedPort' end,
       'GuardDuty finding ' || i, 1 + i % 9,
       (array['low','medium','high','critical'])[1 + i % 4]::severity, i % 3 = 0,
       now() - (i % ${DAYS}) * interval '1 day', now() - (i % 30) * interval '1 day',
       'AKIA' || lpad(i::text, 16, '0'), '198.51.100.' || i % 250
     from generate_series(0, $1 * 60 - 1) i cross join lateral (select i % $1 as a) x`,
    [accounts],
  );
  await q(
    `insert into cost_incidents (account_id, service, kind, start_day, end_day, last_day, expected, actual, impact,
       impact_per_day, impact_percent, score, severity, verdict)
     select ${acct}, (array['Amazon EC2','Amazon S3','Amazon RDS'])[1 + i % 3], case when i % 5 = 0 then 'new_spend' else 'spike' end,
       current_date - (i * 7) % ${DAYS}, current_date - (i * 7) % ${DAYS} + 2, current_date - (i * 7) % ${DAYS} + 2,
       100, 180 + i % 50, 80 + i % 50, 30, 80, 0.7, (array['medium','high'])[1 + i % 2]::severity,
       case when i % 4 = 0 then null else 'expected' end
     from generate_series(0, $1 * 5 - 1) i cross join lateral (select i % $1 as a) x`,
    [accounts],
  );
  await q(
    `insert into canary_keys (access_key_id, label, owner_account_id, status)
     select 'AKIACANARY' || lpad(a::text, 10, '0'), 'canary ' || a, ${acct}, 'active' from generate_series(0, $1 / 10 - 1) a`,
    [accounts],
  );
  await q(`insert into canary_events (id, canary_key_id, event_time, event_name, event_source, aws_region, source_ip)
    select 'ce-' || k.access_key_id || '-' || i, k.id, now() - (i * 3) * interval '1 day' - interval '1 hour', 'GetCallerIdentity',
      'sts.amazonaws.com', 'us-east-1', '203.0.113.' || i
    from canary_keys k cross join generate_series(0, 9) i`);
  await q(
    `insert into cloudtrail_events (id, account_id, region, event_time, event_name, event_source, user_name, principal_arn,
       source_ip, details)
     select 'ct-' || i, ${acct}, 'us-east-1', now() - (i % (${DAYS} * 24)) * interval '1 hour',
       (array['CreateUser','CreateAccessKey','AttachUserPolicy','PutBucketPolicy','AuthorizeSecurityGroupIngress'])[1 + i % 5],
       'iam.amazonaws.com', 'person-' || i % 300, 'arn:aws:iam::' || ${acct} || ':user/person-' || i % 300,
       '192.0.2.' || i % 250, jsonb_build_object('resource', 'resource-' || i)
     from generate_series(0, $1 * 200 - 1) i cross join lateral (select i % $1 as a) x`,
    [accounts],
  );
  // Last seen by the latest run (What changed's default compares against it) and the rollups' SLA clock now.
  await q(`update aws_accounts set last_collected_at = now() - interval '2 hours',
    last_collection_status = case when id::bigint % 50 = 0 then 'failed' else 'ok' end::unit_status`);
  await q(`select finding_rollup_rebuild(now())`);
  await q(`alter table account_daily reset (autovacuum_enabled)`);
  await q("vacuum analyze");
  return { ...base, seconds: ms(t0) / 1000 };
}

type Figure = {
  p50: number;
  p95: number;
  bareP50: number;
  bareP95: number;
  execP50: number;
  ratio: number;
  seqScans?: string[];
};
type Bench = ReturnType<typeof loggedDb>;

/**
 * Times a page's server reads: `phases` run one after the other as the page awaits them (each phase's
 * reads side by side). The bare SQL replays each phase's logged statements raw, side by side too.
 */
async function measure(b: Bench, name: string, phases: (() => Promise<unknown>)[], goalMs?: number): Promise<Figure> {
  const run = async () => {
    const logs: Statement[][] = [];
    for (const phase of phases) {
      await phase();
      logs.push(b.take());
    }
    return logs;
  };
  await run(); // warm
  await run();
  const plans = await explainStatements(b.pool, (await run()).flat());
  const times: number[] = [];
  const bare: number[] = [];
  const exec: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    b.take();
    const t0 = process.hrtime.bigint();
    const logs = await run();
    times.push(ms(t0));
    const b0 = process.hrtime.bigint();
    for (const statements of logs) await Promise.all(statements.map((q) => b.pool.query(q.sql, q.params)));
    bare.push(ms(b0));
    let executed = 0;
    for (const statements of logs) for (const q of statements) executed += (await bareMs(b.pool, q)).exec;
    exec.push(executed);
  }
  const fig: Figure = {
    p50: pct(times, 50),
    p95: pct(times, 95),
    bareP50: pct(bare, 50),
    bareP95: pct(bare, 95),
    execP50: pct(exec, 50),
    ratio: pct(times, 95) / pct(bare, 95),
  };
  const verdicts = [
    goalMs !== undefined ? `p95 ${fig.p95 <= goalMs ? "≤" : "MISSES"} ${goalMs} ms` : null,
    `ratio ${fig.ratio.toFixed(2)} ${fig.ratio <= GOALS.ratio ? "≤" : "MISSES"} ${GOALS.ratio}`,
  ].filter(Boolean);
  console.log(
    `${name.padEnd(34)} p50 ${f1(fig.p50).padStart(7)}  p95 ${f1(fig.p95).padStart(7)}  │ bare p50 ${f1(fig.bareP50).padStart(7)}  p95 ${f1(fig.bareP95).padStart(7)}  executor ${f1(fig.execP50).padStart(7)} │ ${verdicts.join(", ")}`,
  );
  for (const p of plans.slice(0, opts.explain ? 3 : 0))
    console.log(
      `    ${f1(p.exec).padStart(7)} ms  ${p.sql}${p.seqScans.length ? `  [seq scan: ${p.seqScans.join(", ")}]` : ""}`,
    );
  const seqScans = [...new Set(plans.flatMap((p) => p.seqScans))];
  if (seqScans.length) console.log(`    sequential scans over ≥ 10,000 rows: ${seqScans.join(", ")}`);
  return { ...fig, seqScans };
}

/** The Overview's server work as app/page.tsx does it: the headline, then its body's reads side by side. */
function overviewPhases(db: Db, scope: AccountScope) {
  return [
    () => getOverview(db, scope, now),
    () =>
      Promise.all([
        listScoreSeries(db, { scope, days: 90, now }),
        countOpenWeekAgo(db, { scope, now }),
        countOverdueBySeverity(db, { scope, now }),
        listAccountPosture(db, { scope, now }),
        countGuardDutyThreats(db, scope),
        summarizeRecentCost(db, { scope, days: 30, now }),
        countOpenActivityFindings(db, scope),
        countAccounts(db, { scope, filter: { collection: "failed" }, now }),
      ]),
  ];
}

/** app/accounts/[id]/page.tsx: the profile (scope check), then its body's twelve reads side by side. */
function accountPhases(db: Db, accountId: string) {
  const scope = scopeToAccounts([accountId]);
  const from = daysAgo(89, now);
  return [
    () => getAccountProfile(db, { scope: ALL_ACCOUNTS, accountId }),
    () =>
      Promise.all([
        getOverview(db, scope, now),
        listScoreSeries(db, { scope, accountId, days: 90, now }),
        listWeeklyFindingFlow(db, { scope, accountId, weeks: 12, now }),
        getRemediationStats(db, { scope, accountId, since: new Date(now.getTime() - 90 * 86_400_000), now }),
        listOpenFindingsByCheck(db, { scope, accountId, limit: 10 }),
        listDailyCostTotals(db, scope, { days: 90, now }),
        sumCost(db, scope, { from: daysAgo(29, now), to: daysAgo(0, now) }),
        listCostIncidents(db, scope, { limit: 20, accountId, from }),
        listGuardDutyCoverage(db, scope),
        searchGuardDutyFindings(db, { scope, filter: { account: accountId, archived: "active" }, limit: 500 }),
        listCanaryKeys(db, scope),
        listAccountCollections(db, { scope, accountId, limit: 10 }),
      ]),
  ];
}

/** app/timeline/page.tsx, default window, every kind (an admin: the whole organization, or one account). */
function timelinePhases(db: Db, account?: string) {
  const to = new Date(Date.parse(now.toISOString().slice(0, 10)) + 86_400_000);
  const from = new Date(to.getTime() - TIMELINE_DEFAULT_DAYS * 86_400_000);
  return [
    () =>
      Promise.all([
        listAccounts(db, ALL_ACCOUNTS),
        listTimelineTeams(db, { userId: "00000000-0000-4000-8000-000000000000", all: true }),
        listTimeline(db, {
          scope: ALL_ACCOUNTS,
          kinds: timelineKinds,
          from,
          to,
          account,
          activityChecks: activityRules.map((r) => r.id),
          limit: TIMELINE_PAGE_SIZE,
        }),
      ]),
  ];
}

/** app/changes/page.tsx by default: the latest collection against a week before it. */
function changesPhases(db: Db, account?: string) {
  const filter = { scope: ALL_ACCOUNTS, account };
  let latest: Date | null = null;
  return [
    async () => (latest = await latestCollectionDay(db, filter)),
    () => {
      const to = new Date();
      const from = new Date((latest ?? to).getTime() - CHANGES_DEFAULT_DAYS * 86_400_000);
      return Promise.all([
        listAccounts(db, ALL_ACCOUNTS),
        listTimelineTeams(db, { userId: "00000000-0000-4000-8000-000000000000", all: true }),
        listChanges(db, { ...filter, from, to, attributeChecks: categoryChecks, limit: CHANGES_LIST_LIMIT }),
      ]);
    },
  ];
}

/**
 * The worker's minute tick (lib/collector/worker.ts) that keeps the findings rollup's SLA clock current,
 * as a deployment runs it beside the pages: without it readers find the clock stale and count findings.
 */
function rollupTick(db: Db) {
  const tick = () => advanceFindingRollup(db, new Date(), { lockTimeoutMs: 2000 }).catch(() => null);
  const timer = setInterval(tick, 60_000);
  return { first: tick(), stop: () => clearInterval(timer) };
}

async function openSeeded(prefix: string, url: string | undefined, accounts: number, findingCount: number) {
  const created = url ? null : await createTestDatabase(prefix);
  const b = loggedDb(url ?? created!.url, POOL_MAX);
  // A kept database is brought to the current schema (indexes added since it was seeded).
  if (url) await migrate(drizzle({ client: b.pool, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_FOLDER });
  const seeded = url ? null : await seedDashboard(b.pool, b.db, accounts, findingCount);
  if (opts["seed-only"]) {
    console.log(`seeded, kept: ${url ?? created!.url}`);
    await b.pool.end();
    process.exit(0);
  }
  if (seeded)
    console.log(
      `seeded ${accounts} accounts × ${DAYS} days of rollups, ${seeded.findings.toLocaleString("en-US")} findings, ${seeded.events.toLocaleString("en-US")} events in ${f1(seeded.seconds)} s`,
    );
  // On an unlogged Db over the same pool: the tick's statements are no page's.
  const tick = rollupTick(drizzle({ client: b.pool, casing: "snake_case" }) as unknown as Db);
  await tick.first;
  const close = async () => {
    tick.stop();
    await b.pool.end();
    if (created && !opts.keep) await created.drop();
    else console.log(`database kept: ${url ?? created!.url}`);
  };
  return { b, seeded, close };
}

/**
 * `days` daily snapshots of `findings` findings over `accounts` accounts, written by writeAccountSnapshot:
 * each day 0.5% of them stop failing and as many new ones appear (1% changed). Then the app's tables
 * beside a compact copy (same columns and indexes) of the distinct findings and their events.
 */
async function storage(findingCount: number, days: number, accounts: number) {
  const created = await createTestDatabase("posture_bench_dashsnap");
  const b = loggedDb(created.url, 4);
  try {
    await seedOrgFindings(b.pool, b.db, { accounts, findings: 0 });
    const checkRows = await b.pool.query<{ id: string; default_severity: string }>(
      `select id, default_severity from checks order by id`,
    );
    const checkList = checkRows.rows;
    const perAccount = Math.ceil(findingCount / accounts);
    const churn = Math.max(1, Math.round(perAccount * 0.005));
    const accountIds = Array.from({ length: accounts }, (_, i) => String(100000000000 + i).padStart(12, "0"));
    const t0 = process.hrtime.bigint();
    for (let d = 0; d < days; d++) {
      const at = new Date(now.getTime() - (days - d) * 86_400_000);
      const runId = await createRun(b.db, {
        organizationId: BENCH_ORG_ID,
        trigger: "schedule",
        accountsTotal: accounts,
        now: at,
      });
      for (const accountId of accountIds) {
        await registerUnits(b.db, runId, accountId, ["global"]);
        const failed = Array.from({ length: perAccount }, (_, k) => {
          const i = d * churn + k; // a sliding window: the oldest `churn` resolve, `churn` new ones appear
          const check = checkList[i % checkList.length]!;
          return {
            checkId: check.id,
            region: "global",
            resourceId: `arn:aws:bench:::${accountId}/resource-${i}`,
            resourceType: "AWS::Bench::Resource",
            severity: check.default_severity as "high",
            evidence: { resource: `resource-${i}`, public: i % 2 === 0 },
          };
        });
        await writeAccountSnapshot(b.db, {
          runId,
          accountId,
          now: at,
          units: [
            {
              region: "global",
              status: "ok",
              startedAt: at,
              finishedAt: at,
              apiCalls: 1,
              throttledCalls: 0,
              resultsCount: failed.length,
            },
          ],
          failed,
          evaluated: checkList.map((c) => ({ checkId: c.id, region: "global" })),
        });
        b.take();
      }
      // A day passes between snapshots, time for autovacuum; back to back here, so vacuum as it would have.
      await b.pool.query("vacuum findings, finding_events, finding_group_counts, finding_region_counts, account_daily");
      if ((d + 1) % 30 === 0 || d === days - 1)
        console.log(`  snapshot day ${d + 1}/${days} written (${f1(ms(t0) / 1000)} s)`);
    }
    const writeSeconds = ms(t0) / 1000;
    await b.pool.query("vacuum analyze");
    await b.pool.query(`create table bench_baseline_findings (like findings including all)`);
    await b.pool.query(`insert into bench_baseline_findings select * from findings`);
    await b.pool.query(`create table bench_baseline_events (like finding_events including all)`);
    await b.pool.query(`insert into bench_baseline_events overriding system value select * from finding_events`);
    await b.pool.query("vacuum analyze bench_baseline_findings, bench_baseline_events");
    const size = async (tables: string[]) =>
      Number(
        (
          await b.pool.query<{ n: string }>(
            `select sum(pg_total_relation_size(t::regclass))::bigint as n from unnest($1::text[]) t`,
            [tables],
          )
        ).rows[0]!.n,
      );
    const rollups = [
      "account_daily",
      "compliance_daily",
      "finding_group_counts",
      "finding_region_counts",
      "check_account_stats",
    ];
    const app = await size(["findings", "finding_events", ...rollups]);
    const baseline = await size(["bench_baseline_findings", "bench_baseline_events"]);
    const counts = (
      await b.pool.query<{ f: string; e: string }>(
        `select (select count(*) from findings) as f, (select count(*) from finding_events) as e`,
      )
    ).rows[0]!;
    return {
      findings: findingCount,
      days,
      accounts,
      writeSeconds,
      distinctFindings: Number(counts.f),
      events: Number(counts.e),
      appMb: app / 2 ** 20,
      findingsMb: (await size(["findings"])) / 2 ** 20,
      eventsMb: (await size(["finding_events"])) / 2 ** 20,
      rollupsMb: (await size(rollups)) / 2 ** 20,
      baselineMb: baseline / 2 ** 20,
      ratio: app / baseline,
    };
  } finally {
    await b.pool.end();
    if (!opts.keep) await created.drop();
    else console.log(`snapshot database kept: ${created.url}`);
  }
}

async function pages() {
  const big = await openSeeded("posture_bench_dash", opts.url, ACCOUNTS, FINDINGS);
  results.seed = big.seeded;
  const sample = (
    await big.b.pool.query<{ id: string }>(
      `select account_id as id from findings where status in ('NEW','ACKNOWLEDGED') group by 1 order by count(*) desc limit 1`,
    )
  ).rows[0]!.id;
  console.log(
    `\n${ACCOUNTS} accounts (ms; bare = the same statements raw through pg, side by side as the page runs them)`,
  );
  const overview = await measure(big.b, "Overview", overviewPhases(big.b.db, ALL_ACCOUNTS), GOALS.overviewP95);
  results.overview = overview;
  const want = (page: string) => !opts.pages || opts.pages.split(",").includes(page);
  if (want("account"))
    results.account = await measure(big.b, `Account page (${sample})`, accountPhases(big.b.db, sample));
  if (want("timeline")) {
    results.timeline = await measure(big.b, "Timeline (organization)", timelinePhases(big.b.db));
    results.timelineAccount = await measure(big.b, "Timeline (one account)", timelinePhases(big.b.db, sample));
  }
  if (want("trends"))
    results.trends = await measure(
      big.b,
      "Trends, 2 years",
      [() => trendRead(big.b.db, ALL_ACCOUNTS)],
      GOALS.trendsP95,
    );
  if (want("changes")) {
    results.changes = await measure(big.b, "What changed (organization)", changesPhases(big.b.db));
    results.changesAccount = await measure(big.b, "What changed (one account)", changesPhases(big.b.db, sample));
  }
  await big.close();

  const small = await openSeeded("posture_bench_dash_small", opts["small-url"], SMALL_ACCOUNTS, SMALL_FINDINGS);
  console.log(`\n${SMALL_ACCOUNTS} accounts, ${SMALL_FINDINGS.toLocaleString("en-US")} findings`);
  const overviewSmall = await measure(small.b, "Overview", overviewPhases(small.b.db, ALL_ACCOUNTS), GOALS.overviewP95);
  await small.close();
  const scale = overview.p95 / overviewSmall.p95;
  results.overviewSmall = overviewSmall;
  results.overviewScale = scale;
  console.log(
    `Overview p95 at ${ACCOUNTS} vs ${SMALL_ACCOUNTS} accounts: ${scale.toFixed(2)}× ${scale <= GOALS.scale ? "≤" : "MISSES"} ${GOALS.scale}×`,
  );
}

const load0 = loadavg();
console.log(
  `bench:dashboard — ${cpus().length} CPUs, load average ${load0.map((l) => l.toFixed(1)).join(" / ")} at start (shared machine)`,
);
const results: Record<string, unknown> = {};
if (!opts["storage-only"]) await pages();

if (!opts["skip-storage"]) {
  const sf = Number(opts["snapshot-findings"]);
  const sd = Number(opts["snapshot-days"]);
  const scaled = sf !== 100_000 || sd !== 365;
  console.log(
    `\nstorage: ${sd} daily snapshots of ${sf.toLocaleString("en-US")} findings over ${opts["snapshot-accounts"]} accounts through writeAccountSnapshot${scaled ? " (SCALED DOWN from the issue's 365 × 100,000)" : ""}`,
  );
  const st = await storage(sf, sd, Number(opts["snapshot-accounts"]));
  results.storage = { ...st, scaledDown: scaled };
  console.log(
    `  written in ${f1(st.writeSeconds)} s; ${st.distinctFindings.toLocaleString("en-US")} distinct findings, ${st.events.toLocaleString("en-US")} events`,
  );
  console.log(
    `  findings ${f1(st.findingsMb)} MB + events ${f1(st.eventsMb)} MB + rollups ${f1(st.rollupsMb)} MB = ${f1(st.appMb)} MB vs compact copy ${f1(st.baselineMb)} MB: ${st.ratio.toFixed(2)}× ${st.ratio <= GOALS.storage ? "≤" : "MISSES"} ${GOALS.storage}×`,
  );
}

results.loadAverage = { start: load0, end: loadavg() };
console.log(
  `load average at end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")}`,
);
console.log(
  JSON.stringify({
    bench: "dashboard",
    accounts: ACCOUNTS,
    findings: FINDINGS,
    smallAccounts: SMALL_ACCOUNTS,
    runs: RUNS,
    goals: GOALS,
    ...results,
  }),
);
