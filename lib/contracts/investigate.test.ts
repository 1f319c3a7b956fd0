import { describe, expect, it } from "vitest";
import { investigateApi, lookupTarget } from "./investigate";

describe("lookupTarget", () => {
  it("asks CloudTrail by access key id or by user name, and refuses anything else", () => {
    expect(lookupTarget(" akiaiosfodnn7example ")).toEqual({
      attribute: "AccessKeyId",
      subject: "AKIAIOSFODNN7EXAMPLE",
    });
    expect(lookupTarget("j.doe@corp")).toEqual({ attribute: "Username", subject: "j.doe@corp" });
    expect(lookupTarget("arn:aws:iam::123456789012:user/dev/leaky")).toEqual({
      attribute: "Username",
      subject: "leaky",
    });
    expect(lookupTarget("arn:aws:sts::123456789012:assumed-role/Deploy/ci-run-42")).toEqual({
      attribute: "Username",
      subject: "ci-run-42",
    });
    expect(lookupTarget("two words")).toBeNull();
    expect(lookupTarget("<script>")).toBeNull();
  });
});

describe("startLookup body", () => {
  const body = investigateApi.startLookup.body;
  it("defaults to 7 days and allows at most 90", () => {
    expect(body.parse({ q: "leaky" })).toEqual({ q: "leaky", days: 7 });
    expect(body.safeParse({ q: "leaky", days: 90 }).success).toBe(true);
    expect(body.safeParse({ q: "leaky", days: 91 }).error?.issues[0]?.message).toMatch(/at most 90 days/);
    expect(body.safeParse({ q: "leaky", days: 0 }).success).toBe(false);
    expect(body.safeParse({ q: "leaky", days: 1.5 }).success).toBe(false);
    expect(body.safeParse({ q: "", days: 7 }).success).toBe(false);
    expect(body.safeParse({ q: "leaky", accounts: ["1"] }).success).toBe(false);
  });
});
