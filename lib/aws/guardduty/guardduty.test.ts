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
import { afterEach, describe, expect, it } from "vitest";
import type { AccountClients } from "../factory";
import type { CollectContext } from "../inventory";
import {
  guardDutySeverityLabel,
  listGuardDutyDetectors,
  listOrganizationAdmins,
  readGuardDutyFindings,
} from "./guardduty";
import { collectGuardDutyFindings } from "./readers";

const gdMock = mockClient(GuardDutyClient);
afterEach(() => gdMock.reset());

const client = () =>
  new GuardDutyClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const denied = () =>
  Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } });

const finding = (id: string, over: Partial<Finding> = {}): Finding => ({
  AccountId: "111122223333",
  Arn: `arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/${id}`,
  CreatedAt: "2026-12-01T10:00:00.000Z",
  UpdatedAt: "2026-12-02T10:00:00.000Z",
  Id: id,
  Region: "eu-west-1",
  SchemaVersion: "2.0",
  Severity: 5,
  Type: "Recon:IAMUser/MaliciousIPCaller",
  Title: "API calls from a known malicious IP",
  Resource: {
    ResourceType: "AccessKey",
    AccessKeyDetails: { AccessKeyId: "AKIAEXAMPLE", PrincipalId: "AIDAEXAMPLE", UserName: "ci", UserType: "IAMUser" },
  },
  Service: {
    ServiceName: "guardduty",
    DetectorId: "d1",
    Count: 3,
    Archived: false,
    EventFirstSeen: "2026-12-01T09:00:00.000Z",
    EventLastSeen: "2026-12-02T09:00:00.000Z",
    Action: {
      ActionType: "AWS_API_CALL",
      AwsApiCallAction: {
        Api: "ListBuckets",
        ServiceName: "s3.amazonaws.com",
        UserAgent: "aws-cli/2.15.0",
        RemoteIpDetails: {
          IpAddressV4: "198.51.100.23",
          Country: { CountryName: "Netherlands" },
          Organization: { Asn: "64500", AsnOrg: "Example Hosting" },
        },
      },
    },
  },
  ...over,
});

describe("listGuardDutyDetectors", () => {
  it("reads every detector across pages with status, plans, malware plans and administrator", async () => {
    gdMock
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: ["d1"], NextToken: "t" })
      .resolvesOnce({ DetectorIds: ["d2"] });
    gdMock.on(GetDetectorCommand, { DetectorId: "d1" }).resolves({
      Status: "ENABLED",
      FindingPublishingFrequency: "SIX_HOURS",
      ServiceRole: "r",
      Features: [
        { Name: "S3_DATA_EVENTS", Status: "ENABLED" },
        {
          Name: "RUNTIME_MONITORING",
          Status: "DISABLED",
          AdditionalConfiguration: [{ Name: "EKS_ADDON_MANAGEMENT", Status: "DISABLED" }],
        },
      ],
    });
    gdMock.on(GetDetectorCommand, { DetectorId: "d2" }).resolves({ Status: "DISABLED", ServiceRole: "r" });
    gdMock
      .on(GetAdministratorAccountCommand, { DetectorId: "d1" })
      .resolves({ Administrator: { AccountId: "999988887777", RelationshipStatus: "Enabled" } });
    gdMock.on(GetAdministratorAccountCommand, { DetectorId: "d2" }).resolves({});
    gdMock
      .on(ListMalwareProtectionPlansCommand)
      .resolves({ MalwareProtectionPlans: [{ MalwareProtectionPlanId: "p" }] });
    expect(await listGuardDutyDetectors(client())).toEqual([
      {
        detectorId: "d1",
        status: "ENABLED",
        findingPublishingFrequency: "SIX_HOURS",
        features: [
          { name: "S3_DATA_EVENTS", status: "ENABLED" },
          {
            name: "RUNTIME_MONITORING",
            status: "DISABLED",
            additional: [{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }],
          },
        ],
        malwareProtectionPlans: 1,
        administrator: { accountId: "999988887777", relationship: "Enabled" },
      },
      { detectorId: "d2", status: "DISABLED", findingPublishingFrequency: undefined, malwareProtectionPlans: 1 },
    ]);
    expect(gdMock.commandCalls(ListDetectorsCommand)[1]?.args[0].input).toMatchObject({ NextToken: "t" });
  });

  it("returns a region without a detector as an empty list, with one call", async () => {
    gdMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    expect(await listGuardDutyDetectors(client())).toEqual([]);
    expect(gdMock.calls()).toHaveLength(1);
  });

  it("leaves the administrator and malware plans unknown when only they are denied", async () => {
    gdMock.on(ListDetectorsCommand).resolves({ DetectorIds: ["d1"] });
    gdMock.on(GetDetectorCommand).resolves({ Status: "ENABLED", ServiceRole: "r" });
    gdMock.on(GetAdministratorAccountCommand).rejects(denied());
    gdMock.on(ListMalwareProtectionPlansCommand).rejects(denied());
    expect(await listGuardDutyDetectors(client())).toEqual([
      { detectorId: "d1", status: "ENABLED", findingPublishingFrequency: undefined },
    ]);
  });

  it("lets AccessDenied on the detectors propagate", async () => {
    gdMock.on(ListDetectorsCommand).rejects(denied());
    await expect(listGuardDutyDetectors(client())).rejects.toMatchObject({ name: "AccessDeniedException" });
  });
});

describe("listOrganizationAdmins", () => {
  it("lists the enabled delegated administrators across pages", async () => {
    gdMock
      .on(ListOrganizationAdminAccountsCommand)
      .resolvesOnce({ AdminAccounts: [{ AdminAccountId: "111", AdminStatus: "ENABLED" }], NextToken: "n" })
      .resolvesOnce({ AdminAccounts: [{ AdminAccountId: "222", AdminStatus: "DISABLE_IN_PROGRESS" }] });
    expect(await listOrganizationAdmins(client())).toEqual(["111"]);
  });
});

describe("readGuardDutyFindings", () => {
  const now = new Date("2026-12-07T12:00:00Z");

  it("pages ListFindings 50 at a time and fetches them in batches of 50", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `f${i}`);
    gdMock
      .on(ListFindingsCommand)
      .resolvesOnce({ FindingIds: ids.slice(0, 50), NextToken: "p2" })
      .resolvesOnce({ FindingIds: ids.slice(50, 100), NextToken: "p3" })
      .resolvesOnce({ FindingIds: ids.slice(100), NextToken: "" });
    gdMock
      .on(GetFindingsCommand)
      .callsFake((input: { FindingIds: string[] }) => ({ Findings: input.FindingIds.map((id) => finding(id)) }));
    const read = await readGuardDutyFindings(client(), { detectorId: "d1", now });
    expect(read.findings.map((f) => f.id)).toEqual(ids);
    expect(read.calls).toEqual({ listFindings: 3, getFindings: 3 });
    expect(read.readAt).toBe(now.toISOString());
    expect(read.since).toBeUndefined();
    const lists = gdMock.commandCalls(ListFindingsCommand).map((c) => c.args[0].input);
    expect(lists.map((i) => [i.MaxResults, i.NextToken, i.FindingCriteria])).toEqual([
      [50, undefined, undefined],
      [50, "p2", undefined],
      [50, "p3", undefined],
    ]);
    expect(gdMock.commandCalls(GetFindingsCommand).map((c) => c.args[0].input.FindingIds?.length)).toEqual([
      50, 50, 20,
    ]);
  });

  it("asks only for findings updated since the last read (with a 5-minute overlap)", async () => {
    gdMock.on(ListFindingsCommand).resolves({ FindingIds: [] });
    const since = new Date("2026-12-06T12:00:00Z");
    const read = await readGuardDutyFindings(client(), { detectorId: "d1", since, now });
    expect(gdMock.commandCalls(ListFindingsCommand)[0]!.args[0].input.FindingCriteria).toEqual({
      Criterion: { updatedAt: { GreaterThanOrEqual: since.getTime() - 5 * 60_000 } },
    });
    expect(gdMock.commandCalls(GetFindingsCommand)).toHaveLength(0);
    expect(read).toMatchObject({ mode: "own", since: since.toISOString(), findings: [] });
  });

  it("keeps what a responder needs: principal, key, IP, country, ASN, user agent, API, archived", async () => {
    gdMock.on(ListFindingsCommand).resolves({ FindingIds: ["a1"] });
    gdMock.on(GetFindingsCommand).resolves({
      Findings: [finding("a1", { Service: { ...finding("a1").Service, Archived: true } })],
    });
    const [f] = (await readGuardDutyFindings(client(), { detectorId: "d1", now })).findings;
    expect(f).toMatchObject({
      id: "a1",
      accountId: "111122223333",
      region: "eu-west-1",
      severity: 5,
      count: 3,
      archived: true,
      accessKeyId: "AKIAEXAMPLE",
      principalId: "AIDAEXAMPLE",
      userName: "ci",
      firstSeenAt: "2026-12-01T09:00:00.000Z",
      lastSeenAt: "2026-12-02T09:00:00.000Z",
      resource: { type: "AccessKey", id: "AKIAEXAMPLE" },
      action: {
        type: "AWS_API_CALL",
        api: "ListBuckets",
        serviceName: "s3.amazonaws.com",
        remoteIp: "198.51.100.23",
        country: "Netherlands",
        asn: "64500",
        asnOrg: "Example Hosting",
        userAgent: "aws-cli/2.15.0",
      },
    });
    expect((f!.raw as Finding).Service?.Archived).toBe(true);
  });

  it("reads an attack sequence's signals, actors, endpoints and resources", async () => {
    gdMock.on(ListFindingsCommand).resolves({ FindingIds: ["seq"] });
    gdMock.on(GetFindingsCommand).resolves({
      Findings: [
        finding("seq", {
          Type: "AttackSequence:IAM/CompromisedCredentials",
          Severity: 9.2,
          Service: {
            ...finding("seq").Service,
            Detection: {
              Sequence: {
                Uid: "s-1",
                Description: "Credentials used from outside AWS, then reconnaissance",
                Signals: [
                  {
                    Uid: "arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/a1",
                    Type: "FINDING",
                    Name: "Recon:IAMUser/MaliciousIPCaller",
                    CreatedAt: new Date("2026-12-01T09:00:00Z"),
                    UpdatedAt: new Date("2026-12-01T09:00:00Z"),
                    FirstSeenAt: new Date("2026-12-01T09:00:00Z"),
                    LastSeenAt: new Date("2026-12-01T09:30:00Z"),
                    Count: 2,
                    ActorIds: ["actor-1"],
                    EndpointIds: ["ep-1"],
                  },
                ],
                Actors: [{ Id: "actor-1", User: { Name: "ci", Uid: "AIDA", Type: "IAMUser", CredentialUid: "AKIA" } }],
                Endpoints: [{ Id: "ep-1", Ip: "198.51.100.23", AutonomousSystem: { Name: "Example", Number: 64500 } }],
                Resources: [{ Uid: "arn:aws:s3:::b", ResourceType: "S3_BUCKET", Name: "b" }],
              },
            },
          },
        }),
      ],
    });
    const [f] = (await readGuardDutyFindings(client(), { detectorId: "d1", now })).findings;
    expect(guardDutySeverityLabel(f!.severity)).toBe("critical");
    expect(f!.sequence).toEqual({
      uid: "s-1",
      description: "Credentials used from outside AWS, then reconnaissance",
      signals: [
        {
          uid: "arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/a1",
          type: "FINDING",
          name: "Recon:IAMUser/MaliciousIPCaller",
          firstSeenAt: "2026-12-01T09:00:00.000Z",
          lastSeenAt: "2026-12-01T09:30:00.000Z",
          count: 2,
          resourceUids: [],
          actorIds: ["actor-1"],
          endpointIds: ["ep-1"],
        },
      ],
      actors: [{ id: "actor-1", userName: "ci", userType: "IAMUser", credentialUid: "AKIA" }],
      endpoints: [{ id: "ep-1", ip: "198.51.100.23", asn: "AS64500 Example" }],
      resources: [{ uid: "arn:aws:s3:::b", type: "S3_BUCKET", name: "b" }],
      indicators: [],
    });
  });
});

describe("collectGuardDutyFindings (the reader)", () => {
  const ctx = (accountId: string, resume?: CollectContext["resume"]): CollectContext => ({
    clients: { client: () => client() } as unknown as AccountClients,
    accountId,
    region: "eu-west-1",
    homeRegion: "us-east-1",
    signal: new AbortController().signal,
    resume,
  });
  const layout = (admin?: string) => {
    gdMock.on(ListDetectorsCommand).resolves({ DetectorIds: ["d1"] });
    gdMock.on(GetDetectorCommand).resolves({ Status: "ENABLED", ServiceRole: "r" });
    gdMock
      .on(GetAdministratorAccountCommand)
      .resolves(admin ? { Administrator: { AccountId: admin, RelationshipStatus: "Enabled" } } : {});
    gdMock.on(ListMalwareProtectionPlansCommand).resolves({});
    gdMock.on(ListFindingsCommand).resolves({ FindingIds: ["m1"] });
    gdMock.on(GetFindingsCommand).resolves({ Findings: [finding("m1", { AccountId: "444455556666" })] });
  };

  it("a member whose administrator is collected reads nothing itself", async () => {
    layout("999988887777");
    const read = await collectGuardDutyFindings(ctx("111122223333", { collectedAccounts: ["999988887777"] }));
    expect(read).toMatchObject({ mode: "delegated", administratorAccountId: "999988887777", findings: [] });
    expect(gdMock.commandCalls(ListFindingsCommand)).toHaveLength(0);
  });

  it("a member whose administrator is outside the collection reads its own findings", async () => {
    layout("999988887777");
    const read = await collectGuardDutyFindings(ctx("111122223333", { collectedAccounts: [] }));
    expect(read.mode).toBe("own");
    expect(gdMock.commandCalls(ListFindingsCommand)).toHaveLength(1);
  });

  it("the administrator reads its members' findings, resuming from its detector's last read", async () => {
    layout();
    const read = await collectGuardDutyFindings(
      ctx("999988887777", { guardDutyFindingsSince: { "eu-west-1/d1": "2026-12-06T00:00:00.000Z" } }),
    );
    expect(read).toMatchObject({ mode: "own", detectorId: "d1", since: "2026-12-06T00:00:00.000Z" });
    expect(read.findings.map((f) => f.accountId)).toEqual(["444455556666"]);
  });

  it("a region without a detector reads nothing", async () => {
    gdMock.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    expect(await collectGuardDutyFindings(ctx("111122223333"))).toMatchObject({ mode: "no-detector", findings: [] });
    expect(gdMock.commandCalls(ListFindingsCommand)).toHaveLength(0);
  });
});
