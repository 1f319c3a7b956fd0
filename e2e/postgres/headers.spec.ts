import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { concretePath, isApi, matrix } from "../authz/matrix";
import { statePath } from "../pages/auth";

// Every HTML page, signed in and signed out (the sign-in page, 404, 403 and "ask your admin"
// included): a Content-Security-Policy with a fresh nonce that every script carries, no inline
// script allowed otherwise, no framing, no sniffing, a referrer policy; HSTS only over https.

const PAGES = matrix.filter((e) => e.method === "GET" && !isApi(e)).map(concretePath);

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/** Checks one HTML response; returns its nonce. */
async function expectHardened(response: APIResponse, label: string): Promise<string> {
  const headers = response.headers();
  expect(headers["content-type"], `${label}: HTML`).toContain("text/html");
  const csp = headers["content-security-policy"];
  expect(csp, `${label}: Content-Security-Policy`).toBeTruthy();
  const policy = directives(csp!);
  const scriptSrc = policy.get("script-src") ?? [];
  const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
  expect(nonce, `${label}: a nonce in script-src (${scriptSrc.join(" ")})`).toBeTruthy();
  expect(scriptSrc, `${label}: no inline script without the nonce`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${label}: no eval`).not.toContain("'unsafe-eval'");
  expect(policy.get("frame-ancestors"), `${label}: frame-ancestors`).toEqual(["'none'"]);
  expect(policy.get("object-src"), `${label}: object-src`).toEqual(["'none'"]);
  expect(headers["x-content-type-options"], `${label}: nosniff`).toBe("nosniff");
  expect(headers["referrer-policy"], `${label}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"], `${label}: no HSTS over plain http`).toBeUndefined();

  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]!);
  expect(scripts.length, `${label}: has scripts`).toBeGreaterThan(0);
  const withoutNonce = scripts.filter(
    (attrs) => !new RegExp(`\\bnonce="${nonce!.replace(/[+/=]/g, (c) => `\\${c}`)}"`).test(attrs),
  );
  expect(withoutNonce, `${label}: every <script> carries this response's nonce`).toEqual([]);
  return nonce!;
}

async function as(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string,
  persona?: "admin" | "viewer" | "norole",
) {
  return playwright.request.newContext({ baseURL, storageState: persona ? statePath(persona) : undefined });
}

test("signed out: the sign-in page every page redirects to, and 404", async ({ playwright, baseURL }) => {
  const api = await as(playwright, baseURL!);
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const response = await api.get(path); // follows the redirect to /signin
    expect(new URL(response.url()).pathname, path).toBe("/signin");
    nonces.add(await expectHardened(response, `signed out ${path}`));
  }
  expect(nonces.size, "a fresh nonce for every response").toBe(PAGES.length);
  const missing = await api.get("/no-such-page");
  expect(missing.status()).toBe(404);
  await expectHardened(missing, "signed out 404");
  await api.dispose();
});

test("signed in: every page, 404, 403 and 'ask your admin'", async ({ playwright, baseURL }) => {
  const admin = await as(playwright, baseURL!, "admin");
  for (const path of PAGES) {
    const response = await admin.get(path);
    expect(response.status(), path).toBeLessThan(500);
    await expectHardened(response, `admin ${path} → ${new URL(response.url()).pathname} (${response.status()})`);
  }
  const missing = await admin.get("/no-such-page");
  expect(missing.status()).toBe(404);
  await expectHardened(missing, "admin 404");
  await admin.dispose();

  const viewer = await as(playwright, baseURL!, "viewer");
  const forbidden = await viewer.get("/settings");
  expect(forbidden.status()).toBe(403);
  await expectHardened(forbidden, "viewer 403");
  await viewer.dispose();

  const norole = await as(playwright, baseURL!, "norole");
  const noAccess = await norole.get("/");
  expect(new URL(noAccess.url()).pathname).toBe("/no-access");
  await expectHardened(noAccess, "no role /no-access");
  await norole.dispose();
});

test("HSTS only when served over https", async ({ request }) => {
  expect((await request.get("/signin")).headers()["strict-transport-security"]).toBeUndefined();
  const https = await request.get("/signin", { headers: { "X-Forwarded-Proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains/);
});
