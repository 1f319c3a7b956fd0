import { describe, expect, it } from "vitest";
import check from "./cloudtrail-not-to-central-bucket";
import { defaultCheckSettings, type CheckSettings } from "../settings";
import { orgContextFor } from "../evaluate";
import type { CollectedOrganization } from "../types";
import type { CloudTrailTrail } from "@/lib/aws/cloudtrail/types";
import { trail } from "./fixtures";

const MGMT = "111111111111";
const MEMBER = "222222222222";
const settings = { ...defaultCheckSettings, logArchiveBucket: "org-log-archive" };
const account = (accountId: string, cloudTrails: CloudTrailTrail[] | undefined) => ({
  accountId,
  environment: "prod" as const,
  global: { cloudTrails },
  regions: {},
});
const run = (accounts: CollectedOrganization["accounts"], s: CheckSettings = settings) =>
  check.evaluate(orgContextFor(check, { partition: "aws", settings: s, accounts }));

describe("cloudtrail_not_to_central_bucket", () => {
  const orgTrail = trail({
    name: "org",
    ownerAccountId: MGMT,
    isOrganizationTrail: true,
    s3BucketName: "org-log-archive",
  });

  it("passes accounts covered by an organization trail or their own trail to the archive bucket", () => {
    const own = trail({ ownerAccountId: MEMBER, s3BucketName: "org-log-archive" });
    const results = run([account(MGMT, [orgTrail]), account(MEMBER, [own])]);
    expect(results).toMatchObject([
      {
        accountId: MGMT,
        region: "global",
        resourceId: `${MGMT}/cloudtrail-central-delivery`,
        status: "pass",
        evidence: { deliveringTrails: [orgTrail.arn] },
      },
      { accountId: MEMBER, status: "pass", evidence: { deliveringTrails: [own.arn] } },
    ]);
  });

  it("trusts the owner's status of an organization trail a member could not read", () => {
    const results = run([account(MGMT, [orgTrail]), account(MEMBER, [{ ...orgTrail, isLogging: null }])]);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("gives no verdict when the organization trail's owner was not collected (its logging state is unknown)", () => {
    const results = run([account(MEMBER, [{ ...orgTrail, isLogging: null }])]);
    expect(results.map((r) => [r.accountId, r.status])).toEqual([[MEMBER, "not_applicable"]]);
    const ownerUnread = run([account(MGMT, undefined), account(MEMBER, [{ ...orgTrail, isLogging: null }])]);
    expect(ownerUnread.map((r) => [r.accountId, r.status])).toEqual([[MEMBER, "not_applicable"]]);
  });

  it("fails accounts whose trails go elsewhere or have stopped", () => {
    const results = run([
      account(MGMT, [{ ...orgTrail, isLogging: false }]),
      account(MEMBER, [
        { ...orgTrail, isLogging: null },
        trail({ ownerAccountId: MEMBER, s3BucketName: "local-logs" }),
      ]),
    ]);
    expect(results.map((r) => [r.accountId, r.status])).toEqual([
      [MGMT, "fail"],
      [MEMBER, "fail"],
    ]);
  });

  it("says nothing about an account whose trails could not be read", () => {
    expect(run([account(MGMT, [orgTrail]), account(MEMBER, undefined)]).map((r) => r.accountId)).toEqual([MGMT]);
  });

  it("is not applicable to any account while the archive bucket is not set", () => {
    const results = run([account(MGMT, [orgTrail]), account(MEMBER, undefined)], defaultCheckSettings);
    expect(results.map((r) => [r.accountId, r.status])).toEqual([
      [MGMT, "not_applicable"],
      [MEMBER, "not_applicable"],
    ]);
  });
});
