import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// next-auth names its cookies as lib/auth/cookies.ts says, for the public URL lib/env.ts derives
// (it sets NEXTAUTH_URL from AUTH_URL); pages read and sign-out clears SESSION_COOKIE, so both must
// agree with what next-auth sets. The e2e run covers http; this covers https.

// next-auth's own modules (not in its package exports): how its route handler derives its origin and cookies.
const nextAuth = (file: string) =>
  createRequire(import.meta.url)(path.join(import.meta.dirname, "../../node_modules/next-auth", file));

async function load(authUrl: string) {
  vi.resetModules();
  vi.stubEnv("AUTH_URL", authUrl);
  vi.stubEnv("NEXTAUTH_URL", undefined);
  const request = await import("./request");
  const { authCookies } = await import("./cookies");
  const { detectOrigin } = nextAuth("utils/detect-origin.js") as {
    detectOrigin: (host: string, protocol: string) => string;
  };
  const { init } = nextAuth("core/init.js") as {
    init: (
      params: unknown,
    ) => Promise<{ options: { cookies: Record<string, { name: string; options: Record<string, unknown> }> } }>;
  };
  // The origin next-auth's route handler computes: NEXTAUTH_URL wins over the request's Host.
  const origin = detectOrigin("attacker.example", "http");
  const { options } = await init({
    authOptions: { secret: "x".repeat(32), providers: [], cookies: authCookies(request.secureCookies) },
    action: "session",
    origin,
    cookies: {},
    isPost: false,
  });
  return { request, cookies: options.cookies };
}

describe("session cookie", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is Secure, HttpOnly, SameSite=Lax and __Host- prefixed when the dashboard is served over https", async () => {
    const { request, cookies } = await load("https://posture.example.com");
    expect(request.secureCookies).toBe(true);
    expect(cookies.sessionToken).toEqual({
      name: request.SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
    });
    expect(request.SESSION_COOKIE).toBe("__Host-next-auth.session-token");
    // The OAuth state, PKCE and nonce cookies too: __Host- means Secure, Path=/ and no Domain.
    for (const name of ["state", "pkceCodeVerifier", "nonce", "csrfToken", "callbackUrl"] as const) {
      expect(cookies[name]!.name, name).toMatch(/^__Host-next-auth\./);
      expect(cookies[name]!.options, name).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
      expect(cookies[name]!.options, name).not.toHaveProperty("domain");
    }
  });

  it("is HttpOnly and SameSite=Lax, without Secure, over plain http on loopback", async () => {
    const { request, cookies } = await load("http://127.0.0.1:3000");
    expect(request.secureCookies).toBe(false);
    expect(cookies.sessionToken).toEqual({
      name: request.SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: false },
    });
  });
});
