import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { countAccounts, listAccountTable } from "@/lib/db/queries/account-list";
import {
  getAccountProfile,
  getRemediationStats,
  listAccountCollections,
  listOpenFindingsByCheck,
  listWeeklyFindingFlow,
} from "@/lib/db/queries/account-page";
import {
  countOpenWeekAgo,
  countOverdueBySeverity,
  listAccountPosture,
  listScoreSeries,
  rankWorstAccounts,
  summarizeByEnvironment,
} from "@/lib/db/queries/dashboard";
import { daysAgo } from "@/lib/db/queries/costs";
import { countFindings } from "@/lib/db/queries/findings";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { createAccount, createCheck, createFinding, createOrganization } from "../factories";

let handle: DatabaseHandle;
let db: Db;
const now = new Date("2026-06-17T12:00:00Z"); // a Wednesday
const H = 3_600_000;
const D = 24 * H;
const ago = (ms: number) => new Date(now.getTime() - ms);
let prod: string;
let dev: string;
let checkId: string;

async function event(
  findingId: string,
  at: Date,
  from: "NEW" | "ACKNOWLEDGED" | "RESOLVED" | "SUPPRESSED" | null,
  to: "NEW" | "ACKNOWLEDGED" | "RESOLVED" | "SUPPRESSED",
) {
  await db
    .insert(s.findingEvents)
    .values({ findingId, occurredAt: at, kind: "status", fromStatus: from, toStatus: to });
}

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db);
  prod = (await createAccount(db, org.id, { name: "dash-prod", environment: "prod", tags: { team: "web" } })).id;
  dev = (await createAccount(db, org.id, { name: "dash-dev", environment: "dev" })).id;
  checkId = (await createCheck(db, { title: "Dashboard check" })).id;

  // prod: a critical detected 10 days ago, resolved 2 days ago (192 h, due after 7 days: late).
  const late = await createFinding(db, {
    checkId,
    accountId: prod,
    severity: "critical",
    status: "RESOLVED",
    firstSeenAt: ago(10 * D),
    resolvedAt: ago(2 * D),
    dueAt: ago(3 * D),
  });
  await event(late.id, ago(10 * D), null, "NEW");
  await event(late.id, ago(2 * D), "NEW", "RESOLVED");
  // prod: a critical detected 5 days ago, acknowledged, resolved 4 days ago (24 h, on time).
  const quick = await createFinding(db, {
    checkId,
    accountId: prod,
    severity: "critical",
    status: "RESOLVED",
    firstSeenAt: ago(5 * D),
    resolvedAt: ago(4 * D),
    dueAt: ago(-2 * D),
  });
  await event(quick.id, ago(5 * D), null, "NEW");
  await event(quick.id, ago(5 * D - H), "NEW", "ACKNOWLEDGED");
  await event(quick.id, ago(4 * D), "ACKNOWLEDGED", "RESOLVED");
  // prod: a high detected 30 days ago, resolved 20 days ago, reopened 3 days ago, resolved 1 day ago:
  // the second resolution counts 48 h (from the reopening), the first is before the window.
  const reopened = await createFinding(db, {
    checkId,
    accountId: prod,
    severity: "high",
    status: "RESOLVED",
    firstSeenAt: ago(30 * D),
    resolvedAt: ago(1 * D),
  });
  await event(reopened.id, ago(30 * D), null, "NEW");
  await event(reopened.id, ago(20 * D), "NEW", "RESOLVED");
  await event(reopened.id, ago(3 * D), "RESOLVED", "NEW");
  await event(reopened.id, ago(1 * D), "NEW", "RESOLVED");
  // prod: two open findings, one overdue.
  await createFinding(db, { checkId, accountId: prod, severity: "critical", dueAt: ago(H), firstSeenAt: ago(9 * D) });
  await createFinding(db, { checkId, accountId: prod, severity: "low", dueAt: ago(-30 * D) });
  // dev: one open high, nothing overdue.
  await createFinding(db, { checkId, accountId: dev, severity: "high" });

  // Rollups: prod scored every day but failed its collection 2 days ago; dev scored on the last 3 days.
  await db.insert(s.accountDaily).values([
    { accountId: prod, day: daysAgo(8, now), score: 60, openCritical: 4, openHigh: 1 },
    { accountId: prod, day: daysAgo(3, now), score: 50 },
    { accountId: prod, day: daysAgo(2, now), score: null },
    { accountId: prod, day: daysAgo(1, now), score: 70 },
    { accountId: dev, day: daysAgo(3, now), score: 90 },
    { accountId: dev, day: daysAgo(2, now), score: 90 },
    { accountId: dev, day: daysAgo(1, now), score: 80 },
  ]);

  // Collections: an older run where prod's global unit failed, a newer one all ok.
  const oldRun = (
    await db
      .insert(s.collectionRuns)
      .values({ organizationId: org.id, trigger: "schedule", createdAt: ago(2 * D), status: "partial" })
      .returning()
  )[0]!;
  const newRun = (
    await db
      .insert(s.collectionRuns)
      .values({ organizationId: org.id, trigger: "schedule", createdAt: ago(D), status: "succeeded" })
      .returning()
  )[0]!;
  await db.insert(s.runUnits).values([
    {
      runId: oldRun.id,
      accountId: prod,
      region: "global",
      status: "failed",
      errorCode: "AccessDenied",
      errorMessage: "no role",
    },
    { runId: oldRun.id, accountId: prod, region: "us-east-1", status: "ok" },
    { runId: newRun.id, accountId: prod, region: "global", status: "ok" },
    { runId: newRun.id, accountId: prod, region: "us-east-1", status: "ok" },
    { runId: newRun.id, accountId: dev, region: "global", status: "ok" },
  ]);
});

afterAll(async () => {
  await handle.close();
});

describe("remediation: MTTR and SLA compliance from finding events", () => {
  it("times each resolution from the finding's latest opening and compares it with the due date", async () => {
    const stats = await getRemediationStats(db, {
      scope: scopeToAccounts([prod, dev]),
      accountId: prod,
      since: ago(14 * D),
      now,
    });
    const critical = stats.bySeverity.find((r) => r.severity === "critical")!;
    // (192 h + 24 h) / 2
    expect(critical).toEqual({ severity: "critical", resolved: 2, mttrHours: 108, withDueDate: 2, withinSla: 1 });
    const high = stats.bySeverity.find((r) => r.severity === "high")!;
    expect(high).toMatchObject({ resolved: 1, mttrHours: 48, withDueDate: 0 });
    expect(stats.bySeverity.find((r) => r.severity === "low")).toMatchObject({ resolved: 0, mttrHours: null });
    expect(stats.slaCompliance).toBe(0.5);
    expect(stats.openOverdue).toBe(1);
  });

  it("counts nothing outside the scope", async () => {
    const stats = await getRemediationStats(db, {
      scope: scopeToAccounts([dev]),
      accountId: prod,
      since: ago(90 * D),
      now,
    });
    expect(stats.bySeverity.every((r) => r.resolved === 0)).toBe(true);
    expect(stats.openOverdue).toBe(0);
    expect(stats.slaCompliance).toBeNull();
  });

  it("counts findings opened (detected or reopened) and resolved per week", async () => {
    const weeks = await listWeeklyFindingFlow(db, { scope: scopeToAccounts([prod]), accountId: prod, weeks: 5, now });
    expect(weeks.map((w) => w.week)).toEqual(["2026-05-18", "2026-05-25", "2026-06-01", "2026-06-08", "2026-06-15"]);
    // 30 days ago = 2026-05-18 (detected); 20 days ago = 05-28 (resolved); 10 days ago = 06-07 (week of 06-01);
    // 5 and 4 days ago = 06-12/06-13; 3, 2 and 1 day ago = 06-14 (reopened, week of 06-08), 06-15, 06-16.
    expect(weeks).toEqual([
      { week: "2026-05-18", opened: 1, resolved: 0 },
      { week: "2026-05-25", opened: 0, resolved: 1 },
      { week: "2026-06-01", opened: 1, resolved: 0 },
      { week: "2026-06-08", opened: 2, resolved: 1 },
      { week: "2026-06-15", opened: 0, resolved: 2 },
    ]);
  });
});

describe("score series from the daily rollups", () => {
  it("shows a day on which an account's collection failed as a gap, not a drop or a rise", async () => {
    const points = await listScoreSeries(db, { scope: scopeToAccounts([prod, dev]), days: 5, now });
    expect(points.map((p) => [p.day, p.score])).toEqual([
      [daysAgo(4, now), null], // nothing collected: a gap
      [daysAgo(3, now), 70],
      [daysAgo(2, now), null], // prod failed: not dev's 90 alone
      [daysAgo(1, now), 75],
      [daysAgo(0, now), null],
    ]);
    expect(points[2]).toMatchObject({ accounts: 2, failed: 1 });
    const prodOnly = await listScoreSeries(db, { scope: scopeToAccounts([prod, dev]), accountId: prod, days: 3, now });
    expect(prodOnly.map((p) => p.score)).toEqual([null, 70, null]);
  });

  it("compares today's open findings with the latest rollup of a week ago", async () => {
    const weekAgo = await countOpenWeekAgo(db, { scope: scopeToAccounts([prod, dev]), now });
    expect(weekAgo).toMatchObject({ critical: 4, high: 1 });
  });
});

describe("posture per account and environment", () => {
  it("counts open critical, high and overdue findings as the Findings list does", async () => {
    const scope = scopeToAccounts([prod, dev]);
    const rows = await listAccountPosture(db, { scope, now });
    const p = rows.find((r) => r.accountId === prod)!;
    expect(p).toMatchObject({ score: 70, critical: 1, high: 0, overdue: 1 });
    const listed = await countFindings(db, scope, {
      filter: { account: [prod], severity: ["critical"], status: ["NEW", "ACKNOWLEDGED"] },
      userId: null,
      now,
    });
    expect(listed).toBe(p.critical);
    const overdue = await countOverdueBySeverity(db, { scope, now });
    expect(overdue.critical).toBe(
      await countFindings(db, scope, { filter: { sla: ["overdue"], severity: ["critical"] }, userId: null, now }),
    );
    expect(rankWorstAccounts(rows, 1).map((r) => r.name)).toEqual(["dash-prod"]);
    expect(summarizeByEnvironment(rows)).toEqual([
      { environment: "prod", accounts: 1, score: 70, critical: 1, high: 0, overdue: 1 },
      { environment: "dev", accounts: 1, score: 80, critical: 0, high: 1, overdue: 0 },
    ]);
  });

  it("filters and sorts the Accounts table", async () => {
    const scope = scopeToAccounts([prod, dev]);
    const list = (filter: object, sort: "score" | "name" | "critical" = "score", dir: "asc" | "desc" = "asc") =>
      listAccountTable(db, { scope, filter, sort, dir, now }).then((rows) => rows.map((r) => r.name));
    expect(await list({})).toEqual(["dash-prod", "dash-dev"]);
    expect(await list({}, "score", "desc")).toEqual(["dash-dev", "dash-prod"]);
    expect(await list({}, "critical", "desc")).toEqual(["dash-prod", "dash-dev"]);
    expect(await list({ environment: "dev" })).toEqual(["dash-dev"]);
    expect(await list({ scoreMin: 75 })).toEqual(["dash-dev"]);
    expect(await list({ scoreMax: 75 })).toEqual(["dash-prod"]);
    expect(await list({ q: "PROD" })).toEqual(["dash-prod"]);
    expect(await list({ collection: "never" })).toEqual(["dash-prod", "dash-dev"]);
    expect(await list({ status: "suspended" })).toEqual([]);
    for (const filter of [{}, { environment: "dev" as const }, { scoreMin: 75 }, { collection: "never" as const }])
      expect(await countAccounts(db, { scope, filter, now })).toBe((await list(filter)).length);
    await db.update(s.awsAccounts).set({ lastCollectionStatus: "failed" }).where(eq(s.awsAccounts.id, dev));
    expect(await countAccounts(db, { scope, filter: { collection: "failed" }, now })).toBe(1);
    expect(await list({ collection: "failed" })).toEqual(["dash-dev"]);
    await db.update(s.awsAccounts).set({ lastCollectionStatus: null }).where(eq(s.awsAccounts.id, dev));
    expect(
      await listAccountTable(db, { scope: scopeToAccounts([dev]), filter: {}, sort: "name", dir: "asc", now }),
    ).toHaveLength(1);
  });
});

describe("account page reads", () => {
  it("returns the account in the scope only, with its tags and open findings per check", async () => {
    expect(await getAccountProfile(db, { scope: scopeToAccounts([dev]), accountId: prod })).toBeNull();
    const profile = await getAccountProfile(db, { scope: scopeToAccounts([prod]), accountId: prod });
    expect(profile).toMatchObject({ name: "dash-prod", tags: { team: "web" }, environment: "prod" });
    const byCheck = await listOpenFindingsByCheck(db, { scope: scopeToAccounts([prod]), accountId: prod, limit: 10 });
    expect(byCheck).toEqual([{ checkId, title: "Dashboard check", severity: "critical", count: 2 }]);
  });

  it("lists the account's collections newest first with their errors", async () => {
    const runs = await listAccountCollections(db, { scope: scopeToAccounts([prod]), accountId: prod, limit: 10 });
    expect(runs.map((r) => [r.units, r.ok, r.failed])).toEqual([
      [2, 2, 0],
      [2, 1, 1],
    ]);
    expect(runs[1]!.errors).toEqual([{ region: "global", status: "failed", code: "AccessDenied", message: "no role" }]);
    expect(await listAccountCollections(db, { scope: scopeToAccounts([dev]), accountId: prod, limit: 10 })).toEqual([]);
  });
});
