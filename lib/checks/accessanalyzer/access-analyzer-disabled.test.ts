import { describe, expect, it } from "vitest";
import { evaluateUnit } from "../evaluate";
import { ACCOUNT, ctx } from "../fixtures";
import analyzer from "./access-analyzer-disabled";

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
  it("gives no result when the analyzers could not be read", () => {
    expect(evaluateUnit([analyzer], ctx({}, "eu-west-1"))).toEqual([]);
  });
});
