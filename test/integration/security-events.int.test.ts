/**
 * Stable security event rows for high and critical GuardDuty findings and attack sequences, written
 * in the account's snapshot transaction on both drivers: re-runs add nothing, a changed finding
 * updates its row, an archived or lowered one keeps it, an older re-read changes nothing.
 */
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { GuardDutyFinding } from "@/lib/aws/guardduty/types";
import { guardDutyFindingRow } from "@/lib/collector/guardduty";
import { writeAccountSnapshot } from "@/lib/collector/snapshot";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { upsertDetectionFinding } from "@/lib/db/queries/activity";
import { createRun, registerUnits } from "@/lib/db/queries/collection";
import { scopeToAccounts } from "@/lib/db/queries/scope";
import { listSecurityEvents } from "@/lib/db/queries/security-events";
import * as s from "@/lib/db/schema";
import type { Severity } from "@/lib/domain/vocabulary";
import { createAccount, createCheck, createOrganization, randomAccountId } from "../factories";

const drivers = [
  { name: "PostgreSQL", open: () => openDatabase({ url: inject("databaseUrl") }) },
  { name: "PGlite", open: () => openDatabase({ dataDir: "memory://" }) },
];

function gd(accountId: string, id: string, over: Partial<GuardDutyFinding> = {}): GuardDutyFinding {
  return {
    id,
    arn: `arn:aws:guardduty:us-east-1:${accountId}:detector/d/finding/${id}`,
    accountId,
    region: "us-east-1",
    detectorId: "d",
    type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
    title: `finding ${id}`,
    severity: 8,
    createdAt: "2026-03-01T00:00:00.000Z",
    updatedAt: "2026-03-01T00:00:00.000Z",
    firstSeenAt: "2026-03-01T00:00:00.000Z",
    lastSeenAt: "2026-03-01T00:00:00.000Z",
    count: 1,
    archived: false,
    resource: { type: "AccessKey", id: "ASIAQWERTYUIOPASDFGH", tags: {} },
    accessKeyId: "ASIAQWERTYUIOPASDFGH",
    raw: {},
    ...over,
  };
}

describe.each(drivers)("security events on $name", ({ open }) => {
  let handle: DatabaseHandle;
  let org: string;
  beforeAll(async () => {
    handle = await open();
    org = (await createOrganization(handle.db)).id;
  });
  afterAll(async () => {
    await handle.close();
  });

  async function collect(accountId: string, at: Date, findings: GuardDutyFinding[]) {
    const db = handle.db;
    const runId = await createRun(db, { organizationId: org, trigger: "manual", accountsTotal: 1, now: at });
    await registerUnits(db, runId, accountId, ["us-east-1"]);
    await writeAccountSnapshot(db, {
      runId,
      accountId,
      now: at,
      units: [
        {
          region: "us-east-1",
          status: "ok",
          startedAt: at,
          finishedAt: at,
          apiCalls: 1,
          throttledCalls: 0,
          resultsCount: 0,
        },
      ],
      failed: [],
      evaluated: [],
      guardDuty: { coverage: [], findings: findings.map((f) => guardDutyFindingRow(f, runId)) },
    });
  }

  it("keys each high finding and attack sequence once, and follows its finding", async () => {
    const db = handle.db;
    const a = (await createAccount(db, org)).id;
    const b = (await createAccount(db, org)).id;
    const rows = () =>
      db
        .select()
        .from(s.securityEvents)
        .where(inArray(s.securityEvents.accountId, [a, b]))
        .orderBy(s.securityEvents.key);
    const t1 = new Date("2026-03-01T06:00:00Z");
    const first = [
      gd(a, "high-1"),
      gd(a, "critical-seq", {
        type: "AttackSequence:IAM/CompromisedCredentials",
        severity: 9.2,
        sequence: {
          uid: "seq-1",
          description: "compromised credentials",
          signals: [],
          actors: [],
          endpoints: [],
          resources: [],
          indicators: [],
        },
      }),
      gd(a, "medium-1", { severity: 5 }),
      gd(a, "low-1", { severity: 2 }),
      gd(b, "other-account-high", { severity: 7 }),
    ];
    await collect(a, t1, first);
    let got = await rows();
    expect(got.map((r) => [r.sourceId, r.kind, r.severity]).sort()).toEqual([
      ["critical-seq", "attack_sequence", "critical"],
      ["high-1", "guardduty_finding", "high"],
      ["other-account-high", "guardduty_finding", "high"],
    ]);
    const created = got.find((r) => r.sourceId === "high-1")!;
    expect(created).toMatchObject({ key: `guardduty/${a}/us-east-1/high-1`, region: "us-east-1", archived: false });
    expect(created.createdAt.toISOString()).toBe(t1.toISOString());

    // The same read again (an incremental re-run that sees the same findings): nothing added or changed.
    await collect(a, new Date("2026-03-01T07:00:00Z"), first);
    expect(await rows()).toEqual(got);

    // GuardDuty updates: high-1 archived with a new title, medium-1 raised to high, the sequence lowered.
    const t3 = new Date("2026-03-02T06:00:00Z");
    const later = "2026-03-02T05:00:00.000Z";
    await collect(a, t3, [
      gd(a, "high-1", { archived: true, title: "finding high-1 (archived)", updatedAt: later, lastSeenAt: later }),
      gd(a, "medium-1", { severity: 7.5, updatedAt: later, lastSeenAt: later }),
      gd(a, "critical-seq", { type: "AttackSequence:IAM/CompromisedCredentials", severity: 5, updatedAt: later }),
      gd(a, "low-1", { severity: 3, updatedAt: later }),
    ]);
    got = await rows();
    expect(got).toHaveLength(4);
    expect(got.find((r) => r.sourceId === "high-1")).toMatchObject({
      archived: true,
      title: "finding high-1 (archived)",
      createdAt: created.createdAt,
      changedAt: t3,
      updatedAt: new Date(later),
    });
    expect(got.find((r) => r.sourceId === "medium-1")).toMatchObject({ severity: "high", createdAt: t3 });
    expect(got.find((r) => r.sourceId === "critical-seq")).toMatchObject({
      kind: "attack_sequence",
      severity: "medium",
      changedAt: t3,
    });
    expect(got.find((r) => r.sourceId === "low-1")).toBeUndefined();

    // An older copy read late (another region's administrator, a retried page) changes nothing.
    const before = got;
    await collect(a, new Date("2026-03-03T06:00:00Z"), [gd(a, "high-1", { archived: false })]);
    expect(await rows()).toEqual(before);

    // Reads are scoped: a viewer of account b sees b's event only.
    const seen = await listSecurityEvents(db, { scope: scopeToAccounts([b]), limit: 50 });
    expect(seen.map((e) => e.sourceId)).toEqual(["other-account-high"]);
  });

  it("keeps one event per high detection finding (tripped canary, risky call), created when it turns high", async () => {
    const db = handle.db;
    const a = (await createAccount(db, org)).id;
    const risky = await createCheck(db, { id: `risky_${randomUUID().slice(0, 8)}`, scope: "global" });
    const canary = await createCheck(db, { id: `canary_${randomUUID().slice(0, 8)}`, scope: "global" });
    const rows = () =>
      db.select().from(s.securityEvents).where(eq(s.securityEvents.accountId, a)).orderBy(s.securityEvents.type);
    const detect = (checkId: string, severity: Severity, at: string, kind: "risky_activity" | "canary_tripped") =>
      upsertDetectionFinding(
        db,
        {
          checkId,
          accountId: a,
          region: "us-east-1",
          resourceId: "arn:aws:iam::111122223333:user/j.doe",
          resourceType: "AWS::CloudTrail::Principal",
          severity,
          evidence: {},
          note: "seen",
          event: { kind, title: `${checkId}: j.doe` },
        },
        new Date(at),
      );
    await detect(risky.id, "medium", "2026-03-01T00:00:00Z", "risky_activity");
    expect(await rows()).toEqual([]);
    const first = await detect(canary.id, "critical", "2026-03-01T00:00:00Z", "canary_tripped");
    await detect(canary.id, "critical", "2026-03-01T00:05:00Z", "canary_tripped");
    await detect(risky.id, "high", "2026-03-02T00:00:00Z", "risky_activity");
    let got = await rows();
    expect(got.map((r) => [r.kind, r.type, r.severity])).toEqual([
      ["canary_tripped", canary.id, "critical"],
      ["risky_activity", risky.id, "high"],
    ]);
    expect(got[0]).toMatchObject({
      key: `finding/${first.id}`,
      sourceId: first.id,
      createdAt: new Date("2026-03-01T00:00:00Z"),
      changedAt: new Date("2026-03-01T00:00:00Z"),
      updatedAt: new Date("2026-03-01T00:05:00Z"),
    });
    // Lowered by a settings change: the row stays and says so.
    await detect(risky.id, "medium", "2026-03-03T00:00:00Z", "risky_activity");
    got = await rows();
    expect(got[1]).toMatchObject({ severity: "medium", changedAt: new Date("2026-03-03T00:00:00Z") });
  });

  it("skips findings of accounts Posture does not know, as the findings themselves are skipped", async () => {
    const db = handle.db;
    const a = (await createAccount(db, org)).id;
    const stranger = randomAccountId();
    await collect(a, new Date("2026-03-05T06:00:00Z"), [gd(stranger, "stranger-high", { severity: 8.8 })]);
    const got = await db
      .select()
      .from(s.securityEvents)
      .where(inArray(s.securityEvents.accountId, [a, stranger]));
    expect(got).toEqual([]);
  });
});
