import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../lib/db/open";
import { e2e } from "../env";
import { mintSessionCookie } from "../fixtures/db";
import { fetchRsc } from "../fixtures/rsc";
import { loadSeed } from "../fixtures/seed";
import { SESSION_COOKIE, statePath } from "../pages/auth";
import {
  concretePath,
  expectedOutcome,
  isApi,
  matrix,
  matrixPersonas,
  MUTATIONS,
  observedOutcome,
  type MatrixEntry,
  type MatrixPersona,
  type Outcome,
} from "./matrix";

// Every page and route handler (e2e/authz/matrix.ts, checked against app/ by lib/auth/routes.test.ts)
// as every persona, with the cookies of their real sign-in (the setup project's storage states).

test.setTimeout(120_000);

let handle: DatabaseHandle;
test.beforeAll(async () => {
  handle = await openDatabase({ url: e2e.databaseUrl, migrate: false, poolMax: 2 });
});
test.afterAll(async () => {
  await handle?.close();
});

const FOREIGN_ORIGIN = "https://evil.example";

type Row = {
  entry: MatrixEntry;
  persona: MatrixPersona;
  expected: Outcome;
  observed: Outcome | "error";
  status: number;
  location?: string;
};

async function send(api: APIRequestContext, entry: MatrixEntry, origin: string | null): Promise<APIResponse> {
  const mutation = MUTATIONS.has(entry.method);
  return api.fetch(concretePath(entry), {
    method: entry.method,
    headers: {
      ...(origin && mutation ? { Origin: origin } : {}),
      ...(entry.body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    data: entry.body !== undefined ? JSON.stringify(entry.body) : undefined,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}

/** A request context as `persona`: the cached session, or one of its own for requests that end it. */
async function contextFor(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string,
  persona: MatrixPersona,
  entry?: MatrixEntry,
) {
  if (persona === "anonymous") return playwright.request.newContext({ baseURL });
  if (entry?.endsSession) {
    const value = await mintSessionCookie(handle.db, persona);
    const host = new URL(baseURL).hostname;
    return playwright.request.newContext({
      baseURL,
      storageState: {
        cookies: [
          {
            name: SESSION_COOKIE,
            value,
            domain: host,
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
  }
  return playwright.request.newContext({ baseURL, storageState: statePath(persona) });
}

test("every route answers every persona as the matrix says", async ({ playwright, baseURL }) => {
  const seed = loadSeed();
  const secrets = [seed.teams.payments, seed.teams.data, seed.unassigned].flatMap((g) => g.secrets);
  const rows: Row[] = [];
  const leaks: string[] = [];
  // One stream of requests per persona, the personas side by side.
  await Promise.all(
    matrixPersonas.map(async (persona) => {
      const shared = await contextFor(playwright, baseURL!, persona);
      for (const entry of matrix) {
        const api = entry.endsSession ? await contextFor(playwright, baseURL!, persona, entry) : shared;
        const response = await send(api, entry, baseURL!);
        const location = response.headers()["location"];
        rows.push({
          entry,
          persona,
          expected: expectedOutcome(entry, persona),
          observed: observedOutcome(response.status(), location, entry),
          status: response.status(),
          location,
        });
        // A refused page must not carry data in its body, nor in the payload a client-side navigation fetches.
        if (!isApi(entry) && expectedOutcome(entry, persona) !== "allowed") {
          for (const [how, r] of [
            ["HTML", response],
            ["RSC", await fetchRsc(api, concretePath(entry))],
          ] as const) {
            const body = await r.text();
            const found = secrets.filter((s) => body.includes(s));
            if (found.length)
              leaks.push(
                `${persona} ${entry.method} ${concretePath(entry)} (${how}, ${r.status()}): ${found.join(", ")}`,
              );
          }
        }
        if (api !== shared) await api.dispose();
      }
      await shared.dispose();
    }),
  );

  const wrong = rows.filter((r) => r.observed !== r.expected);
  const unauthorizedSuccesses = rows.filter((r) => r.expected !== "allowed" && r.observed === "allowed");
  const routes = new Set(matrix.map((e) => `${e.method} ${e.path}`)).size;
  const summary = `authorization matrix: ${routes} routes × ${matrixPersonas.length} personas = ${rows.length} requests; unauthorized successes: ${unauthorizedSuccesses.length}; other mismatches: ${wrong.length - unauthorizedSuccesses.length}; data in refused pages: ${leaks.length}`;
  console.log(summary);
  test.info().annotations.push({ type: "authz matrix", description: summary });
  const describe = (r: Row) =>
    `${r.persona.padEnd(9)} ${r.entry.method} ${concretePath(r.entry)} expected ${r.expected}, got ${r.observed} (${r.status}${r.location ? ` → ${r.location}` : ""})`;
  expect(unauthorizedSuccesses.map(describe), "let in where it must not be").toEqual([]);
  expect(wrong.map(describe), "answered differently than the matrix says").toEqual([]);
  expect(leaks, "refused pages carrying account data").toEqual([]);
});

test("every mutation refuses a foreign or missing Origin, whoever sends it", async ({ playwright, baseURL }) => {
  const mutations = matrix.filter((e) => MUTATIONS.has(e.method));
  const wrong: string[] = [];
  let sent = 0;
  for (const persona of matrixPersonas) {
    for (const entry of mutations) {
      // Sign-out gets a session of its own: if the check failed, it would end the cached one.
      const api = await contextFor(playwright, baseURL!, persona, entry);
      for (const origin of [FOREIGN_ORIGIN, null]) {
        const response = await send(api, entry, origin);
        sent++;
        const label = `${persona} ${entry.method} ${concretePath(entry)} with ${origin ? `Origin ${origin}` : "no Origin"}`;
        if (entry.csrf === "next-auth") {
          // next-auth answers for itself: no CSRF token, no effect; never a session cookie.
          const setCookie = response
            .headersArray()
            .filter(
              (h) =>
                h.name.toLowerCase() === "set-cookie" &&
                h.value.startsWith(`${SESSION_COOKIE}=`) &&
                !h.value.startsWith(`${SESSION_COOKIE}=;`),
            );
          if (response.ok() || setCookie.length > 0)
            wrong.push(`${label}: ${response.status()}${setCookie.length ? " and set a session cookie" : ""}`);
        } else if (response.status() !== 403) {
          wrong.push(`${label}: ${response.status()}, expected 403`);
        }
      }
      await api.dispose();
    }
  }
  const summary = `cross-site mutations: ${mutations.length} mutations × ${matrixPersonas.length} personas × 2 (foreign, missing Origin) = ${sent} requests; accepted: ${wrong.length}`;
  console.log(summary);
  test.info().annotations.push({ type: "csrf", description: summary });
  expect(wrong).toEqual([]);
});
