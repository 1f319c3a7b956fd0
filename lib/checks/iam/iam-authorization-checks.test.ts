import { describe, expect, it } from "vitest";
import { ctx, ACCOUNT } from "../fixtures";
import { defaultCheckSettings } from "../settings";
import adminCount from "./iam-admin-user-count-high";
import fullAdmin from "./iam-policy-full-admin-star";
import escalation from "./iam-policy-privilege-escalation";
import supportRole from "./iam-support-role-missing";
import userAdmin from "./iam-user-has-admin-policy";
import { ADMIN_ARN, allow, details, doc, iamUser } from "./fixtures";
import type { IamAuthorizationDetails } from "@/lib/aws/iam/types";

const run = (check: typeof userAdmin, d: IamAuthorizationDetails, settings = defaultCheckSettings) =>
  check.evaluate(ctx({ iamAuthorizationDetails: d }, "global", { settings }));
const adminAttached = [{ name: "AdministratorAccess", arn: ADMIN_ARN }];
const policy = (name: string, document: ReturnType<typeof doc> | null, attachmentCount = 0) => ({
  name,
  arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  attachmentCount,
  defaultVersionId: "v2",
  document,
});

describe("iam_user_has_admin_policy", () => {
  it("fails admins by any path and passes the rest", () => {
    const d = details({
      users: [
        iamUser("direct", { attachedPolicies: adminAttached }),
        iamUser("viaGroup", { groups: ["ops"] }),
        iamUser("dev"),
      ],
      groups: [
        {
          name: "ops",
          arn: `arn:aws:iam::${ACCOUNT}:group/ops`,
          attachedPolicies: [],
          inlinePolicies: [{ name: "all", document: doc(allow("*")) }],
        },
      ],
    });
    const results = run(userAdmin, d);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "pass"]);
    expect(results[1]).toMatchObject({
      resourceId: `arn:aws:iam::${ACCOUNT}:user/viaGroup`,
      resourceType: "AWS::IAM::User",
      evidence: { adminGrants: [{ via: "group:ops", policy: "all", policyType: "inline" }] },
    });
  });
  it("does not pass a user whose policy could not be read, and has nothing to say without users", () => {
    expect(
      run(userAdmin, details({ users: [iamUser("x", { inlinePolicies: [{ name: "p", document: null }] })] }))[0]
        ?.status,
    ).toBe("not_applicable");
    expect(run(userAdmin, details())).toEqual([]);
  });
});

describe("iam_admin_user_count_high", () => {
  const users = (n: number) =>
    Array.from({ length: n }, (_, i) => iamUser(`admin${i}`, { attachedPolicies: adminAttached }));
  it("fails above the threshold, listing the admins", () => {
    const [r] = run(adminCount, details({ users: [...users(3), iamUser("dev")] }));
    expect(r).toMatchObject({
      resourceId: `${ACCOUNT}/iam-admin-users`,
      status: "fail",
      evidence: { threshold: 2, adminCount: 3 },
    });
    expect((r?.evidence.adminUsers as { user: string }[]).map((a) => a.user)).toEqual(["admin0", "admin1", "admin2"]);
  });
  it("passes at the threshold, and follows the setting", () => {
    expect(run(adminCount, details({ users: users(2) }))[0]?.status).toBe("pass");
    expect(
      run(adminCount, details({ users: users(2) }), { ...defaultCheckSettings, adminUserThreshold: 1 })[0]?.status,
    ).toBe("fail");
  });
  it("is not applicable without users, or when unreadable policies could hide admins", () => {
    expect(run(adminCount, details())[0]?.status).toBe("not_applicable");
    expect(
      run(adminCount, details({ users: [iamUser("x", { inlinePolicies: [{ name: "p", document: null }] })] }))[0],
    ).toMatchObject({ status: "not_applicable", evidence: { undeterminedUsers: ["x"] } });
  });
});

describe("iam_policy_full_admin_star", () => {
  it('fails "*" on "*" policies even when unattached, passes scoped ones, skips unparsable ones', () => {
    const results = run(
      fullAdmin,
      details({
        policies: [
          policy("star", doc(allow("s3:GetObject"), allow("*"))),
          policy("scoped", doc(allow("s3:*")), 3),
          policy("bad", null),
        ],
      }),
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "pass", "not_applicable"]);
    expect(results[0]).toMatchObject({
      resourceId: `arn:aws:iam::${ACCOUNT}:policy/star`,
      resourceType: "AWS::IAM::ManagedPolicy",
      evidence: { attachmentCount: 0, adminStatements: [allow("*")] },
    });
  });
  it("has nothing to say without customer-managed policies", () => {
    expect(run(fullAdmin, details())).toEqual([]);
  });
});

describe("iam_policy_privilege_escalation", () => {
  it("checks managed and inline policies of users, groups and roles", () => {
    const d = details({
      policies: [
        policy("esc", doc(allow(["iam:PassRole", "ec2:RunInstances"]))),
        policy("safe", doc(allow("iam:Get*"))),
      ],
      users: [iamUser("u", { inlinePolicies: [{ name: "keys", document: doc(allow("iam:CreateAccessKey")) }] })],
      groups: [
        {
          name: "g",
          arn: `arn:aws:iam::${ACCOUNT}:group/g`,
          attachedPolicies: [],
          inlinePolicies: [{ name: "scoped", document: doc(allow("iam:*", `arn:aws:iam::${ACCOUNT}:user/u`)) }],
        },
      ],
      roles: [
        {
          name: "r",
          arn: `arn:aws:iam::${ACCOUNT}:role/r`,
          path: "/",
          attachedPolicies: [],
          inlinePolicies: [{ name: "put", document: doc(allow("iam:Put*")) }],
        },
        {
          name: "slr",
          arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/x/slr`,
          path: "/aws-service-role/x/",
          attachedPolicies: [],
          inlinePolicies: [{ name: "aws", document: doc(allow("*")) }],
        },
      ],
    });
    const results = run(escalation, d);
    expect(results.map((r) => [r.resourceId, r.resourceType, r.status])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:policy/esc`, "AWS::IAM::ManagedPolicy", "fail"],
      [`arn:aws:iam::${ACCOUNT}:policy/safe`, "AWS::IAM::ManagedPolicy", "pass"],
      [`arn:aws:iam::${ACCOUNT}:user/u/inline-policy/keys`, "AWS::IAM::UserPolicy", "fail"],
      [`arn:aws:iam::${ACCOUNT}:group/g/inline-policy/scoped`, "AWS::IAM::GroupPolicy", "pass"],
      [`arn:aws:iam::${ACCOUNT}:role/r/inline-policy/put`, "AWS::IAM::RolePolicy", "fail"],
    ]);
    expect(results[0]?.evidence.escalationActions).toEqual(["iam:PassRole + ec2:RunInstances"]);
    expect(results[4]?.evidence).toMatchObject({
      role: "r",
      escalationActions: ["iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy"],
    });
  });
  it("does not pass an unparsable policy, and has nothing to say without policies", () => {
    expect(run(escalation, details({ policies: [policy("bad", null)] }))[0]?.status).toBe("not_applicable");
    expect(run(escalation, details({ users: [iamUser("nopolicies")] }))).toEqual([]);
  });
});

describe("iam_support_role_missing", () => {
  const role = (name: string, arns: string[]) => ({
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    path: "/",
    attachedPolicies: arns.map((arn) => ({ name: arn.split("/").pop()!, arn })),
    inlinePolicies: [],
  });
  it("passes with a role carrying AWSSupportAccess", () => {
    expect(
      run(supportRole, details({ roles: [role("support", ["arn:aws:iam::aws:policy/AWSSupportAccess"])] }))[0],
    ).toMatchObject({
      resourceId: `${ACCOUNT}/support-role`,
      status: "pass",
      evidence: { supportRoles: [`arn:aws:iam::${ACCOUNT}:role/support`] },
    });
  });
  it("fails without one, including when only a user has the policy", () => {
    const d = details({
      roles: [role("app", [ADMIN_ARN])],
      users: [
        iamUser("u", {
          attachedPolicies: [{ name: "AWSSupportAccess", arn: "arn:aws:iam::aws:policy/AWSSupportAccess" }],
        }),
      ],
    });
    expect(run(supportRole, d)[0]).toMatchObject({ status: "fail", evidence: { supportRoles: [] } });
  });
  it("is not evaluated when roles could not be read", () => {
    expect(supportRole.requires).toEqual(["iamAuthorizationDetails"]);
  });
});
