import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { listAccounts } from "@/lib/db/queries/accounts";
import { listCanaryKeys } from "@/lib/db/queries/canaries";
import { daysAgo, listCostIncidents, listDailyCostTotals } from "@/lib/db/queries/costs";
import { listOpenFindings } from "@/lib/db/queries/findings";
import { listGuardDutyFindings } from "@/lib/db/queries/guardduty";
import { checkDatabase } from "@/lib/db/queries/health";
import { getOverview } from "@/lib/db/queries/overview";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import { listOrgTrend } from "@/lib/db/queries/trends";
import type { Db } from "@/lib/db/types";
import {
  createAccount,
  createCanaryKey,
  createCheck,
  createFinding,
  createGuardDutyFinding,
  createOrganization,
} from "../factories";

let handle: DatabaseHandle;
let db: Db;
// Two accounts of one organization; a reader scoped to "mine" must never see "other".
let mine: string;
let other: string;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db);
  mine = (await createAccount(db, org.id, { name: "web-prod", environment: "prod" })).id;
  other = (await createAccount(db, org.id, { name: "data-dev", environment: "dev" })).id;
});

afterAll(async () => {
  await handle.close();
});

describe("findings reads", () => {
  it("list open findings most severe first, without resolved or suppressed ones, within scope", async () => {
    const check = await createCheck(db);
    const low = await createFinding(db, { checkId: check.id, accountId: mine, severity: "low" });
    const critical = await createFinding(db, {
      checkId: check.id,
      accountId: mine,
      severity: "critical",
      status: "ACKNOWLEDGED",
    });
    await createFinding(db, { checkId: check.id, accountId: mine, severity: "high", status: "RESOLVED" });
    await createFinding(db, { checkId: check.id, accountId: mine, severity: "high", status: "SUPPRESSED" });
    await createFinding(db, { checkId: check.id, accountId: other, severity: "critical" });

    const rows = await listOpenFindings(db, scopeToAccounts([mine]), { limit: 50 });
    expect(rows.filter((r) => r.checkId === check.id).map((r) => r.id)).toEqual([critical.id, low.id]);
    expect(rows.every((r) => r.accountId === mine)).toBe(true);

    const overview = await getOverview(db, scopeToAccounts([mine]));
    expect(overview.openBySeverity).toMatchObject({ critical: 1, low: 1, high: 0 });
    expect(overview.accountCount).toBe(1);
    expect(overview.accountsByEnvironment).toEqual({ prod: 1 });
  });

  it("see nothing through an empty scope", async () => {
    expect(await listOpenFindings(db, scopeToAccounts([]), { limit: 50 })).toEqual([]);
    expect(await listAccounts(db, scopeToAccounts([]))).toEqual([]);
    expect((await getOverview(db, scopeToAccounts([]))).openTotal).toBe(0);
  });
});

describe("accounts", () => {
  it("list by environment then name, limited to the scope", async () => {
    const both = await listAccounts(db, scopeToAccounts([mine, other]));
    expect(both.map((a) => a.name)).toEqual(["web-prod", "data-dev"]);
    const all = await listAccounts(db, ALL_ACCOUNTS);
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining([mine, other]));
  });
});

describe("GuardDuty", () => {
  it("lists active findings, most severe first, and skips archived ones", async () => {
    const medium = await createGuardDutyFinding(db, { accountId: mine, severity: 5.0, severityLabel: "medium" });
    const high = await createGuardDutyFinding(db, { accountId: mine, severity: 8.5, severityLabel: "high" });
    await createGuardDutyFinding(db, { accountId: mine, severity: 8.9, severityLabel: "high", archived: true });
    await createGuardDutyFinding(db, { accountId: other, severity: 8.9, severityLabel: "high" });
    const rows = await listGuardDutyFindings(db, scopeToAccounts([mine]), { limit: 10 });
    expect(rows.map((r) => r.id)).toEqual([high.id, medium.id]);
    expect((await getOverview(db, scopeToAccounts([mine]))).guarddutyHighOpen).toBe(1);
  });
});

describe("costs and trends", () => {
  it("sum cost per day across in-scope accounts, inside the window", async () => {
    const now = new Date();
    await db.insert(s.costDaily).values([
      { accountId: mine, day: daysAgo(2, now), service: "Amazon EC2", amount: 10.5 },
      { accountId: mine, day: daysAgo(2, now), service: "Amazon S3", amount: 1.25 },
      { accountId: mine, day: daysAgo(1, now), service: "Amazon EC2", amount: 40 },
      { accountId: mine, day: daysAgo(200, now), service: "Amazon EC2", amount: 999 },
      { accountId: other, day: daysAgo(1, now), service: "Amazon EC2", amount: 1000 },
    ]);
    await db.insert(s.costIncidents).values({
      accountId: mine,
      service: "Amazon EC2",
      kind: "spike",
      startDay: daysAgo(1, now),
      lastDay: daysAgo(1, now),
      impact: 29.5,
      impactPerDay: 29.5,
      impactPercent: 281,
      expected: 10.5,
      actual: 40,
      score: 6.2,
      severity: "high",
    });

    expect(await listDailyCostTotals(db, scopeToAccounts([mine]), { days: 90, now })).toEqual([
      { day: daysAgo(2, now), amount: 11.75 },
      { day: daysAgo(1, now), amount: 40 },
    ]);
    const anomalies = await listCostIncidents(db, scopeToAccounts([mine]), { limit: 10 });
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ service: "Amazon EC2", expected: 10.5, actual: 40 });
    expect(await listCostIncidents(db, scopeToAccounts([other]), { limit: 10 })).toEqual([]);
  });

  it("read trends from the daily rollups, averaging scores across accounts", async () => {
    const now = new Date();
    await db.insert(s.accountDaily).values([
      { accountId: mine, day: daysAgo(1, now), score: 80, openCritical: 1, openHigh: 2 },
      { accountId: other, day: daysAgo(1, now), score: 60, openCritical: 0, openHigh: 5 },
    ]);
    expect(await listOrgTrend(db, scopeToAccounts([mine, other]), { days: 30, now })).toEqual([
      { day: daysAgo(1, now), score: 70, critical: 1, high: 7, medium: 0, low: 0 },
    ]);
    expect((await listOrgTrend(db, scopeToAccounts([mine]), { days: 30, now }))[0]?.score).toBe(80);
    // The organization's score is the mean of each account's latest score.
    await db.insert(s.accountDaily).values({ accountId: mine, day: daysAgo(5, now), score: 10 });
    expect((await getOverview(db, scopeToAccounts([mine, other]), now)).score).toBe(70);
    expect((await getOverview(db, scopeToAccounts([]), now)).score).toBeNull();
  });
});

describe("canaries", () => {
  it("count each key's CloudTrail events and report recent trips on the overview", async () => {
    const key = await createCanaryKey(db, { ownerAccountId: mine, label: "CI env file", status: "tripped" });
    await createCanaryKey(db, { ownerAccountId: other });
    await db.insert(s.canaryEvents).values([
      {
        id: crypto.randomUUID(),
        canaryKeyId: key.id,
        eventTime: new Date(),
        eventName: "GetCallerIdentity",
        eventSource: "sts.amazonaws.com",
        sourceIp: "203.0.113.7",
      },
      {
        id: crypto.randomUUID(),
        canaryKeyId: key.id,
        eventTime: new Date(),
        eventName: "ListBuckets",
        eventSource: "s3.amazonaws.com",
      },
    ]);
    const keys = await listCanaryKeys(db, scopeToAccounts([mine]));
    expect(keys.map((k) => [k.label, k.events])).toEqual([["CI env file", 2]]);
    expect((await getOverview(db, scopeToAccounts([mine]))).canariesTrippedLast7d).toBe(1);
  });
});

describe("health", () => {
  it("reports a round trip and up-to-date migrations", async () => {
    const health = await checkDatabase(db);
    expect(health.migrations.upToDate).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
