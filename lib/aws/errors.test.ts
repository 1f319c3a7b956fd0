import { describe, expect, it } from "vitest";
import { classifyAwsError, isThrottlingError } from "./errors";

const err = (name: string, status?: number, message = "m") =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("classifyAwsError", () => {
  it.each([
    ["AccessDeniedException", 400, "AccessDenied"],
    ["UnauthorizedOperation", 403, "AccessDenied"],
    ["ThrottlingException", 400, "Throttled"],
    ["RequestLimitExceeded", 503, "Throttled"],
    ["SomethingNew", 429, "Throttled"],
    ["UnrecognizedClientException", 400, "RegionDisabled"],
    ["AuthFailure", 401, "RegionDisabled"],
    ["OptInRequired", 403, "NotSubscribed"],
    ["TimeoutError", undefined, "Timeout"],
    ["InternalFailure", 500, "Internal"],
  ])("%s (%s) → %s", (name, status, code) => {
    expect(classifyAwsError(err(name, status)).code).toBe(code);
  });

  it("reads AccessDenied from AssumeRole as a missing or untrusted role", () => {
    expect(classifyAwsError(err("AccessDenied", 403), "assume-role")).toMatchObject({
      code: "RoleMissing",
      retryable: false,
    });
  });

  it("classifies network failures by their system code", () => {
    expect(
      classifyAwsError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })).code,
    ).toBe("Network");
  });

  it("keeps only the first line of a message", () => {
    expect(classifyAwsError(err("AccessDenied", 403, "first\nsecond")).message).toBe("Access denied: first");
  });

  it("knows throttling when it sees it", () => {
    expect(isThrottlingError(err("Throttling"))).toBe(true);
    expect(isThrottlingError(err("AccessDenied"))).toBe(false);
  });
});
