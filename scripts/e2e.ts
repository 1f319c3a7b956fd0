// `npm run test:e2e`: builds if needed, starts on loopback, for this run only, two OpenID providers and
// four production servers (postgres, embedded, demo, local: below), and runs Playwright with them in E2E_*
// variables (e2e/env.ts), so the specs own every party they sign in with. Logs: .test-results/e2e-*.log.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { personas, providers, ROLE_GROUPS } from "../e2e/fixtures/personas";
import { cleanEnv, startServer, type RunningServer } from "../e2e/fixtures/servers";
import { openDatabase } from "../lib/db/open";
import { freePort } from "../test/free-port";
import { startOidcProvider, type RunningOidcProvider } from "../test/oidc/provider";
import { createTestDatabase } from "../test/postgres";
import { ensureBuild } from "./lib/build";
import { bundleServer } from "./lib/bundle";

const LOGS = ".test-results";
const IDLE_MINUTES = 30;
const LOCAL_LOGIN_ATTEMPTS = 3;

ensureBuild();
await bundleServer();
const t0 = Date.now();
mkdirSync(LOGS, { recursive: true });
const database = await createTestDatabase("posture_e2e");
const tmp = mkdtempSync(path.join(tmpdir(), "posture-e2e-"));
const dirs = {
  embedded: path.join(tmp, "embedded"),
  demo: path.join(tmp, "demo"),
  local: path.join(tmp, "local"),
  state: path.join(tmp, "state"),
};
mkdirSync(dirs.state);
const idps: (RunningOidcProvider & { id: string })[] = [];
const servers: RunningServer[] = [];
let status = 1;
try {
  // Migrate up front so the Postgres server and the test's seeding never race on a fresh schema.
  await (await openDatabase({ url: database.url })).close();
  const [pgPort, embeddedPort, demoPort, localPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString("base64url");

  const oidcEnv: Record<string, string> = { AUTH_OIDC_PROVIDERS: Object.keys(providers).join(",") };
  for (const p of Object.values(providers)) {
    const clientId = `posture-${p.id}`;
    const clientSecret = randomBytes(24).toString("base64url");
    const idp = await startOidcProvider({
      clients: [{ clientId, clientSecret, redirectUris: [`${base(pgPort)}/api/auth/callback/${p.id}`] }],
      users: Object.values(personas),
      groupsScope: p.groupsScope,
      cookiePrefix: p.id,
    });
    idps.push({ ...idp, id: p.id });
    const prefix = `AUTH_OIDC_${p.id.toUpperCase()}_`;
    Object.assign(oidcEnv, {
      [`${prefix}ISSUER`]: idp.issuer,
      [`${prefix}CLIENT_ID`]: clientId,
      [`${prefix}CLIENT_SECRET`]: clientSecret,
      [`${prefix}NAME`]: p.label,
      [`${prefix}PRESET`]: p.preset,
      // The generic preset asks for no groups; this IdP (like Okta) sends them for the "groups" scope.
      ...(p.groupsScope === "groups" ? { [`${prefix}SCOPES`]: "groups" } : {}),
    });
  }

  // No scheduled collection and no AWS: nothing may call out of this machine.
  const common = {
    ...cleanEnv(),
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    POSTURE_SCHEDULE: "off",
    POSTURE_DEMO: "off",
    AUTH_IDLE_TIMEOUT_MINUTES: String(IDLE_MINUTES),
  };
  const started = await Promise.allSettled([
    startServer({
      name: "postgres",
      port: pgPort,
      banner: false,
      logFile: path.join(LOGS, "e2e-postgres.log"),
      env: {
        ...common,
        ...oidcEnv,
        DATABASE_URL: database.url,
        AUTH_SECRET: secret,
        AUTH_URL: base(pgPort),
        AUTH_ROLE_GROUPS: ROLE_GROUPS,
        // Deployed behind one reverse proxy: X-Forwarded-* are believed (the HSTS test sends one).
        AUTH_TRUSTED_PROXIES: "1",
      },
    }),
    startServer({
      name: "embedded",
      port: embeddedPort,
      banner: true,
      logFile: path.join(LOGS, "e2e-embedded.log"),
      env: { ...common, POSTURE_DATA_DIR: dirs.embedded, AUTH_URL: base(embeddedPort) },
    }),
    // What `npm start` does on a fresh machine without AWS credentials: the demo organization.
    startServer({
      name: "demo",
      port: demoPort,
      banner: true,
      // It loads the demo organization first; the demo project waits for it while the others run.
      readyWhen: "banner",
      logFile: path.join(LOGS, "e2e-demo.log"),
      env: { ...common, POSTURE_DATA_DIR: dirs.demo, AUTH_URL: base(demoPort), POSTURE_DEMO: "auto" },
    }),
    startServer({
      name: "local",
      port: localPort,
      banner: true,
      logFile: path.join(LOGS, "e2e-local.log"),
      env: {
        ...common,
        POSTURE_DATA_DIR: dirs.local,
        AUTH_URL: base(localPort),
        AUTH_LOGIN_ATTEMPTS: String(LOCAL_LOGIN_ATTEMPTS),
        // Behind a proxy, so the concurrency test can come from addresses of its own (X-Forwarded-For).
        AUTH_TRUSTED_PROXIES: "1",
      },
    }),
  ]);
  for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
  const failed = started.filter((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed.length > 0)
    throw new AggregateError(
      failed.map((f) => f.reason),
      failed.map((f) => String(f.reason)).join("\n"),
    );
  const [, embedded, demo, local] = servers;
  console.log(
    `e2e: 2 identity providers and ${servers.length} servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (logs in ${LOGS}/e2e-*.log)`,
  );

  // Not spawnSync: the identity providers answer from this process's event loop.
  const playwright = spawn("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: {
      ...process.env,
      E2E_DATABASE_URL: database.url,
      E2E_AUTH_SECRET: secret,
      E2E_STATE_DIR: dirs.state,
      E2E_PG_PORT: String(pgPort),
      E2E_EMBEDDED_PORT: String(embeddedPort),
      E2E_DEMO_PORT: String(demoPort),
      E2E_LOCAL_PORT: String(localPort),
      E2E_EMBEDDED_PASSWORD: embedded!.oneTimePassword!,
      E2E_DEMO_PASSWORD: demo!.oneTimePassword!,
      E2E_LOCAL_PASSWORD: local!.oneTimePassword!,
      E2E_LOCAL_LOGIN_ATTEMPTS: String(LOCAL_LOGIN_ATTEMPTS),
      E2E_IDLE_MINUTES: String(IDLE_MINUTES),
      E2E_IDP_ISSUERS: idps.map((i) => `${i.id}=${i.issuer}`).join(","),
    },
  });
  status = await new Promise<number>((resolve) => playwright.once("exit", (code) => resolve(code ?? 1)));
} catch (err) {
  console.error(err);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(idps.map((i) => i.close()));
  await database.drop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
