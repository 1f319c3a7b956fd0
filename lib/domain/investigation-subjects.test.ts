import { describe, expect, it } from "vitest";
import { callerSubjects, findingSubjects, guardDutySubjects, sequenceActorSubjects } from "./investigation-subjects";

// Findings as GetFindings returns them (trimmed to the parts that name a key or a principal), stored
// the way the collector stores them: columns, details, and the raw JSON.
const iamUserRaw = {
  AccountId: "111122223333",
  Id: "5ec8a1b2c3d4e5f60718293a4b5c6d7e",
  Type: "Recon:IAMUser/MaliciousIPCaller",
  Resource: {
    ResourceType: "AccessKey",
    AccessKeyDetails: {
      AccessKeyId: "AKIAIOSFODNN7EXAMPLE",
      PrincipalId: "AIDAJQABLZS4A3QDU576Q",
      UserName: "payments-ci",
      UserType: "IAMUser",
    },
  },
  Service: { Action: { ActionType: "AWS_API_CALL", AwsApiCallAction: { Api: "ListBuckets" } } },
};
const assumedRoleRaw = {
  AccountId: "111122223333",
  Type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
  Resource: {
    ResourceType: "AccessKey",
    AccessKeyDetails: {
      AccessKeyId: "ASIAQWERTYUIOPASDFGH",
      PrincipalId: "AROAJQABLZS4A3QDU576Q:i-0a1b2c3d4e5f67890",
      UserName: "airflow-scheduler",
      UserType: "AssumedRole",
    },
  },
};
const rootRaw = {
  AccountId: "444455556666",
  Type: "Policy:IAMUser/RootCredentialUsage",
  Resource: {
    ResourceType: "AccessKey",
    AccessKeyDetails: {
      AccessKeyId: "ASIAZXCVBNMASDFGHJKL",
      PrincipalId: "444455556666",
      UserName: "Root",
      UserType: "Root",
    },
  },
};
const sampleRaw = {
  AccountId: "111122223333",
  Type: "Recon:IAMUser/MaliciousIPCaller",
  Resource: {
    ResourceType: "AccessKey",
    AccessKeyDetails: {
      AccessKeyId: "GeneratedFindingAccessKeyId",
      PrincipalId: "GeneratedFindingPrincipalId",
      UserName: "GeneratedFindingUserName",
      UserType: "IAMUser",
    },
  },
};

const hrefs = (links: { href: string }[]) => links.map((l) => l.href);

describe("guardDutySubjects", () => {
  it("an IAM user's finding: its key, then its user name", () => {
    const k = iamUserRaw.Resource.AccessKeyDetails;
    const links = guardDutySubjects({
      accountId: "111122223333",
      accessKeyId: k.AccessKeyId,
      principalId: k.PrincipalId,
      details: { userName: k.UserName, userType: k.UserType },
      raw: iamUserRaw,
    });
    expect(links).toEqual([
      { kind: "key", value: "AKIAIOSFODNN7EXAMPLE", href: "/investigate?q=AKIAIOSFODNN7EXAMPLE" },
      { kind: "principal", value: "payments-ci", href: "/investigate?q=payments-ci" },
    ]);
  });

  it("an assumed role's temporary key and the role name, read from the raw JSON when columns are empty", () => {
    const links = guardDutySubjects({ accountId: "111122223333", details: {}, raw: assumedRoleRaw });
    expect(links.map((l) => [l.kind, l.value])).toEqual([
      ["key", "ASIAQWERTYUIOPASDFGH"],
      ["principal", "airflow-scheduler"],
    ]);
  });

  it("root is investigated by the ARN CloudTrail records, not by the name Root", () => {
    const k = rootRaw.Resource.AccessKeyDetails;
    const links = guardDutySubjects({
      accountId: "444455556666",
      accessKeyId: k.AccessKeyId,
      details: { userName: k.UserName, userType: k.UserType },
      raw: rootRaw,
    });
    expect(hrefs(links)).toEqual([
      "/investigate?q=ASIAZXCVBNMASDFGHJKL",
      `/investigate?q=${encodeURIComponent("arn:aws:iam::444455556666:root")}`,
    ]);
  });

  it("GuardDuty's sample findings name no real key or user: no link", () => {
    const k = sampleRaw.Resource.AccessKeyDetails;
    expect(
      guardDutySubjects({
        accountId: "111122223333",
        accessKeyId: k.AccessKeyId,
        details: { userName: k.UserName, userType: k.UserType },
        raw: sampleRaw,
      }),
    ).toEqual([]);
  });

  it("a finding about an instance or a bucket names nobody", () => {
    expect(
      guardDutySubjects({ accountId: "111122223333", details: {}, raw: { Resource: { ResourceType: "Instance" } } }),
    ).toEqual([]);
  });

  it("an attack sequence: its actors' keys and users, each once", () => {
    const actors = [
      { id: "a1", userName: "airflow-scheduler", userType: "AssumedRole", credentialUid: "ASIAQWERTYUIOPASDFGH" },
      { id: "a2", userName: "airflow-scheduler", userType: "AssumedRole", credentialUid: "ASIAQWERTYUIOPASDFGH" },
      { id: "a3", userName: "Root", userType: "Root" },
    ];
    const links = guardDutySubjects({
      accountId: "111122223333",
      accessKeyId: "ASIAQWERTYUIOPASDFGH",
      details: { userName: "airflow-scheduler", userType: "AssumedRole", sequence: { actors } },
      raw: { Type: "AttackSequence:IAM/CompromisedCredentials", Service: { Detection: { Sequence: { Uid: "s" } } } },
    });
    expect(links.map((l) => l.value)).toEqual([
      "ASIAQWERTYUIOPASDFGH",
      "airflow-scheduler",
      "arn:aws:iam::111122223333:root",
    ]);
    expect(sequenceActorSubjects("111122223333", actors[0]!).map((l) => l.kind)).toEqual(["key", "principal"]);
  });
});

describe("findingSubjects", () => {
  const user = "arn:aws:iam::111122223333:user/ops/j.doe";

  it.each([
    ["iam_console_user_without_mfa", { user: "j.doe", passwordEnabled: true, mfaActive: false }],
    ["iam_credentials_unused_45d", { user: "j.doe" }],
    ["iam_user_direct_policies", { attachedPolicies: ["AdministratorAccess"] }],
    ["iam_user_has_admin_policy", { user: "j.doe" }],
    ["iam_access_key_older_than_90d", { user: "j.doe", activeKeys: [1] }],
  ])("%s: the user's ARN", (checkId, evidence) => {
    expect(findingSubjects({ checkId, resourceType: "AWS::IAM::User", resourceId: user, evidence })).toEqual([
      { kind: "principal", value: user, href: `/investigate?q=${encodeURIComponent(user)}` },
    ]);
  });

  it("root's key or root's use: the root ARN", () => {
    const root = "arn:aws:iam::111122223333:root";
    for (const checkId of ["iam_root_access_key_present", "iam_root_recently_used"])
      expect(findingSubjects({ checkId, resourceType: "AWS::IAM::Root", resourceId: root, evidence: {} })).toEqual([
        { kind: "principal", value: root, href: `/investigate?q=${encodeURIComponent(root)}` },
      ]);
  });

  it("canary_key_used: the canary key", () => {
    expect(
      findingSubjects({
        checkId: "canary_key_used",
        resourceType: "AWS::IAM::AccessKey",
        resourceId: "AKIAEXAMPLECANARY001",
        evidence: { accessKeyId: "AKIAEXAMPLECANARY001", iamUserName: "svc-deploy-legacy" },
      }).map((l) => l.href),
    ).toEqual(["/investigate?q=AKIAEXAMPLECANARY001"]);
  });

  it("risky activity (an SES caller): the event's key and principal", () => {
    const arn = "arn:aws:iam::111122223333:user/j.doe";
    expect(
      findingSubjects({
        checkId: "ses_new_caller",
        resourceType: "AWS::CloudTrail::Principal",
        resourceId: arn,
        evidence: {
          action: "ses:GetSendQuota",
          userName: "j.doe",
          principalArn: arn,
          accessKeyId: "AKIAEXAMPLEDEVKEY042",
        },
      }).map((l) => [l.kind, l.value]),
    ).toEqual([
      ["key", "AKIAEXAMPLEDEVKEY042"],
      ["principal", arn],
    ]);
  });

  it("a risky event with only a user name (root sign-in without a key)", () => {
    expect(
      findingSubjects({
        checkId: "root_user_activity",
        resourceType: "AWS::CloudTrail::Principal",
        resourceId: "root",
        evidence: { userName: "root" },
      }).map((l) => l.value),
    ).toEqual(["root"]);
  });

  it("a list row without evidence: the principal ARN the risky-activity finding is filed under", () => {
    const arn = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer/m.smith";
    const row = { checkId: "ec2_security_group_opened_to_world", resourceType: "AWS::CloudTrail::Principal" };
    expect(findingSubjects({ ...row, resourceId: arn }).map((l) => l.value)).toEqual([arn]);
    expect(findingSubjects({ ...row, resourceId: "demo-ct-12" })).toEqual([]);
  });

  it("a finding about a bucket or a security group names nobody", () => {
    expect(
      findingSubjects({ checkId: "s3_bucket_public", resourceType: "AWS::S3::Bucket", resourceId: "b", evidence: {} }),
    ).toEqual([]);
    expect(
      findingSubjects({ checkId: "x", resourceType: "AWS::IAM::User", resourceId: "not-an-arn", evidence: null }),
    ).toEqual([]);
  });
});

describe("callerSubjects", () => {
  it("an SES sender: its key, then its ARN (or its user name without one)", () => {
    const arn = "arn:aws:iam::111122223333:user/j.doe";
    expect(callerSubjects({ accessKeyId: "AKIAEXAMPLEDEVKEY042", principalArn: arn, userName: "j.doe" })).toEqual([
      { kind: "key", value: "AKIAEXAMPLEDEVKEY042", href: "/investigate?q=AKIAEXAMPLEDEVKEY042" },
      { kind: "principal", value: arn, href: `/investigate?q=${encodeURIComponent(arn)}` },
    ]);
    expect(callerSubjects({ accessKeyId: null, principalArn: null, userName: "j.doe" }).map((l) => l.value)).toEqual([
      "j.doe",
    ]);
  });
});
