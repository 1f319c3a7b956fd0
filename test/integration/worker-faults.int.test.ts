import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { desc, eq, gt, inArray, sql } from "drizzle-orm";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cancelRun } from "@/lib/db/queries/collection";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { QUEUES, startBoss } from "@/lib/jobs/queues";
import {
  bundleWorker,
  spawnWorker,
  startCluster,
  startMoto,
  type Cluster,
  type Moto,
  type WorkerProcess,
} from "../processes";
import { until } from "../until";

// Workers as `npm run worker` runs them, killed, stopped and cut off from their database mid-run,
// against an AWS emulator and a PostgreSQL cluster of this file's own. Each run must end with every
// unit closed with a code and the same findings (and finding events) as a clean run.

// moto answers slowly on a busy machine (a clean run of these 7 accounts took 10–25 s here).
vi.setConfig({ testTimeout: 300_000 });
const ACCOUNTS = 6;
const CLAIM_TIMEOUT_MS = 4_000;
const creds = { accessKeyId: "testing", secretAccessKey: "testing" };
let cluster: Cluster;
let moto: Moto;
let handle: DatabaseHandle;
let boss: PgBoss;
let workers: WorkerProcess[] = [];
let clean: { findings: string; events: number };
let cleanStatus: string;
const orgAccounts: string[] = [];

function workerEnv(extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: cluster.url,
    AWS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    POSTURE_REGIONS: "us-east-1",
    POSTURE_CLAIM_TIMEOUT_MS: String(CLAIM_TIMEOUT_MS),
    POSTURE_SCHEDULE: "off",
    POSTURE_ACCOUNT_CONCURRENCY: "8",
    LOG_LEVEL: "warn",
    ...extra,
  };
}

function startWorker(extra: Record<string, string> = {}) {
  const w = spawnWorker(workerEnv(extra));
  workers.push(w);
  return w;
}

let dumped = 0;
async function stopAll() {
  for (const w of workers)
    writeFileSync(`/tmp/worker-faults-${++dumped}.log`, w.logs.map((l) => JSON.stringify(l)).join("\n"));
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
}

beforeAll(async () => {
  [cluster, moto] = await Promise.all([startCluster(), startMoto()]);
  const org = new OrganizationsClient({ region: "us-east-1", endpoint: moto.url, credentials: creds });
  await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  for (let i = 0; i < ACCOUNTS; i++) {
    const out = await org.send(new CreateAccountCommand({ AccountName: `w${i}-dev`, Email: `w${i}@example.com` }));
    orgAccounts.push(out.CreateAccountStatus!.AccountId!);
  }
  // SSH open to the world in one member account: a finding each run must agree on.
  const sts = new STSClient({ region: "us-east-1", endpoint: moto.url, credentials: creds });
  const role = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${orgAccounts[0]}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "setup",
    }),
  );
  const c = role.Credentials!;
  const ec2 = new EC2Client({
    region: "us-east-1",
    endpoint: moto.url,
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
  });
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "bastion", Description: "bastion" })))
    .GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg,
      IpProtocol: "tcp",
      FromPort: 22,
      ToPort: 22,
      CidrIp: "0.0.0.0/0",
    }),
  );
  await bundleWorker();
  handle = await openDatabase({ url: cluster.url });
  boss = await startBoss(cluster.url);

  // The clean run every fault run is compared with.
  startWorker();
  const run = await runToEnd(await enqueue());
  expect(run.status).not.toBe("stuck");
  cleanStatus = run.status;
  clean = await findingState();
  expect(clean.events).toBeGreaterThan(0);
  await stopAll();
}, 180_000);

afterEach(async () => {
  await stopAll();
  // A failed test must not leave its run open: the next one would be refused as a second run.
  const open = await handle.db
    .select({ id: s.collectionRuns.id })
    .from(s.collectionRuns)
    .where(inArray(s.collectionRuns.status, ["queued", "running"]));
  for (const r of open) await cancelRun(handle.db, r.id, { by: "test cleanup" });
});
afterAll(async () => {
  await stopAll();
  await boss?.stop({ graceful: false, wait: true }).catch(() => {});
  await handle?.close().catch(() => {});
  cluster?.stop();
  await moto?.stop();
});

async function enqueue(): Promise<Date> {
  const since = new Date();
  await boss.send(QUEUES.run, { trigger: "manual" });
  return since;
}

async function runAfter(since: Date) {
  const [run] = await handle.db
    .select()
    .from(s.collectionRuns)
    .where(gt(s.collectionRuns.createdAt, since))
    .orderBy(desc(s.collectionRuns.createdAt))
    .limit(1);
  return run;
}

async function runToEnd(since: Date, timeoutMs = 150_000) {
  return until(
    async () => {
      const run = await runAfter(since).catch(() => undefined);
      return run?.finishedAt ? run : null;
    },
    { timeoutMs, everyMs: 100 },
  );
}

async function activeJobs(runId?: string): Promise<number> {
  const { rows } = (await handle.db.execute(
    sql`select count(*)::int as n from pgboss.job where name = ${QUEUES.account} and state = 'active'
        and (${runId ?? null}::text is null or data->>'runId' = ${runId ?? null})`,
  )) as unknown as { rows: { n: number }[] };
  return rows[0]!.n;
}

/** Open findings with their severity, and how many finding events exist. */
async function findingState() {
  const rows = await handle.db
    .select({ id: s.findings.id, status: s.findings.status, severity: s.findings.severity })
    .from(s.findings)
    .where(inArray(s.findings.accountId, orgAccounts))
    .orderBy(s.findings.id);
  const [events] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(s.findingEvents);
  return { findings: JSON.stringify(rows), events: events!.n };
}

/** The worker's "test pause reached" lines at `point` (lib/collector/test-pause.ts). */
function paused(w: WorkerProcess, point: string) {
  return w.logs.filter((l) => l.msg === "test pause reached" && l.point === point);
}

let releases = 0;
/** A path that releases paused workers once written; it does not exist yet. */
function releaseFile(): string {
  return path.join(cluster.dir, `release-${++releases}`);
}

/** Transactions open on the cluster (a killed worker's, until PostgreSQL notices it is gone). */
async function openTransactions(): Promise<number> {
  const { rows } = (await handle.db.execute(
    sql`select count(*)::int as n from pg_stat_activity where state like 'idle in transaction%'`,
  )) as unknown as { rows: { n: number }[] };
  return rows[0]!.n;
}

/** Every unit of the run ended, and each one that is not ok says why. */
async function expectUnitsClosed(runId: string, opts: { someUnits?: boolean } = {}) {
  const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, runId));
  // A run cancelled before its accounts registered their units has none.
  if (opts.someUnits !== false) expect(units.length).toBeGreaterThan(0);
  for (const u of units) {
    expect(["pending", "running"]).not.toContain(u.status);
    if (u.status !== "ok") expect(u.errorCode, `${u.accountId}/${u.region} ${u.status}`).toBeTruthy();
  }
  const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
  expect(run!.unitsDone).toBe(units.length);
  expect(run!.unitsTotal).toBe(units.length);
  return units;
}

describe("a worker killed (SIGKILL) while it holds every account job", () => {
  it("loses its claims within the claim timeout; the idle worker finishes the run with the same findings", async () => {
    const a = startWorker();
    const since = await enqueue();
    const run = await until(() => runAfter(since), { timeoutMs: 30_000, everyMs: 50 });
    await until(async () => (await activeJobs(run.id)) >= ACCOUNTS, { timeoutMs: 30_000, everyMs: 20 });
    const b = startWorker();
    await until(() => b.logs.length > 0 || true, { timeoutMs: 1_000 });
    a.child.kill("SIGKILL");
    const killedAt = Date.now();
    const ended = await runToEnd(since);
    const recovery = Date.now() - killedAt;
    expect(ended.status).not.toBe("stuck");
    // The goal: the dead worker's accounts finish on the others within 3 minutes (about 25 s here).
    expect(recovery).toBeLessThan(180_000);
    await expectUnitsClosed(ended.id);
    expect(b.logs.some((l) => l.msg === "account job retried")).toBe(true);
    expect(await findingState()).toEqual(clean);
  });
});

describe("a worker killed between its units' write and the snapshot's commit", () => {
  it("leaves no half-written account visible, and another worker writes it whole", async () => {
    // The worker stops inside an account's snapshot transaction, after its units, findings, rollup and the
    // run's progress are written and before the commit; the other accounts queue behind its lock on the run.
    const a = startWorker({ POSTURE_TEST_PAUSE_AT: "snapshot-commit" });
    const since = await enqueue();
    const run = await until(() => runAfter(since), { timeoutMs: 30_000, everyMs: 20 });
    await until(() => paused(a, "snapshot-commit").length > 0, { timeoutMs: 150_000, everyMs: 20 });
    a.child.kill("SIGKILL");
    await a.exited;
    // PostgreSQL rolls back a transaction once it sees its connection closed.
    await until(async () => (await openTransactions()) === 0, { timeoutMs: 30_000, everyMs: 50 });

    const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, run.id));
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(u.status, `${u.accountId}/${u.region}`).toBe("running");
    const written = await handle.db
      .select({ id: s.findings.id })
      .from(s.findings)
      .where(eq(s.findings.lastRunId, run.id));
    expect(written).toEqual([]);
    const events = await handle.db
      .select({ id: s.findingEvents.id })
      .from(s.findingEvents)
      .where(eq(s.findingEvents.runId, run.id));
    expect(events).toEqual([]);
    const [open] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, run.id));
    expect(open!.unitsDone).toBe(0);

    const b = startWorker();
    const done = await runToEnd(since);
    expect(done.status).not.toBe("stuck");
    await expectUnitsClosed(done.id);
    expect(b.logs.some((l) => l.msg === "account job retried")).toBe(true);
    expect(await findingState()).toEqual(clean);
  });
});

describe("a worker stopped with SIGTERM mid-run", () => {
  it("finishes the accounts it holds within the graceful-stop window and exits 0", async () => {
    const a = startWorker();
    const since = await enqueue();
    const run = await until(() => runAfter(since), { timeoutMs: 30_000, everyMs: 20 });
    await until(async () => (await activeJobs(run.id)) > 0, { timeoutMs: 30_000, everyMs: 20 });
    a.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    startWorker();
    const done = await runToEnd(since);
    expect(done.status).not.toBe("stuck");
    await expectUnitsClosed(done.id);
    expect(await findingState()).toEqual(clean);
  });
});

describe("a run cancelled mid-run", () => {
  it("ends every unit (ok or cancelled), writes nothing after, and the next run starts and ends cleanly", async () => {
    const release = releaseFile();
    // Info level: the worker's "run closed while collecting" line tells when it has seen the cancel.
    const w = startWorker({
      POSTURE_TEST_PAUSE_AT: "unit-start",
      POSTURE_TEST_PAUSE_RELEASE: release,
      LOG_LEVEL: "info",
    });
    const since = await enqueue();
    const run = await until(() => runAfter(since), { timeoutMs: 30_000, everyMs: 20 });
    await until(() => paused(w, "unit-start").length > 0, { timeoutMs: 150_000, everyMs: 20 });
    expect(await cancelRun(handle.db, run.id, { by: "test" })).toBe(true);
    await until(() => w.logs.some((l) => l.msg === "run closed while collecting; stopping its accounts"), {
      timeoutMs: 30_000,
      everyMs: 20,
    });
    writeFileSync(release, "");
    await until(async () => (await activeJobs(run.id)) === 0, { timeoutMs: 60_000, everyMs: 50 });
    const units = await expectUnitsClosed(run.id);
    for (const u of units) expect(u.status).toBe("cancelled");
    const [after] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, run.id));
    expect(after!.status).toBe("cancelled");
    const written = await handle.db
      .select({ id: s.findingEvents.id })
      .from(s.findingEvents)
      .where(eq(s.findingEvents.runId, run.id));
    expect(written).toEqual([]);
    expect(await findingState()).toEqual(clean);
    // The release file stays: the next run's units pass the pause point at once.
    const next = await runToEnd(await enqueue());
    expect(next.status).toBe(cleanStatus);
    await expectUnitsClosed(next.id);
    expect(await findingState()).toEqual(clean);
  });
});

describe("PostgreSQL restarted mid-run", () => {
  it("workers reconnect and the run ends with every unit closed and the same findings", async () => {
    const release = releaseFile();
    // Both workers stop inside a snapshot transaction: the restart cuts it off before its commit.
    const pause = { POSTURE_TEST_PAUSE_AT: "snapshot-commit", POSTURE_TEST_PAUSE_RELEASE: release };
    const ws = [startWorker(pause), startWorker(pause)];
    const since = await enqueue();
    const run = await until(() => runAfter(since), { timeoutMs: 30_000, everyMs: 20 });
    await until(() => ws.some((w) => paused(w, "snapshot-commit").length > 0), { timeoutMs: 150_000, everyMs: 20 });
    await cluster.restart(1_000);
    writeFileSync(release, "");
    const done = await runToEnd(since, 240_000);
    expect(done.id).toBe(run.id);
    expect(done.status).not.toBe("stuck");
    await expectUnitsClosed(done.id);
    expect(await findingState()).toEqual(clean);
    for (const w of ws) expect(w.child.exitCode).toBeNull();
  });
});
