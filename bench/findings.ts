// `npm run bench:findings`: the Findings page's reads at 1,000 accounts and 1.5 million findings with two
// years of events, each timed through the app's query functions beside the bare SQL of the same statement
// (EXPLAIN ANALYZE execution time) in the same run. Figures and their history: bench/README.md.
import { parseArgs } from "node:util";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { findingsFilter, type FindingsFilter } from "@/lib/contracts/findings-filter";
import type { FindingSort } from "@/lib/contracts/findings-list";
import * as schema from "@/lib/db/schema";
import { countFindingFacets, listFindingGroups, listFindingsPage } from "@/lib/db/queries/findings";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import { exportChunks } from "@/lib/findings-export";
import { createTestDatabase } from "../test/postgres";
import { RssSampler } from "./lib/rss";
import { seedOrgFindings } from "./lib/seed-findings";
import { bareMs, f1, loggedDb, ms, pct } from "./lib/timing";

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
const created = opts.url ? null : await createTestDatabase(opts.prefix);
const url = opts.url ?? created!.url;
const { pool, db, take } = loggedDb(url, 4);

type Figure = { p50: number; p95: number; bareP50: number; bareP95: number; execP50: number; execP95: number };

async function measure(name: string, fn: () => Promise<unknown>, goal = true): Promise<Figure> {
  await fn(); // warm
  take();
  const times: number[] = [];
  const bare: number[] = [];
  const exec: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(ms(t0));
    const statements = take();
    let raw = 0;
    let executed = 0;
    for (const q of statements) {
      const b = await bareMs(pool, q);
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

const seeded = opts.url ? null : await seedOrgFindings(pool, db, { accounts: ACCOUNTS, findings: FINDINGS });
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
