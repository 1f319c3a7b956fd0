import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import path from "node:path";
import { hashToken, newSessionToken } from "../../lib/auth/tokens";
import { REACHABLE_FOR_MS } from "../../lib/db/reachable";
import { openDatabase } from "../../lib/db/open";
import { createSession } from "../../lib/db/queries/sessions";
import * as s from "../../lib/db/schema";
import { startCluster, type Cluster } from "../../test/cluster";
import { freePort } from "../../test/free-port";
import { cleanEnv, startServer, type RunningServer } from "../fixtures/servers";
import { SESSION_COOKIE } from "../pages/auth";

// A production server on a PostgreSQL cluster of this file's own, stopped and started again under it:
// pages and route handlers answer a clear 503 with Retry-After while it is down, and 200 once it is back.

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let cluster: Cluster;
let server: RunningServer;
let sessionValue: string;
let cookie: string;

test.beforeAll(async () => {
  cluster = await startCluster();
  const secret = randomBytes(32).toString("base64url");
  // Migrated up front, so the viewer and the session exist before the server opens the database.
  const handle = await openDatabase({ url: cluster.url, poolMax: 2 });
  try {
    const [user] = await handle.db
      .insert(s.users)
      .values({ email: "vera.viewer@corp.example", name: "Vera Viewer", role: "viewer", roleSource: "manual" })
      .returning({ id: s.users.id });
    const token = newSessionToken();
    await createSession(handle.db, {
      userId: user!.id,
      tokenHash: hashToken(token),
      now: new Date(),
      policy: { idleMs: 30 * 60_000, absoluteMs: 3_600_000 },
      userAgent: "e2e database outage",
    });
    sessionValue = await encode({ token: { sid: token }, secret, maxAge: 3600 });
    cookie = `${SESSION_COOKIE}=${sessionValue}`;
  } finally {
    await handle.close();
  }
  const port = await freePort();
  server = await startServer({
    name: "outage",
    port,
    banner: false,
    logFile: path.join(".test-results", "e2e-outage.log"),
    env: {
      ...cleanEnv(),
      NODE_ENV: "production",
      LOG_LEVEL: "error",
      POSTURE_SCHEDULE: "off",
      POSTURE_DEMO: "off",
      DATABASE_URL: cluster.url,
      AUTH_SECRET: secret,
      AUTH_URL: `http://127.0.0.1:${port}`,
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  cluster?.stop();
});

const get = (request: APIRequestContext, p: string) =>
  request.get(`${server.url}${p}`, { headers: { cookie }, maxRedirects: 0 });

test("pages and route handlers answer 503 while PostgreSQL is down, and 200 once it is back", async ({
  request,
  page,
}) => {
  expect((await get(request, "/findings")).status()).toBe(200);
  expect((await get(request, "/api/demo")).status()).toBe(200);

  cluster.down();
  // Past the time a successful probe is trusted: from here every page load probes the database.
  await new Promise((r) => setTimeout(r, REACHABLE_FOR_MS + 100));
  for (const p of ["/findings", "/", "/accounts", "/signin"]) {
    const res = await get(request, p);
    expect(res.status(), p).toBe(503);
    expect(res.headers()["retry-after"]).toBe("5");
    const body = await res.text();
    expect(body).toContain("The database is not reachable");
    expect(body).not.toMatch(/ECONNREFUSED|at \w+ \(|stack/i);
  }
  const api = await get(request, "/api/demo");
  expect(api.status()).toBe(503);
  expect(api.headers()["retry-after"]).toBe("5");
  expect(await api.json()).toMatchObject({ code: "unavailable" });

  // The page a browser shows: it says what is wrong and that it retries by itself.
  await page.context().addCookies([{ name: SESSION_COOKIE, value: sessionValue, url: server.url }]);
  const shown = await page.goto(`${server.url}/findings`);
  expect(shown!.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "The database is not reachable" })).toBeVisible();
  await expect(page.getByText("This page retries")).toBeVisible();

  cluster.up();
  // No restart of the app: its pools connect again, and the page's own reload brings the findings back.
  await expect(page.getByRole("heading", { name: "Findings", level: 1 })).toBeVisible({ timeout: 30_000 });
  expect((await get(request, "/findings")).status()).toBe(200);
  expect((await get(request, "/api/demo")).status()).toBe(200);
});
