import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../lib/db/open";
import { matrix, NO_SUCH_ID } from "../authz/matrix";
import { scanRoutes } from "../authz/routes";
import { e2e } from "../env";
import { mintSessionCookie } from "../fixtures/db";
import { providers, type PersonaName } from "../fixtures/personas";
import { SESSION_COOKIE, statePath } from "../pages/auth";
import { payloads, urlText } from "./payloads";
import { planProbes, type Probe } from "./probes";
import { rawProblems } from "./raw";
import { describeProblems, sendProbes, summarize, type Answer } from "./run";
import { pathParams, surface } from "./surface";

// The hostile-input suite (issue 16) on the Postgres server, which has every role: every route of
// app/ and parameter its schema names, anonymous and as each role, with e2e/hostile/payloads.ts and
// probes of methods, paths, headers, cookies and cross-site requests (rules: e2e/hostile/run.ts).

test.setTimeout(15 * 60_000);

const appDir = path.join(import.meta.dirname, "../../app");
// Anonymous and each role, and signed in without one (outsider is a triager: the scope tests' concern).
const personas = ["anonymous", "norole", "viewer", "triager", "admin"] as const satisfies readonly (
  "anonymous" | PersonaName
)[];

let handle: DatabaseHandle;
test.beforeAll(async () => {
  handle = await openDatabase({ url: e2e.databaseUrl, migrate: false, poolMax: 2 });
});
test.afterAll(async () => {
  await handle?.close();
});

/** Every (route, parameter, persona, payload class) the plan must reach at least once. */
function missingCoverage(answers: Answer[]): string[] {
  const seen = new Set(
    answers.flatMap((a) =>
      a.probe.covers.map(([where, kind]) => `${a.probe.route}|${where}|${a.probe.persona}|${kind}`),
    ),
  );
  const urlClasses = [...new Set(payloads.filter((p) => urlText(p) !== null).map((p) => p.class))];
  const bodyClasses = [...new Set(payloads.filter((p) => !p.urlOnly).map((p) => p.class))];
  const missing: string[] = [];
  for (const entry of matrix) {
    const route = `${entry.method} ${entry.path}`;
    const info = surface[route]!;
    const slots = [
      ...pathParams(entry.path).map((n) => [`path.${n}`, urlClasses] as const),
      ...(info.query ?? []).map((n) => [`query.${n}`, urlClasses] as const),
      ...(info.body ?? []).map((n) => [`body.${n}`, bodyClasses] as const),
    ];
    for (const persona of personas)
      for (const [where, classes] of slots)
        for (const kind of classes)
          if (!seen.has(`${route}|${where}|${persona}|${kind}`)) missing.push(`${route} ${where} ${persona} ${kind}`);
  }
  return missing;
}

test("every route, parameter and persona withstands the hostile corpus", async ({ playwright, baseURL }) => {
  // A route the suite does not know would go unprobed: the same list as the authorization matrix.
  const served = scanRoutes(appDir).map((r) => `${r.method} ${r.path}`);
  expect(
    served.filter((k) => !(k in surface)),
    "routes without an entry in e2e/hostile/surface.ts",
  ).toEqual([]);

  const origin = new URL(baseURL!).origin;
  const contexts: Record<string, APIRequestContext> = {
    anonymous: await playwright.request.newContext({ baseURL }),
  };
  for (const persona of personas.filter((p) => p !== "anonymous"))
    contexts[persona] = await playwright.request.newContext({ baseURL, storageState: statePath(persona) });
  const fresh = async (persona: string) => {
    const value = await mintSessionCookie(handle.db, persona as PersonaName);
    return playwright.request.newContext({
      baseURL,
      storageState: {
        cookies: [
          {
            name: SESSION_COOKIE,
            value,
            domain: new URL(origin).hostname,
            path: "/",
            expires: -1,
            httpOnly: true,
            secure: false,
            sameSite: "Lax",
          },
        ],
        origins: [],
      },
    });
  };

  const probes: Probe[] = planProbes({
    personas,
    deep: (entry) => (entry.needs === "public" ? "anonymous" : "admin"),
    origin,
    mutations: true,
  });
  const createdTeams: string[] = [];
  const started = Date.now();
  const answers = await sendProbes(probes, {
    contexts,
    fresh,
    origin,
    concurrency: 6,
    allowedOrigins: new Set([origin, ...Object.keys(providers).map((id) => new URL(e2e.idpIssuer(id)).origin)]),
    onCreated: (probe, body) => {
      const id = (body as { team?: { id?: string } } | undefined)?.team?.id;
      if (probe.route === "POST /api/teams" && id) createdTeams.push(id);
    },
  });
  const seconds = (Date.now() - started) / 1000;

  // What the accepted payloads changed is put back: their teams go, the check settings are reset.
  const admin = contexts.admin!;
  for (const id of createdTeams) await admin.delete(`/api/teams/${id}`, { headers: { Origin: origin } });
  expect((await admin.delete("/api/settings/checks", { headers: { Origin: origin } })).status()).toBe(200);

  // Still serving, and the personas' sessions still good.
  expect((await contexts.anonymous!.get("/api/health")).status()).toBe(200);
  expect((await admin.get("/", { maxRedirects: 0 })).status()).toBe(200);
  expect((await contexts.viewer!.get(`/api/runs/${NO_SUCH_ID}`)).status()).toBe(403);

  const summary = summarize("hostile inputs (Postgres server)", answers, seconds);
  console.log(summary);
  test.info().annotations.push({ type: "hostile inputs", description: summary });
  for (const context of Object.values(contexts)) await context.dispose();

  expect(missingCoverage(answers), "route × parameter × persona × payload class never sent").toEqual([]);
  await test
    .info()
    .attach("problems", { body: describeProblems(answers, Infinity).join("\n"), contentType: "text/plain" });
  expect(describeProblems(answers), "answers that fail the hostile-input rules").toEqual([]);
  // What Node's parser refuses before any handler: on a socket, since no HTTP client sends it.
  expect(await rawProblems(baseURL!), "requests refused by the HTTP parser").toEqual([]);
});

/** Issue 16's reproductions, each as it was reported: every one now a 4xx, or a redirect that stays home. */
const reproductions: (Omit<Probe, "route" | "where" | "kind" | "covers" | "markers" | "headers"> & {
  headers?: Record<string, string>;
})[] = [
  ...["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"].flatMap((key) => [
    { persona: "anonymous", method: "GET", url: `/signin?error=${key}`, expect: [200] },
    { persona: "anonymous", method: "GET", url: `/signin?reason=${key}`, expect: [200] },
  ]),
  ...["/api/runs/%", "/api/auth/%", "/runs/%zz"].map((url) => ({
    persona: "anonymous",
    method: "GET",
    url,
    expect: [400],
  })),
  { persona: "anonymous", method: "TRACE", url: "/", expect: [405] },
  { persona: "anonymous", method: "GET", url: "/runs/", expect: [308] },
  { persona: "anonymous", method: "GET", url: "//runs", expect: [308] },
  // 405 where the local admin exists; 404 here, where it does not (Postgres).
  { persona: "anonymous", method: "GET", url: "/api/auth/callback/local", expect: [404, 405] },
  {
    persona: "anonymous",
    method: "POST",
    url: "/api/auth/callback/local",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "callbackUrl=x&username=admin&password=x",
    expect: [302, 404],
  },
  ...["session", "csrf", "providers", "signin"].map((action) => ({
    persona: "anonymous",
    method: "GET",
    url: `/api/auth/${action}`,
    headers: { Cookie: "next-auth.callback-url=x" },
    expect: action === "signin" ? [302] : [200],
  })),
  ...["/%09/evil.example", "/\\evil.example", "https://evil.example/", "/caf%C3%A9%0A", "%0d%0aSet-Cookie:%20a=b"].map(
    (callback) => ({ persona: "admin", method: "GET", url: `/signin?callbackUrl=${callback}`, expect: [307] }),
  ),
  { persona: "admin", method: "GET", url: "/api/audit/export?actor=%00", expect: [422] },
  { persona: "admin", method: "GET", url: "/settings/audit?actor=%00", expect: [200] },
  ...[
    { sensitiveDataTag: { key: "\u0000", values: ["x"] } },
    { sensitiveDataTag: { key: "Data", values: ["\ud800"] } },
  ].map((body) => ({
    persona: "admin",
    method: "PUT",
    url: "/api/settings/checks",
    body: JSON.stringify(body),
    expect: [422],
  })),
  ...[{ name: "\u0000" }, { name: "x", idpGroup: "\ud800" }, { name: "x", description: "a\u0000" }].map((body) => ({
    persona: "admin",
    method: "POST",
    url: "/api/teams",
    body: JSON.stringify(body),
    expect: [422],
  })),
  // A foreign Origin with a Host or X-Forwarded-Host that names the same host: was accepted.
  ...[
    { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
    { Origin: "https://evil.example", Host: "evil.example" },
  ].flatMap((headers) => [
    { persona: "admin", method: "POST", url: "/api/teams", headers, body: '{"name":"csrf"}', expect: [403] },
    { persona: "admin", method: "DELETE", url: "/api/demo", headers, expect: [403] },
  ]),
];

test("issue 16's reproductions answer 4xx or stay on this site", async ({ playwright, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const contexts: Record<string, APIRequestContext> = {
    anonymous: await playwright.request.newContext({ baseURL }),
    admin: await playwright.request.newContext({ baseURL, storageState: statePath("admin") }),
  };
  const probes: Probe[] = reproductions.map((r) => ({
    ...r,
    route: "reproduction",
    where: "reproduction",
    kind: "reproduction",
    covers: [],
    markers: [],
    headers: {
      ...(r.method === "GET" || r.method === "TRACE" ? {} : { Origin: origin, "Content-Type": "application/json" }),
      ...r.headers,
    },
  }));
  const answers = await sendProbes(probes, { contexts, origin, concurrency: 2, allowedOrigins: new Set([origin]) });
  for (const context of Object.values(contexts)) await context.dispose();
  console.log(summarize("issue 16 reproductions", answers, 0));
  expect(describeProblems(answers)).toEqual([]);
});
