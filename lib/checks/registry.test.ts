import { describe, expect, it } from "vitest";
import { INVENTORY_SCOPE } from "@/lib/aws/inventory";
import { accessanalyzerChecks } from "./accessanalyzer";
import { accountChecks } from "./account";
import { billingChecks } from "./billing";
import { cloudtrailChecks } from "./cloudtrail";
import { configChecks } from "./config";
import { ec2Checks } from "./ec2";
import { ecrChecks } from "./ecr";
import { ecsChecks } from "./ecs";
import { efsChecks } from "./efs";
import { elbv2Checks } from "./elbv2";
import { guarddutyChecks } from "./guardduty";
import { iamChecks } from "./iam";
import { kmsChecks } from "./kms";
import { rdsChecks } from "./rds";
import { allChecks, checks, orgChecks } from "./registry";
import { s3Checks } from "./s3";
import { securityhubChecks } from "./securityhub";
import { sesChecks } from "./ses";

describe("check registry", () => {
  it("has the 63 checks of the catalogue, two of them organization-wide", () => {
    expect(allChecks).toHaveLength(63);
    expect(checks).toHaveLength(61);
    expect(orgChecks.map((c) => c.id).sort()).toEqual([
      "cloudtrail_not_to_central_bucket",
      "vpc_cidr_overlap_across_accounts",
    ]);
  });

  it("has unique snake_case ids", () => {
    const ids = allChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
  });

  it("keeps each check in the folder of the AWS service it is about", () => {
    const folders = {
      accessanalyzer: accessanalyzerChecks,
      account: accountChecks,
      budgets: billingChecks,
      cloudtrail: cloudtrailChecks,
      config: configChecks,
      ec2: ec2Checks,
      ecr: ecrChecks,
      ecs: ecsChecks,
      efs: efsChecks,
      elasticloadbalancing: elbv2Checks,
      guardduty: guarddutyChecks,
      iam: iamChecks,
      kms: kmsChecks,
      rds: rdsChecks,
      s3: s3Checks,
      securityhub: securityhubChecks,
      ses: sesChecks,
    };
    for (const [service, list] of Object.entries(folders)) {
      expect(list.length, service).toBeGreaterThan(0);
      for (const c of list) expect(c.service, c.id).toBe(service);
    }
    expect(Object.values(folders).flat()).toHaveLength(allChecks.length);
  });

  it("has account-scoped checks require only what their unit reads", () => {
    for (const c of checks)
      for (const key of [...c.requires, ...(c.optional ?? [])])
        expect(INVENTORY_SCOPE[key], `${c.id}: ${key}`).toBe(c.scope);
  });

  it("gives every check what a user needs to act on it", () => {
    for (const c of allChecks) {
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.description.length, c.id).toBeGreaterThan(40);
      expect(c.remediation.steps.length, c.id).toBeGreaterThan(0);
      expect(c.remediation.cli, c.id).toBeTruthy();
      expect(c.remediation.terraform, c.id).toBeTruthy();
      expect(c.requires.length, c.id).toBeGreaterThan(0);
    }
  });
});
