import { describe, expect, it } from "vitest";
import check from "./config-recorder-off";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";
import type { ConfigRecorder } from "@/lib/aws/config/types";

const recorder = (p: Partial<ConfigRecorder> = {}): ConfigRecorder => ({
  name: "default",
  allSupported: true,
  includeGlobalResourceTypes: true,
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
  it("is not evaluated when the recorders could not be read", () => {
    expect(evaluateUnit([check], ctx({}, "eu-west-1"))).toEqual([]);
  });
});
