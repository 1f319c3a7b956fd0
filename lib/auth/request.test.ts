import { afterEach, describe, expect, it, vi } from "vitest";
import { publicUrl } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
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

  it("compares with the configured origin only: Host and X-Forwarded-* cannot vouch for a foreign Origin (issue 16)", () => {
    // The request names the attacker's host itself: the admin POST /api/teams accepted this way.
    expect(isSameOrigin(h({ origin: "https://evil.example", host: "evil.example" }))).toBe(false);
    expect(
      isSameOrigin(
        h({
          origin: "https://evil.example",
          host: "10.0.0.5:3000",
          "x-forwarded-host": "evil.example",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toBe(false);
    expect(isSameOrigin(h({ origin: "http://posture.internal:8080", host: "posture.internal:8080" }))).toBe(false);
    // The configured origin passes whatever those headers say.
    expect(isSameOrigin(h({ origin, host: "elsewhere.example", "x-forwarded-host": "elsewhere.example" }))).toBe(true);
  });
});

describe("isSameOrigin (https installation)", () => {
  afterEach(() => {
    vi.doUnmock("@/lib/env");
    vi.resetModules();
  });

  async function loadWithUrl(url: string) {
    vi.resetModules();
    vi.doMock("@/lib/env", () => ({ publicUrl: url, env: { AUTH_TRUSTED_PROXIES: 0 } }));
    return import("./request");
  }

  it("marks cookies secure with the __Host- prefix and accepts only the https origin", async () => {
    const r = await loadWithUrl("https://posture.example.com");
    expect(r.secureCookies).toBe(true);
    expect(r.SESSION_COOKIE).toBe("__Host-next-auth.session-token");
    expect(r.isSameOrigin(h({ origin: "https://posture.example.com" }))).toBe(true);
    expect(r.isSameOrigin(h({ origin: "http://posture.example.com" }))).toBe(false);
    expect(r.isSameOrigin(h({ origin: "https://alias.example.com", host: "alias.example.com" }))).toBe(false);
  });
});

describe("clientIp without the front server (next dev)", () => {
  it("reads X-Forwarded-For from the right, at least one entry in", () => {
    expect(clientIp(h({ "x-forwarded-for": " 203.0.113.7 , 198.51.100.20" }), 1)).toBe("198.51.100.20");
    expect(clientIp(h({ "x-forwarded-for": " 203.0.113.7 , 198.51.100.20" }), 0)).toBe("198.51.100.20");
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.7, 198.51.100.20, 10.0.0.1" }), 2)).toBe("198.51.100.20");
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.20" }), 3)).toBe("198.51.100.20");
  });

  it("answers a valid address or null, never the header's text (issue 16: 15 KB values in audit_log.ip)", () => {
    expect(clientIp(h({ "x-forwarded-for": "a".repeat(15_000) }), 1)).toBeNull();
    expect(clientIp(h({ "x-forwarded-for": "<script>, '; drop table users; --" }), 1)).toBeNull();
    expect(clientIp(h({ "x-forwarded-for": "::FFFF:198.51.100.20" }), 1)).toBe("198.51.100.20");
  });

  it("ignores X-Real-IP and the front server's header, which any client can send here", () => {
    expect(clientIp(h({ "x-real-ip": "198.51.100.2" }), 1)).toBeNull();
    expect(clientIp(h({ [CLIENT_ADDRESS_HEADER]: "198.51.100.2" }), 1)).toBeNull();
    expect(clientIp(h({}), 1)).toBeNull();
  });
});

describe("clientIp behind the front server", () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("posture.front-server")];
  });

  it("takes the address the front server worked out, and nothing from X-Forwarded-For", async () => {
    const { markFrontServing } = await import("./client-address");
    markFrontServing();
    expect(clientIp(h({ [CLIENT_ADDRESS_HEADER]: "198.51.100.2", "x-forwarded-for": "203.0.113.9" }), 1)).toBe(
      "198.51.100.2",
    );
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.9" }), 1)).toBeNull();
    expect(clientIp(h({ [CLIENT_ADDRESS_HEADER]: "not an address" }), 1)).toBeNull();
  });
});
