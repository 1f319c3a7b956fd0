import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { until } from "../until";

// The first start of an embedded install without AWS: the server loads the demo organization in
// the background and goes on answering. The health check, the banner's route and a page's reads
// are served over HTTP by this process while the loader runs in it, as in `npm start`.

const ctx = vi.hoisted(() => {
  process.env.AUTH_SECRET = "integration-test-secret-of-at-least-32-characters";
  return { cookie: null as string | null, db: null as unknown };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (ctx.cookie && name === "next-auth.session-token" ? { name, value: ctx.cookie } : undefined),
  }),
  headers: async () => new Headers({ host: "127.0.0.1:3000" }),
}));
vi.mock("@/lib/db", () => ({
  getDatabase: async () => ({ db: ctx.db, mode: "embedded" }),
  getDb: async () => ctx.db,
}));

const { GET: health } = await import("@/app/api/health/route");
const { GET: demoRoute } = await import("@/app/api/demo/route");
const { startInProcessCollector, shouldLoadDemo } = await import("@/lib/collector/in-process");
const { loadDemoOrganization } = await import("@/lib/collector/demo");
const { checks, orgChecks } = await import("@/lib/checks/registry");
const { openDatabase } = await import("@/lib/db/open");
const { DEMO_STALLED_AFTER_MS, demoStatus, discardUnfinishedDemo, getDemoState } =
  await import("@/lib/db/queries/demo");
const { getOverview } = await import("@/lib/db/queries/overview");
const { scopeToAccounts } = await import("@/lib/db/queries/scope");
const { createSession } = await import("@/lib/db/queries/sessions");
const { hashToken, newSessionToken } = await import("@/lib/auth/tokens");
const { sessionPolicy } = await import("@/lib/auth/policy");
const { parseEnv } = await import("@/lib/env");
const { CHECK_SETTINGS_KEY } = await import("@/lib/checks/settings");
const { demoOrganization } = await import("@/lib/demo/organization");
const s = await import("@/lib/db/schema");

type Handle = Awaited<ReturnType<typeof openDatabase>>;
type Db = Handle["db"];

/** Time to answer while the demo loads. Before the loader let the event loop run, it was the whole load (17–61 s). */
const ANSWER_WITHIN_MS = 2_000;
const demoIds = demoOrganization.accounts.map((a) => a.id);
const noAws = () => parseEnv({ POSTURE_SCHEDULE: "off", POSTURE_DEMO: "on" });

const dirs: string[] = [];
const handles: Handle[] = [];
async function open(dataDir: string): Promise<Db> {
  const handle = await openDatabase({ dataDir });
  handles.push(handle);
  ctx.db = handle.db;
  return handle.db;
}
const newDataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "posture-demo-loading-"));
  dirs.push(dir);
  return dir;
};

let server: Server;
let base = "";
beforeAll(async () => {
  // What the overview page reads, next to the two routes, all on this process's event loop.
  server = createServer((req, res) => {
    const url = `http://127.0.0.1:3000${req.url}`;
    const answer = async (): Promise<Response> => {
      if (req.url === "/api/health") return health();
      if (req.url === "/api/demo") return demoRoute(new Request(url), { params: Promise.resolve({}) });
      return Response.json(await getOverview(ctx.db as Db, scopeToAccounts(demoIds)));
    };
    void answer().then(async (r) => {
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(await r.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  for (const h of handles) await h.close().catch(() => {});
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function signInViewer(db: Db) {
  const [user] = await db
    .insert(s.users)
    .values({ email: `viewer-${randomUUID().slice(0, 8)}@example.com`, role: "viewer" })
    .returning();
  const token = newSessionToken();
  await createSession(db, { userId: user!.id, tokenHash: hashToken(token), now: new Date(), policy: sessionPolicy });
  ctx.cookie = await encode({ token: { sid: token }, secret: process.env.AUTH_SECRET! });
}

/** GETs a path of the in-process server; returns its JSON and how long the answer took. */
async function timedGet(p: string): Promise<{ ms: number; status: number; body: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as Record<string, unknown>;
  return { ms: performance.now() - started, status: res.status, body };
}

const demoRuns = async (db: Db) =>
  (await db.select({ id: s.collectionRuns.id }).from(s.collectionRuns).where(eq(s.collectionRuns.trigger, "demo")))
    .length;

/** Samples the three answers while the demo loads; returns the days it reported. */
async function sampleWhileLoading(rounds: number): Promise<number[]> {
  const days: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [h, d, page] = [await timedGet("/api/health"), await timedGet("/api/demo"), await timedGet("/overview")];
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: "ok", demo: { state: "loading", days: 90 } });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ demo: { state: "loading", days: 90 } });
    expect(page.status).toBe(200);
    expect(page.body).toHaveProperty("accountCount");
    for (const answer of [h, d, page]) expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    days.push((d.body.demo as { day: number }).day);
    await new Promise((r) => setTimeout(r, 700));
  }
  return days;
}

describe("loading the demo organization at first start", () => {
  it("answers pages, the health check and the banner's route while it loads, then completes", async () => {
    const dataDir = newDataDir();
    let db = await open(dataDir);
    await signInViewer(db);
    expect((await timedGet("/api/health")).body).toMatchObject({ demo: { state: "none" } });

    const started = performance.now();
    await startInProcessCollector(db, noAws());
    expect(performance.now() - started).toBeLessThan(5_000);
    await until(async () => (await demoRuns(db)) >= 2, { timeoutMs: 60_000 });
    const days = await sampleWhileLoading(4);
    // The banner's figure moves as days are written, and never backwards.
    expect(days.at(-1)!).toBeGreaterThan(days[0]!);
    expect([...days].sort((a, b) => a - b)).toEqual(days);

    // The server stops mid-load: committed days stay on disk, but nothing marks the demo complete.
    const first = await getDemoState(db);
    if (!first.present) throw new Error("the demo organization should be there while it loads");
    await handles.at(-1)!.close();
    db = await open(dataDir);
    await signInViewer(db);
    const interrupted = await getDemoState(db);
    expect(interrupted).toMatchObject({ present: true, loaded: false, loading: { days: 90, stalled: false } });
    const writtenDays = interrupted.present ? interrupted.loading!.day : -1;
    expect(writtenDays).toBeGreaterThan(0);
    expect(writtenDays).toBeLessThan(90);
    // No process is writing it any more: after a while the banner says it stopped instead of "loading".
    const later = new Date(Date.now() + DEMO_STALLED_AFTER_MS + 1_000);
    expect(demoStatus(await getDemoState(db, { now: later }))).toEqual({
      state: "interrupted",
      day: writtenDays,
      days: 90,
    });

    // The next start loads it again from the first day, answering meanwhile, and completes it once.
    await startInProcessCollector(db, noAws());
    await until(
      async () => {
        const state = await getDemoState(db);
        return state.present && state.organizationId !== first.organizationId;
      },
      { timeoutMs: 60_000 },
    );
    expect(await demoRuns(db)).toBeLessThan(writtenDays + 1);
    await sampleWhileLoading(2);
    await until(async () => demoStatus(await getDemoState(db)).state === "ready", {
      timeoutMs: 400_000,
      everyMs: 1_000,
    });
    expect(await demoRuns(db)).toBe(90);
    expect(await db.select().from(s.organizations).where(eq(s.organizations.isDemo, true))).toHaveLength(1);
    expect((await timedGet("/api/health")).body).toMatchObject({ status: "ok", demo: { state: "ready" } });
    expect((await timedGet("/api/demo")).body).toEqual({ demo: { state: "ready" } });
    expect(((await timedGet("/overview")).body as { canariesTrippedLast7d: number }).canariesTrippedLast7d).toBe(1);
    // A complete demo is never taken for an unfinished one.
    expect(await discardUnfinishedDemo(db, { demoCheckSettings: demoOrganization.checkSettings })).toBe(false);
  }, 600_000);

  it("drops an unfinished demo at a start that will not load it, without recording a removal", async () => {
    const db = await open(newDataDir());
    const load = loadDemoOrganization(db, { checks, orgChecks });
    await until(async () => (await demoRuns(db)) >= 1, { timeoutMs: 60_000 });
    await handles.at(-1)!.close();
    await expect(load).rejects.toThrow();

    const reopened = await open(dirs.at(-1)!);
    expect(await getDemoState(reopened)).toMatchObject({ present: true, loaded: false });
    // Credentials are configured now: this start does not load the demo, so the half of it goes.
    const env = parseEnv({
      POSTURE_SCHEDULE: "off",
      POSTURE_DEMO: "auto",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    });
    expect(await shouldLoadDemo(reopened, env, { hubCredentials: "configured" })).toBe(false);
    await startInProcessCollector(reopened, env);
    expect(await getDemoState(reopened)).toEqual({ present: false, removed: false });
    expect(await reopened.select().from(s.awsAccounts)).toEqual([]);
    expect(await reopened.select().from(s.settings).where(eq(s.settings.key, CHECK_SETTINGS_KEY))).toEqual([]);
    expect((await timedGet("/api/health")).body).toMatchObject({ demo: { state: "none" } });
  }, 120_000);
});
