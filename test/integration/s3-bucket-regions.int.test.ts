/**
 * S3 bucket findings used to be filed under region "global". Migration 0005 moves each to the id
 * it has now (the region is part of a finding's id) with its events, so the next collection finds
 * it instead of resolving it and opening a duplicate; one it cannot move resolves on that collection.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { writeAccountSnapshot } from "@/lib/collector/snapshot";
import { findingId } from "@/lib/domain/finding-id";
import { MIGRATIONS_FOLDER } from "@/lib/db/migrations";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { createRun, registerUnits } from "@/lib/db/queries/collection";
import * as s from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { createAccount, createCheck, createOrganization, createUser } from "../factories";
import { createTestDatabase } from "../postgres";

const MOVE = "0005_s3_bucket_regions";

/** A copy of the committed migrations that stops before `tag`. */
function migrationsBefore(tag: string): { folder: string; remove: () => void } {
  const folder = mkdtempSync(path.join(tmpdir(), "posture-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

type Driver = {
  name: string;
  /** The database migrated up to (not including) the move, and a way to apply the rest. */
  open: (before: string) => Promise<{ handle: DatabaseHandle; migrateRest: () => Promise<DatabaseHandle> }>;
};
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const drivers: Driver[] = [
  {
    name: "PostgreSQL",
    open: async (before) => {
      const database = await createTestDatabase("posture_s3_regions");
      cleanups.push(database.drop);
      const handle = await openDatabase({ url: database.url, migrate: false });
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      await migrate(handle.db as never, { migrationsFolder: before });
      return {
        handle,
        migrateRest: async () => {
          await handle.close();
          const next = await openDatabase({ url: database.url });
          cleanups.push(() => next.close());
          return next;
        },
      };
    },
  },
  {
    name: "PGlite",
    open: async (before) => {
      const handle = await openDatabase({ dataDir: "memory://", migrate: false });
      cleanups.push(() => handle.close());
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(handle.db as never, { migrationsFolder: before });
      return {
        handle,
        migrateRest: async () => {
          await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
          return handle;
        },
      };
    },
  },
];

describe.each(drivers)("S3 bucket findings filed under 'global', on $name", (driver) => {
  it("move to their bucket's region with their lifecycle and events; the next collection keeps one of each", async () => {
    const before = migrationsBefore(MOVE);
    cleanups.push(before.remove);
    const { handle, migrateRest } = await driver.open(before.folder);
    let db: Db = handle.db;

    const org = await createOrganization(db);
    const accountId = (await createAccount(db, org.id)).id;
    const versioning = await createCheck(db, { id: "s3_bucket_versioning_off", scope: "global" });
    const mfa = await createCheck(db, { id: "iam_root_mfa_disabled", scope: "global" });
    const owner = await createUser(db);
    const t0 = new Date("2026-01-10T06:00:00Z");
    const legacy = (checkId: string, resourceId: string, evidence: Record<string, unknown>) => ({
      id: findingId({ checkId, accountId, region: "global", resourceId }),
      checkId,
      accountId,
      region: "global",
      resourceId,
      resourceType: "AWS::S3::Bucket",
      severity: "medium" as const,
      evidence,
      firstSeenAt: t0,
      lastSeenAt: t0,
      statusChangedAt: t0,
    });
    const moved = {
      ...legacy(versioning.id, "arn:aws:s3:::logs-eu", { region: "eu-west-1", versioning: "Suspended" }),
      status: "SUPPRESSED" as const,
      suppressionReason: "Archive bucket, objects are immutable",
      suppressedBy: owner.id,
      suppressedUntil: new Date("2027-01-01T00:00:00Z"),
      assigneeId: owner.id,
      reopenCount: 2,
    };
    const unknownRegion = legacy(versioning.id, "arn:aws:s3:::old", { versioning: "Suspended" });
    const account = { ...legacy(mfa.id, `arn:aws:iam::${accountId}:root`, {}), resourceType: "AWS::::Account" };
    // Inserted with the columns findings had before the move: later migrations add more.
    for (const f of [moved, unknownRegion, account]) {
      const m = f as typeof moved;
      await db.execute(sql`insert into findings (id, check_id, account_id, region, resource_id, resource_type,
        severity, status, evidence, first_seen_at, last_seen_at, status_changed_at, suppression_reason,
        suppressed_by, suppressed_until, assignee_id, reopen_count)
        values (${f.id}, ${f.checkId}, ${f.accountId}, ${f.region}, ${f.resourceId}, ${f.resourceType},
        ${f.severity}, ${m.status ?? "NEW"}, ${JSON.stringify(f.evidence)}::jsonb, ${t0}, ${t0}, ${t0},
        ${m.suppressionReason ?? null}, ${m.suppressedBy ?? null}, ${m.suppressedUntil ?? null},
        ${m.assigneeId ?? null}, ${m.reopenCount ?? 0})`);
    }
    await db.insert(s.findingEvents).values([
      { findingId: moved.id, occurredAt: t0, kind: "status", fromStatus: null, toStatus: "NEW", note: "Detected" },
      { findingId: moved.id, occurredAt: t0, kind: "comment", actorId: owner.id, note: "Immutable on purpose" },
    ]);

    db = (await migrateRest()).db;
    const newId = findingId({ checkId: versioning.id, accountId, region: "eu-west-1", resourceId: moved.resourceId });
    const rows = async () =>
      new Map((await db.select().from(s.findings).where(eq(s.findings.accountId, accountId))).map((f) => [f.id, f]));
    let now = await rows();
    expect([...now.keys()].sort()).toEqual([newId, unknownRegion.id, account.id].sort());
    expect(now.get(newId)).toMatchObject({
      ...moved,
      id: newId,
      region: "eu-west-1",
      suppressionKind: null,
    });
    expect(now.get(account.id)).toMatchObject({ region: "global" });
    const events = await db
      .select()
      .from(s.findingEvents)
      .where(inArray(s.findingEvents.findingId, [moved.id, newId]))
      .orderBy(s.findingEvents.id);
    expect(events.map((e) => [e.findingId, e.kind])).toEqual([
      [newId, "status"],
      [newId, "comment"],
    ]);

    // The next collection: the bucket still fails in eu-west-1; "old" is gone from the account.
    const at = new Date("2026-02-01T06:00:00Z");
    const runId = await createRun(db, { organizationId: org.id, trigger: "manual", accountsTotal: 1, now: at });
    await registerUnits(db, runId, accountId, ["global"]);
    const outcome = await writeAccountSnapshot(db, {
      runId,
      accountId,
      now: at,
      units: [
        {
          region: "global",
          status: "ok",
          startedAt: at,
          finishedAt: at,
          apiCalls: 1,
          throttledCalls: 0,
          resultsCount: 1,
        },
      ],
      failed: [
        {
          checkId: versioning.id,
          region: "eu-west-1",
          resourceId: moved.resourceId,
          resourceType: "AWS::S3::Bucket",
          severity: "medium",
          evidence: { region: "eu-west-1", versioning: "Suspended" },
        },
      ],
      evaluated: [{ checkId: versioning.id, region: "global" }],
    });
    expect(outcome).toMatchObject({ created: 0, stillOpen: 1, resolved: 1, reopened: 0 });
    now = await rows();
    expect(now.get(newId)).toMatchObject({ status: "SUPPRESSED", firstSeenAt: t0, lastSeenAt: at });
    expect(now.get(unknownRegion.id)).toMatchObject({ status: "RESOLVED" });
    expect(now.get(account.id)).toMatchObject({ status: "NEW" });
    expect(now.size).toBe(3);
  });
});
