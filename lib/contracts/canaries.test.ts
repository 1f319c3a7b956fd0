import { describe, expect, it } from "vitest";
import { canariesApi } from "./canaries";

const base = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  label: "CI decoy",
  environment: "prod",
  ownerAccountId: "111122223333",
  iamUserName: "ci-canary",
};
const parse = (over: Record<string, unknown>) => canariesApi.create.body.safeParse({ ...base, ...over });

describe("canary registration", () => {
  it("accepts AKIA and ASIA key ids, upper-casing them", () => {
    expect(parse({}).success).toBe(true);
    expect(parse({ accessKeyId: " asiaiosfodnn7example " }).data?.accessKeyId).toBe("ASIAIOSFODNN7EXAMPLE");
  });
  it.each([
    ["a secret key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["a wrong prefix", "AROAIOSFODNN7EXAMPLE"],
    ["too short", "AKIAIOSFODNN7EXAMPL"],
    ["non-base32 digits", "AKIAIOSFODNN1EXAMPLE"],
  ])("refuses %s with a clear message", (_, accessKeyId) => {
    const r = parse({ accessKeyId });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/must be an AWS access key id: AKIA or ASIA/);
  });
  it("refuses unknown fields, such as a secret", () => {
    expect(parse({ secretAccessKey: "x" }).success).toBe(false);
  });
});
