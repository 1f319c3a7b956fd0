/**
 * The snapshot writer stores what the lifecycle (lib/findings) decides, on both drivers: states
 * round-trip through the database (suppression terms included), and events follow every change.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { writeAccountSnapshot } from "@/lib/collector/snapshot";
import { findingId } from "@/lib/domain/finding-id";
import { act } from "@/lib/findings/lifecycle";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { createRun, registerUnits } from "@/lib/db/queries/collection";
import {
  insertFindingEvents,
  loadSnapshotFindings,
  saveFindingStates,
  type UnitRecord,
} from "@/lib/db/queries/snapshot";
import * as s from "@/lib/db/schema";
import { createAccount, createCheck, createOrganization, createUser } from "../factories";

const drivers = [
  { name: "PostgreSQL", open: () => openDatabase({ url: inject("databaseUrl") }) },
  { name: "PGlite", open: () => openDatabase({ dataDir: "memory://" }) },
];

describe.each(drivers)("finding lifecycle on $name", ({ open }) => {
  let handle: DatabaseHandle;
  let org: string;
  beforeAll(async () => {
    handle = await open();
    org = (await createOrganization(handle.db)).id;
  });
  afterAll(async () => {
    await handle.close();
  });

  const t0 = new Date("2026-02-01T06:00:00Z");
  const day = (n: number) => new Date(t0.getTime() + n * 86_400_000);
  const unit = (region: string, at: Date, status: UnitRecord["status"] = "ok"): UnitRecord => ({
    region,
    status,
    startedAt: at,
    finishedAt: at,
    apiCalls: 1,
    throttledCalls: 0,
    resultsCount: 1,
  });

  async function snapshot(
    accountId: string,
    at: Date,
    params: { checkId: string; failing: boolean; globalStatus?: UnitRecord["status"] },
  ) {
    const db = handle.db;
    const runId = await createRun(db, { organizationId: org, trigger: "manual", accountsTotal: 1, now: at });
    await registerUnits(db, runId, accountId, ["global"]);
    const status = params.globalStatus ?? "ok";
    return writeAccountSnapshot(db, {
      runId,
      accountId,
      now: at,
      units: [unit("global", at, status)],
      failed: params.failing
        ? [
            {
              checkId: params.checkId,
              region: "eu-west-1",
              resourceId: "arn:aws:s3:::logs",
              resourceType: "AWS::S3::Bucket",
              severity: "high",
              evidence: { region: "eu-west-1" },
            },
          ]
        : [],
      evaluated: status === "failed" ? [] : [{ checkId: params.checkId, region: "global" }],
    });
  }

  it("opens, holds a suppression, reopens when it expires while failing, and resolves from the global unit", async () => {
    const db = handle.db;
    const accountId = (await createAccount(db, org)).id;
    const checkId = (await createCheck(db, { scope: "global" })).id;
    const id = findingId({ checkId, accountId, region: "eu-west-1", resourceId: "arn:aws:s3:::logs" });
    const row = async () => (await db.select().from(s.findings).where(eq(s.findings.id, id)))[0]!;

    expect(await snapshot(accountId, day(0), { checkId, failing: true })).toMatchObject({ created: 1 });

    // A triager suppresses it until day 3 (the action the triage issue wires to the UI).
    const triager = await createUser(db, { role: "triager" });
    const [known] = await loadSnapshotFindings(db, { accountId, now: day(1), ids: [id], open: false });
    const suppressed = act(
      known!,
      { kind: "suppress", reason: "Public on purpose", suppressionKind: "accepted_risk", until: day(3) },
      { actorId: triager.id, now: day(1) },
    );
    if (!suppressed.ok) throw new Error(suppressed.reason);
    await db.transaction(async (tx) => {
      await saveFindingStates(tx, { runId: null, states: [{ id, state: suppressed.state }] });
      await insertFindingEvents(
        tx,
        suppressed.events.map((e) => ({ ...e, findingId: id })),
      );
    });
    expect(await row()).toMatchObject({
      status: "SUPPRESSED",
      suppressionReason: "Public on purpose",
      suppressionKind: "accepted_risk",
      suppressedBy: triager.id,
      suppressedUntil: day(3),
      firstSeenAt: day(0),
    });
    const [again] = await loadSnapshotFindings(db, { accountId, now: day(2), ids: [id], open: false });
    expect(again).toEqual({ ...suppressed.state, id, checkId, region: "eu-west-1" });

    expect(await snapshot(accountId, day(2), { checkId, failing: true })).toMatchObject({ stillOpen: 1 });
    expect(await row()).toMatchObject({ status: "SUPPRESSED", lastSeenAt: day(2) });

    expect(await snapshot(accountId, day(4), { checkId, failing: true })).toMatchObject({ reopened: 1 });
    expect(await row()).toMatchObject({
      status: "NEW",
      reopenCount: 1,
      suppressionReason: null,
      suppressionKind: null,
      suppressedUntil: null,
      firstSeenAt: day(0),
    });

    // The bucket is fixed, but the global unit fails: nothing resolves. Then it reads: resolved.
    expect(await snapshot(accountId, day(5), { checkId, failing: false, globalStatus: "failed" })).toMatchObject({
      resolved: 0,
    });
    expect((await row()).status).toBe("NEW");
    expect(await snapshot(accountId, day(6), { checkId, failing: false })).toMatchObject({ resolved: 1 });
    expect(await row()).toMatchObject({ status: "RESOLVED", resolvedAt: day(6), firstSeenAt: day(0) });

    const events = await db
      .select()
      .from(s.findingEvents)
      .where(eq(s.findingEvents.findingId, id))
      .orderBy(asc(s.findingEvents.occurredAt), asc(s.findingEvents.id));
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.note])).toEqual([
      [null, "NEW", "Detected"],
      ["NEW", "SUPPRESSED", "Public on purpose"],
      ["SUPPRESSED", "NEW", "Suppression expired while still failing"],
      ["NEW", "RESOLVED", "Check passed"],
    ]);
  });
});
