import { eq, gte } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { until } from "../until";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCollectDeps } from "@/lib/collector/deps";
import { startInProcessCollector } from "@/lib/collector/in-process";
import { startWorkers, type Workers } from "@/lib/collector/worker";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { DEMO_LOADED_KEY } from "@/lib/db/queries/demo";
import { deleteSetting, putSetting } from "@/lib/db/queries/settings";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { collectionAvailability, getCollectionJob, requestCollection, type Transport } from "@/lib/jobs";
import { QUEUES, startBoss } from "@/lib/jobs/queues";
import { fakeOrganization, openSsh } from "../aws-fake";
import { createOrganization, randomAccountId } from "../factories";
import { createTestDatabase } from "../postgres";

// "Collect now" through the jobs API, in both modes. Each mode gets a database of its own: whether
// a run is in progress, or the demo is shown, is a property of the whole database.

// Any client the fake does not cover fails at once on a closed loopback port: nothing leaves the machine.
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
const ENGINE_CHECKS = [
  "iam_root_access_key_present",
  "iam_root_mfa_disabled",
  "s3_account_block_public_access_off",
  "sg_world_open_ssh",
];
const env = (extra: Record<string, string> = {}) =>
  parseEnv({
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_ACCESS_KEY_ID: "testing",
    POSTURE_SCHEDULE: "off",
    POSTURE_DEMO: "off",
    POSTURE_MAX_ATTEMPTS: "2",
    ...extra,
  });

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function fakeOrg(n = 2) {
  const ids = Array.from({ length: n }, () => randomAccountId());
  restore = fakeOrganization(
    ids.map((id, i) => ({ id, name: `c${i}-dev`, securityGroups: { "us-east-1": [openSsh(`sg-${i}`)] } })),
    { organizationId: `o-${randomAccountId()}`, managementId: randomAccountId() },
  ).restore;
  return ids;
}

const finished = (handle: DatabaseHandle, runId: string) => async () => {
  const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, runId));
  return run?.finishedAt ? run : null;
};

describe("collect now, embedded mode (the in-process collector)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase("posture_collect_now");
    handle = await openDatabase({ url: database.url });
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it("refuses without AWS credentials, before calling anything, and says so before anyone asks", async () => {
    const { collector } = await startInProcessCollector(handle.db, env(), {
      only: ENGINE_CHECKS,
      settings: { hubCredentials: "none" },
    });
    const transport: Transport = { kind: "in-process", collector: () => collector };
    expect((await collectionAvailability(handle.db, transport)).blocked).toMatchObject({
      reason: "no-credentials",
      message: expect.stringMatching(/No AWS credentials are configured/),
    });
    const outcome = await requestCollection(handle.db, { trigger: "manual" }, transport);
    expect(outcome).toMatchObject({
      kind: "refused",
      reason: "no-credentials",
      message: expect.stringMatching(/AWS_PROFILE/),
    });
    expect(await handle.db.select().from(s.collectionRuns)).toEqual([]);
  });

  it("opens a run and answers with its id; a second request meanwhile is busy; the run then finishes", async () => {
    const ids = fakeOrg();
    const { collector } = await startInProcessCollector(handle.db, env(), { only: ENGINE_CHECKS });
    const transport: Transport = { kind: "in-process", collector: () => collector };
    expect(await collectionAvailability(handle.db, transport)).toMatchObject({
      mode: "in-process",
      blocked: null,
      activeRunId: null,
    });

    const [first, second] = await Promise.all([
      requestCollection(handle.db, { trigger: "manual" }, transport),
      requestCollection(handle.db, { trigger: "manual" }, transport),
    ]);
    expect(first).toMatchObject({ kind: "started", runId: expect.any(String) });
    expect(second).toMatchObject({ kind: "busy", message: expect.stringMatching(/already/) });
    const runId = (first as { runId: string }).runId;

    const run = await until(finished(handle, runId));
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", accountsTotal: 2, accountsDone: 2 });
    const findings = await handle.db.select().from(s.findings).where(eq(s.findings.lastRunId, runId));
    expect(
      findings
        .filter((f) => f.checkId === "sg_world_open_ssh")
        .map((f) => f.accountId)
        .sort(),
    ).toEqual([...ids].sort());
    // Once it is over, the next request may start.
    await until(async () => collector.active() === null);
    expect((await collectionAvailability(handle.db, transport)).activeRunId).toBeNull();
  });

  it("answers without a run id when discovery outlasts the wait, and the run still opens", async () => {
    fakeOrg(2);
    const { collector } = await startInProcessCollector(handle.db, env(), { only: ENGINE_CHECKS });
    const transport: Transport = { kind: "in-process", collector: () => collector };
    const asked = new Date();
    const outcome = await requestCollection(handle.db, { trigger: "manual" }, transport, { waitMs: 0 });
    expect(outcome).toEqual({ kind: "queued", jobId: null });
    await until(async () => collector.active() === null);
    const runs = await handle.db.select().from(s.collectionRuns).where(gte(s.collectionRuns.createdAt, asked));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: "manual", status: "succeeded" });
  });

  it("refuses while the demo organization is shown, and says where to remove it", async () => {
    fakeOrg(1);
    const demo = await createOrganization(handle.db, {
      name: "Demo organization",
      discoveryMode: "demo",
      isDemo: true,
    });
    // A complete demo: an unfinished one is dropped when a start does not load it.
    await putSetting(handle.db, DEMO_LOADED_KEY, { at: new Date().toISOString() });
    try {
      const { collector } = await startInProcessCollector(handle.db, env(), { only: ENGINE_CHECKS });
      const transport: Transport = { kind: "in-process", collector: () => collector };
      expect(await requestCollection(handle.db, { trigger: "manual" }, transport)).toMatchObject({
        kind: "refused",
        reason: "demo",
        message: expect.stringMatching(/Settings/),
      });
      expect(collector.active()).toBeNull();
    } finally {
      await handle.db.delete(s.organizations).where(eq(s.organizations.id, demo.id));
      await deleteSetting(handle.db, DEMO_LOADED_KEY);
    }
  });
});

describe("collect now, server mode (a job on the Postgres queue)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  let boss: PgBoss;
  let workers: Workers | undefined;
  let transport: Transport;
  beforeAll(async () => {
    database = await createTestDatabase("posture_collect_queue");
    handle = await openDatabase({ url: database.url });
    boss = await startBoss(database.url, { supervise: true, maintenanceIntervalSeconds: 1 });
    transport = { kind: "queue", boss: async () => boss };
  });
  afterEach(async () => {
    await workers?.stop();
    workers = undefined;
    // Subscriptions outlive Workers.stop(): each test starts the workers it needs.
    await boss.offWork(QUEUES.run);
    await boss.offWork(QUEUES.account);
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await handle.close();
    await database.drop();
  });

  it("queues one job; a second request while it waits is busy; a worker opens the run and the job names it", async () => {
    fakeOrg();
    const outcome = await requestCollection(handle.db, { trigger: "manual" }, transport);
    expect(outcome).toMatchObject({ kind: "queued", jobId: expect.any(String) });
    const jobId = (outcome as { jobId: string }).jobId;
    expect(await getCollectionJob(jobId, transport)).toEqual({ state: "waiting", runId: null });
    expect(await requestCollection(handle.db, { trigger: "manual" }, transport)).toMatchObject({
      kind: "busy",
      runId: null,
    });

    // The web server cannot tell whether workers hold credentials: only the worker can refuse.
    expect((await collectionAvailability(handle.db, transport)).blocked).toBeNull();
    workers = await startWorkers(createCollectDeps(handle.db, env(), { only: ENGINE_CHECKS }), boss);
    const job = await until(async () => {
      const j = await getCollectionJob(jobId, transport);
      return j?.state === "started" ? j : null;
    });
    const run = await until(finished(handle, job.runId!));
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", accountsTotal: 2 });
  });

  it("refuses while a run is in progress, naming it", async () => {
    const org = await createOrganization(handle.db);
    const [run] = await handle.db
      .insert(s.collectionRuns)
      .values({
        organizationId: org.id,
        trigger: "schedule",
        status: "running",
        startedAt: new Date(),
        heartbeatAt: new Date(),
        accountsTotal: 1,
      })
      .returning();
    try {
      expect((await collectionAvailability(handle.db, transport)).activeRunId).toBe(run!.id);
      expect(await requestCollection(handle.db, { trigger: "manual" }, transport)).toMatchObject({
        kind: "busy",
        runId: run!.id,
      });
      // A run no worker touched for the stuck threshold does not hold up a new one.
      await handle.db
        .update(s.collectionRuns)
        .set({ heartbeatAt: new Date(Date.now() - 24 * 3600_000) })
        .where(eq(s.collectionRuns.id, run!.id));
      expect((await collectionAvailability(handle.db, transport)).activeRunId).toBeNull();
    } finally {
      await handle.db.delete(s.organizations).where(eq(s.organizations.id, org.id));
    }
  });

  it("shows the worker's reason when it cannot start: no credentials", async () => {
    workers = await startWorkers(
      createCollectDeps(handle.db, env(), { only: ENGINE_CHECKS, settings: { hubCredentials: "none" } }),
      boss,
    );
    const outcome = await requestCollection(handle.db, { trigger: "manual" }, transport);
    expect(outcome).toMatchObject({ kind: "queued" });
    const job = await until(async () => {
      const j = await getCollectionJob((outcome as { jobId: string }).jobId, transport);
      return j?.state === "failed" ? j : null;
    });
    expect(job).toMatchObject({
      state: "failed",
      message: expect.stringMatching(/No AWS credentials are configured for the hub/),
    });
  });

  it("does not know jobs that do not exist", async () => {
    expect(await getCollectionJob("00000000-0000-4000-8000-000000000000", transport)).toBeNull();
  });
});
