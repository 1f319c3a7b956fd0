import { describe, expect, it } from "vitest";
import check from "./config-recorder-off";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";
import type { ConfigRecorder } from "@/lib/aws/config/types";

const recorder = (p: Partial<ConfigRecorder> = {}): ConfigRecorder => ({
  name: "default",
  allSupported: true,
  includeGlobalResourceTypes: true,
  strategy: "ALL_SUPPORTED_RESOURCE_TYPES",
  resourceTypes: [],
  excludedResourceTypes: [],
  recording: true,
  lastStatus: "Success",
  ...p,
});
const run = (configRecorders: ConfigRecorder[]) => check.evaluate(ctx({ configRecorders }, "eu-west-1"))[0]!;

describe("config_recorder_off", () => {
  it("passes a recording recorder", () => {
    expect(run([recorder()])).toMatchObject({
      resourceId: `${ACCOUNT}/eu-west-1/config-recorder`,
      resourceType: "AWS::Config::ConfigurationRecorder",
      status: "pass",
    });
  });
  it("fails without a recorder, or with one that is stopped", () => {
    expect(run([])).toMatchObject({ status: "fail", evidence: { reason: "no configuration recorder" } });
    expect(run([recorder({ recording: false })])).toMatchObject({
      status: "fail",
      evidence: { reason: "recorder not recording" },
    });
  });
  it("fails a partial recorder: one resource type, or all but some (issue 22, case 2)", () => {
    const oneType = recorder({
      allSupported: false,
      includeGlobalResourceTypes: false,
      strategy: "INCLUSION_BY_RESOURCE_TYPES",
      resourceTypes: ["AWS::S3::Bucket"],
    });
    expect(run([oneType])).toMatchObject({
      status: "fail",
      evidence: { reason: "recorder records only some resource types" },
    });
    const excluding = recorder({
      allSupported: false,
      strategy: "EXCLUSION_BY_RESOURCE_TYPES",
      excludedResourceTypes: ["AWS::EC2::NetworkInterface"],
    });
    expect(run([excluding]).status).toBe("fail");
  });
  it("passes a complete recorder that leaves global types to another region (near miss)", () => {
    expect(run([recorder({ includeGlobalResourceTypes: false })]).status).toBe("pass");
  });
  it("is not evaluated when the recorders could not be read", () => {
    expect(evaluateUnit([check], ctx({}, "eu-west-1"))).toEqual([]);
  });
});
