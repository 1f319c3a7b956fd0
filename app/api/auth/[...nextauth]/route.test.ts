import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// next-auth's endpoints as this handler serves them (issue 16): what next-auth would have answered
// with a 500 or its own error text is refused first, and every callback URL it reads (query, form,
// cookie) is made one on the public origin, so none of them can break sign-in or leave the site.

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
let GET: Handler;
let POST: Handler;
let origin: string;

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv("AUTH_SECRET", "x".repeat(40));
  vi.stubEnv("AUTH_LOCAL_ADMIN", "on");
  vi.stubEnv("AUTH_OIDC_PROVIDERS", "");
  const route = await import("./route");
  GET = route.GET as Handler;
  POST = route.POST as Handler;
  origin = new URL((await import("@/lib/env")).publicUrl).origin;
});
afterAll(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

function call(method: "GET" | "POST", path: string, init: { cookie?: string; form?: Record<string, string> } = {}) {
  const url = new URL(`/api/auth/${path}`, origin);
  const headers = new Headers();
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.form) headers.set("content-type", "application/x-www-form-urlencoded");
  const request = new Request(url, { method, headers, body: init.form ? new URLSearchParams(init.form) : undefined });
  const nextauth = url.pathname.slice("/api/auth/".length).split("/").map(decodeURIComponent);
  return (method === "GET" ? GET : POST)(request, { params: Promise.resolve({ nextauth }) });
}

describe("next-auth's endpoints", () => {
  it("serve what they serve: providers, the CSRF token, the session", async () => {
    const providers = await call("GET", "providers");
    expect(providers.status).toBe(200);
    expect(Object.keys(await providers.json())).toEqual(["local"]);
    expect((await call("GET", "csrf")).status).toBe(200);
    expect((await call("GET", "session")).status).toBe(200);
  });

  it("refuse actions and providers that do not exist, and the browser client's log", async () => {
    for (const path of [
      "nope",
      "__proto__",
      "_log",
      "callback",
      "signin/nope",
      "callback/nope",
      "providers/local",
      "a/b/c",
    ])
      expect((await call("GET", path)).status, path).toBe(404);
    expect((await call("POST", "_log", { form: { level: "error", code: "x" } })).status).toBe(404);
    expect((await call("POST", "providers")).status).toBe(405);
  });

  it("answer GET on the credentials callback with 405, not a 500 and next-auth's internals", async () => {
    const response = await call("GET", "callback/local");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.text()).not.toMatch(/not supported|Error:/);
  });

  it("take a callback URL that is not one (callbackUrl=x, in the form or a cookie) without a 500", async () => {
    const posted = await call("POST", "callback/local", {
      form: { callbackUrl: "x", username: "admin", password: "wrong" },
    });
    // No CSRF token: refused the way next-auth refuses, to its sign-in page.
    expect(posted.status).toBe(302);
    for (const path of ["session", "csrf", "providers", "signin"]) {
      const response = await call("GET", path, { cookie: "next-auth.callback-url=x" });
      expect(response.status, path).toBeLessThan(500);
    }
  });

  it("never send the browser or its callback-url cookie to another origin", async () => {
    const response = await call("GET", "signin?callbackUrl=https%3A%2F%2Fevil.example%2F", {
      cookie: "next-auth.callback-url=https%3A%2F%2Fevil.example",
    });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location")!).origin).toBe(origin);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.callback-url="));
    expect(decodeURIComponent(cookie?.split(";")[0]?.split("=")[1] ?? origin)).not.toContain("evil.example");
  });

  it("encode what next-auth writes unencoded into its redirects (İ in ?error= was a 500)", async () => {
    const response = await call("GET", "error?error=%C4%B0%0A");
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^[\x21-\x7e]+$/);
    expect(new URL(location).origin).toBe(origin);
  });
});
