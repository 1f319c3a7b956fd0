import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { until } from "../until";
import { RETENTION_CRON } from "@/lib/domain/retention";
import { loadLastPurge } from "@/lib/settings/retention";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createCollectDeps } from "@/lib/collector/deps";
import { startRun } from "@/lib/collector/run";
import { closeAbandonedRuns, handleAccountJob, startWorkers, type Workers } from "@/lib/collector/worker";
import { collectAccount } from "@/lib/collector/collect-account";
import { reconcileSchedule, setInstallationSchedule } from "@/lib/collector/schedule";
import { RunClosedError } from "@/lib/db/queries/snapshot";
import { DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { cancelRun, markStuckRuns, registerUnits } from "@/lib/db/queries/collection";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { QUEUES, startBoss } from "@/lib/jobs/queues";
import { releaseUnrenewedClaims, renewClaims } from "@/lib/jobs/claims";
import { fakeOrganization, openSsh } from "../aws-fake";
import { createAccount, createOrganization, randomAccountId } from "../factories";

let handle: DatabaseHandle;
let boss: PgBoss;
let workers: Workers | undefined;
let restore: (() => void) | undefined;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  boss = await startBoss(inject("databaseUrl"), { supervise: true, maintenanceIntervalSeconds: 1 });
});
afterEach(async () => {
  await workers?.stop();
  restore?.();
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await handle.close();
});

// Any client the fake does not cover fails at once on a closed loopback port: nothing leaves the machine.
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";

function deps(extra: Record<string, string> = {}) {
  return createCollectDeps(
    handle.db,
    parseEnv({
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "testing",
      POSTURE_SCHEDULE: "0 */6 * * *",
      POSTURE_ACCOUNT_CONCURRENCY: "2",
      ...extra,
    }),
    {
      only: [
        "iam_root_access_key_present",
        "iam_root_mfa_disabled",
        "s3_account_block_public_access_off",
        "sg_world_open_ssh",
      ],
    },
  );
}

const finishedRun = (runId: string) => async () => {
  const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
  return run && run.finishedAt ? run : null;
};

describe("queue workers (pg-boss)", () => {
  it("run a collection end to end: run job → one job per account → closed run; and keep the schedule", async () => {
    const ids = [randomAccountId(), randomAccountId(), randomAccountId()];
    const orgId = `o-${randomAccountId()}`;
    restore = fakeOrganization(
      ids.map((id, i) => ({ id, name: `w${i}-dev`, securityGroups: { "us-east-1": [openSsh(`sg-${i}`)] } })),
      { organizationId: orgId, managementId: randomAccountId() },
    ).restore;
    // With the database URL the workers also listen for job announcements (lib/jobs/announce.ts).
    workers = await startWorkers(deps(), boss, { databaseUrl: inject("databaseUrl") });
    await boss.send(QUEUES.run, { trigger: "manual" });

    const run = await until(async () => {
      const [org] = await handle.db.select().from(s.organizations).where(eq(s.organizations.awsOrganizationId, orgId));
      if (!org) return null;
      const [r] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.organizationId, org.id));
      return r?.finishedAt ? r : null;
    });
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", accountsTotal: 3, accountsDone: 3 });
    const findings = await handle.db.select().from(s.findings).where(eq(s.findings.lastRunId, run.id));
    expect(findings.filter((f) => f.checkId === "sg_world_open_ssh")).toHaveLength(3);

    const schedules = await boss.getSchedules();
    expect(schedules.find((x) => x.name === QUEUES.run)).toMatchObject({
      cron: "0 */6 * * *",
      data: { trigger: "schedule" },
    });
    // The Cost Explorer collection keeps its own, daily schedule.
    expect(schedules.find((x) => x.name === QUEUES.costs)).toMatchObject({
      cron: "0 6 * * *",
      data: { trigger: "schedule" },
    });
    // The retention purge: daily, and on request through the same queue, recorded when it ends.
    expect(schedules.find((x) => x.name === QUEUES.retention)).toMatchObject({
      cron: RETENTION_CRON,
      data: { trigger: "schedule" },
    });
    await boss.send(QUEUES.retention, { trigger: "manual", requestedBy: "admin@example.com" });
    const purge = await until(async () => {
      const record = await loadLastPurge(handle.db);
      return record?.finishedAt ? record : null;
    });
    expect(purge).toMatchObject({ trigger: "manual", requestedBy: "admin@example.com", error: null });
  });

  it("hand a dead worker's account job to another worker once it expires", async () => {
    const id = randomAccountId();
    restore = fakeOrganization([{ id, name: "orphan-dev" }], {
      organizationId: `o-${randomAccountId()}`,
      managementId: randomAccountId(),
    }).restore;
    const d = deps();
    const { runId } = await startRun(d, { trigger: "manual" });
    await boss.insert([
      { name: QUEUES.account, data: { runId, accountId: id }, expireInSeconds: 1, retryDelay: 0, retryLimit: 2 },
    ]);
    // A worker takes the job and dies without finishing it.
    const [taken] = await boss.fetch<{ runId: string }>(QUEUES.account);
    expect(taken?.data.runId).toBe(runId);

    workers = await startWorkers(d, boss);
    const run = await until(finishedRun(runId));
    expect(run).toMatchObject({ status: "succeeded", accountsDone: 1 });
    // pg-boss completes the job once its handler returns, which is after the run it closed.
    const job = await until(async () => {
      const j = await boss.getJobById(QUEUES.account, taken!.id, { includeArchive: true });
      return j?.state === "active" ? null : j;
    });
    expect(job).toMatchObject({ state: "completed", retryCount: 1 });
  });

  it("complete a job with an invalid payload without running or retrying it", async () => {
    workers = await startWorkers(deps(), boss);
    const jobId = await boss.send(QUEUES.account, { runId: "not-a-uuid", accountId: "123" });
    const job = await until(async () => {
      const j = await boss.getJobById(QUEUES.account, jobId!, { includeArchive: true });
      return j && j.state !== "created" && j.state !== "active" ? j : null;
    });
    expect(job).toMatchObject({ state: "completed", retryCount: 0 });
  });
});

describe("stuck runs", () => {
  it("drop a late account job (its worker died and the run was given up) without calling AWS or writing", async () => {
    const id = randomAccountId();
    const fake = fakeOrganization([{ id, name: "late-dev", securityGroups: { "us-east-1": [openSsh("sg-late")] } }], {
      organizationId: `o-${randomAccountId()}`,
      managementId: randomAccountId(),
    });
    restore = fake.restore;
    const d = deps();
    const { runId } = await startRun(d, { trigger: "manual" });
    await handle.db
      .update(s.collectionRuns)
      .set({ status: "stuck", finishedAt: new Date() })
      .where(eq(s.collectionRuns.id, runId));
    const assumed = fake.sts.commandCalls(AssumeRoleCommand).length;
    await handleAccountJob(d, { id: "late", data: { runId, accountId: id }, retryCount: 1, retryLimit: 3 } as never);
    expect(fake.sts.commandCalls(AssumeRoleCommand).length).toBe(assumed);
    expect(await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, runId))).toEqual([]);
    expect(await handle.db.select().from(s.findings).where(eq(s.findings.accountId, id))).toEqual([]);
  });

  it("are marked once no worker has reported for the configured time", async () => {
    const org = await createOrganization(handle.db);
    const old = new Date(Date.now() - 2 * 3600_000);
    const [silent] = await handle.db
      .insert(s.collectionRuns)
      .values({ organizationId: org.id, trigger: "schedule", status: "running", startedAt: old, heartbeatAt: old })
      .returning();
    const [alive] = await handle.db
      .insert(s.collectionRuns)
      .values({
        organizationId: org.id,
        trigger: "schedule",
        status: "running",
        startedAt: old,
        heartbeatAt: new Date(),
      })
      .returning();
    const marked = await markStuckRuns(handle.db, new Date(Date.now() - 30 * 60_000));
    expect(marked).toContain(silent!.id);
    expect(marked).not.toContain(alive!.id);
    const [row] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, silent!.id));
    expect(row).toMatchObject({ status: "stuck" });
    expect(row!.errorMessage).toMatch(/No progress/);
  });
});

describe("abandoned runs", () => {
  it("are never given up while a job of theirs can still run, and close every open unit once none can", async () => {
    const id = randomAccountId();
    restore = fakeOrganization([{ id, name: "abandoned-dev" }], {
      organizationId: `o-${randomAccountId()}`,
      managementId: randomAccountId(),
    }).restore;
    const d = deps({ POSTURE_CLAIM_TIMEOUT_MS: "2000" });
    const { runId } = await startRun(d, { trigger: "manual" });
    await registerUnits(handle.db, runId, id, ["global", "eu-west-1"]);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await handle.db.update(s.collectionRuns).set({ heartbeatAt: hourAgo }).where(eq(s.collectionRuns.id, runId));
    // A job for the run waits to be retried: silent for an hour, the run is still not stuck.
    const jobId = await boss.send(QUEUES.account, { runId, accountId: id }, { retryLimit: 0, startAfter: 3600 });
    expect(await closeAbandonedRuns(d)).not.toContain(runId);
    // Its last attempt died with its worker: the job failed, nobody recorded the account.
    await boss.fail(QUEUES.account, jobId!, { message: "job failed by timeout in active state" });
    expect(await closeAbandonedRuns(d)).toContain(runId);
    const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(run).toMatchObject({ status: "stuck", unitsTotal: 2, unitsDone: 2, unitsFailed: 2 });
    expect(run!.finishedAt).not.toBeNull();
    const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, runId));
    expect(units.map((u) => [u.status, u.errorCode])).toEqual([
      ["failed", "Abandoned"],
      ["failed", "Abandoned"],
    ]);
  });
});

describe("unit totals", () => {
  it("count every unit while accounts register theirs at the same time", async () => {
    const org = await createOrganization(handle.db);
    const accounts = await Promise.all(Array.from({ length: 12 }, () => createAccount(handle.db, org.id)));
    const [run] = await handle.db
      .insert(s.collectionRuns)
      .values({ organizationId: org.id, trigger: "manual", status: "running", accountsTotal: accounts.length })
      .returning();
    await Promise.all(
      accounts.map((a) => registerUnits(handle.db, run!.id, a.id, ["global", "us-east-1", "eu-west-1"])),
    );
    // Registering again (a retried job) adds nothing.
    await registerUnits(handle.db, run!.id, accounts[0]!.id, ["global", "us-east-1", "eu-west-1"]);
    const [row] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, run!.id));
    expect(row!.unitsTotal).toBe(36);
  });
});

describe("cancel", () => {
  it("stops an account at its next call, ends its units cancelled, keeps what was written, and frees the next run", async () => {
    const [done, slow] = [randomAccountId(), randomAccountId()];
    const fake = fakeOrganization(
      [
        { id: done, name: "done-dev", securityGroups: { "us-east-1": [openSsh("sg-done")] } },
        { id: slow, name: "slow-dev", securityGroups: { "us-east-1": [openSsh("sg-slow")] } },
      ],
      { organizationId: `o-${randomAccountId()}`, managementId: randomAccountId() },
    );
    restore = fake.restore;
    const d = deps({ POSTURE_REGIONS: "us-east-1" });
    const { runId } = await startRun(d, { trigger: "manual" });
    await collectAccount(d, { runId, accountId: done });
    let calls = 0;
    fake.ec2!.on(DescribeSecurityGroupsCommand).callsFake(
      (_input, getClient) =>
        new Promise((_resolve, reject) => {
          calls += 1;
          void getClient;
          setTimeout(() => reject(new Error("should have been aborted")), 60_000).unref();
        }),
    );
    const collecting = collectAccount(d, { runId, accountId: slow }).then(
      () => "written",
      (err: unknown) => err,
    );
    await until(() => calls > 0, { timeoutMs: 10_000, everyMs: 20 });
    expect(await cancelRun(handle.db, runId, { by: "admin" })).toBe(true);
    const outcome = await Promise.race([collecting, new Promise((r) => setTimeout(() => r("still running"), 8_000))]);
    expect(outcome).toBeInstanceOf(RunClosedError);
    const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
    expect(run).toMatchObject({ status: "cancelled" });
    const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, runId));
    for (const u of units.filter((x) => x.accountId === slow))
      expect([u.status, u.errorCode]).toEqual(["cancelled", "Cancelled"]);
    expect(units.filter((u) => u.accountId === done).every((u) => u.status === "ok")).toBe(true);
    expect(run!.unitsDone).toBe(units.length);
    // The finished account's findings stay; nothing of the cancelled one was written.
    const findings = await handle.db.select().from(s.findings).where(eq(s.findings.lastRunId, runId));
    expect(findings.map((f) => f.accountId)).toContain(done);
    expect(findings.map((f) => f.accountId)).not.toContain(slow);
    // A second cancel changes nothing; the next run starts.
    expect(await cancelRun(handle.db, runId, { by: "admin" })).toBe(false);
    fake.ec2!.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    const next = await startRun(d, { trigger: "manual" });
    expect(next.runId).not.toBe(runId);
  });
});

describe("the schedule", () => {
  it("belongs to the installation: a worker with POSTURE_SCHEDULE=off neither removes it nor keeps it removed", async () => {
    await setInstallationSchedule(handle.db, "0 */6 * * *");
    workers = await startWorkers(deps({ POSTURE_SCHEDULE: "off" }), boss);
    const cronOf = async () => (await boss.getSchedules()).find((x) => x.name === QUEUES.run)?.cron;
    expect(await cronOf()).toBe("0 */6 * * *");
    await boss.unschedule(QUEUES.run);
    const schedule = await reconcileSchedule({ db: handle.db, settings: deps().settings }, boss);
    expect(await cronOf()).toBe("0 */6 * * *");
    await setInstallationSchedule(handle.db, "off");
    schedule.check();
    await until(async () => (await cronOf()) === undefined, { timeoutMs: 5_000, everyMs: 50 });
    await setInstallationSchedule(handle.db, "0 */6 * * *");
    schedule.check();
    await until(async () => (await cronOf()) === "0 */6 * * *", { timeoutMs: 5_000, everyMs: 50 });
  });
});

describe("releaseUnrenewedClaims", () => {
  it("lets lapse a claim its worker never renewed, and leaves renewed and fresh claims alone", async () => {
    // A queue of its own: the account queue's jobs belong to the other tests.
    const queue = `claims-${randomUUID().slice(0, 8)}`;
    await boss.createQueue(queue, { name: queue, expireInSeconds: 35 * 60 });
    const [dead, renewed, fresh] = await Promise.all([1, 2, 3].map(() => boss.send(queue, {})));
    expect((await boss.fetch(queue, { batchSize: 3 })).length).toBe(3);
    // Fetched 10 s ago: one never renewed since (its worker died at once), one renewed just now.
    for (const id of [dead, renewed])
      await handle.db.execute(
        sql`update pgboss.job set started_on = started_on - interval '10 seconds' where id = ${id}::uuid`,
      );
    expect(await renewClaims(boss, queue, [renewed!], 4_000)).toBe(1);
    expect(await releaseUnrenewedClaims(boss, queue, 4_000)).toBe(1);
    const { rows } = (await handle.db.execute(
      sql`select id, started_on + expire_in <= now() as lapsed from pgboss.job where name = ${queue}`,
    )) as unknown as { rows: { id: string; lapsed: boolean }[] };
    const lapsed = Object.fromEntries(rows.map((r) => [r.id, r.lapsed]));
    expect(lapsed).toEqual({ [dead!]: true, [renewed!]: false, [fresh!]: false });
  });
});
