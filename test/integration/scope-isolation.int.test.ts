/**
 * Every read in lib/db/queries that takes an AccountScope, given account A's scope, returns nothing of
 * account B and counts A's data alone. The list of reads is checked against the source, so a new read
 * path fails this file until it is added here.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import * as accounts from "@/lib/db/queries/accounts";
import * as activity from "@/lib/db/queries/activity";
import * as compliance from "@/lib/db/queries/compliance";
import * as findingDetail from "@/lib/db/queries/finding-detail";
import * as myFindings from "@/lib/db/queries/my-findings";
import * as canaries from "@/lib/db/queries/canaries";
import * as changes from "@/lib/db/queries/changes";
import * as lookups from "@/lib/db/queries/lookups";
import * as checks from "@/lib/db/queries/checks";
import * as collection from "@/lib/db/queries/collection";
import * as costs from "@/lib/db/queries/costs";
import * as budgets from "@/lib/db/queries/budgets";
import * as accountList from "@/lib/db/queries/account-list";
import * as accountPage from "@/lib/db/queries/account-page";
import * as dashboard from "@/lib/db/queries/dashboard";
import * as findings from "@/lib/db/queries/findings";
import * as guardduty from "@/lib/db/queries/guardduty";
import * as overview from "@/lib/db/queries/overview";
import * as securityEvents from "@/lib/db/queries/security-events";
import { ALL_ACCOUNTS, scopeToAccounts, type AccountScope } from "@/lib/db/queries/scope";
import { updateRunProgress } from "@/lib/db/queries/snapshot";
import * as timeline from "@/lib/db/queries/timeline";
import * as teams from "@/lib/db/queries/teams";
import * as trends from "@/lib/db/queries/trends";
import { resolveUserScope } from "@/lib/db/queries/users";
import { timelineKinds } from "@/lib/domain/timeline";
import type { Db } from "@/lib/db/types";
import {
  createAccount,
  createCanaryKey,
  createCheck,
  createFinding,
  createGuardDutyFinding,
  createOrganization,
} from "../factories";

const QUERIES_DIR = path.resolve(import.meta.dirname, "../../lib/db/queries");

let handle: DatabaseHandle;
let db: Db;

// Everything B-only carries "bravo" (or "charlie", for the other organization) in its text, so a
// leak of any of it shows in the serialized result; ids are checked as well.
const t = randomUUID().slice(0, 8);
const now = new Date();
const day = (n: number) => costs.daysAgo(n, now);
const seed = {
  orgName: `Isolation org ${t}`,
  a: { id: "", name: `alpha-${t}`, email: `alpha-${t}@example.com`, ou: `ou-${t}-alpha`, ouPath: `Root/Alpha ${t}` },
  b: { id: "", name: `bravo-${t}`, email: `bravo-${t}@example.com`, ou: `ou-${t}-bravo`, ouPath: `Root/Bravo ${t}` },
  c: { id: "", name: `charlie-${t}` },
  checkShared: `iso_shared_${t}`,
  checkOther: `iso_other_${t}`,
  /** A team covering A's OU and B's account: a team filter narrows, never widens. */
  sharedTeam: "",
  run: "",
  otherRun: "",
  ids: [] as string[],
  findingA: "",
  subject: `iso-user-${t}`,
  userId: "",
};
let scopeA: AccountScope;
let scopeB: AccountScope;
let scopeAB: AccountScope;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;

  // Organization, OUs, accounts: A and B in one organization, C in another.
  const org = await createOrganization(db, { name: seed.orgName });
  await db.insert(s.organizationalUnits).values([
    { id: `r-${t}`, organizationId: org.id, parentId: null, name: "Root", path: "Root" },
    { id: seed.a.ou, organizationId: org.id, parentId: `r-${t}`, name: `Alpha ${t}`, path: seed.a.ouPath },
    { id: seed.b.ou, organizationId: org.id, parentId: `r-${t}`, name: `Bravo ${t}`, path: seed.b.ouPath },
  ]);
  seed.a.id = (
    await createAccount(db, org.id, {
      name: seed.a.name,
      email: seed.a.email,
      ouId: seed.a.ou,
      ouPath: seed.a.ouPath,
      environment: "prod",
    })
  ).id;
  seed.b.id = (
    await createAccount(db, org.id, {
      name: seed.b.name,
      email: seed.b.email,
      ouId: seed.b.ou,
      ouPath: seed.b.ouPath,
      environment: "dev",
    })
  ).id;
  const otherOrg = await createOrganization(db, { name: `Charlie org ${t}` });
  seed.c.id = (await createAccount(db, otherOrg.id, { name: seed.c.name, environment: "prod" })).id;
  const A = seed.a.id;
  const B = seed.b.id;

  // Teams: A's team sees A's OU, B's team sees B's account; scopes come from the real resolver.
  const userA = await user(`viewer-a-${t}@example.com`);
  const userB = await user(`viewer-b-${t}@example.com`);
  await team(userA, { kind: "ou", value: seed.a.ou });
  await team(userB, { kind: "account", value: B });
  scopeA = await resolveUserScope(db, userA);
  scopeB = await resolveUserScope(db, userB);
  scopeAB = scopeToAccounts([A, B]);
  const [shared] = await db
    .insert(s.teams)
    .values({ name: `iso-shared-${t}` })
    .returning();
  seed.sharedTeam = shared!.id;
  await db.insert(s.teamScopes).values([
    { teamId: shared!.id, kind: "ou", value: seed.a.ou },
    { teamId: shared!.id, kind: "account", value: B },
  ]);

  // Checks: one both accounts fail, one only B fails (the catalogue itself is not account data).
  await createCheck(db, { id: seed.checkShared, title: `Isolation shared check ${t}` });
  // The other check is a CloudTrail detection: the Overview's risky-activity count reads it.
  await createCheck(db, { id: seed.checkOther, title: `Isolation other check ${t}`, service: "cloudtrail" });

  // A collection run over A and B, then a later one of the other organization.
  seed.run = await collection.createRun(db, {
    organizationId: org.id,
    trigger: "manual",
    accountsTotal: 2,
    now: new Date(now.getTime() - 3_600_000),
  });
  const unit = (
    accountId: string,
    region: string,
    status: "ok" | "failed" | "partial",
    errorCode?: string,
    errorMessage?: string,
  ) => ({
    runId: seed.run,
    accountId,
    region,
    status,
    errorCode,
    errorMessage,
    startedAt: now,
    finishedAt: now,
    durationMs: 1000,
    apiCalls: 10,
    resultsCount: 3,
  });
  await db.insert(s.runUnits).values([
    unit(A, "us-east-1", "ok"),
    unit(A, "global", "failed", "AccessDenied", `alpha role missing ${t}`),
    unit(B, "us-east-1", "failed", "Throttled", `bravo throttled ${t}`),
    unit(B, "eu-west-1", "failed", "Timeout", `bravo timeout ${t}`),
    // B's last unit ends a minute later: the latest collection of B is not A's.
    {
      ...unit(B, "global", "partial", "RegionDisabled", `bravo partial ${t}`),
      finishedAt: new Date(now.getTime() + 60_000),
    },
  ]);
  await updateRunProgress(db, seed.run, now);
  await db
    .update(s.awsAccounts)
    .set({ lastRunId: seed.run, lastCollectedAt: now })
    .where(inArray(s.awsAccounts.id, [A, B]));
  seed.otherRun = await collection.createRun(db, {
    organizationId: otherOrg.id,
    trigger: "manual",
    accountsTotal: 1,
    now,
  });
  await db.insert(s.runUnits).values({
    runId: seed.otherRun,
    accountId: seed.c.id,
    region: "global",
    status: "failed",
    errorMessage: `charlie failed ${t}`,
  });
  await db.insert(s.inventoryItems).values([
    { runId: seed.run, accountId: A, region: "us-east-1", key: "vpcs", data: { cidrs: ["10.0.0.0/16"] } },
    {
      runId: seed.run,
      accountId: B,
      region: "us-east-1",
      key: "vpcs",
      data: { cidrs: ["10.9.0.0/16"], note: `bravo inventory ${t}` },
    },
  ]);

  // Findings: A has 2 open (critical, low) and 1 resolved; B has 3 open and 1 suppressed.
  seed.findingA = (
    await createFinding(db, {
      checkId: seed.checkShared,
      accountId: A,
      severity: "critical",
      resourceId: `alpha-res-1-${t}`,
    })
  ).id;
  await createFinding(db, {
    checkId: seed.checkShared,
    accountId: A,
    severity: "low",
    status: "ACKNOWLEDGED",
    resourceId: `alpha-res-2-${t}`,
  });
  await createFinding(db, {
    checkId: seed.checkShared,
    accountId: A,
    severity: "high",
    status: "RESOLVED",
    resourceId: `alpha-res-3-${t}`,
  });
  await createFinding(db, {
    checkId: seed.checkShared,
    accountId: B,
    severity: "critical",
    resourceId: `bravo-res-1-${t}`,
  });
  await createFinding(db, { checkId: seed.checkOther, accountId: B, severity: "high", resourceId: `bravo-res-2-${t}` });
  await createFinding(db, { checkId: seed.checkOther, accountId: B, severity: "high", resourceId: `bravo-res-3-${t}` });
  await createFinding(db, {
    checkId: seed.checkOther,
    accountId: B,
    severity: "medium",
    status: "SUPPRESSED",
    resourceId: `bravo-res-4-${t}`,
  });
  // Due dates (A's critical and two of B's highs are overdue) and status events (detection and
  // resolution of A's resolved finding and one of B's) for SLA, MTTR and the weekly flow.
  const byResource = async (resourceId: string) =>
    (await db.select().from(s.findings).where(eq(s.findings.resourceId, resourceId)))[0]!.id;
  await db
    .update(s.findings)
    .set({ dueAt: new Date(now.getTime() - 86_400_000) })
    .where(inArray(s.findings.resourceId, [`alpha-res-1-${t}`, `bravo-res-2-${t}`, `bravo-res-3-${t}`]));
  const statusEvent = async (resourceId: string, hoursAgo: number, from: "NEW" | null, to: "NEW" | "RESOLVED") =>
    db.insert(s.findingEvents).values({
      findingId: await byResource(resourceId),
      occurredAt: new Date(now.getTime() - hoursAgo * 3_600_000),
      kind: "status",
      fromStatus: from,
      toStatus: to,
    });
  await statusEvent(`alpha-res-3-${t}`, 48, null, "NEW");
  await statusEvent(`alpha-res-3-${t}`, 24, "NEW", "RESOLVED");
  await statusEvent(`bravo-res-2-${t}`, 96, null, "NEW");
  await statusEvent(`bravo-res-2-${t}`, 36, "NEW", "RESOLVED");
  await statusEvent(`bravo-res-3-${t}`, 96, null, "NEW");
  await db.insert(s.checkAccountStats).values([
    { accountId: A, checkId: seed.checkShared, passed: 5, failed: 2, runId: seed.run },
    { accountId: B, checkId: seed.checkShared, passed: 100, failed: 50, runId: seed.run },
    { accountId: B, checkId: seed.checkOther, passed: 7, failed: 3, runId: seed.run },
  ]);

  // GuardDuty: A one high and one medium; B two high and one critical.
  await createGuardDutyFinding(db, { accountId: A, title: `Alpha GD high ${t}`, severity: 8.0, severityLabel: "high" });
  await createGuardDutyFinding(db, {
    accountId: A,
    title: `Alpha GD medium ${t}`,
    severity: 5.0,
    severityLabel: "medium",
  });
  await createGuardDutyFinding(db, {
    accountId: B,
    title: `Bravo GD high ${t}`,
    severity: 8.5,
    severityLabel: "high",
    resourceId: `bravo-instance-${t}`,
  });
  await createGuardDutyFinding(db, {
    accountId: B,
    title: `Bravo GD high 2 ${t}`,
    severity: 8.2,
    severityLabel: "high",
  });
  await createGuardDutyFinding(db, {
    accountId: B,
    title: `Bravo GD critical ${t}`,
    severity: 9.5,
    severityLabel: "critical",
  });
  // Their stable event rows (the high and critical ones), as the snapshot writes them.
  await securityEvents.syncGuardDutySecurityEvents(db, {
    findings: await db
      .select({
        accountId: s.guarddutyFindings.accountId,
        region: s.guarddutyFindings.region,
        id: s.guarddutyFindings.id,
      })
      .from(s.guarddutyFindings)
      .where(inArray(s.guarddutyFindings.accountId, [A, B])),
    now,
  });

  await db.insert(s.guarddutyCoverage).values([
    { accountId: A, region: "us-east-1", detectorId: `alpha-det-${t}`, status: "ENABLED", checkedAt: now },
    { accountId: B, region: "us-east-1", detectorId: `bravo-det-${t}`, status: "ENABLED", checkedAt: now },
    { accountId: B, region: "eu-west-1", status: "NONE", checkedAt: now },
  ]);

  // Costs and anomalies.
  await costs.upsertCostDaily(db, [
    { accountId: A, day: day(2), service: "Amazon EC2", amount: 20 },
    { accountId: A, day: day(1), service: "Amazon EC2", amount: 10 },
    { accountId: A, day: day(1), service: "Amazon S3", amount: 5 },
    { accountId: B, day: day(2), service: "Amazon EC2", amount: 1000 },
    { accountId: B, day: day(1), service: `Bravo service ${t}`, amount: 7 },
    { accountId: B, day: day(3), service: "Amazon EC2", amount: 300 },
  ]);
  const awsAnomaly = { startDay: day(2), service: "Amazon EC2", totalImpact: 50 };
  await costs.upsertAwsAnomalies(db, [
    { ...awsAnomaly, accountId: A, anomalyId: `alpha-anomaly-${t}` },
    { ...awsAnomaly, accountId: B, anomalyId: `bravo-anomaly-${t}`, totalImpact: 900 },
  ]);
  const incident = { kind: "spike" as const, impactPercent: 100, score: 5 };
  await costs.replaceAccountIncidents(db, A, [
    {
      ...incident,
      accountId: A,
      service: "Amazon EC2",
      startDay: day(1),
      lastDay: day(1),
      expected: 4,
      actual: 10,
      impact: 6,
      impactPerDay: 6,
      severity: "medium",
    },
  ]);
  await costs.replaceAccountIncidents(db, B, [
    {
      ...incident,
      accountId: B,
      service: `Bravo service ${t}`,
      startDay: day(1),
      lastDay: day(1),
      expected: 1,
      actual: 7,
      impact: 6,
      impactPerDay: 6,
      severity: "high",
    },
  ]);

  // Budgets and billing alarms.
  await budgets.replaceBillingWatch(db, {
    accountId: A,
    runId: null,
    now,
    budgets: [{ name: `alpha-monthly-${t}`, budgetType: "COST", limitAmount: 100, actualSpend: 35 }],
    alarms: [],
  });
  await budgets.replaceBillingWatch(db, {
    accountId: B,
    runId: null,
    now,
    budgets: [{ name: `bravo-monthly-${t}`, budgetType: "COST", limitAmount: 900, actualSpend: 1307 }],
    alarms: [{ name: `bravo-bill-${t}`, threshold: 500, state: "ALARM" }],
  });

  // Daily rollups (trends and scores).
  await db.insert(s.accountDaily).values([
    { accountId: A, day: day(3), score: 10, openCritical: 3 },
    { accountId: A, day: day(1), score: 80, openCritical: 1, openLow: 1 },
    { accountId: B, day: day(2), score: 30, openHigh: 9 },
    { accountId: B, day: day(1), score: 20, openCritical: 1, openHigh: 2, openMedium: 4 },
    // A week earlier: what the Overview compares today's open findings with.
    { accountId: A, day: day(8), score: 40, openCritical: 2 },
    { accountId: B, day: day(8), score: 35, openHigh: 5 },
  ]);

  // Canaries: A's key tripped once, B's three times, and one key owned by no account.
  const keyA = await createCanaryKey(db, {
    ownerAccountId: A,
    label: `Alpha canary ${t}`,
    status: "tripped",
    lastEventAt: now,
  });
  const keyB = await createCanaryKey(db, {
    ownerAccountId: B,
    label: `Bravo canary ${t}`,
    plantedIn: `bravo laptop ${t}`,
    status: "tripped",
    lastEventAt: now,
  });
  const unowned = await createCanaryKey(db, {
    ownerAccountId: null,
    label: `Charlie unowned canary ${t}`,
    status: "tripped",
    lastEventAt: now,
  });
  seed.ids.push(keyB.id, keyB.accessKeyId, unowned.id, unowned.accessKeyId);
  const event = (canaryKeyId: string, recipientAccountId: string | null) => ({
    id: randomUUID(),
    canaryKeyId,
    eventTime: new Date(now.getTime() - 3_600_000),
    eventName: "GetCallerIdentity",
    eventSource: "sts.amazonaws.com",
    recipientAccountId,
  });
  await canaries.insertCanaryEvents(db, [
    event(keyA.id, A),
    event(keyB.id, B),
    event(keyB.id, B),
    event(keyB.id, B),
    event(unowned.id, null),
  ]);

  // CloudTrail events of one principal in A and B; compliance rollups of A and B; a reader of their findings.
  await db.insert(s.cloudtrailEvents).values(
    [A, B].map((accountId) => ({
      id: randomUUID(),
      accountId,
      region: "us-east-1",
      eventTime: new Date(now.getTime() - 3_600_000),
      eventName: "ListBuckets",
      eventSource: "s3.amazonaws.com",
      userName: seed.subject,
    })),
  );
  await db.insert(s.complianceDaily).values(
    [A, B].map((accountId, i) => ({
      accountId,
      day: day(1),
      framework: "cis",
      passedControls: 10 + i,
      failedControls: 2,
    })),
  );
  seed.userId = (await user(`reader-${t}@example.com`)).id;
});

afterAll(async () => {
  await handle.close();
});

async function user(email: string) {
  const [row] = await db.insert(s.users).values({ email, role: "viewer", roleSource: "manual" }).returning();
  return row!;
}

async function team(member: { id: string }, scope: { kind: "account" | "ou" | "environment"; value: string }) {
  const [row] = await db
    .insert(s.teams)
    .values({ name: `iso-team-${randomUUID().slice(0, 8)}` })
    .returning();
  await db.insert(s.teamScopes).values({ teamId: row!.id, ...scope });
  await db.insert(s.teamMembers).values({ teamId: row!.id, userId: member.id });
}

/** JSON with Maps and Sets spelled out (JSON.stringify writes a Map as {}). */
function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Map ? { map: [...v.entries()] } : v instanceof Set ? { set: [...v] } : v,
  );
}

/** What must never reach a reader scoped to A. */
function forbidden(): string[] {
  return [
    seed.b.id,
    seed.b.name,
    seed.b.email,
    seed.b.ou,
    seed.b.ouPath,
    seed.c.id,
    seed.c.name,
    seed.otherRun,
    "bravo",
    "charlie",
    ...seed.ids,
  ];
}

function leaks(serialized: string): string[] {
  const text = serialized.toLowerCase();
  return forbidden().filter((f) => text.includes(f.toLowerCase()));
}

// ---------------------------------------------------------------------------------------------
// Every read that takes an AccountScope: how to call it, and what A's scope must return.

type Case = {
  file: string;
  fn: (...args: never[]) => unknown;
  call: (scope: AccountScope) => Promise<unknown>;
  /** The result for A's scope: A's data alone, counted and summed. */
  expectA: (result: never) => void;
  /** Reads what A and B share (their organization): the non-vacuous check compares with every account, C's organization included. */
  sharedByAB?: true;
};

const ours = <T extends { id: string }>(rows: T[]) =>
  rows.filter((r) => r.id === seed.checkShared || r.id === seed.checkOther);

const cases: Case[] = [
  {
    file: "activity.ts",
    fn: activity.listSubjectEvents,
    call: (scope) =>
      activity.listSubjectEvents(db, { scope, filter: { q: seed.subject, since: new Date(0) }, limit: 50 }),
    expectA: (rows: Awaited<ReturnType<typeof activity.listSubjectEvents>>) => {
      expect(rows.map((r) => r.accountId)).toEqual([seed.a.id]);
    },
  },
  {
    file: "activity.ts",
    fn: activity.listServiceCallers,
    call: (scope) =>
      activity.listServiceCallers(db, {
        scope,
        accountIds: [seed.a.id, seed.b.id],
        eventSource: "s3.amazonaws.com",
        from: new Date(0),
        to: new Date(now.getTime() + 60_000),
        limit: 50,
      }),
    expectA: (rows: Awaited<ReturnType<typeof activity.listServiceCallers>>) => {
      expect(rows.map((r) => [r.accountId, r.userName, r.calls])).toEqual([[seed.a.id, seed.subject, 1]]);
    },
  },
  {
    file: "activity.ts",
    fn: activity.latestSubjectEvent,
    call: async (scope) => {
      const latest = await activity.latestSubjectEvent(db, { q: seed.subject, scope });
      // The time alone says nothing of whose it is: paired with the accounts that have one.
      const accounts = await activity.listSubjectEvents(db, {
        scope,
        filter: { q: seed.subject, since: new Date(0) },
        limit: 50,
      });
      return { latest, accounts: accounts.map((r) => r.accountId) };
    },
    expectA: (result: { latest: unknown; accounts: string[] }) => {
      expect(result.latest).toBeTruthy();
      expect(result.accounts).toEqual([seed.a.id]);
    },
  },
  {
    file: "lookups.ts",
    fn: lookups.listLookupAccountIds,
    call: (scope) => lookups.listLookupAccountIds(db, { scope }),
    expectA: (ids: string[]) => {
      expect(ids).toEqual([seed.a.id]);
    },
  },
  {
    file: "canaries.ts",
    fn: canaries.listCanaryEvents,
    call: (scope) => canaries.listCanaryEvents(db, { scope, limit: 50 }),
    expectA: (rows: Awaited<ReturnType<typeof canaries.listCanaryEvents>>) => {
      expect(rows).toHaveLength(1);
    },
  },
  {
    file: "compliance.ts",
    fn: compliance.listComplianceStats,
    call: (scope) => compliance.listComplianceStats(db, { scope }),
    expectA: (rows: Awaited<ReturnType<typeof compliance.listComplianceStats>>) => {
      expect(new Set(rows.map((r) => r.accountId))).toEqual(new Set([seed.a.id]));
    },
  },
  {
    file: "compliance.ts",
    fn: compliance.listComplianceAccounts,
    call: (scope) => compliance.listComplianceAccounts(db, { scope }),
    expectA: (result: Awaited<ReturnType<typeof compliance.listComplianceAccounts>>) => {
      expect(result.map((a) => [a.id, a.name])).toEqual([[seed.a.id, seed.a.name]]);
    },
  },
  {
    file: "compliance.ts",
    fn: compliance.listComplianceTrend,
    call: (scope) => compliance.listComplianceTrend(db, { scope, framework: "cis", days: 30 }),
    expectA: (rows: Awaited<ReturnType<typeof compliance.listComplianceTrend>>) => {
      expect(rows.map((r) => [r.accountId, r.passed])).toEqual([[seed.a.id, 10]]);
    },
  },
  {
    file: "finding-detail.ts",
    fn: findingDetail.getFindingDetail,
    call: async (scope) => [await findingDetail.getFindingDetail(db, { id: seed.findingA, scope })],
    expectA: (rows: unknown[]) => {
      expect(JSON.stringify(rows)).toContain(`alpha-res-1-${t}`);
    },
  },
  {
    file: "my-findings.ts",
    fn: myFindings.listMyFindings,
    call: (scope) => myFindings.listMyFindings(db, { userId: seed.userId, scope, now, limit: 50 }),
    expectA: (result: Awaited<ReturnType<typeof myFindings.listMyFindings>>) => {
      expect(result.assigned).toEqual([]);
      expect(result.inMyScope.map((r) => r.resourceId).sort()).toEqual([`alpha-res-1-${t}`, `alpha-res-2-${t}`]);
    },
  },
  {
    file: "accounts.ts",
    fn: accounts.listOrganizations,
    call: (scope) => accounts.listOrganizations(db, scope),
    expectA: (rows: Awaited<ReturnType<typeof accounts.listOrganizations>>) => {
      expect(rows.map((r) => r.name)).toEqual([seed.orgName]);
    },
    sharedByAB: true,
  },
  {
    file: "accounts.ts",
    fn: accounts.listAccounts,
    call: (scope) => accounts.listAccounts(db, scope),
    expectA: (rows: Awaited<ReturnType<typeof accounts.listAccounts>>) => {
      expect(rows.map((r) => [r.id, r.name, r.ouPath, r.organizationName])).toEqual([
        [seed.a.id, seed.a.name, seed.a.ouPath, seed.orgName],
      ]);
    },
  },
  {
    file: "canaries.ts",
    fn: canaries.listCanaryKeys,
    call: (scope) => canaries.listCanaryKeys(db, scope),
    expectA: (rows: Awaited<ReturnType<typeof canaries.listCanaryKeys>>) => {
      expect(rows.map((r) => [r.label, r.ownerAccountId, r.events])).toEqual([[`Alpha canary ${t}`, seed.a.id, 1]]);
    },
  },
  {
    file: "checks.ts",
    fn: checks.listCheckCatalog,
    call: (scope) => checks.listCheckCatalog(db, scope),
    expectA: (rows: Awaited<ReturnType<typeof checks.listCheckCatalog>>) => {
      expect(ours(rows).map((r) => [r.id, r.passed, r.failed, r.accounts, r.open])).toEqual([
        [seed.checkOther, 0, 0, 0, 0],
        [seed.checkShared, 5, 2, 1, 2],
      ]);
    },
  },
  {
    file: "collection.ts",
    fn: collection.listRunUnits,
    call: (scope) => collection.listRunUnits(db, seed.run, scope),
    expectA: (rows: Awaited<ReturnType<typeof collection.listRunUnits>>) => {
      expect(rows.map((r) => [r.accountId, r.region, r.status, r.errorCode])).toEqual([
        [seed.a.id, "global", "failed", "AccessDenied"],
        [seed.a.id, "us-east-1", "ok", null],
      ]);
      expect(rows.reduce((n, r) => n + r.apiCalls, 0)).toBe(20);
    },
  },
  {
    file: "collection.ts",
    fn: collection.listAccountLastRunProblems,
    call: (scope) => collection.listAccountLastRunProblems(db, scope),
    expectA: (problems: Awaited<ReturnType<typeof collection.listAccountLastRunProblems>>) => {
      expect([...problems.keys()]).toEqual([seed.a.id]);
      expect(problems.get(seed.a.id)).toMatchObject({
        failed: 1,
        partial: 0,
        skipped: 0,
        codes: ["AccessDenied"],
        message: `alpha role missing ${t}`,
      });
    },
  },
  {
    file: "costs.ts",
    fn: costs.listDailyCostTotals,
    call: (scope) => costs.listDailyCostTotals(db, scope, { days: 30, now }),
    expectA: (rows: Awaited<ReturnType<typeof costs.listDailyCostTotals>>) => {
      expect(rows).toEqual([
        { day: day(2), amount: 20 },
        { day: day(1), amount: 15 },
      ]);
    },
  },
  {
    file: "costs.ts",
    fn: costs.listCostIncidents,
    call: (scope) => costs.listCostIncidents(db, scope, { limit: 1000 }),
    expectA: (rows: Awaited<ReturnType<typeof costs.listCostIncidents>>) => {
      expect(rows.map((r) => [r.accountId, r.accountName, r.service, r.actual])).toEqual([
        [seed.a.id, seed.a.name, "Amazon EC2", 10],
      ]);
    },
  },
  {
    file: "costs.ts",
    fn: costs.listCostBreakdown,
    call: (scope) => costs.listCostBreakdown(db, scope, { from: day(30), to: day(0) }),
    expectA: (rows: Awaited<ReturnType<typeof costs.listCostBreakdown>>) => {
      expect(rows.map((r) => [r.accountId, r.service, r.amount])).toEqual(
        expect.arrayContaining([
          [seed.a.id, "Amazon EC2", 20],
          [seed.a.id, "Amazon EC2", 10],
          [seed.a.id, "Amazon S3", 5],
        ]),
      );
      expect(rows).toHaveLength(3);
    },
  },
  {
    file: "costs.ts",
    fn: costs.listAwsAnomalies,
    call: (scope) => costs.listAwsAnomalies(db, scope, { from: day(30), to: day(0), limit: 1000 }),
    expectA: (rows: Awaited<ReturnType<typeof costs.listAwsAnomalies>>) => {
      expect(rows.map((r) => [r.accountId, r.accountName, r.totalImpact])).toEqual([[seed.a.id, seed.a.name, 50]]);
    },
  },
  {
    file: "budgets.ts",
    fn: budgets.listBillingWatch,
    call: (scope) => budgets.listBillingWatch(db, scope),
    expectA: (rows: Awaited<ReturnType<typeof budgets.listBillingWatch>>) => {
      expect(rows.map((r) => [r.accountId, r.budgets.map((b) => [b.name, b.actualSpend]), r.alarms])).toEqual([
        [seed.a.id, [[`alpha-monthly-${t}`, 35]], []],
      ]);
    },
  },
  {
    file: "teams.ts",
    fn: teams.narrowScopeToTeam,
    // The Costs page's team filter: a team that covers B narrows A's scope to A's accounts, never adds B.
    call: (scope) => teams.narrowScopeToTeam(db, scope, seed.sharedTeam),
    expectA: (narrowed: AccountScope) => {
      expect(narrowed).toEqual({ all: false, accountIds: [seed.a.id] });
    },
  },
  {
    file: "costs.ts",
    fn: costs.sumCost,
    call: (scope) => costs.sumCost(db, scope, { from: day(30), to: day(0) }),
    expectA: (total: number) => {
      expect(total).toBe(35);
    },
  },
  {
    file: "costs.ts",
    fn: costs.setCostIncidentVerdict,
    // Aimed at B's incident: A's scope must not find (or change) it.
    call: async (scope) => {
      const [b] = await db.select().from(s.costIncidents).where(eq(s.costIncidents.accountId, seed.b.id));
      return costs.setCostIncidentVerdict(db, scope, b!.id, { verdict: null, note: null, by: "scope-test" });
    },
    expectA: (result: Awaited<ReturnType<typeof costs.setCostIncidentVerdict>>) => {
      expect(result).toBeNull();
    },
  },
  {
    file: "findings.ts",
    fn: findings.listOpenFindings,
    call: (scope) => findings.listOpenFindings(db, scope, { limit: 1000 }),
    expectA: (rows: Awaited<ReturnType<typeof findings.listOpenFindings>>) => {
      expect(rows.map((r) => [r.accountId, r.accountName, r.severity, r.resourceId])).toEqual([
        [seed.a.id, seed.a.name, "critical", `alpha-res-1-${t}`],
        [seed.a.id, seed.a.name, "low", `alpha-res-2-${t}`],
      ]);
    },
  },
  {
    file: "findings.ts",
    fn: findings.listFindingsPage,
    call: (scope) =>
      findings.listFindingsPage(db, scope, { filter: {}, userId: null, now, sort: "severity", limit: 1000 }),
    expectA: (page: Awaited<ReturnType<typeof findings.listFindingsPage>>) => {
      expect(page.rows.map((r) => [r.accountId, r.accountName, r.severity, r.resourceId])).toEqual([
        [seed.a.id, seed.a.name, "critical", `alpha-res-1-${t}`],
        [seed.a.id, seed.a.name, "high", `alpha-res-3-${t}`],
        [seed.a.id, seed.a.name, "low", `alpha-res-2-${t}`],
      ]);
      expect(page.next).toBeNull();
    },
  },
  {
    file: "findings.ts",
    fn: findings.countFindingFacets,
    call: (scope) => findings.countFindingFacets(db, scope, { filter: {}, userId: null, now }),
    expectA: (facets: Awaited<ReturnType<typeof findings.countFindingFacets>>) => {
      expect(facets.account).toEqual([{ value: seed.a.id, label: seed.a.name, count: 3 }]);
      expect(facets.environment).toEqual([{ value: "prod", label: "prod", count: 3 }]);
      expect(facets.check.map((f) => [f.value, f.count])).toEqual([[seed.checkShared, 3]]);
      expect(facets.status.reduce((n, f) => n + f.count, 0)).toBe(3);
    },
  },
  {
    file: "findings.ts",
    fn: findings.listFindingGroups,
    call: (scope) =>
      findings.listFindingGroups(db, scope, { filter: {}, userId: null, now, by: "account", limit: 1000 }),
    expectA: (groups: Awaited<ReturnType<typeof findings.listFindingGroups>>) => {
      expect(groups.map((g) => [g.key, g.label, g.findings, g.checks, g.severity])).toEqual([
        [seed.a.id, seed.a.name, 3, 1, "critical"],
      ]);
    },
  },
  {
    file: "findings.ts",
    fn: findings.countFindings,
    call: (scope) =>
      findings.countFindings(db, scope, { filter: { status: ["NEW", "ACKNOWLEDGED"] }, userId: null, now }),
    expectA: (n: number) => expect(n).toBe(2),
  },
  {
    file: "findings.ts",
    fn: findings.listFindingsExportPage,
    call: (scope) =>
      findings.listFindingsExportPage(db, scope, { filter: {}, userId: null, now, sort: "check", limit: 1000 }),
    expectA: (page: Awaited<ReturnType<typeof findings.listFindingsExportPage>>) => {
      expect(page.rows.map((r) => [r.accountId, r.accountName, r.resourceId, r.evidence])).toEqual([
        [seed.a.id, seed.a.name, `alpha-res-1-${t}`, "{}"],
        [seed.a.id, seed.a.name, `alpha-res-3-${t}`, "{}"],
        [seed.a.id, seed.a.name, `alpha-res-2-${t}`, "{}"],
      ]);
    },
  },
  {
    file: "findings.ts",
    fn: findings.iterateFindings,
    call: async (scope) => {
      const rows = [];
      for await (const batch of findings.iterateFindings(db, scope, {
        filter: {},
        userId: null,
        now,
        sort: "account",
        batch: 2,
      }))
        rows.push(...batch);
      return rows;
    },
    expectA: (rows: { accountId: string; resourceId: string; evidence: unknown }[]) => {
      expect(rows.map((r) => [r.accountId, r.resourceId])).toEqual([
        [seed.a.id, `alpha-res-1-${t}`],
        [seed.a.id, `alpha-res-3-${t}`],
        [seed.a.id, `alpha-res-2-${t}`],
      ]);
    },
  },
  {
    file: "findings.ts",
    fn: findings.iterateFindingLines,
    call: async (scope) => {
      const lines: string[] = [];
      for await (const batch of findings.iterateFindingLines(db, scope, {
        filter: {},
        userId: null,
        now,
        sort: "account",
        batch: 2,
        line: (f) => sql`${f.accountId} || ' ' || ${f.resourceId}`,
      }))
        lines.push(...batch);
      return lines;
    },
    expectA: (lines: string[]) => {
      expect(lines).toEqual([
        `${seed.a.id} alpha-res-1-${t}`,
        `${seed.a.id} alpha-res-3-${t}`,
        `${seed.a.id} alpha-res-2-${t}`,
      ]);
    },
  },
  {
    file: "guardduty.ts",
    fn: guardduty.listGuardDutyFindings,
    call: (scope) => guardduty.listGuardDutyFindings(db, scope, { limit: 1000 }),
    expectA: (rows: Awaited<ReturnType<typeof guardduty.listGuardDutyFindings>>) => {
      expect(rows.map((r) => [r.accountId, r.title])).toEqual([
        [seed.a.id, `Alpha GD high ${t}`],
        [seed.a.id, `Alpha GD medium ${t}`],
      ]);
    },
  },
  {
    file: "guardduty.ts",
    fn: guardduty.searchGuardDutyFindings,
    call: (scope) => guardduty.searchGuardDutyFindings(db, { scope, filter: { archived: "all" }, limit: 1000 }),
    expectA: (rows: Awaited<ReturnType<typeof guardduty.searchGuardDutyFindings>>) => {
      expect(rows.map((r) => [r.accountId, r.title])).toEqual([
        [seed.a.id, `Alpha GD high ${t}`],
        [seed.a.id, `Alpha GD medium ${t}`],
      ]);
    },
  },
  {
    file: "guardduty.ts",
    fn: guardduty.summarizeGuardDutyFindings,
    call: (scope) => guardduty.summarizeGuardDutyFindings(db, { scope, filter: { archived: "all" } }),
    expectA: (r: Awaited<ReturnType<typeof guardduty.summarizeGuardDutyFindings>>) => {
      expect(r.byAccount.map((x) => [x.accountId, x.severity, x.count]).sort()).toEqual([
        [seed.a.id, "high", 1],
        [seed.a.id, "medium", 1],
      ]);
      expect(r.byType).toEqual([{ type: "UnauthorizedAccess:EC2/SSHBruteForce", count: 2, maxSeverity: 8 }]);
    },
  },
  {
    file: "guardduty.ts",
    fn: guardduty.getGuardDutyFinding,
    // A's finding and B's, each asked for by its key: only the scope decides which come back.
    call: async (scope) => {
      const rows = await db
        .select()
        .from(s.guarddutyFindings)
        .where(inArray(s.guarddutyFindings.accountId, [seed.a.id, seed.b.id]));
      const pick = (title: string) => rows.find((r) => r.title === title)!;
      return Promise.all(
        [pick(`Alpha GD high ${t}`), pick(`Bravo GD high ${t}`)].map((r) =>
          guardduty.getGuardDutyFinding(db, { scope, accountId: r.accountId, region: r.region, id: r.id }),
        ),
      );
    },
    expectA: (r: Awaited<ReturnType<typeof guardduty.getGuardDutyFinding>>[]) => {
      expect(r.map((x) => x?.finding.title)).toEqual([`Alpha GD high ${t}`, undefined]);
    },
  },
  {
    file: "security-events.ts",
    fn: securityEvents.listSecurityEvents,
    call: (scope) => securityEvents.listSecurityEvents(db, { scope, limit: 1000 }),
    expectA: (rows: Awaited<ReturnType<typeof securityEvents.listSecurityEvents>>) => {
      expect(rows.map((r) => [r.accountId, r.kind, r.title])).toEqual([
        [seed.a.id, "guardduty_finding", `Alpha GD high ${t}`],
      ]);
    },
  },
  {
    file: "guardduty.ts",
    fn: guardduty.listGuardDutyCoverage,
    call: (scope) => guardduty.listGuardDutyCoverage(db, scope),
    expectA: (r: Awaited<ReturnType<typeof guardduty.listGuardDutyCoverage>>) => {
      expect(r.accounts.map((a) => a.id)).toEqual([seed.a.id]);
      expect(r.cells.map((c) => [c.accountId, c.region, c.status])).toEqual([[seed.a.id, "us-east-1", "ENABLED"]]);
    },
  },
  {
    file: "overview.ts",
    fn: overview.getOverview,
    call: (scope) => overview.getOverview(db, scope, now),
    expectA: (o: Awaited<ReturnType<typeof overview.getOverview>>) => {
      expect(o).toMatchObject({
        accountsByEnvironment: { prod: 1 },
        accountCount: 1,
        openBySeverity: { critical: 1, high: 0, medium: 0, low: 1, informational: 0 },
        openTotal: 2,
        guarddutyHighOpen: 1,
        canariesTrippedLast7d: 1,
        score: 80,
      });
      // The last run of A's organization, counting A's units only (B's failures are not A's to see).
      // Its status too: A's own units decide it (one of them failed, so "partial" for A).
      expect(o.lastRun).toMatchObject({ id: seed.run, status: "partial", unitsTotal: 2, unitsDone: 2, unitsFailed: 1 });
    },
  },
  {
    file: "overview.ts",
    fn: overview.getOverviewCounts,
    call: (scope) => overview.getOverviewCounts(db, scope, now),
    expectA: (o: Awaited<ReturnType<typeof overview.getOverviewCounts>>) => {
      expect(o).toMatchObject({
        accountCount: 1,
        openTotal: 2,
        guarddutyHighOpen: 1,
        canariesTrippedLast7d: 1,
        score: 80,
      });
    },
  },
  {
    file: "overview.ts",
    fn: overview.lastRunInScope,
    call: (scope) => overview.lastRunInScope(db, scope),
    expectA: (run: Awaited<ReturnType<typeof overview.lastRunInScope>>) => {
      expect(run).toMatchObject({ id: seed.run, status: "partial", unitsTotal: 2, unitsDone: 2, unitsFailed: 1 });
    },
  },
  {
    file: "overview.ts",
    fn: overview.listAccountScores,
    call: (scope) => overview.listAccountScores(db, scope),
    expectA: (scores: Awaited<ReturnType<typeof overview.listAccountScores>>) => {
      expect([...scores]).toEqual([[seed.a.id, 80]]);
    },
  },
  {
    file: "changes.ts",
    fn: changes.listChanges,
    call: (scope) =>
      changes.listChanges(db, {
        scope,
        from: new Date(now.getTime() - 40 * 3_600_000),
        to: now,
        attributeChecks: [seed.checkShared, seed.checkOther],
        limit: 100,
      }),
    expectA: (result: Awaited<ReturnType<typeof changes.listChanges>>) => {
      // A's high finding, detected 48 hours ago, was resolved 24 hours ago: inside the last 40 hours.
      expect(result.counts).toEqual({ new: 0, resolved: 1, reopened: 0, suppressed: 0 });
      expect(result.rows.map((r) => [r.accountId, r.severity, r.change])).toEqual([[seed.a.id, "high", "resolved"]]);
    },
  },
  {
    file: "changes.ts",
    fn: changes.latestCollectionDay,
    call: (scope) => changes.latestCollectionDay(db, { scope }),
    expectA: (at: Awaited<ReturnType<typeof changes.latestCollectionDay>>) => {
      expect(at?.getTime()).toBe(now.getTime());
    },
  },
  {
    file: "timeline.ts",
    fn: timeline.listTimeline,
    call: (scope) =>
      timeline.listTimeline(db, {
        scope,
        kinds: timelineKinds,
        from: new Date(now.getTime() - 400 * 86_400_000),
        to: new Date(now.getTime() + 86_400_000),
        activityChecks: [],
        limit: 500,
      }),
    expectA: (page: Awaited<ReturnType<typeof timeline.listTimeline>>) => {
      expect(new Set(page.items.map((i) => i.accountId))).toEqual(new Set([seed.a.id]));
      expect(new Set(page.items.map((i) => i.kind))).toEqual(
        new Set(["canary", "collection", "cost", "guardduty", "posture"]),
      );
    },
  },
  {
    file: "trends.ts",
    fn: trends.listOrgTrend,
    call: (scope) => trends.listOrgTrend(db, scope, { days: 30, now }),
    expectA: (rows: Awaited<ReturnType<typeof trends.listOrgTrend>>) => {
      expect(rows).toEqual([
        { day: day(8), score: 40, critical: 2, high: 0, medium: 0, low: 0 },
        { day: day(3), score: 10, critical: 3, high: 0, medium: 0, low: 0 },
        { day: day(1), score: 80, critical: 1, high: 0, medium: 0, low: 1 },
      ]);
    },
  },
  {
    file: "trends.ts",
    fn: trends.listTrend,
    call: (scope) => trends.listTrend(db, scope, { level: "org", days: 30, now }),
    expectA: (trend: Awaited<ReturnType<typeof trends.listTrend>>) => {
      expect(trend.points).toHaveLength(30);
      expect(trend.points.filter((p) => p.gap === null).map((p) => [p.day, p.score, p.critical, p.high])).toEqual([
        [day(8), 40, 2, 0],
        [day(3), 10, 3, 0],
        [day(1), 80, 1, 0],
      ]);
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.listScoreSeries,
    call: (scope) => dashboard.listScoreSeries(db, { scope, days: 30, now }),
    expectA: (points: Awaited<ReturnType<typeof dashboard.listScoreSeries>>) => {
      expect(points).toHaveLength(30);
      expect(points.filter((p) => p.score !== null).map((p) => [p.day, p.score])).toEqual([
        [day(8), 40],
        [day(3), 10],
        [day(1), 80],
      ]);
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.countOpenWeekAgo,
    call: (scope) => dashboard.countOpenWeekAgo(db, { scope, now }),
    expectA: (counts: Awaited<ReturnType<typeof dashboard.countOpenWeekAgo>>) => {
      expect(counts).toEqual({ critical: 2, high: 0, medium: 0, low: 0, informational: 0 });
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.countOpenByAccount,
    call: (scope) => dashboard.countOpenByAccount(db, { scope, now }),
    expectA: (byAccount: Awaited<ReturnType<typeof dashboard.countOpenByAccount>>) => {
      expect([...byAccount.values()]).toEqual([{ accountId: seed.a.id, critical: 1, high: 0, overdue: 1 }]);
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.listAccountPosture,
    call: (scope) => dashboard.listAccountPosture(db, { scope, now }),
    expectA: (rows: Awaited<ReturnType<typeof dashboard.listAccountPosture>>) => {
      expect(rows).toEqual([
        { accountId: seed.a.id, name: seed.a.name, environment: "prod", score: 80, critical: 1, high: 0, overdue: 1 },
      ]);
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.countOverdueBySeverity,
    call: (scope) => dashboard.countOverdueBySeverity(db, { scope, now }),
    expectA: (counts: Awaited<ReturnType<typeof dashboard.countOverdueBySeverity>>) => {
      expect(counts).toEqual({ critical: 1, high: 0, medium: 0, low: 0, informational: 0 });
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.countGuardDutyThreats,
    call: (scope) => dashboard.countGuardDutyThreats(db, scope),
    expectA: (counts: Awaited<ReturnType<typeof dashboard.countGuardDutyThreats>>) => {
      expect(counts).toEqual({ critical: 0, high: 1, sequences: 0 });
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.summarizeRecentCost,
    call: (scope) => dashboard.summarizeRecentCost(db, { scope, days: 30, now }),
    expectA: (cost: Awaited<ReturnType<typeof dashboard.summarizeRecentCost>>) => {
      expect(cost).toMatchObject({ total: 35, openIncidents: 1, incidentImpact: 6 });
    },
  },
  {
    file: "dashboard.ts",
    fn: dashboard.countOpenActivityFindings,
    // Only B has open findings of a CloudTrail detection.
    call: (scope) => dashboard.countOpenActivityFindings(db, scope),
    expectA: (n: number) => expect(n).toBe(0),
  },
  {
    file: "account-list.ts",
    fn: accountList.countAccounts,
    // Every account, and B's by name: A alone counts [1, 0], B [1, 1], both [2, 1].
    call: (scope) =>
      Promise.all([
        accountList.countAccounts(db, { scope, filter: {}, now }),
        accountList.countAccounts(db, { scope, filter: { q: seed.b.name }, now }),
      ]),
    expectA: (n: number[]) => expect(n).toEqual([1, 0]),
  },
  {
    file: "account-list.ts",
    fn: accountList.listAccountTable,
    call: (scope) => accountList.listAccountTable(db, { scope, filter: {}, sort: "name", dir: "asc", now }),
    expectA: (rows: Awaited<ReturnType<typeof accountList.listAccountTable>>) => {
      expect(rows.map((r) => [r.id, r.name, r.ouPath, r.score, r.critical, r.overdue])).toEqual([
        [seed.a.id, seed.a.name, seed.a.ouPath, 80, 1, 1],
      ]);
    },
  },
  // The account page's reads, each asked for A's account and for B's: the scope alone decides.
  {
    file: "account-page.ts",
    fn: accountPage.getAccountProfile,
    call: (scope) =>
      Promise.all([seed.a.id, seed.b.id].map((accountId) => accountPage.getAccountProfile(db, { scope, accountId }))),
    expectA: (rows: Awaited<ReturnType<typeof accountPage.getAccountProfile>>[]) => {
      expect(rows.map((r) => r?.name ?? null)).toEqual([seed.a.name, null]);
    },
  },
  {
    file: "account-page.ts",
    fn: accountPage.listWeeklyFindingFlow,
    call: (scope) =>
      Promise.all(
        [seed.a.id, seed.b.id].map((accountId) =>
          accountPage.listWeeklyFindingFlow(db, { scope, accountId, weeks: 2, now }),
        ),
      ),
    expectA: (perAccount: Awaited<ReturnType<typeof accountPage.listWeeklyFindingFlow>>[]) => {
      const sum = (weeks: { opened: number; resolved: number }[]) =>
        weeks.reduce((n, w) => [n[0]! + w.opened, n[1]! + w.resolved], [0, 0]);
      expect(perAccount.map(sum)).toEqual([
        [1, 1],
        [0, 0],
      ]);
    },
  },
  {
    file: "account-page.ts",
    fn: accountPage.getRemediationStats,
    call: (scope) =>
      Promise.all([
        accountPage.getRemediationStats(db, { scope, since: new Date(now.getTime() - 30 * 86_400_000), now }),
        accountPage.getRemediationStats(db, {
          scope,
          accountId: seed.b.id,
          since: new Date(now.getTime() - 30 * 86_400_000),
          now,
        }),
      ]),
    expectA: ([all, b]: Awaited<ReturnType<typeof accountPage.getRemediationStats>>[]) => {
      expect(all!.bySeverity.find((r) => r.severity === "high")).toMatchObject({ resolved: 1, mttrHours: 24 });
      expect(all!.bySeverity.reduce((n, r) => n + r.resolved, 0)).toBe(1);
      expect(all!.openOverdue).toBe(1);
      expect(b!.bySeverity.reduce((n, r) => n + r.resolved, 0)).toBe(0);
      expect(b!.openOverdue).toBe(0);
    },
  },
  {
    file: "account-page.ts",
    fn: accountPage.listOpenFindingsByCheck,
    call: (scope) =>
      Promise.all(
        [seed.a.id, seed.b.id].map((accountId) =>
          accountPage.listOpenFindingsByCheck(db, { scope, accountId, limit: 10 }),
        ),
      ),
    expectA: (perAccount: Awaited<ReturnType<typeof accountPage.listOpenFindingsByCheck>>[]) => {
      expect(perAccount).toEqual([
        [{ checkId: seed.checkShared, title: `Isolation shared check ${t}`, severity: "critical", count: 2 }],
        [],
      ]);
    },
  },
  {
    file: "account-page.ts",
    fn: accountPage.listAccountCollections,
    call: (scope) =>
      Promise.all(
        [seed.a.id, seed.b.id].map((accountId) =>
          accountPage.listAccountCollections(db, { scope, accountId, limit: 10 }),
        ),
      ),
    expectA: (perAccount: Awaited<ReturnType<typeof accountPage.listAccountCollections>>[]) => {
      expect(perAccount[1]).toEqual([]);
      expect(perAccount[0]!.map((r) => [r.runId, r.units, r.ok, r.failed, r.errors.map((e) => e.code)])).toEqual([
        [seed.run, 2, 1, 1, ["AccessDenied"]],
      ]);
    },
  },
];

/** Functions whose signature names AccountScope without reading data through it. */
const NOT_SCOPED_READS: Record<string, string> = {
  "scope.ts:inScope": "the where-clause helper every scoped read uses",
  "scope.ts:scopeToAccounts": "builds a scope",
  "scope.ts:accountFilterSql": "the where-clause helper of raw-SQL reads (timeline, what changed)",
  "users.ts:resolveUserScope": "computes a user's scope (test/integration/auth.int.test.ts)",
  "findings-filter.ts:findingInScope": "the where-clause of one finding within a scope",
};

/**
 * Functions that read account data without a scope. None may serve a page or route to a reader
 * whose scope is limited: collector and worker code, writes, and admin-only pages.
 */
const UNSCOPED_READS: Record<string, string> = {
  "accounts.ts:deleteOrganization": "admin action: deletes an organization with its accounts",
  "collection.ts:saveDiscoveredOrganization": "collector: records discovery",
  "collection.ts:getAccountForCollection": "collector: the account a worker collects",
  "collection.ts:getRun": "runs span the organization: admin-only /runs/[id] and /api/runs/[id], and the collector",
  "collection.ts:listRuns": "runs span the organization: admin-only /runs",
  "collection.ts:listOpenUnitRegions": "collector: resumes an account after a crash",
  "collection.ts:findActiveRun": "collector: whether a run is already going (an id only)",
  "collection.ts:closeRun": "collector and admin-only cancel: ends a run and its open units",
  "collection.ts:markStuckRuns": "collector: gives up abandoned runs",
  "collection.ts:listClosedRuns": "collector: whether runs it collects for were closed (ids only)",
  "costs.ts:refreshRollupCosts": "collector: copies costs into rollups",
  "costs.ts:loadAccountCosts": "collector: re-detects one account's cost incidents",
  "costs.ts:loadIncidentMemory": "collector: the verdicts and root causes a re-detection keeps",
  "cost-findings.ts:listThreatSignals": "collector: GuardDuty and CloudTrail signals for the possible-hijack label",
  "cost-findings.ts:syncHijackFindings":
    "collector, and the verdict route after it scoped the incident: one account's possible-hijack findings",
  "cost-runs.ts:findCostPayer": "collector: the management account Cost Explorer is read from",
  "costs.ts:lastCostDay": "collector: where the next Cost Explorer fetch starts",
  "costs.ts:knownAccountIds": "collector: which linked accounts Cost Explorer reported are ours",
  "inventory.ts:listRunInventory": "collector: organization-wide checks",
  "inventory.ts:listRunUnitScopes": "collector: organization-wide checks",
  "inventory.ts:deleteInventoryOfOtherFinishedRuns": "collector: organization-wide checks keep one run's inventory",
  "snapshot.ts:lockAccountForSnapshot": "collector: one snapshot writer per account",
  "snapshot.ts:loadSnapshotFindings": "collector: the findings a snapshot may change",
  "snapshot.ts:saveFindingStates": "collector: finding transitions",
  "snapshot.ts:updateRunProgress": "collector: run counters",
  "snapshot.ts:refreshDailyRollup": "collector: daily rollup",
  "remediation.ts:resolutionsSql":
    "builds the resolutions subquery; its callers filter it (the account page by scope, the rollup by account)",
  "users.ts:resolveUserScope": "computes the scope from teams and accounts",
  "collection.ts:findAnyActiveRun": "collect now (admin-only): whether any run is going",
  "demo.ts:endDemoRunAtLastUnit": "demo loader: ends a simulated run at its last unit",
  "demo.ts:getDemoState":
    "whether the demo organization is there and how far it loaded (banner, health): no real account",
  "teams.ts:listTeamCoverage":
    "admin-only Settings → Users & teams: the accounts each team covers (listTeams counts them)",
  "findings-filter.ts:findingsWhere":
    "the findings where-clause: its context carries the scope (test/integration/findings-filter.int.test.ts)",
  "scope.ts:teamAccounts": "builds the scope-expansion subquery that resolveUserScope and listTeamCoverage read",
  "scope.ts:accountFilterSql": "a where-clause (its subqueries name accounts); the reads that use it are cases",
  "teams.ts:listTeamScopes": "admin-only Settings → Users & teams",
  "teams.ts:listScopeTargets": "admin-only Settings → Users & teams: the accounts and OUs a scope can name",
  "guardduty.ts:loadGuardDutyResume": "collector: where an account's GuardDuty findings reads resume",
  "guardduty.ts:upsertGuardDutyFindings": "collector: stores findings of the accounts it knows",
  "security-events.ts:syncGuardDutySecurityEvents": "collector: event rows of the findings its snapshot stored",
  "security-events.ts:upsertDetectionSecurityEvent": "canary job: the event row of a detection it just wrote",
  "activity.ts:upsertDetectionFinding": "canary job: writes a detection finding for the account it watched",
  "activity.ts:listWatchedAccountIds": "canary job: the accounts the activity watch reads (ids only)",
  "canaries.ts:listOuPaths": "admin-only canary form and coverage: OU names, no account data",
  "canaries.ts:registerCanaryKey": "admin-only: registers a canary key",
  "canaries.ts:listWatchedCanaries": "canary job: the keys it looks up",
  "sla.ts:refreshDueDates": "collector and admin-only SLA settings: recomputes due dates",
  "suppression-rules.ts:listRules": "admin-only Settings: suppression rules with their match counts",
  "suppression-rules.ts:findRuleMatches": "collector and admin-only rules: the findings a rule suppresses",
  "triage.ts:lockFindingsForTriage": "triage mutations: locks findings the route already scoped",
  "triage.ts:countFindings": "triage mutations: counts findings whose filter carries the scope (findingsWhere)",
  "triage.ts:accountsAssignableTo": "triage mutations: the accounts a candidate assignee can see",
  "triage.ts:listAssignees": "triage panel: users who may be assigned a finding the route already scoped",
};

// Tables holding (or aggregating) data of individual accounts, by their drizzle and SQL names.
const ACCOUNT_TABLES = [
  "awsAccounts",
  "organizationalUnits",
  "findings",
  "findingEvents",
  "guarddutyFindings",
  "guarddutyCoverage",
  "securityEvents",
  "costDaily",
  "costIncidents",
  "awsCostAnomalies",
  "accountDaily",
  "canaryKeys",
  "canaryEvents",
  "inventoryItems",
  "checkAccountStats",
  "runUnits",
  "collectionRuns",
  "aws_accounts",
  "organizational_units",
  "finding_events",
  "guardduty_findings",
  "guardduty_coverage",
  "security_events",
  "cost_daily",
  "cost_incidents",
  "aws_cost_anomalies",
  "account_daily",
  "canary_keys",
  "canary_events",
  "inventory_items",
  "check_account_stats",
  "run_units",
  "collection_runs",
  // The scope-expansion subquery (scope.ts) reads aws_accounts: a function using it reads account data.
  "teamAccounts",
];
const READS = /\.select(Distinct(On)?)?\(|\.execute\(|\bselect\b/i;

type Exported = { key: string; file: string; name: string; signature: string; params: string; reads: boolean };

/** Every exported function of lib/db/queries/*.ts (declarations and arrow-function constants). */
function exportedFunctions(): Exported[] {
  const files = readdirSync(QUERIES_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  return files.flatMap((file) => {
    const source = ts.createSourceFile(
      file,
      readFileSync(path.join(QUERIES_DIR, file), "utf8"),
      ts.ScriptTarget.Latest,
      true,
    );
    const found: Exported[] = [];
    const exported = (node: ts.Node) =>
      ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const add = (name: string, fn: ts.SignatureDeclaration & { body?: ts.Node }) => {
      const params = fn.parameters.map((p) => p.getText(source)).join(", ");
      const signature = `${params} => ${fn.type?.getText(source) ?? ""}`;
      const body = fn.body?.getText(source) ?? "";
      const reads = READS.test(body) && ACCOUNT_TABLES.some((table) => new RegExp(`\\b${table}\\b`).test(body));
      found.push({ key: `${file}:${name}`, file, name, signature, params, reads });
    };
    for (const statement of source.statements) {
      if (!exported(statement)) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, statement);
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (
            ts.isIdentifier(d.name) &&
            d.initializer &&
            (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
          )
            add(d.name.text, d.initializer);
        }
      }
    }
    return found;
  });
}

const keyOf = (c: Case) => `${c.file}:${c.fn.name}`;

describe("the list of scoped reads", () => {
  const functions = exportedFunctions();

  it("finds the query files and their functions", () => {
    expect(functions.length).toBeGreaterThan(40);
    expect(functions.map((f) => f.key)).toContain("findings.ts:listOpenFindings");
  });

  it("covers every exported function whose signature names AccountScope", () => {
    const inSource = functions.filter((f) => /\bAccountScope\b/.test(f.signature)).map((f) => f.key);
    const listed = new Set([...cases.map(keyOf), ...Object.keys(NOT_SCOPED_READS)]);
    // A failure here: add the new function to `cases` with what A's scope must return.
    expect(inSource.filter((k) => !listed.has(k))).toEqual([]);
    expect([...listed].filter((k) => !inSource.includes(k))).toEqual([]);
    // The exemptions only compute scopes: none takes one to read with, except the where-clause helper.
    const exemptTaking = functions
      .filter((f) => f.key in NOT_SCOPED_READS && /\bAccountScope\b/.test(f.params))
      .map((f) => f.key);
    expect(exemptTaking.sort()).toEqual([
      "findings-filter.ts:findingInScope",
      "scope.ts:accountFilterSql",
      "scope.ts:inScope",
    ]);
  });

  it("lists each case against the function of that name in that file", async () => {
    for (const c of cases) {
      const mod = (await import(path.join(QUERIES_DIR, c.file))) as Record<string, unknown>;
      expect(mod[c.fn.name], keyOf(c)).toBe(c.fn);
    }
    expect(new Set(cases.map(keyOf)).size).toBe(cases.length);
  });

  it("knows why every other read of account data takes no scope", () => {
    const scoped = new Set(cases.map(keyOf));
    const unexplained = functions
      .filter((f) => f.reads && !scoped.has(f.key) && !(f.key in UNSCOPED_READS))
      .map((f) => f.key);
    // A failure here: a new function reads account data without an AccountScope. If it serves a
    // page or route, give it a scope and add it to `cases`; if not, say why in UNSCOPED_READS.
    expect(unexplained).toEqual([]);
    const stale = Object.keys(UNSCOPED_READS).filter((k) => !functions.some((f) => f.key === k && f.reads));
    expect(stale).toEqual([]);
  });
});

describe("scope isolation", () => {
  it("resolves the teams' scopes to exactly one account each", () => {
    expect(scopeA).toEqual({ all: false, accountIds: [seed.a.id] });
    expect(scopeB).toEqual({ all: false, accountIds: [seed.b.id] });
  });

  describe.each(cases.map((c) => [keyOf(c), c] as const))("%s", (_key, c) => {
    it("returns nothing of B to a reader scoped to A, and A's data alone", async () => {
      const result = await c.call(scopeA);
      expect(leaks(serialize(result))).toEqual([]);
      c.expectA(result as never);
    });

    it("does show B's data to a reader whose scope includes B (the check above is not vacuous)", async () => {
      const a = serialize(await c.call(scopeA));
      if (c.sharedByAB) {
        expect(serialize(await c.call(ALL_ACCOUNTS))).not.toBe(a);
        return;
      }
      const ab = serialize(await c.call(scopeAB));
      expect(ab).not.toBe(a);
      const b = serialize(await c.call(scopeB));
      expect(b).not.toBe(a);
    });

    it("returns nothing of A or B through an empty scope", async () => {
      const text = serialize(await c.call(scopeToAccounts([]))).toLowerCase();
      for (const marker of [seed.a.id, seed.b.id, "alpha", "bravo", "charlie", seed.run, seed.otherRun])
        expect(text, marker).not.toContain(marker.toLowerCase());
    });
  });

  it("the leak detector catches B's id, name and labels", () => {
    expect(leaks(serialize({ accounts: new Map([[seed.b.id, 1]]) }))).toEqual([seed.b.id]);
    expect(leaks(serialize([{ name: seed.b.name }]))).toEqual([seed.b.name, "bravo"]);
    expect(leaks(serialize({ title: `Charlie unowned canary ${t}` }))).toEqual(["charlie"]);
  });
});

describe("what the seed holds", () => {
  it("gives B data in every table the reads touch, so each read has something to leak", async () => {
    const B = seed.b.id;
    const counts = await Promise.all([
      db.$count(s.findings, eq(s.findings.accountId, B)),
      db.$count(s.guarddutyFindings, eq(s.guarddutyFindings.accountId, B)),
      db.$count(s.costDaily, eq(s.costDaily.accountId, B)),
      db.$count(s.costIncidents, eq(s.costIncidents.accountId, B)),
      db.$count(s.awsCostAnomalies, eq(s.awsCostAnomalies.accountId, B)),
      db.$count(s.accountBudgets, eq(s.accountBudgets.accountId, B)),
      db.$count(s.accountDaily, eq(s.accountDaily.accountId, B)),
      db.$count(s.canaryKeys, eq(s.canaryKeys.ownerAccountId, B)),
      db.$count(s.canaryEvents, eq(s.canaryEvents.recipientAccountId, B)),
      db.$count(s.inventoryItems, eq(s.inventoryItems.accountId, B)),
      db.$count(s.checkAccountStats, eq(s.checkAccountStats.accountId, B)),
      db.$count(s.runUnits, eq(s.runUnits.accountId, B)),
      db.$count(s.organizationalUnits, eq(s.organizationalUnits.id, seed.b.ou)),
    ]);
    expect(counts.every((n) => n > 0)).toBe(true);
  });
});
