import { defineConfig } from "@playwright/test";

// Started by scripts/e2e.ts, which creates the Postgres database and the embedded data folder,
// picks free loopback ports and passes them here. Run `npm run test:e2e`, not `playwright test`.
const pgPort = Number(process.env.E2E_PG_PORT ?? 3101);
const embeddedPort = Number(process.env.E2E_EMBEDDED_PORT ?? 3102);
const demoPort = Number(process.env.E2E_DEMO_PORT ?? 3103);
const base = (port: number) => `http://127.0.0.1:${port}`;

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    // Debian's Chromium; Playwright never downloads a browser here.
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
};

const server = (port: number, env: Record<string, string>) => ({
  command: `node_modules/.bin/next start -H 127.0.0.1 -p ${port}`,
  url: `${base(port)}/api/health`,
  timeout: 120_000,
  reuseExistingServer: false,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  // No scheduled collection during tests: nothing may call out of this machine.
  env: { NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", POSTURE_SCHEDULE: "off", POSTURE_DEMO: "off", ...env },
});

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT ?? ".test-results/e2e.json" }]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure", ...chromium },
  webServer: [
    server(pgPort, { DATABASE_URL: process.env.E2E_DATABASE_URL ?? "" }),
    // DATABASE_URL is emptied so a developer's own setting cannot turn this into a Postgres server.
    server(embeddedPort, { DATABASE_URL: "", POSTURE_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e" }),
    // What `npm start` does on a fresh machine without AWS credentials: the demo organization.
    server(demoPort, { DATABASE_URL: "", POSTURE_DATA_DIR: process.env.E2E_DEMO_DATA_DIR ?? ".data/e2e-demo", POSTURE_DEMO: "auto" }),
  ],
  projects: [
    { name: "embedded", testDir: "e2e/embedded", use: { ...chromium, baseURL: base(embeddedPort) } },
    { name: "postgres", testDir: "e2e/postgres", use: { ...chromium, baseURL: base(pgPort) } },
    { name: "demo", testDir: "e2e/demo", use: { ...chromium, baseURL: base(demoPort) } },
  ],
});
