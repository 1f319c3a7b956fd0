import { describe, expect, it } from "vitest";
import type { CollectedInventory } from "@/lib/aws/inventory";
import { defaultCheckSettings } from "@/lib/checks/settings";
import { checks } from "@/lib/checks/registry";
import { defineCheck } from "@/lib/checks/types";
import { assembleAccountSnapshot, evaluateUnit } from "./assemble";

type Bucket = NonNullable<CollectedInventory["s3Buckets"]>[number];
const bucket = (name: string, region: string, p: Partial<Bucket> = {}): Bucket => ({
  name,
  region,
  tags: { DataClassification: "confidential" },
  policy: null,
  policyIsPublic: false,
  publicAccessBlock: null,
  aclGrants: [],
  objectOwnership: "ObjectWriter",
  versioning: "Suspended",
  mfaDelete: false,
  encryption: [{ algorithm: "AES256", bucketKeyEnabled: false }],
  ...p,
});
const account = { id: "111122223333", environment: "dev" as const };
const record = (region: string) => ({
  region,
  status: "ok" as const,
  startedAt: new Date(0),
  finishedAt: new Date(1000),
  apiCalls: 1,
  throttledCalls: 0,
  resultsCount: 0,
});

describe("evaluateUnit", () => {
  it("runs the global checks in the global unit and the regional ones in a region", () => {
    const probe = (scope: "global" | "regional") =>
      defineCheck({
        id: `probe_${scope}`,
        title: "probe",
        description: "probe",
        severity: "low",
        service: "test",
        scope,
        frameworks: [],
        remediation: { steps: [] },
        requires: [],
        evaluate: () => [{ resourceId: "r", resourceType: "T", status: "fail", evidence: {} }],
      });
    const both = [probe("global"), probe("regional")];
    const unit = (region: string) =>
      evaluateUnit({ region, inventory: {}, account, checks: both, settings: defaultCheckSettings, keep: new Set() });
    expect(unit("global").evaluation.failed.map((f) => [f.checkId, f.region])).toEqual([["probe_global", "global"]]);
    expect(unit("eu-west-1").evaluation.failed.map((f) => [f.checkId, f.region])).toEqual([
      ["probe_regional", "eu-west-1"],
    ]);
  });

  it("files every S3 bucket result under the bucket's region, while the check was evaluated in the global unit", () => {
    const unit = evaluateUnit({
      region: "global",
      inventory: { s3Buckets: [bucket("logs-eu", "eu-west-1"), bucket("logs-us", "us-east-2")] },
      account,
      checks,
      settings: defaultCheckSettings,
      keep: new Set(),
    });
    const bucketChecks = [
      "s3_bucket_acls_enabled",
      "s3_bucket_http_allowed",
      "s3_bucket_no_kms_for_sensitive",
      "s3_bucket_versioning_off",
    ];
    for (const checkId of bucketChecks) {
      expect(
        unit.evaluation.failed.filter((f) => f.checkId === checkId).map((f) => [f.resourceId, f.region]),
        checkId,
      ).toEqual([
        ["arn:aws:s3:::logs-eu", "eu-west-1"],
        ["arn:aws:s3:::logs-us", "us-east-2"],
      ]);
      expect(unit.evaluation.evaluated).toContainEqual({ checkId, region: "global" });
    }
    const open = evaluateUnit({
      region: "global",
      inventory: { s3Buckets: [bucket("site", "sa-east-1", { policyIsPublic: true })] },
      account,
      checks,
      settings: defaultCheckSettings,
      keep: new Set(),
    });
    expect(open.evaluation.failed.filter((f) => f.checkId === "s3_bucket_public").map((f) => f.region)).toEqual([
      "sa-east-1",
    ]);
    const undecided = evaluateUnit({
      region: "global",
      inventory: { s3Buckets: [bucket("plain", "ap-south-1", { tags: {} })] },
      account,
      checks,
      settings: defaultCheckSettings,
      keep: new Set(),
    });
    expect(undecided.evaluation.undetermined).toContainEqual({
      checkId: "s3_bucket_no_kms_for_sensitive",
      region: "ap-south-1",
      resourceId: "arn:aws:s3:::plain",
    });
  });
});

describe("assembleAccountSnapshot", () => {
  it("gathers the units' results, counts each unit's results on its record, and keeps the kept inventory", () => {
    const evaluated = evaluateUnit({
      region: "global",
      inventory: { s3Buckets: [bucket("logs-eu", "eu-west-1")] },
      account,
      checks,
      settings: defaultCheckSettings,
      keep: new Set(["s3Buckets"]),
    });
    const snap = assembleAccountSnapshot({
      runId: "run",
      accountId: account.id,
      now: new Date(5000),
      units: [{ ...evaluated, record: record("global") }, { record: { ...record("eu-west-1"), status: "failed" } }],
    });
    expect(snap.units.map((u) => [u.region, u.status, u.resultsCount])).toEqual([
      ["global", "ok", evaluated.evaluation.results],
      ["eu-west-1", "failed", 0],
    ]);
    expect(evaluated.evaluation.results).toBeGreaterThan(0);
    expect(snap.failed).toEqual(evaluated.evaluation.failed);
    expect(snap.inventory).toEqual([{ region: "global", key: "s3Buckets", data: [bucket("logs-eu", "eu-west-1")] }]);
    expect(snap.checkStats?.find((c) => c.checkId === "s3_bucket_versioning_off")).toEqual({
      checkId: "s3_bucket_versioning_off",
      passed: 0,
      failed: 1,
      notApplicable: 0,
    });
  });
});
