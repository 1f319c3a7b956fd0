// `npm run bench:findings`: the Findings page's reads at 1,000 accounts and 1.5 million findings with two
// years of events, each timed through the app's query functions beside the bare SQL of the same statement
// (EXPLAIN ANALYZE execution time) in the same run. Figures and their history: bench/README.md.
import { parseArgs } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import pg from "pg";
import { catalogRows } from "@/lib/checks/catalog-rows";
import { allChecks } from "@/lib/checks/registry";
import { findingsFilter, type FindingsFilter } from "@/lib/contracts/findings-filter";
import type { FindingSort } from "@/lib/contracts/findings-list";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { MIGRATIONS_FOLDER } from "@/lib/db/migrations";
import * as schema from "@/lib/db/schema";
import { syncCheckCatalog } from "@/lib/db/queries/collection";
import { countFindingFacets, listFindingGroups, listFindingsPage } from "@/lib/db/queries/findings";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { exportChunks } from "@/lib/findings-export";
import { createTestDatabase } from "../test/postgres";
import { RssSampler } from "./lib/rss";

const { values: opts } = parseArgs({
  options: {
    accounts: { type: "string", default: "1000" },
    findings: { type: "string", default: "1500000" },
    runs: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
    url: { type: "string" },
    prefix: { type: "string", default: "posture_bench_findings" },
    /** Comma-separated sections to run (grouped, list, facets, detail, bulk, export); all by default. */
    only: { type: "string" },
  },
});
const ACCOUNTS = Number(opts.accounts);
const want = (section: string) => !opts.only || opts.only.split(",").includes(section);
const FINDINGS = Number(opts.findings);
const RUNS = Number(opts.runs);
const GOAL_MS = 60;
const GOAL_RATIO = 1.5;
const GOAL_ROWS_PER_S = 50_000;
const BULK = Math.min(10_000, Math.floor(FINDINGS / 20));

// Every statement the app runs goes through this logger, so the bare SQL is the very statement timed.
let logged: { sql: string; params: unknown[] }[] = [];
const created = opts.url ? null : await createTestDatabase(opts.prefix);
const url = opts.url ?? created!.url;
const pool = new pg.Pool({ connectionString: url, max: 4 });
const db = drizzle({
  client: pool,
  schema,
  casing: "snake_case",
  logger: { logQuery: (q, params) => logged.push({ sql: q, params }) },
}) as unknown as Db;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const f1 = (x: number) => x.toFixed(1);

async function seed() {
  const client = await pool.connect();
  try {
    const t0 = process.hrtime.bigint();
    await migrate(drizzle({ client, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_FOLDER });
    await syncCheckCatalog(db, catalogRows(allChecks));
    await client.query(
      `insert into organizations (id, name, discovery_mode) values ('00000000-0000-4000-8000-0000000000b1', 'Bench org', 'configured')`,
    );
    await client.query(`insert into organizational_units (id, organization_id, parent_id, name, path) values
      ('r-bench', '00000000-0000-4000-8000-0000000000b1', null, 'Root', 'Root'),
      ('ou-bench-prod', '00000000-0000-4000-8000-0000000000b1', 'r-bench', 'Prod', 'Root/Prod'),
      ('ou-bench-nonprod', '00000000-0000-4000-8000-0000000000b1', 'r-bench', 'Non-prod', 'Root/Non-prod')`);
    await client.query(
      `insert into aws_accounts (id, organization_id, name, email, environment, ou_id, ou_path)
       select lpad((100000000000 + i)::text, 12, '0'), '00000000-0000-4000-8000-0000000000b1', 'acct-' || lpad(i::text, 4, '0'),
              'acct-' || i || '@example.com',
              (array['prod','staging','dev','dev','other'])[1 + i % 5]::environment,
              case when i % 5 = 0 then 'ou-bench-prod' else 'ou-bench-nonprod' end,
              case when i % 5 = 0 then 'Root/Prod' else 'Root/Non-prod' end
       from generate_series(0, $1 - 1) i`,
      [ACCOUNTS],
    );
    // Bulk loads go faster into bare tables: secondary indexes are dropped here and rebuilt after.
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where tablename in ('findings', 'finding_events')
         and indexname not in ('findings_pkey', 'finding_events_pkey')`,
    );
    for (const ix of indexes.rows) await client.query(`drop index "${ix.indexname}"`);
    // Findings: a check, account and region per row; 30% open, 5% suppressed, the rest resolved; first
    // seen across two years; open ones carry a due date from their severity (some overdue).
    await client.query(
      `with c as (select row_number() over (order by id) - 1 as n, id, default_severity, service from checks),
            nc as (select count(*) as n from checks)
       insert into findings (id, check_id, account_id, region, resource_id, resource_type, severity, status, evidence,
                             first_seen_at, last_seen_at, status_changed_at, resolved_at, due_at, reopen_count)
       select encode(sha256(('bench-' || i)::bytea), 'hex'), c.id,
              lpad((100000000000 + (i / nc.n) % $2)::text, 12, '0'),
              (array['us-east-1','us-east-2','us-west-2','eu-west-1','eu-central-1','ap-southeast-2','global'])[1 + i % 7],
              'arn:aws:' || c.service || ':::resource-' || i, 'AWS::' || upper(c.service) || '::Resource',
              case when ((i / nc.n) % $2) % 5 = 0 and c.default_severity in ('high','medium') then 'critical'::severity else c.default_severity end,
              s.status::finding_status,
              jsonb_build_object('resource', 'resource-' || i, 'public', i % 2 = 0, 'note', md5(i::text)),
              fs, ls, ls, case when s.status = 'RESOLVED' then ls end,
              case when s.status in ('NEW','ACKNOWLEDGED') then fs + ((array[7,30,90,180,365])[1 + i % 5] || ' days')::interval end,
              0
       from generate_series(0, $1 - 1) i
       cross join nc
       join c on c.n = i % nc.n
       cross join lateral (select now() - ((i::bigint * 7919) % 730 || ' days')::interval - ((i % 86400) || ' seconds')::interval as fs) f
       cross join lateral (select least(now(), fs + ((i % 400) || ' days')::interval) as ls) l
       cross join lateral (select case when i % 20 < 5 then 'NEW' when i % 20 = 5 then 'ACKNOWLEDGED'
                                        when i % 20 = 6 then 'SUPPRESSED' else 'RESOLVED' end as status) s`,
      [FINDINGS, ACCOUNTS],
    );
    // 300 people; a tenth of the open findings assigned to one of them.
    await client.query(`insert into users (email, name, role, role_source)
      select 'person-' || i || '@example.com', 'Person ' || i, 'triager', 'manual' from generate_series(1, 300) i`);
    await client.query(`update findings set assignee_id = u.id
      from (select id, row_number() over (order by email) as n from users) u
      where findings.status in ('NEW', 'ACKNOWLEDGED') and abs(hashtext(findings.id)) % 10 = 0
        and u.n = 1 + abs(hashtext(findings.id)) % 300`);
    // Events: detection for every finding, then acknowledgement, suppression or resolution where it applies.
    await client.query(`insert into finding_events (finding_id, occurred_at, kind, from_status, to_status)
      select id, first_seen_at, 'status', null, 'NEW' from findings`);
    await client.query(`insert into finding_events (finding_id, occurred_at, kind, from_status, to_status)
      select id, status_changed_at,
'status', 'NEW', status
      from findings where status <> 'NEW'`);
    for (const ix of indexes.rows) await client.query(ix.indexdef);
    await client.query("vacuum analyze");
    const counts = await client.query<{ findings: string; events: string }>(
      "select (select count(*) from findings) as findings, (select count(*) from finding_events) as events",
    );
    return {
      seconds: ms(t0) / 1000,
      findings: Number(counts.rows[0]!.findings),
      events: Number(counts.rows[0]!.events),
    };
  } finally {
    client.release();
  }
}

/** The same statement sent raw through pg (round trip, no mapping), and Postgres's own execution time. */
async function bareMs(q: { sql: string; params: unknown[] }): Promise<{ raw: number; exec: number }> {
  const t0 = process.hrtime.bigint();
  await pool.query(q.sql, q.params);
  const raw = ms(t0);
  const res = await pool.query<{ "QUERY PLAN": [{ "Execution Time": number; "Planning Time": number }] }>(
    `explain (analyze, format json) ${q.sql}`,
    q.params,
  );
  return { raw, exec: res.rows[0]!["QUERY PLAN"][0]["Execution Time"] };
}

type Figure = { p50: number; p95: number; bareP50: number; bareP95: number; execP50: number; execP95: number };

async function measure(name: string, fn: () => Promise<unknown>, goal = true): Promise<Figure> {
  await fn(); // warm
  logged = [];
  const times: number[] = [];
  const bare: number[] = [];
  const exec: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(ms(t0));
    const statements = logged;
    logged = [];
    let raw = 0;
    let executed = 0;
    for (const q of statements) {
      const b = await bareMs(q);
      raw += b.raw;
      executed += b.exec;
    }
    bare.push(raw);
    exec.push(executed);
  }
  const fig = {
    p50: pct(times, 50),
    p95: pct(times, 95),
    bareP50: pct(bare, 50),
    bareP95: pct(bare, 95),
    execP50: pct(exec, 50),
    execP95: pct(exec, 95),
  };
  const verdict = goal
    ? fig.p95 <= GOAL_MS && fig.p95 <= GOAL_RATIO * fig.bareP95
      ? "meets goal"
      : `MISSES goal (p95 ≤ ${GOAL_MS} ms and ≤ ${GOAL_RATIO}× bare)`
    : "";
  console.log(
    `${name.padEnd(40)} p50 ${f1(fig.p50).padStart(7)} ms  p95 ${f1(fig.p95).padStart(7)} ms   bare SQL p50 ${f1(fig.bareP50).padStart(7)} ms  p95 ${f1(fig.bareP95).padStart(7)} ms (executor p50 ${f1(fig.execP50)} ms)  ${verdict}`,
  );
  return fig;
}

const seeded = opts.url ? null : await seed();
if (seeded)
  console.log(
    `bench:findings — seeded ${seeded.findings.toLocaleString("en-US")} findings, ${seeded.events.toLocaleString("en-US")} events, ${ACCOUNTS} accounts in ${f1(seeded.seconds)} s`,
  );
const now = new Date();
const open: FindingsFilter = { status: ["NEW", "ACKNOWLEDGED"] };
const read = { filter: open, userId: null, now };
const results: Record<string, unknown> = {};

if (want("grouped")) {
  results.grouped = await measure("grouped view (by check, open)", () =>
    listFindingGroups(db, ALL_ACCOUNTS, { ...read, by: "check", limit: 500 }),
  );
  results.groupedByAccount = await measure("grouped view (by account, open)", () =>
    listFindingGroups(db, ALL_ACCOUNTS, { ...read, by: "account", limit: 500 }),
  );
  // A team's view: every tenth account (100 of 1,000), the rollup's per-account rows only.
  const team = scopeToAccounts(
    Array.from({ length: Math.ceil(ACCOUNTS / 10) }, (_, i) => String(100000000000 + i * 10).padStart(12, "0")),
  );
  results.groupedTeam = await measure("grouped view (by check, open, a team)", () =>
    listFindingGroups(db, team, { ...read, by: "check", limit: 500 }),
  );
}
if (want("list")) {
  const page = (filter: FindingsFilter, sort: FindingSort, after?: readonly string[]) =>
    listFindingsPage(db, ALL_ACCOUNTS, { filter, userId: null, now, sort, after, limit: 50 });
  results.listFirst = await measure("flat list, first page (open, severity)", () => page(open, "severity"));
  const three = findingsFilter.parse({
    status: ["NEW", "ACKNOWLEDGED"],
    environment: ["prod"],
    severity: ["critical", "high"],
    region: ["eu-west-1", "us-east-1"],
  });
  let deep: readonly string[] | undefined;
  for (let i = 0; i < 40; i++) deep = (await page(three, "lastSeen", deep)).next ?? deep;
  results.listDeep = await measure("flat list, page 41 (3 filters, last seen)", () => page(three, "lastSeen", deep));
}
if (want("facets")) {
  results.facets = await measure("facet counts (open)", () => countFindingFacets(db, ALL_ACCOUNTS, read), false);
}

if (want("detail")) {
  // The detail page (helper T builds it): the finding, its history and other resources failing the check.
  const [sample] = await db
    .select({ id: schema.findings.id, checkId: schema.findings.checkId })
    .from(schema.findings)
    .where(eq(schema.findings.status, "ACKNOWLEDGED"))
    .limit(1);
  results.detail = await measure(
    "detail page (finding, events, same check)",
    async () => {
      await db
        .select()
        .from(schema.findings)
        .innerJoin(schema.checks, eq(schema.checks.id, schema.findings.checkId))
        .innerJoin(schema.awsAccounts, eq(schema.awsAccounts.id, schema.findings.accountId))
        .where(eq(schema.findings.id, sample!.id));
      await db
        .select()
        .from(schema.findingEvents)
        .where(eq(schema.findingEvents.findingId, sample!.id))
        .orderBy(asc(schema.findingEvents.occurredAt));
      await db
        .select({ id: schema.findings.id, resourceId: schema.findings.resourceId })
        .from(schema.findings)
        .where(
          and(
            eq(schema.findings.checkId, sample!.checkId),
            inArray(schema.findings.status, ["NEW", "ACKNOWLEDGED"]),
            ne(schema.findings.id, sample!.id),
          ),
        )
        .orderBy(desc(schema.findings.lastSeenAt))
        .limit(20);
    },
    false,
  );
}
if (want("bulk")) {
  // Bulk acknowledge of 10,000 open findings: one UPDATE and their events in one transaction.
  const bulkTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    await db.transaction(async (tx) => {
      const ids = tx
        .select({ id: schema.findings.id })
        .from(schema.findings)
        .where(eq(schema.findings.status, "NEW"))
        .limit(BULK);
      const changed = await tx
        .update(schema.findings)
        .set({ status: "ACKNOWLEDGED", statusChangedAt: now })
        .where(inArray(schema.findings.id, ids))
        .returning({ id: schema.findings.id });
      await tx.execute(sql`insert into finding_events (finding_id, occurred_at, kind, from_status, to_status, note)
      select id, ${now.toISOString()}::timestamptz, 'status', 'NEW', 'ACKNOWLEDGED', 'bench bulk acknowledge'
      from unnest(${`{${changed.map((c) => c.id).join(",")}}`}::text[]) as id`);
      if (changed.length !== BULK) throw new Error(`bulk acknowledge changed ${changed.length}`);
    });
    bulkTimes.push(ms(t0));
  }
  results.bulkAcknowledge = { findings: BULK, p50: pct(bulkTimes, 50), max: Math.max(...bulkTimes) };
  console.log(
    `${`bulk acknowledge ${BULK.toLocaleString("en-US")} (1 transaction)`.padEnd(40)} p50 ${f1(pct(bulkTimes, 50)).padStart(7)} ms  max ${f1(Math.max(...bulkTimes))} ms (3 runs)`,
  );
}
if (want("export")) {
  // Full CSV export through the route's code path (exportChunks: a server cursor, 10,000 lines per FETCH,
  // each line written by Postgres), bytes counted, not kept.
  const rss = new RssSampler().start(50);
  const rssBefore = process.memoryUsage().rss;
  let rows = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for await (const chunk of exportChunks(
    db,
    ALL_ACCOUNTS,
    { filter: {}, userId: null, now, sort: "severity", batch: 10_000, format: "csv" },
    { version: "bench" },
  )) {
    bytes += Buffer.byteLength(chunk);
    for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) rows++;
  }
  rows -= 1; // the header
  const exportS = ms(t0) / 1000;
  const mem = rss.stop();
  const bareExport = await pool.query<{ "QUERY PLAN": [{ "Execution Time": number }] }>(
    `explain (analyze, format json) select f.*, c.title, c.service, a.name, a.environment from findings f join checks c on c.id = f.check_id join aws_accounts a on a.id = f.account_id`,
  );
  const bareExportS = bareExport.rows[0]!["QUERY PLAN"][0]["Execution Time"] / 1000;
  results.exportCsv = {
    rows,
    seconds: exportS,
    rowsPerSecond: rows / exportS,
    megabytes: bytes / 2 ** 20,
    rssBeforeMb: rssBefore / 2 ** 20,
    rssPeakMb: mem.peakBytes / 2 ** 20,
    bareScanRowsPerSecond: rows / bareExportS,
  };
  console.log(
    `${"full CSV export (lines from Postgres)".padEnd(40)} ${rows.toLocaleString("en-US")} rows in ${f1(exportS)} s = ${Math.round(rows / exportS).toLocaleString("en-US")} rows/s (${f1(bytes / 2 ** 20)} MB); RSS ${f1(rssBefore / 2 ** 20)} → peak ${f1(mem.peakBytes / 2 ** 20)} MB; bare scan ${Math.round(rows / bareExportS).toLocaleString("en-US")} rows/s  ${rows / exportS >= GOAL_ROWS_PER_S ? "meets goal" : `MISSES goal (≥ ${GOAL_ROWS_PER_S} rows/s)`}`,
  );
}
await pool.end();
if (created && !opts.keep) await created.drop();
else console.log(`database kept: ${url}`);
console.log(
  JSON.stringify({ bench: "findings", accounts: ACCOUNTS, findings: FINDINGS, runs: RUNS, seed: seeded, ...results }),
);
