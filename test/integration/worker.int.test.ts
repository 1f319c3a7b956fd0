import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { until } from "../until";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createCollectDeps } from "@/lib/collector/deps";
import { startRun } from "@/lib/collector/run";
import { handleAccountJob, startWorkers, type Workers } from "@/lib/collector/worker";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { markStuckRuns } from "@/lib/db/queries/collection";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { QUEUES, startBoss } from "@/lib/jobs/queues";
import { fakeOrganization, openSsh } from "../aws-fake";
import { createOrganization, randomAccountId } from "../factories";

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
