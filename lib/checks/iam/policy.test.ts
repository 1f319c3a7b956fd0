import { describe, expect, it } from "vitest";
import { actionMatches, adminAccessOf, escalationPaths, isFullAdminDocument } from "./policy";
import { ADMIN_ARN, READONLY_ARN, allow, deny, details, doc, iamUser } from "./fixtures";

describe("actionMatches", () => {
  it("matches case-insensitively with * and ? wildcards", () => {
    expect(actionMatches("iam:*", "iam:PassRole")).toBe(true);
    expect(actionMatches("IAM:put*", "iam:PutUserPolicy")).toBe(true);
    expect(actionMatches("iam:Put*", "iam:PassRole")).toBe(false);
    expect(actionMatches("iam:?assRole", "iam:PassRole")).toBe(true);
    expect(actionMatches("*", "sts:AssumeRole")).toBe(true);
    expect(actionMatches("iam:Get*", "iam:GetUser.x")).toBe(true);
    expect(actionMatches("iam.Get", "iamxGet")).toBe(false);
  });
});

const OWNER = { partition: "aws", accountId: "111122223333" };
const A = "arn:aws:iam::111122223333";

describe("escalationPaths", () => {
  it("lists single actions and PassRole only together with a compute service", () => {
    expect(escalationPaths(doc(allow(["iam:CreatePolicyVersion", "iam:GetUser"])), OWNER)).toEqual([
      "iam:CreatePolicyVersion",
    ]);
    expect(escalationPaths(doc(allow("iam:PassRole")), OWNER)).toEqual([]);
    expect(escalationPaths(doc(allow(["iam:PassRole", "lambda:CreateFunction"])), OWNER)).toEqual([
      "iam:PassRole + lambda:CreateFunction",
    ]);
    expect(escalationPaths(doc(allow("iam:Put*")), OWNER)).toEqual([
      "iam:PutUserPolicy",
      "iam:PutGroupPolicy",
      "iam:PutRolePolicy",
    ]);
    expect(escalationPaths(doc(allow("sts:AssumeRole")), OWNER)).toEqual(["sts:AssumeRole"]);
    expect(escalationPaths(doc(allow(["s3:*", "ec2:*"])), OWNER)).toEqual([]);
  });

  it("treats ARN patterns over users, roles and policies as broad (issue 22, case 1)", () => {
    expect(escalationPaths(doc(allow("iam:UpdateLoginProfile", "arn:aws:iam::*:user/*")), OWNER)).toEqual([
      "iam:UpdateLoginProfile",
    ]);
    expect(escalationPaths(doc(allow("iam:UpdateLoginProfile", `${A}:user/*`)), OWNER)).toEqual([
      "iam:UpdateLoginProfile",
    ]);
    expect(
      escalationPaths(doc(allow("iam:PassRole", `${A}:role/*`), allow("ec2:RunInstances", "arn:aws:ec2:*:*:*")), OWNER),
    ).toEqual(["iam:PassRole + ec2:RunInstances"]);
    expect(escalationPaths(doc(allow("iam:CreatePolicyVersion", `${A}:policy/team/*`)), OWNER)).toEqual([
      "iam:CreatePolicyVersion",
    ]);
    expect(escalationPaths(doc(allow("iam:AttachRolePolicy", "arn:aws:iam::*:role/acme-*")), OWNER)).toEqual([
      "iam:AttachRolePolicy",
    ]);
  });

  it("understands action wildcards and NotAction", () => {
    expect(escalationPaths(doc(allow(["iam:Pass*", "ec2:Run*"])), OWNER)).toEqual(["iam:PassRole + ec2:RunInstances"]);
    expect(escalationPaths(doc(allow("iam:*", `${A}:user/*`)), OWNER)).toEqual([
      "iam:AttachUserPolicy",
      "iam:PutUserPolicy",
      "iam:CreateAccessKey",
      "iam:CreateLoginProfile",
      "iam:UpdateLoginProfile",
    ]);
    const notIam = { effect: "Allow" as const, notActions: ["iam:*", "sts:*"], resources: ["*"], condition: {} };
    expect(escalationPaths(doc(notIam), OWNER)).toEqual([]);
    const notS3 = { effect: "Allow" as const, notActions: ["s3:*"], resources: ["*"], condition: {} };
    expect(escalationPaths(doc(notS3), OWNER)).toContain("iam:AttachUserPolicy");
  });

  it("treats NotResource as everything it does not name", () => {
    const notOne = allow("iam:CreateAccessKey", [], { resources: undefined, notResources: [`${A}:user/admin`] });
    expect(escalationPaths(doc(notOne), OWNER)).toEqual(["iam:CreateAccessKey"]);
    const notUsers = allow("iam:CreateAccessKey", [], { resources: undefined, notResources: [`${A}:user/*`] });
    expect(escalationPaths(doc(notUsers), OWNER)).toEqual([]);
  });

  it("passes near misses: named resources, the caller's own user, another account, other kinds", () => {
    expect(escalationPaths(doc(allow("iam:CreateAccessKey", `${A}:user/ci-deployer`)), OWNER)).toEqual([]);
    expect(escalationPaths(doc(allow("iam:CreateAccessKey", `${A}:user/\${aws:username}`)), OWNER)).toEqual([]);
    expect(escalationPaths(doc(allow("iam:UpdateLoginProfile", "arn:aws:iam::999988887777:user/*")), OWNER)).toEqual(
      [],
    );
    expect(escalationPaths(doc(allow("iam:PassRole", `${A}:role/app-task`), allow("ec2:RunInstances")), OWNER)).toEqual(
      [],
    );
    expect(escalationPaths(doc(allow("iam:AttachUserPolicy", `${A}:role/*`)), OWNER)).toEqual([]);
    expect(escalationPaths(doc(allow("iam:AttachRolePolicy", "arn:aws:iam::*:role/app:*")), OWNER)).toEqual([]);
  });

  it("lets conditions that tie the grant to targets narrow it, and ignores ones the caller can meet", () => {
    const boundary = { StringEquals: { "iam:PermissionsBoundary": [`${A}:policy/boundary`] } };
    expect(escalationPaths(doc(allow("iam:PutUserPolicy", "*", { condition: boundary })), OWNER)).toEqual([]);
    const policyArn = { ArnEquals: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } };
    expect(escalationPaths(doc(allow("iam:AttachRolePolicy", "*", { condition: policyArn })), OWNER)).toEqual([]);
    const mfa = { Bool: { "aws:MultiFactorAuthPresent": ["true"] } };
    expect(escalationPaths(doc(allow("iam:AttachRolePolicy", "*", { condition: mfa })), OWNER)).toEqual([
      "iam:AttachRolePolicy",
    ]);
    const negated = { StringNotEquals: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/AdministratorAccess"] } };
    expect(escalationPaths(doc(allow("iam:AttachRolePolicy", "*", { condition: negated })), OWNER)).toEqual([
      "iam:AttachRolePolicy",
    ]);
    const toEcs = { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com"] } };
    const toEc2 = { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } };
    expect(
      escalationPaths(doc(allow("iam:PassRole", "*", { condition: toEcs }), allow("ec2:RunInstances")), OWNER),
    ).toEqual([]);
    expect(
      escalationPaths(doc(allow("iam:PassRole", "*", { condition: toEc2 }), allow("ec2:RunInstances")), OWNER),
    ).toEqual(["iam:PassRole + ec2:RunInstances"]);
  });

  it("honours a Deny that surely applies, not one that may not", () => {
    expect(escalationPaths(doc(allow("iam:*"), deny("iam:Create*")), OWNER)).not.toContain("iam:CreateAccessKey");
    const mfa = { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } };
    expect(escalationPaths(doc(allow("iam:*"), deny("iam:Create*", "*", { condition: mfa })), OWNER)).toContain(
      "iam:CreateAccessKey",
    );
    expect(escalationPaths(doc(allow("iam:*"), deny("iam:*", `${A}:user/admin`)), OWNER)).toContain(
      "iam:CreateAccessKey",
    );
    const toEc2 = { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } };
    expect(
      escalationPaths(
        doc(allow(["iam:PassRole", "ec2:RunInstances"]), deny("iam:PassRole", "*", { condition: toEc2 })),
        OWNER,
      ),
    ).toEqual([]);
    const denyAllButS3 = { effect: "Deny" as const, notActions: ["s3:*"], resources: ["*"], condition: {} };
    expect(escalationPaths(doc(allow("*"), denyAllButS3), OWNER)).toEqual([]);
  });
});

describe("adminAccessOf", () => {
  const custom = {
    name: "star",
    arn: "arn:aws:iam::111122223333:policy/star",
    attachmentCount: 1,
    document: doc(allow("*")),
  };
  const scoped = {
    name: "scoped",
    arn: "arn:aws:iam::111122223333:policy/scoped",
    attachmentCount: 1,
    document: doc(allow("s3:*")),
  };
  const d = details({
    policies: [custom, scoped],
    groups: [
      {
        name: "admins",
        arn: "arn:aws:iam::111122223333:group/admins",
        attachedPolicies: [{ name: "AdministratorAccess", arn: ADMIN_ARN }],
        inlinePolicies: [],
      },
    ],
  });

  it('finds AdministratorAccess, customer "*" policies and inline "*" policies, on the user or a group', () => {
    expect(
      adminAccessOf(iamUser("a", { attachedPolicies: [{ name: "AdministratorAccess", arn: ADMIN_ARN }] }), d).grants,
    ).toEqual([{ via: "user", policy: ADMIN_ARN, policyType: "aws-managed" }]);
    expect(adminAccessOf(iamUser("b", { groups: ["admins"] }), d).grants).toEqual([
      { via: "group:admins", policy: ADMIN_ARN, policyType: "aws-managed" },
    ]);
    expect(
      adminAccessOf(iamUser("c", { attachedPolicies: [{ name: "star", arn: custom.arn }] }), d).grants[0]?.policyType,
    ).toBe("customer-managed");
    expect(
      adminAccessOf(iamUser("d", { inlinePolicies: [{ name: "all", document: doc(allow("*:*")) }] }), d).grants[0],
    ).toEqual({ via: "user", policy: "all", policyType: "inline" });
  });
  it("finds nothing for scoped policies, and reports what it could not read", () => {
    expect(
      adminAccessOf(
        iamUser("e", {
          attachedPolicies: [
            { name: "ReadOnlyAccess", arn: READONLY_ARN },
            { name: "scoped", arn: scoped.arn },
          ],
        }),
        d,
      ),
    ).toEqual({ grants: [], unreadable: [] });
    const unread = adminAccessOf(
      iamUser("f", { groups: ["gone"], inlinePolicies: [{ name: "bad", document: null }] }),
      d,
    );
    expect(unread.grants).toEqual([]);
    expect(unread.unreadable).toEqual(["group:gone", "arn:aws:iam::111122223333:user/f:inline/bad"]);
  });
  it('recognises full admin only for Action "*" on Resource "*"', () => {
    expect(isFullAdminDocument(doc(allow("*", "arn:aws:s3:::b")))).toBe(false);
    expect(isFullAdminDocument(doc(deny("*")))).toBe(false);
    expect(isFullAdminDocument(doc(allow("iam:*")))).toBe(false);
    expect(isFullAdminDocument(doc(allow("*", "arn:*")))).toBe(true);
    expect(isFullAdminDocument(doc(allow("*", "arn:aws:*:*:*:*")))).toBe(true);
    const notOne = { effect: "Allow" as const, notActions: ["s3:DeleteBucket"], resources: ["*"], condition: {} };
    expect(isFullAdminDocument(doc(notOne))).toBe(true);
    const tagged = { StringEquals: { "aws:ResourceTag/team": ["data"] } };
    expect(isFullAdminDocument(doc(allow("*", "*", { condition: tagged })))).toBe(false);
    const fromOffice = { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } };
    expect(isFullAdminDocument(doc(allow("*", "*", { condition: fromOffice })))).toBe(true);
  });
});
