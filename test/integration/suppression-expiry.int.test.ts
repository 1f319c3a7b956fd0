import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { reopenExpiredSuppressions } from "@/lib/triage/expiry";
import * as f from "../factories";
import { createTestDatabase } from "../postgres";

// The expiry timer's pass: suppressions that ended reopen without a collection, with a system event
// (no actor), a due date and an audit entry without a user; the others are left alone.

const DAY = 86_400_000;
let handle: Awaited<ReturnType<typeof openDatabase>>;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase("posture_expiry");
  handle = await openDatabase({ url: database.url });
  drop = () => database.drop();
});
afterAll(async () => {
  await handle.close();
  await drop();
});

describe("reopenExpiredSuppressions", () => {
  it("reopens expired suppressions only, in batches, as the system", async () => {
    const db = handle.db;
    const now = new Date();
    const org = await f.createOrganization(db);
    const account = await f.createAccount(db, org.id, { environment: "prod" });
    const check = await f.createCheck(db, { defaultSeverity: "high" });
    const suppressed = (until: Date | null, i: number) =>
      f.createFinding(db, {
        checkId: check.id,
        accountId: account.id,
        severity: "high",
        status: "SUPPRESSED",
        suppressionReason: "accepted until the migration",
        suppressionKind: "accepted_risk",
        suppressedUntil: until,
        resourceId: `arn:aws:s3:::expiry-${i}`,
        firstSeenAt: new Date(now.getTime() - 40 * DAY),
      });
    const expired = await Promise.all(
      Array.from({ length: 7 }, (_, i) => suppressed(new Date(now.getTime() - DAY), i)),
    );
    const future = await suppressed(new Date(now.getTime() + DAY), 100);
    const forever = await suppressed(null, 101);
    const open = await f.createFinding(db, { checkId: check.id, accountId: account.id, status: "NEW" });

    const result = await reopenExpiredSuppressions(db, { now, batchSize: 3 });
    expect(result).toEqual({ reopened: 7, batches: 3 });

    const ids = expired.map((e) => e.id);
    const rows = await db.select().from(s.findings).where(inArray(s.findings.id, ids));
    for (const row of rows) {
      expect(row).toMatchObject({ status: "NEW", suppressionReason: null, suppressedUntil: null });
      expect(row.dueAt).not.toBeNull();
    }
    const events = await db
      .select()
      .from(s.findingEvents)
      .where(inArray(s.findingEvents.findingId, ids))
      .orderBy(asc(s.findingEvents.id));
    expect(events).toHaveLength(7);
    for (const e of events)
      expect(e).toMatchObject({
        fromStatus: "SUPPRESSED",
        toStatus: "NEW",
        actorId: null,
        note: "Suppression expired",
      });

    const untouched = await db
      .select({ id: s.findings.id, status: s.findings.status })
      .from(s.findings)
      .where(inArray(s.findings.id, [future.id, forever.id, open.id]));
    expect(Object.fromEntries(untouched.map((r) => [r.id, r.status]))).toEqual({
      [future.id]: "SUPPRESSED",
      [forever.id]: "SUPPRESSED",
      [open.id]: "NEW",
    });

    const audits = await db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.action, "finding.suppression_expired"))
      .orderBy(asc(s.auditLog.id));
    expect(audits.map((a) => a.details)).toEqual([
      expect.objectContaining({ reopened: 3 }),
      expect.objectContaining({ reopened: 3 }),
      expect.objectContaining({ reopened: 1 }),
    ]);
    for (const a of audits) expect(a).toMatchObject({ actorId: null, actorEmail: null, outcome: "success" });

    // A second pass finds nothing: the timer is idempotent.
    expect(await reopenExpiredSuppressions(db, { now })).toEqual({ reopened: 0, batches: 0 });
  });
});
