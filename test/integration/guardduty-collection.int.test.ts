import { randomBytes } from "node:crypto";
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListMalwareProtectionPlansCommand,
  ListOrganizationAdminAccountsCommand,
  type Finding,
} from "@aws-sdk/client-guardduty";
import { mockClient } from "aws-sdk-client-mock";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createCollectDeps } from "@/lib/collector/deps";
import { runCollection } from "@/lib/collector/run";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { fakeOrganization } from "../aws-fake";
import { randomAccountId } from "../factories";

// GuardDuty through the real collector, with aws-sdk-client-mock standing in for AWS (moto has no
// findings): a delegated administrator reads its members' findings, incrementally, and a failed
// read keeps what was stored.

process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
let handle: DatabaseHandle;
const restores: (() => void)[] = [];
beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
});
afterEach(() => restores.splice(0).forEach((r) => r()));
afterAll(async () => {
  await handle.close();
});

type SdkClient = { config: { credentials: () => Promise<{ accessKeyId: string }>; region: () => Promise<string> } };
const caller = async (getClient: () => unknown) => {
  const c = getClient() as SdkClient;
  const [creds, region] = await Promise.all([c.config.credentials(), c.config.region()]);
  return { account: creds.accessKeyId.replace(/^ASIA/, ""), region };
};
const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name}: not allowed`), { name, $fault: "client", $metadata: { httpStatusCode: status } });

function finding(accountId: string, region: string, id: string, over: Partial<Finding> = {}): Finding {
  return {
    AccountId: accountId,
    Arn: `arn:aws:guardduty:${region}:${accountId}:detector/x/finding/${id}`,
    CreatedAt: "2026-12-01T00:00:00.000Z",
    UpdatedAt: "2026-12-01T00:00:00.000Z",
    Id: id,
    Region: region,
    SchemaVersion: "2.0",
    Severity: 5,
    Type: "Recon:IAMUser/MaliciousIPCaller",
    Title: `finding ${id}`,
    Resource: { ResourceType: "AccessKey", AccessKeyDetails: { AccessKeyId: "AKIAEXAMPLE" } },
    Service: { ServiceName: "guardduty", Count: 1, Archived: false },
    ...over,
  };
}

describe("GuardDuty through the collector", () => {
  it("reads members' findings from the delegated administrator, incrementally, and keeps them when a read fails", async () => {
    const ids = {
      mgmt: randomAccountId(),
      admin: randomAccountId(),
      prod: randomAccountId(),
      dev: randomAccountId(),
      denied: randomAccountId(),
    };
    const fake = fakeOrganization(
      [
        { id: ids.mgmt, name: "management" },
        { id: ids.admin, name: "security-tooling" },
        { id: ids.prod, name: "a-prod" },
        { id: ids.dev, name: "b-dev" },
        { id: ids.denied, name: "c-dev" },
      ],
      { organizationId: `o-${randomBytes(5).toString("hex")}`, managementId: ids.mgmt },
    );
    restores.push(fake.restore);
    const gd = mockClient(GuardDutyClient);
    restores.push(() => gd.restore());

    // What the administrator's detector holds, per region; the test changes it between runs.
    const held: Record<string, Finding[]> = {
      "us-east-1": [
        ...Array.from({ length: 60 }, (_, i) => finding(ids.prod, "us-east-1", `p${i}`)),
        finding(ids.dev, "us-east-1", "archived", { Service: { Archived: true, Count: 2 } }),
        finding(ids.dev, "us-east-1", "seq", {
          Type: "AttackSequence:IAM/CompromisedCredentials",
          Severity: 9.1,
          Service: {
            Count: 1,
            Detection: {
              Sequence: {
                Uid: "seq-1",
                Description: "compromised credentials",
                Signals: [
                  {
                    Uid: "p1",
                    Type: "FINDING",
                    Name: "Recon",
                    CreatedAt: new Date(0),
                    UpdatedAt: new Date(0),
                    FirstSeenAt: new Date("2026-12-01T01:00:00Z"),
                    LastSeenAt: new Date("2026-12-01T02:00:00Z"),
                    Count: 1,
                  },
                ],
              },
            },
          },
        }),
        finding(randomAccountId(), "us-east-1", "outsider"),
      ],
      "eu-west-1": [finding(ids.admin, "eu-west-1", "own-1", { Severity: 8 })],
    };
    let findingsDenied = false;
    const detectorOf = (account: string, region: string) =>
      account === ids.dev && region === "eu-west-1" ? undefined : `det${account}${region.replace(/-/g, "")}`;

    gd.on(ListDetectorsCommand).callsFake(async (_i, getClient) => {
      const { account, region } = await caller(getClient);
      if (account === ids.denied) throw awsError("AccessDeniedException", 403);
      const d = detectorOf(account, region);
      return { DetectorIds: d ? [d] : [] };
    });
    gd.on(GetDetectorCommand).callsFake(async (_i, getClient) => {
      const { account } = await caller(getClient);
      return {
        Status: "ENABLED",
        ServiceRole: "r",
        Features: [
          { Name: "S3_DATA_EVENTS", Status: "ENABLED" },
          { Name: "EBS_MALWARE_PROTECTION", Status: "ENABLED" },
          { Name: "RUNTIME_MONITORING", Status: account === ids.prod ? "DISABLED" : "ENABLED" },
        ],
      };
    });
    gd.on(GetAdministratorAccountCommand).callsFake(async (_i, getClient) => {
      const { account } = await caller(getClient);
      return account === ids.admin ? {} : { Administrator: { AccountId: ids.admin, RelationshipStatus: "Enabled" } };
    });
    gd.on(ListMalwareProtectionPlansCommand).resolves({});
    gd.on(ListOrganizationAdminAccountsCommand).callsFake(async (_i, getClient) => {
      const { account } = await caller(getClient);
      if (account !== ids.mgmt) throw awsError("BadRequestException", 400);
      return { AdminAccounts: [{ AdminAccountId: ids.admin, AdminStatus: "ENABLED" }] };
    });
    const listCallers: string[] = [];
    gd.on(ListFindingsCommand).callsFake(
      async (
        input: {
          MaxResults?: number;
          NextToken?: string;
          FindingCriteria?: { Criterion?: Record<string, { GreaterThanOrEqual?: number }> };
        },
        getClient,
      ) => {
        const { account, region } = await caller(getClient);
        listCallers.push(account);
        if (findingsDenied) throw awsError("AccessDeniedException", 403);
        const since = input.FindingCriteria?.Criterion?.updatedAt?.GreaterThanOrEqual;
        const all = (held[region] ?? []).filter((f) => since === undefined || Date.parse(f.UpdatedAt!) >= since);
        const start = Number(input.NextToken ?? 0);
        const size = input.MaxResults ?? 50;
        return {
          FindingIds: all.slice(start, start + size).map((f) => f.Id!),
          NextToken: start + size < all.length ? String(start + size) : "",
        };
      },
    );
    gd.on(GetFindingsCommand).callsFake(async (input: { FindingIds: string[] }, getClient) => {
      const { region } = await caller(getClient);
      return { Findings: (held[region] ?? []).filter((f) => input.FindingIds.includes(f.Id!)) };
    });

    const deps = createCollectDeps(
      handle.db,
      parseEnv({ AWS_ACCESS_KEY_ID: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9", POSTURE_REGIONS: "" }),
      { only: ["guardduty_disabled_in_region", "guardduty_required_feature_disabled"] },
    );
    const members = Object.values(ids);
    const stored = () =>
      handle.db.select().from(s.guarddutyFindings).where(inArray(s.guarddutyFindings.accountId, members));
    const events = () => handle.db.select().from(s.securityEvents).where(inArray(s.securityEvents.accountId, members));
    const coverage = () =>
      handle.db.select().from(s.guarddutyCoverage).where(inArray(s.guarddutyCoverage.accountId, members));

    // First run: a full read from the administrator only.
    const first = await runCollection(deps, { trigger: "cli" });
    expect(new Set(listCallers)).toEqual(new Set([ids.admin]));
    expect(gd.commandCalls(ListFindingsCommand).filter((c) => c.args[0].input.FindingCriteria)).toHaveLength(0);
    let rows = await stored();
    expect(rows).toHaveLength(63);
    expect(rows.filter((r) => r.accountId === ids.prod)).toHaveLength(60);
    expect(rows.find((r) => r.id === "archived")).toMatchObject({ accountId: ids.dev, archived: true, count: 2 });
    const seq = rows.find((r) => r.id === "seq")!;
    expect(seq).toMatchObject({ severityLabel: "critical", sequenceUid: "seq-1" });
    expect(seq.details.sequence?.signals.map((g) => g.uid)).toEqual(["p1"]);
    expect(rows.find((r) => r.id === "own-1")).toMatchObject({ accountId: ids.admin, severityLabel: "high" });
    // High and critical findings and attack sequences get their stable event rows, in the same snapshot.
    const firstEvents = await events();
    expect(firstEvents.map((e) => [e.kind, e.sourceId, e.severity]).sort()).toEqual([
      ["attack_sequence", "seq", "critical"],
      ["guardduty_finding", "own-1", "high"],
    ]);
    expect(firstEvents.find((e) => e.sourceId === "seq")!.key).toBe(`guardduty/${ids.dev}/us-east-1/seq`);

    const cov = await coverage();
    const cell = (a: string, r: string) => cov.find((c) => c.accountId === a && c.region === r);
    expect(cell(ids.dev, "eu-west-1")).toMatchObject({ status: "NONE", detectorId: null, findingsMode: "no-detector" });
    expect(cell(ids.prod, "us-east-1")).toMatchObject({
      status: "ENABLED",
      administratorAccountId: ids.admin,
      findingsMode: "delegated",
    });
    expect(cell(ids.mgmt, "us-east-1")!.delegatedAdministrators).toEqual([ids.admin]);
    expect(cell(ids.admin, "us-east-1")!.findingsReadAt).not.toBeNull();
    expect(cell(ids.denied, "us-east-1")).toBeUndefined();
    const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, first.runId));
    expect(units.find((u) => u.accountId === ids.denied && u.region === "us-east-1")).toMatchObject({
      status: "partial",
      errorCode: "AccessDenied",
    });
    const open = await handle.db
      .select({ checkId: s.findings.checkId, accountId: s.findings.accountId, region: s.findings.region })
      .from(s.findings)
      .where(inArray(s.findings.accountId, members));
    expect(open).toContainEqual({ checkId: "guardduty_disabled_in_region", accountId: ids.dev, region: "eu-west-1" });
    expect(open.filter((f) => f.checkId === "guardduty_required_feature_disabled").map((f) => f.accountId)).toEqual([
      ids.prod,
      ids.prod,
    ]);

    // Second run: only what changed since the first read; one finding updated, one new, no duplicates.
    const readAt = cell(ids.admin, "us-east-1")!.findingsReadAt!;
    const later = new Date(Date.now() + 1000).toISOString();
    held["us-east-1"]![0] = finding(ids.prod, "us-east-1", "p0", {
      UpdatedAt: later,
      Severity: 7.5,
      Service: { Count: 9, Archived: true },
    });
    held["us-east-1"]!.push(finding(ids.prod, "us-east-1", "new", { UpdatedAt: later }));
    const callsBefore = gd.commandCalls(GetFindingsCommand).length;
    await runCollection(deps, { trigger: "cli" });
    const incremental = gd.commandCalls(ListFindingsCommand).slice(-2);
    expect(incremental.map((c) => c.args[0].input.FindingCriteria?.Criterion?.updatedAt?.GreaterThanOrEqual)).toContain(
      readAt.getTime() - 5 * 60_000,
    );
    expect(gd.commandCalls(GetFindingsCommand).length - callsBefore).toBe(1);
    rows = await stored();
    expect(rows).toHaveLength(64);
    expect(rows.find((r) => r.id === "p0")).toMatchObject({ count: 9, archived: true, severityLabel: "high" });
    // p0 was medium and is now high (and archived): its event row appears now; the others stay as they were.
    const secondEvents = await events();
    expect(secondEvents).toHaveLength(3);
    expect(secondEvents.find((e) => e.sourceId === "p0")).toMatchObject({
      kind: "guardduty_finding",
      severity: "high",
      archived: true,
    });
    expect(secondEvents.find((e) => e.sourceId === "seq")).toEqual(firstEvents.find((e) => e.sourceId === "seq"));

    // Third run: the administrator's read fails; nothing stored is deleted and the bound stays.
    findingsDenied = true;
    const third = await runCollection(deps, { trigger: "cli" });
    expect(await stored()).toHaveLength(64);
    expect(await events()).toHaveLength(3);
    const adminUnits = await handle.db
      .select()
      .from(s.runUnits)
      .where(and(eq(s.runUnits.runId, third.runId), eq(s.runUnits.accountId, ids.admin)));
    expect(adminUnits.find((u) => u.region === "us-east-1")).toMatchObject({
      status: "partial",
      errorCode: "AccessDenied",
    });
    const after = (await coverage()).find((c) => c.accountId === ids.admin && c.region === "us-east-1")!;
    expect(after.findingsReadAt!.getTime()).toBeGreaterThan(readAt.getTime());
    expect(after.findingsMode).toBe("own");
  }, 60_000);
});
