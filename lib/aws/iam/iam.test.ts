import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  getAuthorizationDetails,
  getCredentialReport,
  getPasswordPolicy,
  parseCredentialReport,
  parseCsv,
  parsePolicyDocument,
} from "./iam";

const iamMock = mockClient(IAMClient);
afterEach(() => iamMock.reset());
const client = () => new IAMClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const awsError = (name: string) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: name === "AccessDenied" ? 403 : 400 } });

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const ROOT =
  "<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2025-06-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
const ALICE =
  "alice,arn:aws:iam::111122223333:user/alice,2024-02-03T04:05:06+00:00,true,no_information,2024-02-03T04:06:00+00:00,N/A,false,true,2024-02-03T04:07:00+00:00,2025-06-20T00:00:00+00:00,us-east-1,s3,true,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A";

describe("parseCsv", () => {
  it("handles quoted fields with commas, doubled quotes and line breaks, CRLF and a trailing newline", () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n')).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
    ]);
    expect(parseCsv("a,,c")).toEqual([["a", "", "c"]]);
  });
});

describe("parseCredentialReport", () => {
  it("maps columns by name and turns N/A, no_information and not_supported into null", () => {
    const [root, alice] = parseCredentialReport(`${HEADER}\n${ROOT}\n${ALICE}\n`);
    expect(root).toMatchObject({
      user: "<root_account>",
      root: true,
      passwordEnabled: null,
      passwordLastUsed: new Date("2025-06-01T10:00:00Z"),
      passwordLastChanged: null,
      mfaActive: true,
    });
    expect(root?.accessKeys).toEqual([
      { active: false, lastRotated: null, lastUsed: null },
      { active: false, lastRotated: null, lastUsed: null },
    ]);
    expect(alice).toEqual({
      user: "alice",
      arn: "arn:aws:iam::111122223333:user/alice",
      root: false,
      userCreatedAt: new Date("2024-02-03T04:05:06Z"),
      passwordEnabled: true,
      passwordLastUsed: null,
      passwordLastChanged: new Date("2024-02-03T04:06:00Z"),
      mfaActive: false,
      accessKeys: [
        { active: true, lastRotated: new Date("2024-02-03T04:07:00Z"), lastUsed: new Date("2025-06-20T00:00:00Z") },
        { active: true, lastRotated: new Date("2025-01-01T00:00:00Z"), lastUsed: null },
      ],
    });
  });
  it("does not depend on column order", () => {
    const [row] = parseCredentialReport("mfa_active,user,arn\ntrue,bob,arn:aws:iam::1:user/bob");
    expect(row).toMatchObject({
      user: "bob",
      arn: "arn:aws:iam::1:user/bob",
      mfaActive: true,
      passwordEnabled: null,
      userCreatedAt: null,
    });
  });
});

describe("getCredentialReport", () => {
  const content = new TextEncoder().encode(`${HEADER}\n${ALICE}\n`);
  const generated = new Date("2025-06-30T00:00:00Z");

  it("polls until the report is complete, then reads and parses it", async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: "STARTED" })
      .resolvesOnce({ State: "INPROGRESS" })
      .resolves({ State: "COMPLETE" });
    iamMock
      .on(GetCredentialReportCommand)
      .resolves({ Content: content, GeneratedTime: generated, ReportFormat: "text/csv" });
    const report = await getCredentialReport(client(), undefined, { delayMs: 1 });
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(report.generatedAt).toEqual(generated);
    expect(report.entries.map((e) => e.user)).toEqual(["alice"]);
  });

  it("falls back to the collection time when GeneratedTime predates the report's own dates", async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
    iamMock
      .on(GetCredentialReportCommand)
      .resolves({ Content: content, GeneratedTime: new Date("2015-02-02T20:02:02Z") });
    const before = Date.now();
    const report = await getCredentialReport(client());
    expect(report.generatedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it("gives up after a bounded number of attempts", async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: "INPROGRESS" });
    await expect(getCredentialReport(client(), undefined, { delayMs: 1, maxAttempts: 3 })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it("stops waiting when the unit's signal aborts", async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: "INPROGRESS" });
    const controller = new AbortController();
    const pending = getCredentialReport(client(), controller.signal, { delayMs: 60_000 });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("lets AccessDenied propagate", async () => {
    iamMock.on(GenerateCredentialReportCommand).rejects(awsError("AccessDenied"));
    await expect(getCredentialReport(client())).rejects.toMatchObject({ name: "AccessDenied" });
  });
});

describe("parsePolicyDocument", () => {
  it("URL-decodes and normalises single values into arrays", () => {
    const raw = encodeURIComponent(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "true" } },
        },
      }),
    );
    expect(parsePolicyDocument(raw)).toEqual({
      statements: [
        {
          effect: "Allow",
          actions: ["s3:GetObject"],
          resources: ["*"],
          notActions: undefined,
          notResources: undefined,
          condition: { Bool: { "aws:SecureTransport": ["true"] } },
        },
      ],
    });
  });
  it("accepts plain JSON, NotAction and NotResource", () => {
    const raw = JSON.stringify({
      Statement: [{ Effect: "Deny", NotAction: ["iam:*", "sts:*"], NotResource: "arn:aws:s3:::b/%" }],
    });
    expect(parsePolicyDocument(raw)?.statements[0]).toMatchObject({
      effect: "Deny",
      notActions: ["iam:*", "sts:*"],
      notResources: ["arn:aws:s3:::b/%"],
      actions: undefined,
    });
  });
  it("returns null for what it cannot read", () => {
    expect(parsePolicyDocument("%7Bnot json")).toBeNull();
    expect(parsePolicyDocument(JSON.stringify({ Statement: [{ Effect: "Maybe", Action: "*" }] }))).toBeNull();
    expect(parsePolicyDocument(undefined)).toBeNull();
  });
});

describe("getAuthorizationDetails", () => {
  const enc = (d: object) => encodeURIComponent(JSON.stringify(d));
  it("follows pages and maps users, groups, roles and customer policies", async () => {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        IsTruncated: true,
        Marker: "m1",
        UserDetailList: [
          {
            UserName: "alice",
            Arn: "arn:aws:iam::1:user/alice",
            GroupList: ["admins"],
            AttachedManagedPolicies: [
              { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
            ],
            UserPolicyList: [
              {
                PolicyName: "inline",
                PolicyDocument: enc({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
              },
            ],
          },
        ],
        GroupDetailList: [
          { GroupName: "admins", Arn: "arn:aws:iam::1:group/admins", GroupPolicyList: [], AttachedManagedPolicies: [] },
        ],
      })
      .resolves({
        IsTruncated: false,
        RoleDetailList: [
          {
            RoleName: "support",
            Arn: "arn:aws:iam::1:role/support",
            Path: "/",
            AttachedManagedPolicies: [
              { PolicyName: "AWSSupportAccess", PolicyArn: "arn:aws:iam::aws:policy/AWSSupportAccess" },
            ],
          },
        ],
        Policies: [
          {
            PolicyName: "custom",
            Arn: "arn:aws:iam::1:policy/custom",
            AttachmentCount: 0,
            DefaultVersionId: "v2",
            PolicyVersionList: [
              {
                VersionId: "v1",
                IsDefaultVersion: false,
                Document: enc({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
              },
              {
                VersionId: "v2",
                IsDefaultVersion: true,
                Document: enc({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
              },
            ],
          },
          // moto leaves out PolicyName; a policy without versions has no readable document.
          { Arn: "arn:aws:iam::1:policy/team/unnamed", AttachmentCount: 2, PolicyVersionList: [] },
        ],
      });
    const d = await getAuthorizationDetails(client());
    const calls = iamMock.commandCalls(GetAccountAuthorizationDetailsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({ Filter: ["User", "Group", "Role", "LocalManagedPolicy"] });
    expect(calls[1]!.args[0].input).toMatchObject({ Marker: "m1" });
    expect(d.users).toEqual([
      {
        name: "alice",
        arn: "arn:aws:iam::1:user/alice",
        groups: ["admins"],
        attachedPolicies: [{ name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess" }],
        inlinePolicies: [
          {
            name: "inline",
            document: { statements: [expect.objectContaining({ effect: "Allow", actions: ["*"], resources: ["*"] })] },
          },
        ],
      },
    ]);
    expect(d.groups.map((g) => g.name)).toEqual(["admins"]);
    expect(d.roles).toEqual([
      {
        name: "support",
        arn: "arn:aws:iam::1:role/support",
        path: "/",
        attachedPolicies: [{ name: "AWSSupportAccess", arn: "arn:aws:iam::aws:policy/AWSSupportAccess" }],
        inlinePolicies: [],
      },
    ]);
    // The default version's document, not the first one's.
    expect(d.policies).toEqual([
      {
        name: "custom",
        arn: "arn:aws:iam::1:policy/custom",
        attachmentCount: 0,
        defaultVersionId: "v2",
        document: { statements: [expect.objectContaining({ actions: ["s3:*"] })] },
      },
      {
        name: "unnamed",
        arn: "arn:aws:iam::1:policy/team/unnamed",
        attachmentCount: 2,
        defaultVersionId: undefined,
        document: null,
      },
    ]);
  });
  it("lets AccessDenied propagate", async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(awsError("AccessDenied"));
    await expect(getAuthorizationDetails(client())).rejects.toMatchObject({ name: "AccessDenied" });
  });
});

describe("getPasswordPolicy", () => {
  it("maps the policy", async () => {
    iamMock.on(GetAccountPasswordPolicyCommand).resolves({
      PasswordPolicy: {
        MinimumPasswordLength: 14,
        PasswordReusePrevention: 24,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        RequireNumbers: false,
        RequireSymbols: true,
      },
    });
    expect(await getPasswordPolicy(client())).toEqual({
      configured: true,
      minimumPasswordLength: 14,
      passwordReusePrevention: 24,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: false,
      requireSymbols: true,
    });
  });
  it("turns NoSuchEntity into an unconfigured policy, and lets AccessDenied propagate", async () => {
    iamMock
      .on(GetAccountPasswordPolicyCommand)
      .rejectsOnce(awsError("NoSuchEntityException"))
      .rejectsOnce(awsError("AccessDenied"));
    expect(await getPasswordPolicy(client())).toEqual({ configured: false });
    await expect(getPasswordPolicy(client())).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
