/**
 * The web server's cache of scope-wide reads (lib/db/read-cache.ts): a write between two requests is
 * seen by the second (a collection's new finding, a triage action), a writer still in flight never
 * leaves a result behind, and each scope has its own entries.
 */
import { eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { createReadCache, readDataVersion } from "@/lib/db/read-cache";
import { getOverviewCounts } from "@/lib/db/queries/overview";
import { lockFindingsForTriage } from "@/lib/db/queries/triage";
import { scopeToAccounts, type AccountScope } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { applyTriage, loadSlaSettings } from "@/lib/triage/actions";
import { createAccount, createCheck, createFinding, createOrganization, createUser } from "../factories";

const now = new Date();

async function seedTwoTeams(db: Db) {
  const org = await createOrganization(db);
  const a = await createAccount(db, org.id, { environment: "prod" });
  const b = await createAccount(db, org.id, { environment: "dev" });
  const check = await createCheck(db);
  await createFinding(db, { checkId: check.id, accountId: a.id, severity: "critical" });
  for (let i = 0; i < 3; i++) await createFinding(db, { checkId: check.id, accountId: b.id, severity: "low" });
  const actor = await createUser(db);
  return { a, b, check, actor, scopeA: scopeToAccounts([a.id]), scopeB: scopeToAccounts([b.id]) };
}

/** The Overview's counts through a cache, as the page reads them. */
const overviewOf = (cache: ReturnType<typeof createReadCache>, db: Db, scope: AccountScope) =>
  cache.read(db, { name: "overview", scope, params: now }, () => getOverviewCounts(db, scope, now));

describe("read cache on PostgreSQL", () => {
  let handle: DatabaseHandle;
  let db: Db;
  let seed: Awaited<ReturnType<typeof seedTwoTeams>>;
  beforeAll(async () => {
    handle = await openDatabase({ url: inject("databaseUrl") });
    db = handle.db;
    seed = await seedTwoTeams(db);
  });
  afterAll(() => handle.close());

  it("keeps a read while nothing is written, and keeps each scope's own numbers", async () => {
    const cache = createReadCache();
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
    expect((await overviewOf(cache, db, seed.scopeB)).openTotal).toBe(3);
    // Served from memory now, and still per scope: A never gets B's numbers or the reverse.
    expect((await overviewOf(cache, db, seed.scopeA)).openBySeverity).toMatchObject({ critical: 1, low: 0 });
    expect((await overviewOf(cache, db, seed.scopeB)).openBySeverity).toMatchObject({ critical: 0, low: 3 });
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2 });
    // A scope of both accounts is another key, not either team's entry.
    expect((await overviewOf(cache, db, scopeToAccounts([seed.a.id, seed.b.id]))).openTotal).toBe(4);
    expect(cache.stats().misses).toBe(3);
  });

  it("shows a collection's new finding on the next read", async () => {
    const cache = createReadCache();
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
    const added = await createFinding(db, { checkId: seed.check.id, accountId: seed.a.id, severity: "high" });
    const after = await overviewOf(cache, db, seed.scopeA);
    expect(after.openTotal).toBe(2);
    expect(after.openBySeverity.high).toBe(1);
    await db.delete(s.findings).where(eq(s.findings.id, added.id));
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
  });

  it("shows a triage action on the next read, and leaves the other scope's numbers as they are", async () => {
    const cache = createReadCache();
    expect((await overviewOf(cache, db, seed.scopeB)).openTotal).toBe(3);
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
    await db.transaction(async (tx) => {
      const rows = await lockFindingsForTriage(tx, { where: eq(s.findings.accountId, seed.b.id), limit: 1 });
      const outcome = await applyTriage(tx, {
        rows,
        action: { action: "suppress", reason: "accepted by the bench", kind: "accepted_risk", until: null },
        actorId: seed.actor.id,
        now,
        sla: await loadSlaSettings(tx),
        clamp: true,
      });
      expect(outcome.changed).toHaveLength(1);
    });
    expect((await overviewOf(cache, db, seed.scopeB)).openTotal).toBe(2);
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
  });

  it("never keeps a read taken while a writer was in flight, and sees the write once committed", async () => {
    const cache = createReadCache();
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
    const other = new pg.Client({ connectionString: inject("databaseUrl") });
    await other.connect();
    try {
      await other.query("begin");
      // The statement moves the version before its transaction commits.
      await other.query(
        `insert into findings (id, check_id, account_id, region, resource_id, resource_type, severity)
         values (md5(random()::text) || md5(random()::text), $1, $2, 'us-east-1', 'arn:aws:test:::inflight', 'AWS::Test::Resource', 'medium')`,
        [seed.check.id, seed.a.id],
      );
      const version = await readDataVersion(db);
      expect(version.settled).toBe(false);
      expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1); // Not committed: not seen.
      expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1); // Read again, not kept.
      expect(cache.stats().hits).toBe(0);
      await other.query("commit");
    } finally {
      await other.end();
    }
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(2);
    await db.delete(s.findings).where(eq(s.findings.resourceId, "arn:aws:test:::inflight"));
  });

  it("keeps reads while a writer of other tables (run progress, sessions) is in flight", async () => {
    const cache = createReadCache();
    const other = new pg.Client({ connectionString: inject("databaseUrl") });
    await other.connect();
    try {
      await other.query("begin");
      await other.query("update users set last_login_at = now() where id = $1", [seed.actor.id]);
      expect((await readDataVersion(db)).settled).toBe(true);
      await overviewOf(cache, db, seed.scopeA);
      await overviewOf(cache, db, seed.scopeA);
      expect(cache.stats().hits).toBe(1);
      await other.query("commit");
    } finally {
      await other.end();
    }
  });

  it("moves the version on a write to any table behind the cached reads, not on sign-in bookkeeping", async () => {
    const before = (await readDataVersion(db)).version;
    await db
      .update(s.awsAccounts)
      .set({ name: "renamed" })
      .where(inArray(s.awsAccounts.id, [seed.a.id]));
    const afterAccounts = (await readDataVersion(db)).version;
    expect(BigInt(afterAccounts)).toBeGreaterThan(BigInt(before));
    await db.execute(sql`update users set last_login_at = now() where id = ${seed.actor.id}`);
    expect((await readDataVersion(db)).version).toBe(afterAccounts);
  });
});

describe("read cache on PGlite (embedded mode)", () => {
  let handle: DatabaseHandle;
  let db: Db;
  let seed: Awaited<ReturnType<typeof seedTwoTeams>>;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: "memory://" });
    db = handle.db;
    seed = await seedTwoTeams(db);
  });
  afterAll(() => handle.close());

  it("serves a repeated read from memory and a write on the next read", async () => {
    const cache = createReadCache();
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
    expect((await overviewOf(cache, db, seed.scopeB)).openTotal).toBe(3);
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(1);
    expect(cache.stats().hits).toBe(1);
    await createFinding(db, { checkId: seed.check.id, accountId: seed.a.id, severity: "high" });
    expect((await overviewOf(cache, db, seed.scopeA)).openTotal).toBe(2);
    expect((await overviewOf(cache, db, seed.scopeB)).openTotal).toBe(3);
  });
});
