import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { getRemediationStats } from "@/lib/db/queries/account-page";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import { refreshDailyRollup } from "@/lib/db/queries/snapshot";
import { listTrend, type TrendDay } from "@/lib/db/queries/trends";
import type { Db } from "@/lib/db/types";
import { createAccount, createCheck, createFinding, createOrganization, createTeam } from "../factories";

let handle: DatabaseHandle;
let db: Db;
const H = 3_600_000;
const D = 24 * H;
/** Day n of the story at 06:00 UTC (the collection time); the trend is read as of day 3. */
const at = (n: number, hours = 6) => new Date(Date.parse("2026-03-10T00:00:00Z") + n * D + hours * H);
const iso = (n: number) => at(n).toISOString().slice(0, 10);
const now = at(3, 12);
let P: string; // prod, in the team
let S1: string; // staging, in the team, its collection fails on day 2
let S2: string; // staging
let teamId: string;
let mine: ReturnType<typeof scopeToAccounts>;

async function status(findingId: string, when: Date, from: "NEW" | "RESOLVED" | null, to: "NEW" | "RESOLVED") {
  await db
    .insert(s.findingEvents)
    .values({ findingId, occurredAt: when, kind: "status", fromStatus: from, toStatus: to });
}

const collect = (accountId: string, when: Date, evaluated: boolean) =>
  db.transaction((tx) => refreshDailyRollup(tx, accountId, when, evaluated));

const point = (points: TrendDay[], n: number) => points.find((p) => p.day === iso(n))!;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  const org = await createOrganization(db);
  P = (await createAccount(db, org.id, { environment: "prod" })).id;
  S1 = (await createAccount(db, org.id, { environment: "staging" })).id;
  S2 = (await createAccount(db, org.id, { environment: "staging" })).id;
  mine = scopeToAccounts([P, S1, S2]);
  const team = await createTeam(db);
  teamId = team.id;
  await db.insert(s.teamScopes).values([
    { teamId, kind: "account", value: P },
    { teamId, kind: "account", value: S1 },
  ]);
  const checkId = (await createCheck(db)).id;

  // P: a critical detected on day 0, resolved on day 2 (48 h, due on day 7: on time).
  const f1 = await createFinding(db, {
    checkId,
    accountId: P,
    severity: "critical",
    status: "RESOLVED",
    firstSeenAt: at(0),
    resolvedAt: at(2),
    dueAt: at(7),
  });
  await status(f1.id, at(0), null, "NEW");
  await status(f1.id, at(2), "NEW", "RESOLVED");
  // P: a high resolved long ago, reopened on day 1 at 18:00, resolved on day 2 (12 h, due on day 1: late).
  const f2 = await createFinding(db, {
    checkId,
    accountId: P,
    severity: "high",
    status: "RESOLVED",
    firstSeenAt: at(-20),
    resolvedAt: at(2),
    dueAt: at(1),
  });
  await status(f2.id, at(-20), null, "NEW");
  await status(f2.id, at(-15), "NEW", "RESOLVED");
  await status(f2.id, at(1, 18), "RESOLVED", "NEW");
  await status(f2.id, at(2), "NEW", "RESOLVED");
  // P: open findings: a critical overdue since day 1, a low due in a month, a medium without deadline.
  await createFinding(db, { checkId, accountId: P, severity: "critical", firstSeenAt: at(-3), dueAt: at(1) });
  await createFinding(db, { checkId, accountId: P, severity: "low", firstSeenAt: at(-3), dueAt: at(32) });
  await createFinding(db, { checkId, accountId: P, severity: "medium", firstSeenAt: at(-3) });
  await createFinding(db, { checkId, accountId: S1, severity: "high", firstSeenAt: at(-3) });
  await createFinding(db, { checkId, accountId: S2, severity: "critical", firstSeenAt: at(-3) });

  for (const id of [P, S1, S2]) await collect(id, at(1), true);
  // Day 2: S1's collection fails (its role is gone); the others succeed.
  await collect(P, at(2), true);
  await collect(S1, at(2), false);
  await collect(S2, at(2), true);
  // Day 3: S1 fails then succeeds; P succeeds then fails; S2 succeeds.
  await collect(S1, at(3, 6), false);
  await collect(S1, at(3, 9), true);
  await collect(P, at(3, 6), true);
  await collect(P, at(3, 9), false);
  await collect(S2, at(3), true);
});

afterAll(async () => {
  await handle.close();
});

describe("daily rollups", () => {
  it("mark a day whose every collection failed as not collected, and a day with one success as collected", async () => {
    const rows = await db
      .select()
      .from(s.accountDaily)
      .where(and(inArray(s.accountDaily.accountId, [P, S1]), inArray(s.accountDaily.day, [iso(2), iso(3)])));
    const row = (id: string, n: number) => rows.find((r) => r.accountId === id && r.day === iso(n))!;
    expect(row(S1, 2)).toMatchObject({ collected: false, score: null });
    // The failed row still holds the (unchanged) counts: the trend, not the row, makes it a gap.
    expect(row(S1, 2).openHigh).toBe(1);
    expect(row(S1, 3).collected).toBe(true);
    expect(row(S1, 3).score).not.toBeNull();
    expect(row(P, 3).collected).toBe(true);
    expect(row(P, 3).score).toBe(row(P, 2).score);
  });

  it("carry the day's remediation by the account page's rule, and the open findings' SLA state", async () => {
    const [day2] = await db
      .select()
      .from(s.accountDaily)
      .where(and(eq(s.accountDaily.accountId, P), eq(s.accountDaily.day, iso(2))));
    expect(day2).toMatchObject({
      remediatedAll: 2,
      remediatedCritical: 1,
      remediatedHigh: 1,
      resolvedWithDue: 2,
      resolvedWithinSla: 1,
      openWithDue: 2,
      openOverdue: 1,
    });
    expect(day2!.remediationHoursAll).toBeCloseTo(60, 6);
    expect(day2!.remediationHoursCritical).toBeCloseTo(48, 6);
    expect(day2!.remediationHoursHigh).toBeCloseTo(12, 6);
    // The account page computes the same from raw events: one rule.
    const page = await getRemediationStats(db, { scope: mine, accountId: P, since: at(2, 0), now: at(2, 12) });
    const bySeverity = Object.fromEntries(page.bySeverity.map((r) => [r.severity, r.mttrHours]));
    expect(bySeverity.critical).toBeCloseTo(day2!.remediationHoursCritical, 6);
    expect(bySeverity.high).toBeCloseTo(day2!.remediationHoursHigh, 6);
    expect(page.slaCompliance).toBe(day2!.resolvedWithinSla / day2!.resolvedWithDue);
    // Day 1 resolved nothing.
    const [day1] = await db
      .select()
      .from(s.accountDaily)
      .where(and(eq(s.accountDaily.accountId, P), eq(s.accountDaily.day, iso(1))));
    expect(day1).toMatchObject({ remediatedAll: 0, remediationHoursAll: 0, openWithDue: 2, openOverdue: 0 });
  });
});

describe("listTrend", () => {
  it("shows a day on which one account's collection failed as a gap of the organization, not a drop", async () => {
    const { points } = await listTrend(db, mine, { level: "org", days: 30, now });
    expect(points).toHaveLength(30);
    expect(points.at(-1)!.day).toBe(iso(3));
    expect(point(points, 1)).toMatchObject({ gap: null, accounts: 3, critical: 2, high: 1, low: 1, medium: 1 });
    const failed = point(points, 2);
    expect(failed).toMatchObject({ gap: "failed", accounts: 3, failedAccounts: 1 });
    for (const metric of ["score", "critical", "high", "newFindings", "resolved", "mttrHours", "slaOpenPct", "cost"])
      expect(failed[metric as keyof TrendDay], metric).toBeNull();
    // Failed then succeeded (S1) and succeeded then failed (P) on day 3: collected, no gap.
    expect(point(points, 3)).toMatchObject({ gap: null, critical: 2, high: 1 });
    // Before the history: no rollups, a gap of its own kind.
    expect(point(points, 0)).toMatchObject({ gap: "none", accounts: 0, score: null });
  });

  it("aggregates an environment and a team over their accounts, and an account alone", async () => {
    const staging = await listTrend(db, mine, { level: "environment", id: "staging", days: 30, now });
    expect(point(staging.points, 1)).toMatchObject({ accounts: 2, critical: 1, high: 1, low: 0 });
    expect(point(staging.points, 2).gap).toBe("failed");
    const prod = await listTrend(db, mine, { level: "environment", id: "prod", days: 30, now });
    expect(point(prod.points, 2)).toMatchObject({ gap: null, accounts: 1, critical: 1, low: 1 });

    const team = await listTrend(db, mine, { level: "team", id: teamId, days: 30, now });
    expect(point(team.points, 1)).toMatchObject({ accounts: 2, critical: 1, high: 1, medium: 1 });
    expect(point(team.points, 2)).toMatchObject({ gap: "failed", critical: null });

    const s2 = await listTrend(db, mine, { level: "account", id: S2, days: 30, now });
    expect(point(s2.points, 2)).toMatchObject({ gap: null, accounts: 1, critical: 1 });
  });

  it("computes MTTR over the trailing window and SLA compliance from the rollups", async () => {
    const { points, summary } = await listTrend(db, mine, { level: "account", id: P, days: 30, now });
    expect(point(points, 1).mttrHours).toBeNull();
    expect(point(points, 2).mttrHours).toBeCloseTo(30, 6);
    expect(point(points, 2).mttrCriticalHours).toBeCloseTo(48, 6);
    expect(point(points, 2).mttrHighHours).toBeCloseTo(12, 6);
    expect(point(points, 3).mttrHours).toBeCloseTo(30, 6);
    expect(point(points, 1).slaOpenPct).toBe(100);
    expect(point(points, 2).slaOpenPct).toBe(50);
    expect(summary).toMatchObject({ resolutions: 2, resolvedWithDue: 2, slaCompliance: 0.5, gapDays: 0 });
    expect(summary.mttrHours).toBeCloseTo(30, 6);
  });

  it("never reads outside the scope: a team narrowed to the reader's accounts, another's account empty", async () => {
    const onlyP = scopeToAccounts([P]);
    const team = await listTrend(db, onlyP, { level: "team", id: teamId, days: 30, now });
    // S1 (in the team, not in the scope) neither counts nor makes day 2 a gap.
    expect(point(team.points, 2)).toMatchObject({ gap: null, accounts: 1, high: 0, critical: 1 });
    const other = await listTrend(db, onlyP, { level: "account", id: S2, days: 30, now });
    expect(other.points.every((p) => p.gap === "none" && p.accounts === 0)).toBe(true);
    const none = await listTrend(db, scopeToAccounts([]), { level: "org", days: 30, now });
    expect(none.points.every((p) => p.gap === "none")).toBe(true);
  });

  it("takes 30 to 730 days (or a first day) and an id for every level but the organization", async () => {
    await expect(listTrend(db, mine, { level: "org", days: 29, now })).rejects.toThrow(RangeError);
    await expect(listTrend(db, mine, { level: "org", days: 731, now })).rejects.toThrow(RangeError);
    await expect(listTrend(db, mine, { level: "team", days: 30, now })).rejects.toThrow(/needs an id/);
    await expect(listTrend(db, mine, { level: "environment", id: "qa", days: 30, now })).rejects.toThrow();
    await expect(listTrend(db, mine, { level: "org", now })).rejects.toThrow(RangeError);
    const from = await listTrend(db, mine, { level: "org", from: iso(-26), now });
    expect(from.points.map((p) => p.day)).toEqual(
      (await listTrend(db, mine, { level: "org", days: 30, now })).points.map((p) => p.day),
    );
    const long = await listTrend(db, mine, { level: "org", days: 730, now });
    expect(long.points).toHaveLength(730);
    expect(long.points[0]!.day).toBe(new Date(Date.parse(iso(3)) - 729 * D).toISOString().slice(0, 10));
  });
});
