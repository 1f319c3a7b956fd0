import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { detectionCatalog } from "@/lib/activity/catalog";
import { HIJACK_CHECK_ID } from "@/lib/cost/hijack";
import { redetectAccountCosts, type RootCauseLookup } from "@/lib/collector/cost-incidents";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { upsertDetectionFinding } from "@/lib/db/queries/activity";
import { syncCheckCatalog } from "@/lib/db/queries/collection";
import { syncHijackFindings } from "@/lib/db/queries/cost-findings";
import { listCostIncidents, loadIncidentMemory, setCostIncidentVerdict, upsertCostDaily } from "@/lib/db/queries/costs";
import * as s from "@/lib/db/schema";
import { ALL_ACCOUNTS, scopeToAccounts } from "@/lib/db/queries/scope";
import type { Db } from "@/lib/db/types";
import { createAccount, createGuardDutyFinding, createOrganization } from "../factories";

let handle: DatabaseHandle;
let db: Db;
let orgId: string;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
  orgId = (await createOrganization(db)).id;
});
afterAll(async () => handle.close());

const EC2 = "Amazon Elastic Compute Cloud - Compute";
const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
/** 120 days of a steady EC2 and S3 bill with a weekly rhythm; `extra` adds EC2 spend on chosen days. */
function bill(accountId: string, days: number, extra: (i: number) => number = () => 0) {
  return Array.from({ length: days }, (_, i) => {
    const weekly = i % 7 >= 5 ? 0.8 : 1;
    const wobble = 1 + 0.03 * Math.sin(i * 1.7);
    return [
      { accountId, day: day(i), service: EC2, amount: Math.round((200 * weekly * wobble + extra(i)) * 100) / 100 },
      { accountId, day: day(i), service: "Amazon Simple Storage Service", amount: 20 },
    ];
  }).flat();
}

describe("cost incidents re-detected after each cost write", () => {
  it("stores one incident per series and start, asks for a root cause once per new incident, and keeps it", async () => {
    const account = (await createAccount(db, orgId, { environment: "dev" })).id;
    const lookups: string[] = [];
    const rootCause: RootCauseLookup = async (q) => {
      lookups.push(`${q.from}..${q.to}`);
      return {
        source: "cost_explorer",
        lines: [
          { service: EC2, usageType: "APS2-BoxUsage:g5.12xlarge", region: "ap-southeast-2", amount: 5610, delta: 5610 },
        ],
      };
    };
    const mining = (i: number) => (i >= 100 && i < 103 ? 1870 : 0);
    await upsertCostDaily(db, bill(account, 110, mining));
    const first = await redetectAccountCosts(db, account, { unusedRegions: ["ap-southeast-2"], rootCause });
    expect(first).toMatchObject({ incidents: 2, created: 2, hijacks: 2, rootCauseLookups: 1 });

    const rows = await listCostIncidents(db, scopeToAccounts([account]), { limit: 10 });
    expect(rows.map((r) => [r.service, r.startDay, r.endDay, r.labels])).toEqual(
      expect.arrayContaining([
        [EC2, day(100), day(102), ["possible_hijack"]],
        ["Total", day(100), day(102), ["possible_hijack"]],
      ]),
    );
    const total = rows.find((r) => r.service === "Total")!;
    expect(total.impact).toBeGreaterThan(5000);
    expect(total.days).toHaveLength(3);
    expect(total.hijackEvidence?.computeInUnusedRegions[0]).toMatchObject({ region: "ap-southeast-2" });
    expect(await listCostIncidents(db, scopeToAccounts([]), { limit: 10 })).toEqual([]);

    // Ten more days, restated history included: the same incidents persist, no new lookup.
    await upsertCostDaily(db, bill(account, 120, mining));
    const again = await redetectAccountCosts(db, account, { unusedRegions: ["ap-southeast-2"], rootCause });
    expect(again).toMatchObject({ incidents: 2, created: 0, rootCauseLookups: 0 });
    expect(lookups).toEqual([`${day(100)}..${day(102)}`]);
    const memory = await loadIncidentMemory(db, account);
    expect(memory.every((m) => m.rootCause?.lines[0]?.usageType === "APS2-BoxUsage:g5.12xlarge")).toBe(true);

    // One critical finding for the burst (the total and EC2 are one event), filed under the unused region.
    const [finding, ...more] = await hijackFindingsOf(account);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      status: "NEW",
      severity: "critical",
      region: "ap-southeast-2",
      resourceId: `cost-incident/${day(100)}`,
      resourceType: "cost_incident",
    });
    expect(finding!.evidence).toMatchObject({
      startDay: day(100),
      lastDay: day(102),
      computeInUnusedRegions: [{ region: "ap-southeast-2", usageType: "APS2-BoxUsage:g5.12xlarge" }],
      rootCause: [{ usageType: "APS2-BoxUsage:g5.12xlarge", region: "ap-southeast-2" }],
      costsUrl: expect.stringContaining(`/costs?account=${account}`),
    });

    // Someone marks the spend expected (what the verdict route does): the finding resolves, and stays so.
    const totalIncident = memory.find((m) => m.service === "Total")!;
    await setCostIncidentVerdict(db, ALL_ACCOUNTS, totalIncident.id, {
      verdict: "expected",
      note: "GPU test",
      by: "a@b.c",
    });
    await syncHijackFindings(db, { accountId: account, now: new Date() });
    await redetectAccountCosts(db, account, { unusedRegions: ["ap-southeast-2"], rootCause });
    const [resolved] = await hijackFindingsOf(account);
    expect(resolved).toMatchObject({ id: finding!.id, status: "RESOLVED" });
    const events = await db
      .select()
      .from(s.findingEvents)
      .where(eq(s.findingEvents.findingId, finding!.id))
      .orderBy(asc(s.findingEvents.id));
    expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, "NEW"],
      ["NEW", "RESOLVED"],
    ]);
    expect(events[1]!.note).toBe("Spend marked expected / planned by a@b.c: GPU test");

    // Clearing the verdict reopens it.
    await setCostIncidentVerdict(db, ALL_ACCOUNTS, totalIncident.id, { verdict: null, note: null, by: "a@b.c" });
    await syncHijackFindings(db, { accountId: account, now: new Date() });
    expect((await hijackFindingsOf(account))[0]).toMatchObject({ status: "NEW", reopenCount: 1 });
  });

  it("keeps a verdict, and a lasting rise marked expected stops alarming at that level", async () => {
    const account = (await createAccount(db, orgId)).id;
    const rise = (i: number) => (i >= 90 ? 150 : 0);
    await upsertCostDaily(db, bill(account, 100, rise));
    await redetectAccountCosts(db, account, { unusedRegions: [] });
    const [ongoing] = (await listCostIncidents(db, ALL_ACCOUNTS, { limit: 10, accountId: account })).filter(
      (r) => r.service === EC2,
    );
    expect(ongoing).toMatchObject({ startDay: day(90), endDay: null, verdict: null, labels: [] });

    await setCostIncidentVerdict(db, ALL_ACCOUNTS, ongoing!.id, {
      verdict: "expected",
      note: "new cluster",
      by: "a@b.c",
    });
    await upsertCostDaily(db, bill(account, 130, rise));
    await redetectAccountCosts(db, account, { unusedRegions: [] });
    const after = await listCostIncidents(db, ALL_ACCOUNTS, { limit: 10, accountId: account });
    const ec2 = after.filter((r) => r.service === EC2);
    expect(ec2).toHaveLength(1);
    expect(ec2[0]).toMatchObject({
      id: ongoing!.id,
      startDay: day(90),
      verdict: "expected",
      verdictNote: "new cluster",
    });
    expect(ec2[0]!.endDay).not.toBeNull();
  });

  it("labels an incident beside a high GuardDuty finding in the same account as a possible hijack", async () => {
    const account = (await createAccount(db, orgId)).id;
    await upsertCostDaily(
      db,
      bill(account, 100, (i) => (i === 95 ? 900 : 0)),
    );
    await createGuardDutyFinding(db, {
      accountId: account,
      title: "Credentials used from outside AWS",
      firstSeenAt: new Date(`${day(96)}T10:00:00Z`),
      lastSeenAt: new Date(`${day(97)}T10:00:00Z`),
    });
    const result = await redetectAccountCosts(db, account, { unusedRegions: [] });
    expect(result.hijacks).toBeGreaterThan(0);
    const [incident] = await listCostIncidents(db, ALL_ACCOUNTS, { limit: 1, accountId: account });
    expect(incident!.hijackEvidence?.coincidingThreats).toEqual(["GuardDuty: Credentials used from outside AWS"]);
    expect(await hijackFindingsOf(account)).toHaveLength(1);
  });

  it("labels an incident beside risky CloudTrail activity, and links the finding to who acted", async () => {
    const account = (await createAccount(db, orgId)).id;
    await upsertCostDaily(
      db,
      bill(account, 100, (i) => (i === 95 ? 900 : 0)),
    );
    await syncCheckCatalog(db, detectionCatalog());
    const key = "AKIAIOSFODNN7EXAMPLE";
    await upsertDetectionFinding(
      db,
      {
        checkId: "cloudtrail_trail_tampered",
        accountId: account,
        region: "us-east-1",
        resourceId: "trail/main",
        resourceType: "cloudtrail_trail",
        severity: "high",
        evidence: { why: "StopLogging", time: `${day(94)}T23:10:00.000Z`, accessKeyId: key },
        note: "risky call",
        event: { kind: "risky_activity", title: "Trail stopped" },
      },
      new Date(`${day(99)}T08:00:00Z`),
    );
    const result = await redetectAccountCosts(db, account, { unusedRegions: [] });
    expect(result.hijacks).toBeGreaterThan(0);
    const [incident] = await listCostIncidents(db, ALL_ACCOUNTS, { limit: 1, accountId: account });
    expect(incident!.hijackEvidence?.coincidingThreats).toEqual([
      "CloudTrail: A CloudTrail trail was stopped, deleted or changed",
    ]);
    const [finding] = await hijackFindingsOf(account);
    expect(finding!.evidence).toMatchObject({ investigationUrl: `/investigate?q=${key}` });
  });
});

const hijackFindingsOf = (accountId: string) =>
  db
    .select()
    .from(s.findings)
    .where(and(eq(s.findings.accountId, accountId), eq(s.findings.checkId, HIJACK_CHECK_ID)));
