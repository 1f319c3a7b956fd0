import { expect, test, type APIRequestContext } from "@playwright/test";
import { e2e } from "../env";
import { planProbes } from "../hostile/probes";
import { rawProblems } from "../hostile/raw";
import { describeProblems, sendProbes, summarize } from "../hostile/run";

// The hostile-input suite (e2e/hostile/) on a fresh embedded database with default settings, as
// anonymous and the local admin; no payloads in mutations (the shell spec reads this server's
// settings). The password-change limit goes first, before the suite's requests count against it.

test.describe.configure({ mode: "serial" });

const LIMIT = 10; // AUTH_LOGIN_ATTEMPTS, at its default on this server.

test("simultaneous wrong current passwords: no more than the limit are checked", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const attempts = 3 * LIMIT;
  const answers = await Promise.all(
    Array.from({ length: attempts }, () =>
      request.post("/api/account/password", {
        headers: { Origin: origin },
        data: { current: "not the current password", next: `e2e-${crypto.randomUUID()}` },
      }),
    ),
  );
  const statuses = answers.map((a) => a.status());
  const checked = statuses.filter((s) => s === 422).length;
  console.log(`password change: ${attempts} simultaneous wrong passwords, ${checked} checked, the rest refused`);
  expect(statuses.filter((s) => s !== 422 && s !== 429)).toEqual([]);
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(LIMIT);
  const refused = answers.find((a) => a.status() === 429)!;
  expect(await refused.json()).toEqual({
    code: "rate-limited",
    error: "too many wrong passwords: wait 15 minutes and try again",
  });
});

test("every route withstands the hostile corpus on a fresh embedded database", async ({ playwright, baseURL }) => {
  test.setTimeout(10 * 60_000);
  const origin = new URL(baseURL!).origin;
  const contexts: Record<string, APIRequestContext> = {
    anonymous: await playwright.request.newContext({ baseURL }),
    admin: await playwright.request.newContext({ baseURL, storageState: e2e.statePath("embedded-admin.json") }),
  };
  const probes = planProbes({
    personas: ["anonymous", "admin"],
    // Payloads one at a time are the Postgres run's; here all parameters at once, sparing PGlite.
    deep: () => null,
    origin,
    mutations: false,
    noFreshSessions: true,
  });
  const started = Date.now();
  const answers = await sendProbes(probes, {
    contexts,
    origin,
    concurrency: 2,
    allowedOrigins: new Set([origin]),
  });
  const summary = summarize("hostile inputs (embedded server)", answers, (Date.now() - started) / 1000);
  console.log(summary);
  test.info().annotations.push({ type: "hostile inputs", description: summary });

  expect((await contexts.anonymous!.get("/api/health")).status()).toBe(200);
  expect((await contexts.admin!.get("/", { maxRedirects: 0 })).status()).toBe(200);
  for (const context of Object.values(contexts)) await context.dispose();
  await test
    .info()
    .attach("problems", { body: describeProblems(answers, Infinity).join("\n"), contentType: "text/plain" });
  expect(describeProblems(answers), "answers that fail the hostile-input rules").toEqual([]);
  // What Node's parser refuses before any handler: on a socket, since no HTTP client sends it.
  expect(await rawProblems(baseURL!), "requests refused by the HTTP parser").toEqual([]);
});
