import { describe, expect, it } from "vitest";
import { actionMatches, adminAccessOf, allowsOnEveryResource, escalationPaths, isFullAdminDocument } from "./policy";
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

describe("allowsOnEveryResource", () => {
  it('needs an Allow on "*" and no unconditional Deny on "*"', () => {
    expect(allowsOnEveryResource(doc(allow("iam:*")), "iam:CreateAccessKey")).toBe(true);
    expect(allowsOnEveryResource(doc(allow("iam:*", "arn:aws:iam::1:user/me")), "iam:CreateAccessKey")).toBe(false);
    expect(allowsOnEveryResource(doc(allow("iam:*"), deny("iam:Create*")), "iam:CreateAccessKey")).toBe(false);
    expect(
      allowsOnEveryResource(
        doc(allow("iam:*"), deny("iam:Create*", "*", { conditional: true })),
        "iam:CreateAccessKey",
      ),
    ).toBe(true);
  });
  it("treats NotAction and NotResource as broad", () => {
    const notAction = { effect: "Allow" as const, notActions: ["s3:*"], resources: ["*"], conditional: false };
    expect(allowsOnEveryResource(doc(notAction), "iam:AttachUserPolicy")).toBe(true);
    expect(allowsOnEveryResource(doc(notAction), "s3:GetObject")).toBe(false);
    expect(
      allowsOnEveryResource(
        doc(allow("iam:PassRole", [], { resources: undefined, notResources: ["arn:aws:iam::1:role/x"] })),
        "iam:PassRole",
      ),
    ).toBe(true);
    const denyAllButS3 = { effect: "Deny" as const, notActions: ["s3:*"], resources: ["*"], conditional: false };
    expect(allowsOnEveryResource(doc(allow("*"), denyAllButS3), "iam:PutUserPolicy")).toBe(false);
  });
});

describe("escalationPaths", () => {
  it("lists single actions and PassRole only together with a compute service", () => {
    expect(escalationPaths(doc(allow(["iam:CreatePolicyVersion", "iam:GetUser"])))).toEqual([
      "iam:CreatePolicyVersion",
    ]);
    expect(escalationPaths(doc(allow("iam:PassRole")))).toEqual([]);
    expect(escalationPaths(doc(allow(["iam:PassRole", "lambda:CreateFunction"])))).toEqual([
      "iam:PassRole + lambda:CreateFunction",
    ]);
    expect(escalationPaths(doc(allow("iam:Put*")))).toEqual([
      "iam:PutUserPolicy",
      "iam:PutGroupPolicy",
      "iam:PutRolePolicy",
    ]);
    expect(escalationPaths(doc(allow("sts:AssumeRole")))).toEqual(["sts:AssumeRole"]);
    expect(escalationPaths(doc(allow(["s3:*", "ec2:*"])))).toEqual([]);
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
  });
});
