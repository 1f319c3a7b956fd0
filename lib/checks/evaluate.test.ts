import { describe, expect, it } from "vitest";
import { evaluateCheck, evaluateOrgCheck, evaluateUnit, orgContextFor } from "./evaluate";
import { ACCOUNT, ctx } from "./fixtures";
import { defaultCheckSettings } from "./settings";
import { defineCheck, defineOrgCheck, type CheckMeta, type CollectedOrganization } from "./types";

const meta: Omit<CheckMeta, "scope" | "requires"> = {
  id: "test_check",
  title: "A check that only exists in this test",
  description: "Counts what it was given, so the tests see what evaluate received.",
  severity: "low",
  service: "ec2",
  frameworks: [],
  remediation: { steps: ["None."] },
};

const groupsAndVpcs = defineCheck({
  ...meta,
  scope: "regional",
  requires: ["securityGroups", "vpcs"],
  optional: ["flowLogs"],
  evaluate: ({ inventory }) => {
    return [{ resourceId: "r", resourceType: "T", status: "pass", evidence: { flowLogs: inventory.flowLogs ?? null } }];
  },
});

describe("evaluateCheck", () => {
  it("runs a check only when every key it requires was read, whatever its optional keys", () => {
    expect(evaluateCheck(groupsAndVpcs, ctx({ securityGroups: [] }))).toBeUndefined();
    expect(evaluateCheck(groupsAndVpcs, ctx({ vpcs: [] }))).toBeUndefined();
    expect(evaluateCheck(groupsAndVpcs, ctx({ securityGroups: [], vpcs: [] }))?.[0]?.evidence).toEqual({
      flowLogs: null,
    });
    expect(evaluateCheck(groupsAndVpcs, ctx({ securityGroups: [], vpcs: [], flowLogs: [] }))?.[0]?.evidence).toEqual({
      flowLogs: [],
    });
  });

  it("counts an empty list as read and a missing key as not", () => {
    const out = evaluateUnit([groupsAndVpcs], ctx({ securityGroups: [], vpcs: [], kmsKeys: undefined }));
    expect(out.map((e) => e.check.id)).toEqual(["test_check"]);
    expect(evaluateUnit([groupsAndVpcs], ctx({ securityGroups: undefined, vpcs: [] }))).toEqual([]);
  });
});

describe("orgContextFor", () => {
  const org = (accounts: CollectedOrganization["accounts"]): CollectedOrganization => ({
    partition: "aws",
    settings: defaultCheckSettings,
    accounts,
  });
  const check = defineOrgCheck({
    ...meta,
    scope: "organization",
    requires: ["vpcs", "cloudTrails"],
    evaluate: ({ accounts }) =>
      accounts.map((a) => ({
        accountId: a.accountId,
        region: "global",
        resourceId: a.accountId,
        resourceType: "T",
        status: "pass",
        evidence: { global: a.global, regions: a.regions },
      })),
  });

  it("gives each unit only the declared keys of its kind, or null where one was not read", () => {
    const collected = org([
      {
        accountId: ACCOUNT,
        environment: "prod",
        global: { cloudTrails: [], iamAccountSummary: undefined },
        regions: { "eu-west-1": { vpcs: [], securityGroups: [] }, "us-east-1": { securityGroups: [] } },
      },
      { accountId: "222222222222", environment: "dev", global: {}, regions: {} },
    ]);
    const ctx = orgContextFor(check, collected);
    expect(ctx.accounts[0]).toMatchObject({
      global: { cloudTrails: [] },
      regions: { "eu-west-1": { vpcs: [] }, "us-east-1": null },
    });
    expect(ctx.accounts[1]).toMatchObject({ global: null, regions: {} });

    const { evaluated, results } = evaluateOrgCheck(check, collected);
    expect(evaluated).toEqual([
      { accountId: ACCOUNT, region: "global" },
      { accountId: ACCOUNT, region: "eu-west-1" },
    ]);
    expect(results).toHaveLength(2);
  });

  it("counts only the units of the kinds a check reads as evaluated", () => {
    const regionalOnly = defineOrgCheck({ ...check, requires: ["vpcs"], evaluate: () => [] });
    const { evaluated } = evaluateOrgCheck(
      regionalOnly,
      org([{ accountId: ACCOUNT, environment: "prod", global: {}, regions: { "eu-west-1": { vpcs: [] } } }]),
    );
    expect(evaluated).toEqual([{ accountId: ACCOUNT, region: "eu-west-1" }]);
  });
});
