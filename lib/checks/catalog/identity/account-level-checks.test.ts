import { describe, expect, it } from "vitest";
import { evaluateChecks } from "@/lib/collector/evaluate";
import { ACCOUNT, ctx } from "../../fixtures";
import analyzer from "./access-analyzer-disabled";
import contacts from "./account-contacts-missing";
import passwordPolicy from "./iam-password-policy-weak";

const strong = {
  configured: true as const,
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

describe("iam_password_policy_weak", () => {
  const run = (p: Parameters<typeof ctx>[0]["iamPasswordPolicy"]) =>
    passwordPolicy.evaluate(ctx({ iamPasswordPolicy: p }));
  it("passes a CIS-strength policy", () => {
    expect(run(strong)[0]).toMatchObject({
      resourceId: `${ACCOUNT}/password-policy`,
      status: "pass",
      evidence: { weaknesses: [] },
    });
  });
  it("fails and lists every weakness", () => {
    expect(
      run({ ...strong, minimumPasswordLength: 8, passwordReusePrevention: null, requireSymbols: false })[0],
    ).toMatchObject({
      status: "fail",
      evidence: { weaknesses: ["minimum length 8 < 14", "reuse prevention off < 24", "symbols not required"] },
    });
    expect(run({ ...strong, passwordReusePrevention: 5 })[0]?.evidence.weaknesses).toEqual(["reuse prevention 5 < 24"]);
  });
  it("fails an account without a policy", () => {
    expect(run({ configured: false })[0]).toMatchObject({ status: "fail", evidence: { configured: false } });
  });
  it("gives no result when the policy could not be read", () => {
    const out = evaluateChecks([passwordPolicy, analyzer, contacts], ctx({}));
    expect(out).toMatchObject({ failed: [], evaluated: [], results: 0 });
  });
});

describe("access_analyzer_disabled", () => {
  const a = (name: string, type: string, status: string) => ({
    arn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/${name}`,
    name,
    type,
    status,
  });
  const run = (analyzers: ReturnType<typeof a>[]) =>
    analyzer.evaluate(ctx({ accessAnalyzers: analyzers }, "eu-west-1"));
  it("passes with an active external access analyzer", () => {
    expect(run([a("acct", "ACCOUNT", "ACTIVE")])[0]).toMatchObject({
      resourceId: `${ACCOUNT}/eu-west-1/access-analyzer`,
      status: "pass",
      evidence: { activeExternalAccessAnalyzers: [a("acct", "ACCOUNT", "ACTIVE").arn] },
    });
    expect(run([a("org", "ORGANIZATION", "ACTIVE")])[0]?.status).toBe("pass");
  });
  it("fails with none, a disabled one, or only an unused-access analyzer", () => {
    expect(run([])[0]?.status).toBe("fail");
    expect(run([a("acct", "ACCOUNT", "DISABLED"), a("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")])[0]).toMatchObject({
      status: "fail",
      evidence: { activeExternalAccessAnalyzers: [] },
    });
  });
});

describe("account_contacts_missing", () => {
  const c = { email: "team@example.com" };
  const run = (v: Parameters<typeof ctx>[0]["accountAlternateContacts"]) =>
    contacts.evaluate(ctx({ accountAlternateContacts: v }));
  it("passes with all three contacts", () => {
    expect(run({ security: c, billing: c, operations: c })[0]).toMatchObject({
      resourceId: `${ACCOUNT}/alternate-contacts`,
      status: "pass",
      evidence: { missing: [] },
    });
  });
  it("fails and names the missing ones", () => {
    expect(run({ security: null, billing: c, operations: null })[0]).toMatchObject({
      status: "fail",
      evidence: { missing: ["SECURITY", "OPERATIONS"], configured: ["BILLING"] },
    });
  });
});
