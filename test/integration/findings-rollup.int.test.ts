/**
 * The Findings page's rollups (finding_group_counts, finding_region_counts) stay equal to a recount
 * from `findings` after random sequences of snapshots, triage actions (one and bulk), SLA recomputes,
 * suppression expiry, deletions and clock moves, on both drivers; and after concurrent writers.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { writeAccountSnapshot } from "@/lib/collector/snapshot";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { createRun, registerUnits } from "@/lib/db/queries/collection";
import { findingsWhere } from "@/lib/db/queries/findings-filter";
import { countFindingFacets, listFindingGroups, rollupClockAt } from "@/lib/db/queries/findings";
import { advanceFindingRollup, findingRollupClock } from "@/lib/db/queries/findings-rollup";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import type { FindingsFilter } from "@/lib/contracts/findings-filter";
import { refreshDueDates } from "@/lib/db/queries/sla";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import type { TriageAction } from "@/lib/contracts/triage";
import { runBulk } from "@/lib/triage/actions";
import { reopenExpiredSuppressions } from "@/lib/triage/expiry";
import { createAccount, createCheck, createOrganization, createUser } from "../factories";

const drivers = [
  { name: "PostgreSQL", open: () => openDatabase({ url: inject("databaseUrl") }), concurrent: true },
  { name: "PGlite", open: () => openDatabase({ dataDir: "memory://" }), concurrent: false },
];
const HOUR = 3_600_000;

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An error's message with its causes' (drizzle wraps the driver's error). */
const causes = (err: unknown): string =>
  err instanceof Error ? `${err.message} ${causes((err as { cause?: unknown }).cause)}` : String(err ?? "");

async function recount(db: Db) {
  const groups = (await db.execute(sql`
    select check_id, account_id, status::text, severity::text,
           finding_sla(status, due_at, (select as_of from finding_rollup_clock)) as sla,
           count(*)::int as n, to_json(min(first_seen_at)) #>> '{}' as first
    from findings group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`)) as unknown as { rows: unknown[] };
  const rolled = (await db.execute(sql`
    select check_id, account_id, status::text, severity::text, sla, n, to_json(first_seen_at) #>> '{}' as first
    from finding_group_counts where n > 0 order by 1, 2, 3, 4, 5`)) as unknown as { rows: unknown[] };
  const regions = (await db.execute(sql`
    select account_id, region, status::text, severity::text,
           finding_sla(status, due_at, (select as_of from finding_rollup_clock)) as sla, count(*)::int as n
    from findings group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`)) as unknown as { rows: unknown[] };
  const rolledRegions = (await db.execute(sql`
    select account_id, region, status::text, severity::text, sla, n
    from finding_region_counts where n > 0 order by 1, 2, 3, 4, 5`)) as unknown as { rows: unknown[] };
  return { groups: groups.rows, rolled: rolled.rows, regions: regions.rows, rolledRegions: rolledRegions.rows };
}

async function expectConsistent(db: Db, step: string) {
  const r = await recount(db);
  expect(r.rolled, `group rollup after ${step}`).toEqual(r.groups);
  expect(r.rolledRegions, `region rollup after ${step}`).toEqual(r.regions);
}

describe.each(drivers)("findings rollup on $name", ({ open, concurrent }) => {
  let handle: DatabaseHandle;
  let db: Db;
  let org: string;
  let accounts: string[];
  let checkIds: string[];
  let actor: { id: string; email: string; ip: null };
  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    org = (await createOrganization(db)).id;
    accounts = [
      (await createAccount(db, org, { environment: "prod" })).id,
      (await createAccount(db, org, { environment: "dev" })).id,
      (await createAccount(db, org, { environment: "staging" })).id,
    ];
    checkIds = [
      (await createCheck(db, { scope: "global", defaultSeverity: "high" })).id,
      (await createCheck(db, { scope: "global", defaultSeverity: "low" })).id,
    ];
    const user = await createUser(db, { role: "admin" });
    actor = { id: user.id, email: user.email, ip: null };
  });
  afterAll(async () => {
    await handle.close();
  });

  const resources = ["a", "b", "c", "d", "e"];
  const regions = ["eu-west-1", "us-east-1"];

  async function snapshot(accountId: string, at: Date, next: () => number) {
    const runId = await createRun(db, { organizationId: org, trigger: "manual", accountsTotal: 1, now: at });
    await registerUnits(db, runId, accountId, ["global"]);
    const failed = checkIds.flatMap((checkId, ci) =>
      resources.flatMap((r) =>
        regions
          .filter(() => next() < 0.45)
          .map((region) => ({
            checkId,
            region,
            resourceId: `arn:aws:s3:::${r}-${region}`,
            resourceType: "AWS::S3::Bucket",
            severity: (ci === 0 ? (next() < 0.5 ? "critical" : "high") : "low") as "critical" | "high" | "low",
            evidence: {},
          })),
      ),
    );
    await writeAccountSnapshot(db, {
      runId,
      accountId,
      now: at,
      units: [
        {
          region: "global",
          status: next() < 0.9 ? "ok" : "failed",
          startedAt: at,
          finishedAt: at,
          apiCalls: 1,
          throttledCalls: 0,
          resultsCount: failed.length,
        },
      ],
      failed,
      evaluated: checkIds.map((checkId) => ({ checkId, region: "global" })),
    });
  }

  function randomAction(next: () => number, at: Date): TriageAction {
    const pick = next();
    if (pick < 0.35) return { action: "acknowledge", note: null };
    if (pick < 0.6)
      return {
        action: "suppress",
        reason: "property test",
        kind: "accepted_risk",
        until: new Date(at.getTime() + (1 + Math.floor(next() * 72)) * HOUR).toISOString(),
      };
    if (pick < 0.8) return { action: "reopen", note: null };
    return { action: "assign", assigneeId: next() < 0.5 ? actor.id : null };
  }

  async function bulk(next: () => number, at: Date) {
    const filter =
      next() < 0.5
        ? { account: [accounts[Math.floor(next() * accounts.length)]!] }
        : { severity: [next() < 0.5 ? ("low" as const) : ("critical" as const)] };
    const where = findingsWhere(filter, { scope: ALL_ACCOUNTS, userId: actor.id, now: at });
    await runBulk(db, { where, action: randomAction(next, at), actor, now: at, batchSize: 3, target: { filter } });
  }

  async function step(next: () => number, at: Date): Promise<string> {
    const pick = next();
    if (pick < 0.35) {
      await snapshot(accounts[Math.floor(next() * accounts.length)]!, at, next);
      return "snapshot";
    }
    if (pick < 0.6) {
      await bulk(next, at);
      return "bulk action";
    }
    if (pick < 0.7) {
      await reopenExpiredSuppressions(db, { now: at, batchSize: 2 });
      return "suppression expiry";
    }
    if (pick < 0.8) {
      const days = () => (next() < 0.2 ? null : Math.floor(next() * 10));
      const table = (["critical", "high", "medium", "low", "informational"] as const).flatMap((severity) => [
        { severity, prod: true, days: days() },
        { severity, prod: false, days: days() },
      ]);
      await db.transaction((tx) => refreshDueDates(tx, { table }));
      return "SLA recompute";
    }
    if (pick < 0.9) {
      await advanceFindingRollup(db, at);
      return "clock move";
    }
    const [victim] = await db.select({ id: s.findings.id }).from(s.findings).limit(1);
    if (victim) await db.delete(s.findings).where(eq(s.findings.id, victim.id));
    return "deletion";
  }

  it("equals a recount after every step of random sequences", async () => {
    for (const seed of [1, 2, 3]) {
      const next = rng(seed);
      let at = new Date((await findingRollupClock(db)).getTime() + HOUR);
      for (let i = 0; i < 40; i++) {
        at = new Date(at.getTime() + Math.floor(next() * 36) * HOUR);
        const what = await step(next, at);
        await expectConsistent(db, `seed ${seed}, step ${i} (${what})`);
      }
    }
  });

  it("answers the grouped views and facets as the findings do", async () => {
    const next = rng(7);
    // Time only moves forward for the rollups' clock: start after wherever earlier tests left it.
    let at = new Date((await findingRollupClock(db)).getTime() + HOUR);
    for (let i = 0; i < 25; i++) {
      at = new Date(at.getTime() + Math.floor(next() * 36) * HOUR);
      await step(next, at);
    }
    at = new Date(at.getTime() + HOUR);
    await advanceFindingRollup(db, at);
    // The reads below go to the rollups only when their clock is the reader's time.
    expect(await findingRollupClock(db)).toEqual(at);
    expect((await db.select().from(s.findingGroupCounts)).length).toBeGreaterThan(5);
    // A first-seen bound that holds for every finding makes the same read go to findings.
    const viaFindings = (f: FindingsFilter): FindingsFilter => ({ ...f, firstSeenFrom: "2000-01-01" });
    const filters: FindingsFilter[] = [
      { status: ["NEW", "ACKNOWLEDGED"] },
      { status: ["NEW"], severity: ["critical", "high"] },
      { environment: ["prod", "staging"] },
      { sla: ["overdue", "due_soon"] },
      { check: [checkIds[0]!], status: ["NEW", "ACKNOWLEDGED", "SUPPRESSED"] },
      {},
    ];
    for (const scope of [ALL_ACCOUNTS, scopeToAccounts([accounts[0]!, accounts[2]!])]) {
      for (const filter of filters) {
        const read = { userId: actor.id, now: at };
        for (const by of ["check", "account"] as const) {
          const rolled = await listFindingGroups(db, scope, { ...read, filter, by, limit: 100 });
          const counted = await listFindingGroups(db, scope, { ...read, filter: viaFindings(filter), by, limit: 100 });
          // The per-account view shows no resource type (the rollup keeps none; findings give one).
          const shown = (gs: typeof rolled) => (by === "check" ? gs : gs.map((g) => ({ ...g, resourceType: "" })));
          expect(shown(rolled), `${by} groups of ${JSON.stringify(filter)}`).toEqual(shown(counted));
        }
        const rolled = await countFindingFacets(db, scope, { ...read, filter });
        const counted = await countFindingFacets(db, scope, { ...read, filter: viaFindings(filter) });
        expect(rolled, `facets of ${JSON.stringify(filter)}`).toEqual(counted);
      }
    }
  });

  it.runIf(concurrent)("skips a clock move another reader holds instead of failing the read", async () => {
    const clock = await findingRollupClock(db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select as_of from finding_rollup_clock where id = 1 for update`);
      locked();
      await held;
    });
    await isLocked;
    const later = new Date(clock.getTime() + 10 * 60_000);
    try {
      await expect(advanceFindingRollup(db, later, { lockTimeoutMs: 200 })).resolves.toBeNull();
      await expect(rollupClockAt(db, later)).resolves.toBe(false);
    } finally {
      release();
      await holder;
    }
    await expect(rollupClockAt(db, later)).resolves.toBe(true);
    expect((await findingRollupClock(db)).getTime()).toBe(later.getTime());
  });

  it.runIf(concurrent)("equals a recount after concurrent snapshots, bulk actions and clock moves", async () => {
    const next = rng(99);
    let at = new Date((await findingRollupClock(db)).getTime() + HOUR);
    for (let round = 0; round < 5; round++) {
      at = new Date(at.getTime() + 30 * HOUR);
      const results = await Promise.allSettled([
        ...accounts.map((a) => snapshot(a, at, next)),
        bulk(next, at),
        bulk(next, at),
        reopenExpiredSuppressions(db, { now: at, batchSize: 2 }),
        advanceFindingRollup(db, at),
      ]);
      // A deadlock between writers rolls one back whole; what committed must still add up.
      for (const r of results) if (r.status === "rejected") expect(causes(r.reason)).toMatch(/deadlock detected/);
      await expectConsistent(db, `concurrent round ${round}`);
    }
    const ids = await db.select({ id: s.findings.id }).from(s.findings);
    await db.delete(s.findings).where(
      inArray(
        s.findings.id,
        ids.map((r) => r.id),
      ),
    );
    await expectConsistent(db, "deleting everything");
    await advanceFindingRollup(db, new Date(at.getTime() + HOUR));
    expect(await db.select().from(s.findingGroupCounts)).toEqual([]);
    expect(await db.select().from(s.findingRegionCounts)).toEqual([]);
  });
});
