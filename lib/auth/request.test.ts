import { afterEach, describe, expect, it, vi } from "vitest";
import { publicUrl } from "@/lib/env";
import { clientIp, isSameOrigin, SESSION_COOKIE, secureCookies } from "./request";

const origin = new URL(publicUrl).origin;
const h = (values: Record<string, string>) => new Headers(values);

describe("isSameOrigin (plain-http installation)", () => {
  it("runs on the test environment's http URL", () => {
    expect(origin).toMatch(/^http:\/\//);
    expect(secureCookies).toBe(false);
    expect(SESSION_COOKIE).toBe("next-auth.session-token");
  });

  it("accepts a request from the dashboard's own origin", () => {
    expect(isSameOrigin(h({ origin }))).toBe(true);
    expect(isSameOrigin(h({ origin, "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it("refuses a request from another origin", () => {
    expect(isSameOrigin(h({ origin: "https://evil.example" }))).toBe(false);
    // Same host, other scheme or port: other origins.
    const url = new URL(publicUrl);
    expect(isSameOrigin(h({ origin: `https://${url.host}` }))).toBe(false);
    expect(isSameOrigin(h({ origin: `http://${url.hostname}:1` }))).toBe(false);
    // A trailing slash or path is not what browsers send: refused, never prefix-matched.
    expect(isSameOrigin(h({ origin: `${origin}/` }))).toBe(false);
    expect(isSameOrigin(h({ origin: `${origin}.evil.example` }))).toBe(false);
  });

  it('refuses a request without an Origin, or with Origin "null" (sandboxed frames, redirects)', () => {
    expect(isSameOrigin(h({}))).toBe(false);
    expect(isSameOrigin(h({ "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isSameOrigin(h({ origin: "null" }))).toBe(false);
  });

  it("refuses whatever Sec-Fetch-Site says is not same-origin, even with a matching Origin", () => {
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(isSameOrigin(h({ origin, "sec-fetch-site": site })), site).toBe(false);
    }
  });

  it("accepts the origin the request was addressed to (Host), with the proxy's X-Forwarded-* taking precedence", () => {
    expect(isSameOrigin(h({ origin: "http://posture.internal:8080", host: "posture.internal:8080" }))).toBe(true);
    expect(
      isSameOrigin(
        h({
          origin: "https://posture.example.com",
          host: "10.0.0.5:3000",
          "x-forwarded-host": "posture.example.com",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toBe(true);
    // Without X-Forwarded-Proto the scheme is the installation's own (http here).
    expect(isSameOrigin(h({ origin: "http://posture.example.com", "x-forwarded-host": "posture.example.com" }))).toBe(
      true,
    );
    expect(isSameOrigin(h({ origin: "https://posture.example.com", "x-forwarded-host": "posture.example.com" }))).toBe(
      false,
    );
    // The forwarded host replaces Host: the internal address no longer matches.
    expect(
      isSameOrigin(
        h({ origin: "http://10.0.0.5:3000", host: "10.0.0.5:3000", "x-forwarded-host": "posture.example.com" }),
      ),
    ).toBe(false);
    // A foreign Origin is still refused whatever the host headers say.
    expect(
      isSameOrigin(h({ origin: "https://evil.example", host: "posture.example.com", "x-forwarded-proto": "https" })),
    ).toBe(false);
  });
});

describe("isSameOrigin (https installation)", () => {
  afterEach(() => {
    vi.doUnmock("@/lib/env");
    vi.resetModules();
  });

  async function loadWithUrl(url: string) {
    vi.resetModules();
    vi.doMock("@/lib/env", () => ({ publicUrl: url }));
    return import("./request");
  }

  it("marks cookies secure and assumes https behind a proxy that does not say", async () => {
    const r = await loadWithUrl("https://posture.example.com");
    expect(r.secureCookies).toBe(true);
    expect(r.SESSION_COOKIE).toBe("__Secure-next-auth.session-token");
    expect(r.isSameOrigin(h({ origin: "https://posture.example.com" }))).toBe(true);
    expect(r.isSameOrigin(h({ origin: "http://posture.example.com" }))).toBe(false);
    expect(r.isSameOrigin(h({ origin: "https://alias.example.com", host: "alias.example.com" }))).toBe(true);
    expect(r.isSameOrigin(h({ origin: "http://alias.example.com", host: "alias.example.com" }))).toBe(false);
  });
});

describe("clientIp", () => {
  it("counts the trusted proxies from the right of X-Forwarded-For, so a client's own entries are ignored", () => {
    // A client sent "203.0.113.7"; the one proxy in front appended the address it saw.
    expect(clientIp(h({ "x-forwarded-for": " 203.0.113.7 , 198.51.100.20" }), 1)).toBe("198.51.100.20");
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.7, 198.51.100.20, 10.0.0.1" }), 2)).toBe("198.51.100.20");
    // Fewer hops than proxies: the furthest address known.
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.20" }), 3)).toBe("198.51.100.20");
  });

  it("ignores X-Real-IP, which any client can send, and answers null without an address", () => {
    expect(clientIp(h({ "x-real-ip": "198.51.100.2" }), 1)).toBeNull();
    expect(clientIp(h({ "x-forwarded-for": "" }), 1)).toBeNull();
    expect(clientIp(h({}), 1)).toBeNull();
  });
});
