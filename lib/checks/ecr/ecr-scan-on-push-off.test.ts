import { describe, expect, it } from "vitest";
import check from "./ecr-scan-on-push-off";
import { ctx } from "../fixtures";
import { BASIC_NO_RULES, REGION, repo } from "./fixtures";
import type { EcrRegistryScanning, EcrRepository } from "@/lib/aws/ecr/types";

const run = (repos: EcrRepository[], registry: EcrRegistryScanning) =>
  check.evaluate(ctx({ ecrRepositories: repos, ecrRegistryScanning: registry }, REGION));
const statuses = (repos: EcrRepository[], registry: EcrRegistryScanning) => run(repos, registry).map((r) => r.status);

describe("ecr_scan_on_push_off", () => {
  it("under basic scanning, follows the repository's scanOnPush", () => {
    const results = run([repo("app", false), repo("web", true)], BASIC_NO_RULES);
    expect(results.map((r) => r.status)).toEqual(["fail", "pass"]);
    expect(results[0]).toMatchObject({
      resourceId: "arn:aws:ecr:eu-west-1:111122223333:repository/app",
      resourceType: "AWS::ECR::Repository",
      evidence: { scanOnPush: false, registryScanType: "BASIC", coveringRule: null },
    });
  });

  it("passes repositories covered by an enhanced '*' rule, continuous or on push", () => {
    for (const frequency of ["CONTINUOUS_SCAN", "SCAN_ON_PUSH"]) {
      expect(statuses([repo("app", false)], { scanType: "ENHANCED", rules: [{ frequency, filters: ["*"] }] })).toEqual([
        "pass",
      ]);
    }
  });

  it("matches registry filters as ECR does: wildcards, or substring without one", () => {
    const registry = {
      scanType: "ENHANCED",
      rules: [{ frequency: "CONTINUOUS_SCAN", filters: ["prod-*", "payments"] }],
    };
    expect(
      statuses([repo("prod-api", false), repo("team-payments-api", false), repo("dev-api", false)], registry),
    ).toEqual(["pass", "pass", "fail"]);
  });

  it("passes a basic-scanning registry rule on push, but not a manual one", () => {
    expect(
      statuses([repo("app", false)], { scanType: "BASIC", rules: [{ frequency: "SCAN_ON_PUSH", filters: ["*"] }] }),
    ).toEqual(["pass"]);
    expect(
      statuses([repo("app", false)], { scanType: "BASIC", rules: [{ frequency: "MANUAL", filters: ["*"] }] }),
    ).toEqual(["fail"]);
  });

  it("fails under enhanced scanning when no rule covers the repository, whatever its own flag", () => {
    expect(
      statuses([repo("app", true)], {
        scanType: "ENHANCED",
        rules: [{ frequency: "CONTINUOUS_SCAN", filters: ["other-*"] }],
      }),
    ).toEqual(["fail"]);
  });

  it("has nothing to say in a region without repositories", () => {
    expect(run([], BASIC_NO_RULES)).toEqual([]);
  });
});
