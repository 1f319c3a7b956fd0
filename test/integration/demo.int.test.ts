import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checks, orgChecks } from "@/lib/checks/registry";
import { demoDate, loadDemoOrganization } from "@/lib/collector/demo";
import { removeDemoOrganization } from "@/lib/db/queries/demo";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { listRuns } from "@/lib/db/queries/collection";
import { lastCostDay, listCostIncidents, sumCost } from "@/lib/db/queries/costs";
import { listBillingWatch } from "@/lib/db/queries/budgets";
import { billingWatchState, budgetHealth } from "@/lib/domain/budgets";
import { listSubjectEvents } from "@/lib/db/queries/activity";
import { getOverview } from "@/lib/db/queries/overview";
import { listSecurityEvents } from "@/lib/db/queries/security-events";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import * as s from "@/lib/db/schema";
import { DEMO_STORY, demoOrganization } from "@/lib/demo/organization";
import { listTrend } from "@/lib/db/queries/trends";

let handle: DatabaseHandle;
const ids = demoOrganization.accounts.map((a) => a.id);
const idOf = (name: string) => demoOrganization.accounts.find((a) => a.name === name)!.id;
let loadMs = 0;
let loadStartedAt = new Date();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  const started = Date.now();
  loadStartedAt = new Date(started - 1_000);
  const result = await loadDemoOrganization(handle.db, { checks, orgChecks });
  loadMs = Date.now() - started;
  expect(result.loaded).toBe(true);
}, 300_000);

afterAll(async () => {
  await handle.close();
});

describe("demo organization", () => {
  it("is an organization of at least six accounts across prod, staging and dev, labelled as the demo", async () => {
    const [org] = await handle.db.select().from(s.organizations).where(eq(s.organizations.isDemo, true));
    expect(org).toMatchObject({ name: "Demo organization", discoveryMode: "demo" });
    const accounts = await handle.db.select().from(s.awsAccounts).where(eq(s.awsAccounts.organizationId, org!.id));
    expect(accounts.length).toBeGreaterThanOrEqual(6);
    expect(new Set(accounts.map((a) => a.environment))).toEqual(new Set(["prod", "staging", "dev", "other"]));
    console.log(`demo organization loaded in ${loadMs} ms`);
  });

  it("has 90 days of runs and daily rollups that the trend charts read", async () => {
    const runs = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.trigger, "demo"));
    expect(runs).toHaveLength(90);
    // Web-staging's role is missing on three days: those runs are partial, every other one succeeded.
    const { from, until } = DEMO_STORY.webStagingRoleMissing;
    const failedDays = new Set(
      Array.from({ length: until - from }, (_, i) => isoDay(demoDate(from + i, loadStartedAt))),
    );
    const partial = runs.filter((r) => failedDays.has(isoDay(r.startedAt!)));
    expect(partial).toHaveLength(until - from);
    expect(partial.every((r) => r.status === "partial")).toBe(true);
    expect(runs.filter((r) => !partial.includes(r)).every((r) => r.status === "succeeded")).toBe(true);
    // Simulated days are the runs' times; their heartbeats are real time, so no stuck-run check that
    // runs while the demo loads can take a half-written day for an abandoned run.
    expect(Math.min(...runs.map((r) => r.startedAt?.getTime() ?? Infinity))).toBeLessThan(Date.now() - 80 * 86_400_000);
    expect(runs.every((r) => r.heartbeatAt !== null && r.heartbeatAt >= loadStartedAt)).toBe(true);
    // Each simulated run lasts from its start to its last unit's end, as a real run would: not 0 ms.
    const units = await handle.db
      .select({ runId: s.runUnits.runId, finishedAt: s.runUnits.finishedAt })
      .from(s.runUnits)
      .where(inArray(s.runUnits.accountId, ids));
    for (const r of runs) {
      const lastUnit = Math.max(...units.filter((u) => u.runId === r.id).map((u) => u.finishedAt!.getTime()));
      expect(r.finishedAt!.getTime()).toBe(lastUnit);
      expect(r.finishedAt!.getTime() - r.startedAt!.getTime()).toBeGreaterThanOrEqual(1_000);
      expect(r.finishedAt!.getTime() - r.startedAt!.getTime()).toBeLessThan(60_000);
    }
    const listed = await listRuns(handle.db, { limit: 100 });
    expect(listed.filter((r) => r.trigger === "demo").every((r) => r.finishedAt! > r.startedAt!)).toBe(true);
    const rollups = await handle.db.select().from(s.accountDaily).where(inArray(s.accountDaily.accountId, ids));
    expect(rollups.length).toBe(90 * ids.length);
    expect(rollups.every((r) => r.cost !== null)).toBe(true);
    const failed = rollups.filter((r) => !r.collected);
    expect(failed.map((r) => [r.accountId, r.day]).sort()).toEqual(
      [...failedDays].sort().map((day) => [idOf("web-staging"), day]),
    );
    expect(failed.every((r) => r.score === null)).toBe(true);
    expect(rollups.filter((r) => r.collected).every((r) => r.score !== null)).toBe(true);
    // Trends show those days as gaps of the account, its environment and the organization.
    for (const level of [
      { level: "account" as const, id: idOf("web-staging") },
      { level: "environment" as const, id: "staging" },
      { level: "org" as const },
    ]) {
      const { points } = await listTrend(handle.db, scopeToAccounts(ids), { ...level, days: 730 });
      expect(points.filter((p) => p.gap === "failed").map((p) => p.day)).toEqual([...failedDays].sort());
      expect(points.filter((p) => p.gap === null)).toHaveLength(90 - failedDays.size);
    }
  });

  it("tells the story through real findings: some fixed, some still open", async () => {
    const db = handle.db;
    const openDb = await db
      .select()
      .from(s.findings)
      .where(and(eq(s.findings.checkId, "sg_world_open_db_ports"), eq(s.findings.accountId, idOf("payments-prod"))));
    expect(openDb.length).toBeGreaterThan(0);
    expect(openDb.every((f) => f.status === "RESOLVED")).toBe(true);
    const events = await db
      .select()
      .from(s.findingEvents)
      .where(eq(s.findingEvents.findingId, openDb[0]!.id))
      .orderBy(s.findingEvents.occurredAt, s.findingEvents.id);
    expect(events.map((e) => e.toStatus)).toEqual(["NEW", "RESOLVED"]);
    const publicBucket = await db
      .select()
      .from(s.findings)
      .where(and(eq(s.findings.checkId, "s3_bucket_public"), eq(s.findings.accountId, idOf("web-staging"))));
    expect(publicBucket.some((f) => f.status === "NEW")).toBe(true);
    const overview = await getOverview(db, scopeToAccounts(ids));
    expect(overview.openTotal).toBeGreaterThan(20);
    expect(overview.score).toBeGreaterThan(0);
    expect(overview.score).toBeLessThan(100);
    expect(overview.guarddutyHighOpen).toBeGreaterThan(0);
    expect(overview.canariesTrippedLast7d).toBe(1);
  });

  it("finds the cost spikes with the real detector, the SES one among them", async () => {
    const anomalies = await listCostIncidents(handle.db, scopeToAccounts(ids), { limit: 100 });
    expect(anomalies.some((a) => a.accountId === idOf("web-prod") && a.service === "Amazon Simple Email Service")).toBe(
      true,
    );
    expect(
      anomalies.some((a) => a.accountId === idOf("data-dev") && a.service.startsWith("Amazon Elastic Compute Cloud")),
    ).toBe(true);
  });

  it("shows budgets whose spend is the Costs page's month to date: one at risk, one broken, one account unwatched", async () => {
    const watch = new Map((await listBillingWatch(handle.db, scopeToAccounts(ids))).map((w) => [w.accountName, w]));
    const to = (await lastCostDay(handle.db))!;
    const monthToDate = (name: string) =>
      sumCost(handle.db, scopeToAccounts([idOf(name)]), { from: `${to.slice(0, 8)}01`, to });
    const webProd = watch.get("web-prod")!.budgets[0]!;
    expect(webProd.actualSpend).toBeCloseTo(await monthToDate("web-prod"), 1);
    expect(["at_risk", "over"]).toContain(budgetHealth(webProd));
    expect(webProd.forecastedSpend!).toBeGreaterThan(webProd.limitAmount!);
    expect(["at_risk", "over"]).toContain(budgetHealth(watch.get("data-dev")!.budgets[0]!));
    expect(budgetHealth(watch.get("payments-prod")!.budgets[0]!)).toBe("ok");
    expect(billingWatchState(watch.get("sandbox-dev")!)).toBe("none");
    const [missing] = await handle.db
      .select({ status: s.findings.status })
      .from(s.findings)
      .where(
        and(eq(s.findings.accountId, idOf("sandbox-dev")), eq(s.findings.checkId, "billing_alarm_or_budget_missing")),
      );
    expect(missing?.status).toMatch(/NEW|ACKNOWLEDGED/);
  });

  it("keeps a security event per high GuardDuty finding, sequence and detection; CloudTrail agrees on the key", async () => {
    const events = await listSecurityEvents(handle.db, { scope: scopeToAccounts(ids), limit: 100 });
    expect(events.filter((e) => e.kind === "canary_tripped").map((e) => e.severity)).toEqual(["critical"]);
    expect(events.some((e) => e.kind === "risky_activity")).toBe(true);
    const guardDuty = events.filter((e) => e.kind === "guardduty_finding" || e.kind === "attack_sequence");
    expect(guardDuty.map((e) => [e.kind, e.accountName, e.severity, e.type]).sort()).toEqual([
      ["attack_sequence", "data-dev", "critical", "AttackSequence:IAM/CompromisedCredentials"],
      ["guardduty_finding", "data-dev", "high", "CryptoCurrency:EC2/BitcoinTool.B!DNS"],
      ["guardduty_finding", "data-dev", "high", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"],
    ]);
    // The exfiltrated key GuardDuty names has the CloudTrail activity its investigation link shows.
    const [exfil] = await handle.db
      .select()
      .from(s.guarddutyFindings)
      .where(
        and(
          eq(s.guarddutyFindings.type, "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"),
          inArray(s.guarddutyFindings.accountId, ids),
        ),
      );
    const trail = await listSubjectEvents(handle.db, {
      scope: scopeToAccounts(ids),
      filter: { q: exfil!.accessKeyId!, since: new Date(0) },
      limit: 100,
    });
    expect(trail.length).toBe(6);
    expect(new Set(trail.map((e) => e.accountId))).toEqual(new Set([exfil!.accountId]));
    expect(trail.every((e) => e.sourceIp === exfil!.remoteIp)).toBe(true);
    expect(trail[0]!.eventTime.getTime()).toBeGreaterThanOrEqual(exfil!.firstSeenAt.getTime());
  });

  it("tells a triage story: every state, assignees, comments, a lapsed suppression, a rule, overdue findings", async () => {
    const db = handle.db;
    const rows = await db
      .select({
        id: s.findings.id,
        status: s.findings.status,
        assigneeId: s.findings.assigneeId,
        dueAt: s.findings.dueAt,
      })
      .from(s.findings)
      .where(inArray(s.findings.accountId, ids));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["NEW", "ACKNOWLEDGED", "SUPPRESSED", "RESOLVED"]));
    expect(rows.filter((r) => r.assigneeId).length).toBeGreaterThanOrEqual(4);
    expect(rows.some((r) => r.status === "NEW" && r.dueAt && r.dueAt < new Date())).toBe(true);
    const events = await db
      .select({ kind: s.findingEvents.kind, note: s.findingEvents.note })
      .from(s.findingEvents)
      .where(
        inArray(
          s.findingEvents.findingId,
          rows.map((r) => r.id),
        ),
      );
    expect(events.some((e) => e.kind === "comment")).toBe(true);
    expect(events.some((e) => e.kind === "assignment")).toBe(true);
    expect(events.some((e) => e.note === "Suppression expired")).toBe(true);
    const [rule] = await db
      .select()
      .from(s.suppressionRules)
      .where(eq(s.suppressionRules.accountId, idOf("sandbox-dev")));
    expect(rule).toBeDefined();
    const byRule = await db.select().from(s.findings).where(eq(s.findings.suppressionRuleId, rule!.id));
    expect(byRule.length).toBeGreaterThan(0);
  });

  it("loads once, and removes cleanly", async () => {
    const { getSetting } = await import("@/lib/db/queries/settings");
    expect(await getSetting(handle.db, "demo.loaded")).toBeTruthy();
    expect((await loadDemoOrganization(handle.db, { checks, orgChecks })).loaded).toBe(false);
    expect(
      await removeDemoOrganization(handle.db, { demoCheckSettings: demoOrganization.checkSettings }),
    ).toMatchObject({ removed: true });
    expect(await handle.db.select().from(s.awsAccounts).where(inArray(s.awsAccounts.id, ids))).toEqual([]);
    expect(await handle.db.select().from(s.securityEvents).where(inArray(s.securityEvents.accountId, ids))).toEqual([]);
    expect(
      await handle.db
        .select()
        .from(s.canaryKeys)
        .where(inArray(s.canaryKeys.accessKeyId, ["AKIAEXAMPLECANARY001", "AKIAEXAMPLECANARY002"])),
    ).toEqual([]);
    expect(await removeDemoOrganization(handle.db, { demoCheckSettings: demoOrganization.checkSettings })).toEqual({
      removed: false,
    });
    expect(await getSetting(handle.db, "demo.loaded")).toBeUndefined();
  });
});
