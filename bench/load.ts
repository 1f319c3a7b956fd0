// `npm run bench:load`: the production build on loopback, signed-in users opening read pages while
// collections run (against an AWS emulator), in embedded and Postgres modes, then with no think time.
// Prints each figure beside its goal as a ratio and ends with one JSON line. Figures: bench/README.md.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { cleanEnv, startServer, type RunningServer } from "../e2e/fixtures/servers";
import { ensureBuild } from "../scripts/lib/build";
import { bundleServer } from "../scripts/lib/bundle";
import { freePort } from "../test/free-port";
import { createTestDatabase } from "../test/postgres";
import { bundleWorker, spawnWorker, startMoto, type Moto, type WorkerProcess } from "../test/processes";
import { numberFlag } from "./lib/args";
import { createMotoOrganization } from "./lib/moto-org";
import { startOidcProvider } from "../test/oidc/provider";
import { planTeams, planUsers, ROLE_GROUPS, signInOidc, type LoadUser } from "./lib/load-users";

const USAGE = `npm run bench:load -- [options]
  --users N        signed-in users (50)
  --duration S     seconds of load with think time (60)
  --think S        seconds between two page loads of one user (2)
  --saturation S   seconds of load with no think time (20; 0 skips it)
  --accounts N     member accounts of the emulated organization (6)
  --modes LIST     embedded,postgres (both)
  --read-cache on|off      the server's cache of scope-wide reads (on), to compare
  --server-node-flags=S    node flags for the web server, e.g. --server-node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"
Quick check: npm run bench:load -- --users 10 --duration 10 --saturation 5`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    users: { type: "string" },
    duration: { type: "string" },
    think: { type: "string" },
    saturation: { type: "string" },
    accounts: { type: "string" },
    modes: { type: "string" },
    "server-node-flags": { type: "string" },
    "read-cache": { type: "string" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const users = numberFlag("users", values.users, 50, 1, 500);
const durationS = numberFlag("duration", values.duration, 60, 1, 3600);
const thinkS = numberFlag("think", values.think, 2, 0, 60, false);
const saturationS = numberFlag("saturation", values.saturation, 20, 0, 600);
const accounts = numberFlag("accounts", values.accounts, 6, 1, 50);
const modes = (values.modes ?? "embedded,postgres").split(",").map((m) => m.trim());
for (const m of modes) if (m !== "embedded" && m !== "postgres") throw new RangeError(`--modes: unknown mode ${m}`);

const readCacheFlag = values["read-cache"] ?? "on";
if (readCacheFlag !== "on" && readCacheFlag !== "off") throw new RangeError("--read-cache: on or off");
const serverNodeFlags = (values["server-node-flags"] ?? "").split(" ").filter(Boolean);

const GOAL_P99_MS = 500;
// The issue's figures: embedded, demo organization, 50 users with no think time, on a quiet machine.
const ISSUE = { rps: 72, p50: 625, p99: 2070 };
const PAGES = [
  "/",
  "/accounts",
  "/findings",
  "/checks",
  "/compliance",
  "/guardduty",
  "/costs",
  "/trends",
  "/canaries",
  "/runs",
];

/** Pages only an admin may open; the others' users skip them. */
const ADMIN_ONLY = new Set(["/runs"]);
const pagesFor = (user: LoadUser) => PAGES.filter((p) => user.role === "admin" || !ADMIN_ONLY.has(p));

type Sample = { page: string; ms: number; status: number };
type Session = { user: LoadUser; cookie: string; pages: string[] };

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Signs the local admin in through the credentials flow (CSRF token, form post); answers the session cookie. */
async function signIn(base: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/local`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookiesOf(csrf), origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, username: "admin", password, callbackUrl: "/", json: "true" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`local sign-in refused (${res.status})`);
  return session;
}

async function post(base: string, cookie: string, p: string, body: unknown): Promise<Response> {
  return fetch(`${base}${p}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: base, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The local admin's one-time password replaced; answers the admin's session. */
async function signInAdmin(server: RunningServer): Promise<string> {
  const first = await signIn(server.url, server.oneTimePassword!);
  const password = `bench-${randomBytes(12).toString("hex")}`;
  const changed = await post(server.url, first, "/api/account/password", {
    current: server.oneTimePassword,
    next: password,
  });
  if (!changed.ok) throw new Error(`password change refused (${changed.status}): ${await changed.text()}`);
  return signIn(server.url, password);
}

/** The teams, through the admin API: each with its IdP group, so members join at their first sign-in. */
async function createTeams(base: string, admin: string, memberIds: readonly string[]) {
  const plans = planTeams(memberIds);
  for (const t of plans) {
    const res = await post(base, admin, "/api/teams", { name: t.name, description: null, idpGroup: t.group });
    if (res.status !== 201) throw new Error(`team ${t.name} refused (${res.status}): ${await res.text()}`);
    const { team } = (await res.json()) as { team: { id: string } };
    for (const scope of t.scopes) {
      // An account is known once a collection's discovery wrote it (in server mode, when a worker ran it).
      for (const deadline = Date.now() + 300_000; ;) {
        const added = await post(base, admin, `/api/teams/${team.id}/scopes`, scope);
        if (added.status === 201) break;
        const text = await added.text();
        if (added.status !== 422 || Date.now() > deadline)
          throw new Error(`scope of ${t.name} refused (${added.status}): ${text}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
  return plans;
}

/** Every user signed in through the IdP (the app creates them then); each must then see its Overview. */
async function signInUsers(base: string, people: readonly LoadUser[]): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const user of people) {
    const cookie = await signInOidc(base, "bench", user);
    const first = await load(base, cookie, "/");
    if (first.status !== 200) throw new Error(`${user.sub} (${user.role}) got ${first.status} for the Overview`);
    sessions.push({ user, cookie, pages: pagesFor(user) });
  }
  return sessions;
}

async function load(base: string, cookie: string, page: string): Promise<Sample> {
  const t0 = performance.now();
  let status = 0;
  try {
    const res = await fetch(`${base}${page}`, { headers: { cookie }, redirect: "manual" });
    await res.arrayBuffer();
    status = res.status;
  } catch {
    status = -1;
  }
  return { page, ms: performance.now() - t0, status };
}

/** Every user opens the pages of their role in turn (user i starts at page i) every `thinkMs`, or back to back with 0. */
async function drive(base: string, sessions: Session[], seconds: number, thinkMs: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    sessions.map(async ({ cookie, pages }, i) => {
      // Spread over the first interval, so the users do not all ask at the same instant.
      if (thinkMs > 0) await new Promise((r) => setTimeout(r, (thinkMs * i) / sessions.length));
      for (let k = 0; performance.now() < end; k++) {
        const started = performance.now();
        samples.push(await load(base, cookie, pages[(i + k) % pages.length]!));
        const wait = thinkMs - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  return samples;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarize(samples: Sample[], seconds: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const byPage = Object.fromEntries(
    PAGES.map((p) => {
      const own = samples
        .filter((s) => s.page === p)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      return [p, { n: own.length, p50: Math.round(percentile(own, 50)), p99: Math.round(percentile(own, 99)) }];
    }).filter(([, v]) => (v as { n: number }).n > 0),
  ) as Record<string, { n: number; p50: number; p99: number }>;
  const errors = samples.filter((s) => s.status !== 200);
  return {
    requests: samples.length,
    rps: samples.length / seconds,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    errors: errors.length,
    errorStatuses: [...new Set(errors.map((e) => e.status))],
    byPage,
  };
}

/** Asks for a collection whenever none runs (409 while one does), so one is in progress throughout. */
function keepCollecting(base: string, cookie: string) {
  let stopped = false;
  let started = 0;
  const loop = (async () => {
    while (!stopped) {
      const res = await post(base, cookie, "/api/collections", {}).catch(() => undefined);
      if (res?.status === 202) started++;
      await res?.arrayBuffer().catch(() => {});
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return started;
    },
  };
}

/** Asks for a first collection and waits until it has ended: a second request is then accepted (202, not 409). */
async function collectOnce(base: string, cookie: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (let accepted = 0; accepted < 2;) {
    const res = await post(base, cookie, "/api/collections", {});
    if (res.status === 202) accepted++;
    else if (res.status !== 409) throw new Error(`Collect now refused (${res.status}): ${await res.text()}`);
    else await res.arrayBuffer();
    if (Date.now() > deadline) throw new Error("the first collection did not end within 5 minutes");
    if (accepted < 2) await new Promise((r) => setTimeout(r, 1_000));
  }
}

const ratio = (value: number, goal: number) =>
  goal === 0 ? (value === 0 ? "ok" : "missed") : (value / goal).toFixed(2);

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat; after "pid (comm) " the list starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

type ServerRequest = { at: number; path: string; status: number; ms: number };

/** The server's own time per request (its debug "request" lines), for the pages the bench opens. */
function serverRequests(logFile: string): ServerRequest[] {
  return readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.includes('"msg":"request"'))
    .map((l) => JSON.parse(l) as { time: string; path: string; status: number; ms: number })
    .map((r) => ({ at: Date.parse(r.time), path: r.path, status: r.status, ms: r.ms }));
}

function serverTimeByPage(requests: ServerRequest[], from: number, to: number) {
  const within = requests.filter((r) => r.at >= from && r.at <= to);
  return Object.fromEntries(
    PAGES.flatMap((p) => {
      const ms = within
        .filter((r) => r.path === p)
        .map((r) => r.ms)
        .sort((a, b) => a - b);
      return ms.length
        ? [[p, { n: ms.length, p50: Math.round(percentile(ms, 50)), p99: Math.round(percentile(ms, 99)) }]]
        : [];
    }),
  ) as Record<string, { n: number; p50: number; p99: number }>;
}

async function benchMode(mode: "embedded" | "postgres", moto: Moto, memberIds: readonly string[]) {
  const tmp = mkdtempSync(path.join(tmpdir(), "posture-load-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const people = planUsers(users, planTeams(memberIds));
  const client = { clientId: "posture-bench", clientSecret: randomBytes(24).toString("base64url") };
  const idp = await startOidcProvider({
    clients: [{ ...client, redirectUris: [`${base}/api/auth/callback/bench`] }],
    users: people,
    groupsScope: "groups",
    cookiePrefix: "bench",
  });
  const logFile = path.join(tmp, "server.log");
  const aws = {
    AWS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    POSTURE_REGIONS: "us-east-1",
  };
  const db = mode === "postgres" ? await createTestDatabase("posture_load") : undefined;
  const workers: WorkerProcess[] = [];
  let server: RunningServer | undefined;
  try {
    server = await startServer({
      name: `load-${mode}`,
      port,
      banner: true,
      logFile,
      timeoutMs: 240_000,
      nodeArgs: serverNodeFlags,
      env: {
        ...cleanEnv(),
        ...aws,
        NODE_ENV: "production",
        // "debug" for the front server's line per request with its time (scripts/serve.ts).
        LOG_LEVEL: "debug",
        POSTURE_SCHEDULE: "off",
        POSTURE_DEMO: "off",
        POSTURE_READ_CACHE: readCacheFlag,
        AUTH_LOCAL_ADMIN: "on",
        AUTH_URL: base,
        AUTH_OIDC_PROVIDERS: "bench",
        AUTH_OIDC_BENCH_ISSUER: idp.issuer,
        AUTH_OIDC_BENCH_CLIENT_ID: client.clientId,
        AUTH_OIDC_BENCH_CLIENT_SECRET: client.clientSecret,
        AUTH_OIDC_BENCH_NAME: "Bench SSO",
        AUTH_OIDC_BENCH_SCOPES: "groups",
        AUTH_ROLE_GROUPS: ROLE_GROUPS,
        // 50 sign-ins from one address in a minute are this bench, not an attack.
        AUTH_LOGIN_ATTEMPTS: "1000",
        ...(db
          ? { DATABASE_URL: db.url, AUTH_SECRET: randomBytes(32).toString("base64url") }
          : { POSTURE_DATA_DIR: path.join(tmp, "data") }),
      },
    });
    if (db)
      workers.push(
        spawnWorker({
          ...aws,
          DATABASE_URL: db.url,
          POSTURE_SCHEDULE: "off",
          LOG_LEVEL: "warn",
          NODE_ENV: "production",
        }),
      );
    const admin = await signInAdmin(server);
    await collectOnce(server.url, admin);
    await createTeams(server.url, admin, memberIds);
    const sessions = await signInUsers(server.url, people);
    // Every page rendered twice first: the first render of each route pays for loading its code.
    for (const page of [...PAGES, ...PAGES]) await load(server.url, admin, page);
    // What each page costs alone: one user, one page at a time, no collection running.
    const alone: Sample[] = [];
    for (let k = 0; k < 5; k++) for (const page of PAGES) alone.push(await load(server.url, admin, page));
    const collecting = keepCollecting(server.url, admin);
    const steadyFrom = Date.now();
    const cpuFrom = cpuMs(server.pid);
    const steady = summarize(await drive(server.url, sessions, durationS, thinkS * 1000), durationS);
    const steadyTo = Date.now();
    const cpuSteady = cpuMs(server.pid) - cpuFrom;
    const saturated =
      saturationS > 0 ? summarize(await drive(server.url, sessions, saturationS, 0), saturationS) : undefined;
    const runs = await collecting.stop();
    await server.stop();
    server = undefined;
    const serverTime = serverTimeByPage(serverRequests(logFile), steadyFrom, steadyTo);
    // What the server said about failures (its error lines and non-200 answers to pages), for the report.
    const serverErrors = readFileSync(logFile, "utf8")
      .split("\n")
      .filter((l) => l.includes('"level":"error"') || /"msg":"request".*"status":5\d\d/.test(l))
      .slice(0, 5)
      .map((l) => l.slice(0, 400));
    const roles = { admin: 0, triager: 0, viewer: 0 };
    for (const p of people) roles[p.role]++;
    return {
      mode,
      roles,
      alone: summarize(alone, 1),
      steady,
      // The server process's CPU per page under load (collections included in embedded mode).
      cpuMsPerPage: cpuSteady / Math.max(1, steady.requests),
      serverTime,
      serverErrors,
      saturated,
      collectionsStarted: runs,
    };
  } finally {
    await server?.stop();
    await idp.close();
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
    await db?.drop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

ensureBuild();
await bundleServer();
if (modes.includes("postgres")) await bundleWorker();
console.log(
  `bench:load — ${users} users, a page every ${thinkS} s for ${durationS} s, then ${saturationS} s with no think time; ` +
    `collections against an emulated organization of ${accounts + 1} accounts; modes ${modes.join(", ")}`,
);
const round = (n: number) => Math.round(n * 10) / 10;
const results = [];
for (const mode of modes as ("embedded" | "postgres")[]) {
  const moto = await startMoto();
  try {
    const memberIds = await createMotoOrganization(moto.url, accounts);
    const before = loadavg()[0]!;
    const r = { ...(await benchMode(mode, moto, memberIds)), loadAverage: [round(before), round(loadavg()[0]!)] };
    results.push(r);
    const s = r.steady;
    console.log(
      `${mode}: ${s.requests} pages, ${s.rps.toFixed(1)} req/s; p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, ` +
        `p99 ${s.p99.toFixed(0)} ms (goal < ${GOAL_P99_MS}: ratio ${ratio(s.p99, GOAL_P99_MS)}); ` +
        `errors ${s.errors}${s.errors ? ` ${JSON.stringify(s.errorStatuses)}` : ""} (goal 0: ${ratio(s.errors, 0)}); ` +
        `${1 + r.collectionsStarted} collections ran during the load; machine load average ${r.loadAverage.join(" → ")}`,
    );
    console.log(
      `  alone (one user, one page at a time, no collection): p50 ${r.alone.p50.toFixed(0)} ms; per page p50 ms: ` +
        Object.entries(r.alone.byPage)
          .map(([p, v]) => `${p} ${v.p50}`)
          .join(", "),
    );
    console.log(
      `  users: ${r.roles.admin} admins, ${r.roles.triager} triagers, ${r.roles.viewer} viewers, ` +
        `each signed in through the IdP; server time per page p50/p99 ms: ` +
        Object.entries(r.serverTime)
          .map(([p, v]) => `${p} ${v.p50}/${v.p99}`)
          .join(", "),
    );
    console.log(
      `  per page p50/p99 ms: ${Object.entries(s.byPage)
        .map(([p, v]) => `${p} ${v.p50}/${v.p99}`)
        .join(", ")}`,
    );
    const t = r.saturated;
    if (t)
      console.log(
        `  saturation (no think time): ${t.rps.toFixed(1)} req/s (issue ${ISSUE.rps}: ratio ${(t.rps / ISSUE.rps).toFixed(2)}), ` +
          `p50 ${t.p50.toFixed(0)} ms (issue ${ISSUE.p50}: ${(t.p50 / ISSUE.p50).toFixed(2)}), ` +
          `p99 ${t.p99.toFixed(0)} ms (issue ${ISSUE.p99}: ${(t.p99 / ISSUE.p99).toFixed(2)}), ` +
          `errors ${t.errors}${t.errors ? ` ${JSON.stringify(t.errorStatuses)}` : ""}`,
      );
    console.log(
      `  server CPU per page under load: ${r.cpuMsPerPage.toFixed(1)} ms (the web process${mode === "embedded" ? ", with its collections and PGlite" : "; Postgres and the worker not counted"}); read cache ${readCacheFlag}`,
    );
    for (const line of r.serverErrors) console.log(`  server: ${line}`);
  } finally {
    await moto.stop();
  }
}
console.log(
  JSON.stringify({
    bench: "load",
    users,
    durationSeconds: durationS,
    thinkSeconds: thinkS,
    saturationSeconds: saturationS,
    goalP99Ms: GOAL_P99_MS,
    issue: ISSUE,
    modes: results.map((r) => ({
      mode: r.mode,
      roles: r.roles,
      readCache: readCacheFlag,
      cpuMsPerPage: round(r.cpuMsPerPage),
      serverTimeByPage: r.serverTime,
      aloneP50ByPage: Object.fromEntries(Object.entries(r.alone.byPage).map(([p, v]) => [p, v.p50])),
      rps: round(r.steady.rps),
      p50: round(r.steady.p50),
      p95: round(r.steady.p95),
      p99: round(r.steady.p99),
      errors: r.steady.errors,
      p99WithinGoal: r.steady.p99 < GOAL_P99_MS,
      collectionsStarted: r.collectionsStarted,
      loadAverage: r.loadAverage,
      saturation: r.saturated
        ? {
            rps: round(r.saturated.rps),
            p50: round(r.saturated.p50),
            p99: round(r.saturated.p99),
            errors: r.saturated.errors,
            errorStatuses: r.saturated.errorStatuses,
          }
        : null,
    })),
  }),
);
process.exit(0);
