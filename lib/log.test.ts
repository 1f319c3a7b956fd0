import { describe, expect, it } from "vitest";
import { redact } from "./log";

describe("redact", () => {
  it("hides values of secret-looking keys at any depth", () => {
    const out = redact({
      accountId: "123456789012",
      credentials: { AccessKeyId: "ASIA…", SecretAccessKey: "s", SessionToken: "t" },
      nested: [{ password: "p", authorization: "Bearer x", ok: 1 }],
    });
    expect(out).toEqual({
      accountId: "123456789012",
      credentials: "[redacted]",
      nested: [{ password: "[redacted]", authorization: "[redacted]", ok: 1 }],
    });
  });

  it("reduces errors to name and message (no stack, no attached request)", () => {
    const err = Object.assign(new Error("boom"), { $response: { headers: { authorization: "x" } } });
    expect(redact({ err })).toEqual({ err: { name: "Error", message: "boom" } });
  });

  it("drops what is nested deeper than it inspects, rather than pass a secret through", () => {
    let deep: Record<string, unknown> = { secretAccessKey: "s" };
    for (let i = 0; i < 10; i++) deep = { level: deep };
    expect(JSON.stringify(redact(deep))).not.toContain('"s"');
    expect(JSON.stringify(redact(deep))).toContain("[truncated]");
  });
});
