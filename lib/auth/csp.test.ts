import { afterEach, describe, expect, it, vi } from "vitest";
import { contentSecurityPolicy, hsts } from "./csp";

/** The policy as directive → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const NONCE = "bm9uY2UtZm9yLXRlc3Q=";

describe("contentSecurityPolicy (http installation)", () => {
  it("allows scripts only from this origin or with the request's nonce", () => {
    const csp = parse(contentSecurityPolicy(NONCE, false));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  it("puts each request's own nonce in the policy", () => {
    expect(contentSecurityPolicy("abc123", false)).toContain("'nonce-abc123'");
    expect(contentSecurityPolicy("xyz789", false)).not.toContain("abc123");
  });

  it("allows eval and the dev server's websocket only in development", () => {
    const prod = contentSecurityPolicy(NONCE, false);
    expect(prod).not.toContain("unsafe-eval");
    expect(parse(prod).get("connect-src")).toEqual(["'self'"]);
    const dev = parse(contentSecurityPolicy(NONCE, true));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("script-src")).not.toContain("'unsafe-inline'");
    expect(dev.get("connect-src")).toEqual(["'self'", "ws:"]);
  });

  it("forbids framing, plugins, foreign forms and base-URI changes", () => {
    for (const development of [false, true]) {
      const csp = parse(contentSecurityPolicy(NONCE, development));
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.get("frame-src")).toEqual(["'none'"]);
      expect(csp.get("object-src")).toEqual(["'none'"]);
      expect(csp.get("base-uri")).toEqual(["'none'"]);
      expect(csp.get("form-action")).toEqual(["'self'"]);
    }
  });

  it("does not upgrade requests on a plain-http installation", () => {
    expect(contentSecurityPolicy(NONCE, false)).not.toContain("upgrade-insecure-requests");
  });
});

describe("hsts (http installation)", () => {
  it("is sent only when the request came over https", () => {
    expect(hsts("http")).toBeNull();
    expect(hsts("https")).toBe("max-age=63072000; includeSubDomains");
  });
});

describe("an https installation", () => {
  afterEach(() => {
    vi.doUnmock("@/lib/env");
    vi.resetModules();
  });

  it("upgrades insecure requests and always sends HSTS", async () => {
    vi.resetModules();
    vi.doMock("@/lib/env", () => ({ publicUrl: "https://posture.example.com" }));
    const csp = await import("./csp");
    expect(csp.contentSecurityPolicy(NONCE, false).split("; ")).toContain("upgrade-insecure-requests");
    expect(csp.hsts("http")).toBe("max-age=63072000; includeSubDomains");
    expect(csp.hsts("https")).toBe("max-age=63072000; includeSubDomains");
  });
});
