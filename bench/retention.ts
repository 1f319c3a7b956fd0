// `npm run bench:retention`: the retention purge on a PostgreSQL database of its own, seeded with old
// and recent history; prints the preview's time, the purge's rows per second, and how long readers and
// a triage-like writer waited while it ran, beside the same reads before it. Ends with one JSON line.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../lib/db/open";
import { defaultRetentionSettings } from "../lib/domain/retention";
import { previewRetention, runRetentionPurge } from "../lib/settings/retention";
import { createTestDatabase } from "../test/postgres";

const { values: args } = parseArgs({
  options: {
    findings: { type: "string", default: "100000" },
    events: { type: "string", default: "4" },
    audit: { type: "string", default: "300000" },
    trail: { type: "string", default: "200000" },
  },
});
const OLD_FINDINGS = Number(args.findings);
const EVENTS_EACH = Number(args.events);
const OLD_AUDIT = Number(args.audit);
const OLD_TRAIL = Number(args.trail);
// A reader never waits on the purge's locks: its p95 during the purge stays within this of its own baseline.
const READER_P95_RATIO_BOUND = 1.5;

const database = await createTestDatabase("retention_bench");
const handle = await openDatabase({ url: database.url, poolMax: 4 });
const db = handle.db;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};
const ms = (x: number) => Math.round(x * 10) / 10;

try {
  const t0 = performance.now();
  await db.execute(sql`insert into organizations (id, name, discovery_mode)
    values ('00000000-0000-4000-8000-0000000000b1', 'bench', 'organizations')`);
  await db.execute(sql`insert into aws_accounts (id, organization_id, name)
    select (100000000000 + i)::text, '00000000-0000-4000-8000-0000000000b1', 'acct-' || i from generate_series(1, 100) i`);
  await db.execute(sql`insert into checks (id, title, description, service, default_severity, scope, remediation)
    values ('bench_check', 'Bench', 'Bench', 'iam', 'medium', 'regional', '{"steps":[]}')`);
  // Long-resolved findings (go) and open ones (stay), each with its events.
  await db.execute(sql`insert into findings (id, check_id, account_id, region, resource_id, resource_type, severity,
      status, first_seen_at, resolved_at)
    select 'old-' || i, 'bench_check', (100000000001 + i % 100)::text, 'us-east-1', 'r-' || i, 'AWS::Bench', 'medium',
      'RESOLVED', now() - interval '900 days', now() - interval '400 days' - (i % 300) * interval '1 day'
    from generate_series(1, ${OLD_FINDINGS}) i`);
  await db.execute(sql`insert into findings (id, check_id, account_id, region, resource_id, resource_type, severity,
      status, first_seen_at)
    select 'open-' || i, 'bench_check', (100000000001 + i % 100)::text, 'us-east-1', 'o-' || i, 'AWS::Bench', 'high',
      'NEW', now() - interval '900 days'
    from generate_series(1, ${OLD_FINDINGS / 2}) i`);
  await db.execute(sql`insert into finding_events (finding_id, kind, occurred_at)
    select f.id, 'status', now() - interval '800 days' + e * interval '1 day'
    from findings f, generate_series(1, ${EVENTS_EACH}) e`);
  await db.execute(sql`insert into audit_log (action, outcome, occurred_at)
    select 'bench.entry', 'success', now() - interval '731 days' - (i % 1000) * interval '1 hour'
    from generate_series(1, ${OLD_AUDIT}) i`);
  await db.execute(sql`insert into audit_log (action, outcome, occurred_at)
    select 'bench.recent', 'success', now() - (i % 1000) * interval '1 hour' from generate_series(1, ${OLD_AUDIT / 3}) i`);
  await db.execute(sql`insert into cloudtrail_events (id, account_id, region, event_time, event_name, event_source)
    select 'ev-' || i, (100000000001 + i % 100)::text, 'us-east-1',
      now() - interval '366 days' - (i % 500) * interval '1 hour', 'ConsoleLogin', 'signin.amazonaws.com'
    from generate_series(1, ${OLD_TRAIL}) i`);
  await db.execute(sql`analyze`);
  const seedSeconds = (performance.now() - t0) / 1000;

  const now = new Date();
  const p0 = performance.now();
  const preview = await previewRetention(db, { settings: defaultRetentionSettings, now });
  const previewMs = performance.now() - p0;
  const expected = preview.reduce((n, k) => n + k.total, 0);

  // What pages do meanwhile: the open findings of an account, the audit log's first page, an investigation.
  const read = async (i: number) => {
    const account = String(100000000001 + (i % 100));
    await db.execute(
      sql`select count(*) from findings where account_id = ${account} and status in ('NEW', 'ACKNOWLEDGED')`,
    );
    await db.execute(sql`select id from audit_log order by occurred_at desc limit 50`);
    await db.execute(
      sql`select id from cloudtrail_events where account_id = ${account} order by event_time desc limit 50`,
    );
  };
  const write = (i: number) =>
    db.execute(
      sql`update findings set status = 'ACKNOWLEDGED', status_changed_at = now() where id = ${"open-" + (1 + (i % 1000))}`,
    );
  const measure = async (until: () => boolean, minRounds: number) => {
    const reads: number[] = [];
    const writes: number[] = [];
    for (let i = 0; reads.length < minRounds || !until(); i++) {
      let t = performance.now();
      await read(i);
      reads.push(performance.now() - t);
      t = performance.now();
      await write(i);
      writes.push(performance.now() - t);
    }
    return { reads, writes };
  };
  const baseline = await measure(() => true, 200);

  let done = false;
  const q0 = performance.now();
  const purging = runRetentionPurge(db, { now, trigger: "manual", requestedBy: "bench" }).finally(() => {
    done = true;
  });
  const during = await measure(() => done, 1);
  const record = await purging;
  const purgeSeconds = (performance.now() - q0) / 1000;
  const deleted = Object.values(record.deleted).reduce((n, d) => n + d, 0);

  const figures = {
    rows: { oldFindings: OLD_FINDINGS, eventsEach: EVENTS_EACH, oldAudit: OLD_AUDIT, oldTrail: OLD_TRAIL },
    seedSeconds: ms(seedSeconds),
    previewMs: ms(previewMs),
    previewRows: expected,
    deletedRows: deleted,
    previewEqualsDeleted: expected === deleted,
    batches: record.batches,
    purgeSeconds: ms(purgeSeconds),
    rowsPerSecond: Math.round(deleted / purgeSeconds),
    readerMs: {
      baselineP50: ms(pct(baseline.reads, 50)),
      baselineP95: ms(pct(baseline.reads, 95)),
      duringP50: ms(pct(during.reads, 50)),
      duringP95: ms(pct(during.reads, 95)),
      duringMax: ms(Math.max(...during.reads)),
      duringSamples: during.reads.length,
    },
    writerMs: {
      baselineP95: ms(pct(baseline.writes, 95)),
      duringP95: ms(pct(during.writes, 95)),
      duringMax: ms(Math.max(...during.writes)),
    },
    readerP95Ratio: Math.round((pct(during.reads, 95) / pct(baseline.reads, 95)) * 100) / 100,
    readerP95RatioBound: READER_P95_RATIO_BOUND,
    loadavg: (await import("node:os")).loadavg().map((x) => Math.round(x * 100) / 100),
  };
  console.log(`seeded in ${figures.seedSeconds} s (machine load ${figures.loadavg.join(" ")})`);
  console.log(`preview: ${expected} rows in ${figures.previewMs} ms`);
  console.log(
    `purge: ${deleted} rows in ${figures.purgeSeconds} s (${figures.rowsPerSecond} rows/s, ${record.batches} batches); preview = deleted: ${figures.previewEqualsDeleted}`,
  );
  console.log(
    `readers: p95 ${figures.readerMs.duringP95} ms during the purge (max ${figures.readerMs.duringMax}) vs ${figures.readerMs.baselineP95} ms before: ratio ${figures.readerP95Ratio}, bound ${READER_P95_RATIO_BOUND}`,
  );
  console.log(
    `triage writer: p95 ${figures.writerMs.duringP95} ms during (max ${figures.writerMs.duringMax}) vs ${figures.writerMs.baselineP95} ms before`,
  );
  console.log(JSON.stringify({ bench: "retention", ...figures }));
  if (!figures.previewEqualsDeleted || record.error) process.exitCode = 1;
} finally {
  await handle.close();
  await database.drop();
}
