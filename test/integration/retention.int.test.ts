import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { putSetting } from "@/lib/db/queries/settings";
import { listTableSizes } from "@/lib/db/queries/retention";
import {
  RETENTION_SETTINGS_KEY,
  defaultRetentionSettings,
  retentionSettingsSchema,
  type RetentionSettings,
} from "@/lib/domain/retention";
import { loadLastPurge, previewRetention, runRetentionPurge } from "@/lib/settings/retention";
import * as f from "../factories";
import { createTestDatabase } from "../postgres";

// Retention deletes exactly what its preview counts and nothing else: rows on both sides of every
// cutoff, each protection (an account's latest run, open findings, open detections, the audit minimum),
// batches smaller than the rows, on PostgreSQL and on the embedded PGlite alike.

const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

type Seeded = Awaited<ReturnType<typeof seed>>;

async function seed(db: Db) {
  const org = await f.createOrganization(db);
  const lonelyOrg = await f.createOrganization(db);
  const a = await f.createAccount(db, org.id);
  const b = await f.createAccount(db, org.id);
  const check = await f.createCheck(db);

  const run = async (finishedDaysAgo: number, status: "succeeded" | "failed" | "running" = "succeeded") => {
    const [r] = await db
      .insert(s.collectionRuns)
      .values({
        organizationId: org.id,
        trigger: "schedule",
        status,
        createdAt: ago(finishedDaysAgo + 0.01),
        finishedAt: status === "running" ? null : ago(finishedDaysAgo),
      })
      .returning();
    return r!;
  };
  const unit = async (runId: string, accountId: string, region: string, finishedDaysAgo: number) => {
    await db.insert(s.runUnits).values({ runId, accountId, region, status: "ok", finishedAt: ago(finishedDaysAgo) });
  };

  // Runs: two expired (one with inventory), the boundary, a running one, and three protected ones.
  const expired1 = await run(400);
  await unit(expired1.id, a.id, "us-east-1", 400);
  await unit(expired1.id, b.id, "us-east-1", 400);
  await unit(expired1.id, a.id, "global", 400);
  await db.insert(s.inventoryItems).values([
    { runId: expired1.id, accountId: a.id, region: "us-east-1", key: "vpcs", data: [] },
    { runId: expired1.id, accountId: b.id, region: "us-east-1", key: "vpcs", data: [] },
  ]);
  const expired2 = await run(181, "failed");
  await unit(expired2.id, a.id, "eu-west-1", 181);
  const recent = await run(179);
  await unit(recent.id, a.id, "us-east-1", 179);
  const running = await run(400, "running");
  const lastOfA = await run(300);
  await unit(lastOfA.id, a.id, "us-east-1", 300);
  await db.update(s.awsAccounts).set({ lastRunId: lastOfA.id }).where(eq(s.awsAccounts.id, a.id));
  // B has no last run recorded: its latest finished unit's run is its latest run.
  const latestOfB = await run(250);
  await unit(latestOfB.id, b.id, "us-east-1", 250);
  const namedByFinding = await run(500);

  const costRun = async (orgId: string, daysAgo: number, status: "succeeded" | "running" = "succeeded") => {
    const [r] = await db
      .insert(s.costRuns)
      .values({ organizationId: orgId, trigger: "schedule", status, metric: "UnblendedCost", startedAt: ago(daysAgo) })
      .returning();
    return r!;
  };
  const oldCost = await costRun(org.id, 400);
  const runningCost = await costRun(org.id, 390, "running");
  const newCost = await costRun(org.id, 5);
  const onlyCost = await costRun(lonelyOrg.id, 400);

  // Findings: one long resolved (goes, with its events), one resolved inside the period, open and suppressed ones.
  const finding = (status: "NEW" | "RESOLVED" | "SUPPRESSED", resolvedDaysAgo: number | null, lastRunId?: string) =>
    f.createFinding(db, {
      checkId: check.id,
      accountId: a.id,
      status,
      resolvedAt: resolvedDaysAgo === null ? null : ago(resolvedDaysAgo),
      firstSeenAt: ago(900),
      lastRunId: lastRunId ?? recent.id,
    });
  const longResolved = await finding("RESOLVED", 366, namedByFinding.id);
  const resolvedRecently = await finding("RESOLVED", 364);
  const reopened = await finding("NEW", 400);
  const suppressed = await finding("SUPPRESSED", 800);
  const events = (findingId: string, n: number) =>
    db
      .insert(s.findingEvents)
      .values(Array.from({ length: n }, (_, i) => ({ findingId, kind: "status" as const, occurredAt: ago(900 - i) })))
      .returning({ id: s.findingEvents.id });
  const goneEvents = await events(longResolved.id, 4);
  await events(resolvedRecently.id, 2);
  await events(reopened.id, 3);
  await events(suppressed.id, 1);

  // GuardDuty findings and their security events.
  const gdOld = await f.createGuardDutyFinding(db, { accountId: a.id, firstSeenAt: ago(500), lastSeenAt: ago(366) });
  const gdKept = await f.createGuardDutyFinding(db, { accountId: a.id, firstSeenAt: ago(500), lastSeenAt: ago(364) });
  const securityEvent = (kind: string, sourceId: string, updatedDaysAgo: number) =>
    db.insert(s.securityEvents).values({
      key: `${kind}/${randomUUID()}`,
      kind: kind as "guardduty_finding",
      sourceId,
      accountId: a.id,
      region: "us-east-1",
      severity: "high",
      title: "t",
      type: "t",
      firstSeenAt: ago(updatedDaysAgo + 1),
      updatedAt: ago(updatedDaysAgo),
    });
  await securityEvent("guardduty_finding", gdOld.id, 366);
  await securityEvent("attack_sequence", "seq", 400);
  await securityEvent("guardduty_finding", gdKept.id, 364);
  // Detections: an open one stays however old, a resolved or vanished one goes, a recent one stays.
  await securityEvent("risky_activity", reopened.id, 400);
  await securityEvent("risky_activity", resolvedRecently.id, 400);
  await securityEvent("canary_tripped", "0".repeat(64), 400);
  await securityEvent("possible_hijack", "1".repeat(64), 10);

  // CloudTrail, canary events and lookups.
  const trail = (daysAgo: number) => ({
    id: randomUUID(),
    accountId: a.id,
    region: "us-east-1",
    eventTime: ago(daysAgo),
    eventName: "ConsoleLogin",
    eventSource: "signin.amazonaws.com",
  });
  await db.insert(s.cloudtrailEvents).values([trail(366), trail(700), trail(364), trail(1)]);
  const canary = await f.createCanaryKey(db);
  const canaryEvent = (daysAgo: number) => {
    const { accountId: _a, region: _r, ...event } = trail(daysAgo);
    return { ...event, canaryKeyId: canary.id };
  };
  await db.insert(s.canaryEvents).values([canaryEvent(400), canaryEvent(30)]);
  const lookup = (daysAgo: number, status: "done" | "running") => ({
    subject: "AKIAEXAMPLE",
    attribute: "AccessKeyId" as const,
    days: 7,
    accountIds: [a.id],
    status,
    createdAt: ago(daysAgo),
  });
  await db.insert(s.cloudtrailLookups).values([lookup(400, "done"), lookup(400, "running"), lookup(3, "done")]);

  // Audit log: more old entries than a batch, and entries inside the period.
  await db.insert(s.auditLog).values([
    ...Array.from({ length: 12 }, (_, i) => ({
      action: "test.old",
      outcome: "success" as const,
      occurredAt: ago(731 + i),
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      action: "test.kept",
      outcome: "success" as const,
      occurredAt: ago(729 - i),
    })),
  ]);

  return {
    runs: {
      expired: [expired1.id, expired2.id],
      kept: [recent.id, running.id, lastOfA.id, latestOfB.id, namedByFinding.id],
    },
    costRuns: { expired: [oldCost.id], kept: [runningCost.id, newCost.id, onlyCost.id] },
    findings: { gone: longResolved.id, kept: [resolvedRecently.id, reopened.id, suppressed.id] },
    goneEvents: goneEvents.map((e) => e.id),
    guardduty: { gone: gdOld.id, kept: gdKept.id },
  };
}

/** Rows each table should lose under the default settings, given the seed above. */
const EXPECTED: Record<string, number> = {
  "runs.run_units": 4,
  "runs.inventory_items": 2,
  "runs.collection_runs": 2,
  "runs.cost_runs": 1,
  "resolvedFindings.finding_events": 4,
  "resolvedFindings.findings": 1,
  "guardduty.security_events": 2,
  "guardduty.guardduty_findings": 1,
  "activity.cloudtrail_events": 2,
  "activity.canary_events": 1,
  "activity.cloudtrail_lookups": 1,
  "activity.security_events": 2,
  "audit.audit_log": 12,
};

function flatten(preview: Awaited<ReturnType<typeof previewRetention>>): Record<string, number> {
  return Object.fromEntries(preview.flatMap((k) => k.tables.map((t) => [`${k.kind}.${t.table}`, t.rows])));
}

async function count(db: Db, table: PgTable) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
  return Number(row!.n);
}

const suites: [string, () => Promise<{ db: Db; close: () => Promise<void> }>][] = [
  [
    "PostgreSQL",
    async () => {
      const database = await createTestDatabase("retention_int");
      const handle = await openDatabase({ url: database.url });
      return {
        db: handle.db,
        close: async () => {
          await handle.close();
          await database.drop();
        },
      };
    },
  ],
  [
    "PGlite",
    async () => {
      const handle: DatabaseHandle = await openDatabase({ dataDir: "memory://" });
      return { db: handle.db, close: () => handle.close() };
    },
  ],
];

describe.each(suites)("retention purge on %s", (_name, open) => {
  let db: Db;
  let close: () => Promise<void>;
  let seeded: Seeded;

  beforeAll(async () => {
    ({ db, close } = await open());
    seeded = await seed(db);
  }, 120_000);
  afterAll(async () => {
    await close();
  });

  it("previews what it deletes, deletes exactly that in batches, and keeps the rest", async () => {
    const before = flatten(await previewRetention(db, { settings: defaultRetentionSettings, now }));
    expect(Object.fromEntries(Object.entries(before).filter(([, n]) => n > 0))).toEqual(EXPECTED);
    const totals = {
      findings: await count(db, s.findings),
      events: await count(db, s.findingEvents),
      audit: await count(db, s.auditLog),
    };

    const record = await runRetentionPurge(db, {
      now,
      trigger: "manual",
      requestedBy: "admin@example.com",
      batchSize: 5,
    });
    expect(record.error).toBeNull();
    expect(record.deleted).toEqual(EXPECTED);
    // 12 audit entries in batches of 5 take three; every other table fits in one.
    expect(record.batches).toBe(Object.keys(EXPECTED).length + 2);
    expect(await loadLastPurge(db)).toEqual(record);

    // Nothing else removed, and nothing left but the run only the purged finding named: the next purge's.
    const after = flatten(await previewRetention(db, { settings: defaultRetentionSettings, now }));
    expect(Object.fromEntries(Object.entries(after).filter(([, n]) => n > 0))).toEqual({ "runs.collection_runs": 1 });
    expect(await count(db, s.findings)).toBe(totals.findings - 1);
    expect(await count(db, s.findingEvents)).toBe(totals.events - 4);
    // The 12 old entries went; the purge's own entry came.
    expect(await count(db, s.auditLog)).toBe(totals.audit - 12 + 1);

    const runIds = (await db.select({ id: s.collectionRuns.id }).from(s.collectionRuns)).map((r) => r.id);
    expect(runIds.sort()).toEqual([...seeded.runs.kept].sort());
    const costRunIds = (await db.select({ id: s.costRuns.id }).from(s.costRuns)).map((r) => r.id);
    expect(costRunIds.sort()).toEqual([...seeded.costRuns.kept].sort());
    const findingIds = (await db.select({ id: s.findings.id }).from(s.findings)).map((r) => r.id);
    expect(findingIds.sort()).toEqual([...seeded.findings.kept].sort());
    expect(await db.select().from(s.findingEvents).where(inArray(s.findingEvents.id, seeded.goneEvents))).toEqual([]);
    const gd = (await db.select({ id: s.guarddutyFindings.id }).from(s.guarddutyFindings)).map((r) => r.id);
    expect(gd).toEqual([seeded.guardduty.kept]);
    const detections = await db
      .select({ kind: s.securityEvents.kind, sourceId: s.securityEvents.sourceId })
      .from(s.securityEvents);
    expect(detections.map((d) => d.kind).sort()).toEqual(["guardduty_finding", "possible_hijack", "risky_activity"]);
    expect(detections.find((d) => d.kind === "risky_activity")?.sourceId).toBe(seeded.findings.kept[1]);
    expect((await db.select().from(s.auditLog).where(eq(s.auditLog.action, "test.kept"))).length).toBe(3);

    const [entry] = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "retention.purge")))
      .orderBy(desc(s.auditLog.id))
      .limit(1);
    expect(entry).toMatchObject({ outcome: "success", actorId: null });
    expect(entry!.details).toMatchObject({ trigger: "manual", requestedBy: "admin@example.com", deleted: EXPECTED });
  });

  it("keeps a kind set to forever, and follows a longer period", async () => {
    await db.insert(s.auditLog).values({ action: "test.ancient", outcome: "success", occurredAt: ago(5000) });
    const org = await f.createOrganization(db);
    const account = await f.createAccount(db, org.id);
    const check = await f.createCheck(db);
    await f.createFinding(db, { checkId: check.id, accountId: account.id, status: "RESOLVED", resolvedAt: ago(500) });
    const settings: RetentionSettings = { ...defaultRetentionSettings, audit: null, resolvedFindings: 600 };
    await putSetting(db, RETENTION_SETTINGS_KEY, settings);
    const preview = flatten(await previewRetention(db, { settings, now }));
    expect(preview["audit.audit_log"]).toBe(0);
    expect(preview["resolvedFindings.findings"]).toBe(0);
    const record = await runRetentionPurge(db, { now, trigger: "schedule" });
    expect(record.deleted).toEqual({ "runs.collection_runs": 1 });
    expect((await db.select().from(s.auditLog).where(eq(s.auditLog.action, "test.ancient"))).length).toBe(1);
  });

  it("lists every table's size, largest first, rollups included", async () => {
    const sizes = await listTableSizes(db);
    expect(sizes.map((t) => t.table)).toEqual(expect.arrayContaining(["findings", "audit_log", "account_daily"]));
    for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1]!.bytes).toBeGreaterThanOrEqual(sizes[i]!.bytes);
    expect(sizes.find((t) => t.table === "audit_log")!.rows).toBeGreaterThan(0);
  });
});

describe("retention settings", () => {
  it("refuse an audit log kept under a year, and periods under each kind's minimum", () => {
    const bad = retentionSettingsSchema.safeParse({ ...defaultRetentionSettings, audit: 364, runs: 7 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join("."), i.message]).sort()).toEqual([
      ["audit", "must be at least 365 days"],
      ["runs", "must be at least 30 days"],
    ]);
    expect(retentionSettingsSchema.safeParse({ ...defaultRetentionSettings, audit: 365 }).success).toBe(true);
    expect(retentionSettingsSchema.safeParse({ ...defaultRetentionSettings, audit: null }).success).toBe(true);
  });
});
