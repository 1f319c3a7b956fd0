import path from "node:path";
import { defineConfig } from "@playwright/test";
import { servers } from "./e2e/env";

// scripts/e2e.ts starts the servers and the identity providers, then runs this with their
// addresses and the local admins' one-time passwords in E2E_* variables (e2e/env.ts). Run
// `npm run test:e2e`, not `playwright test`.

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    // Debian's Chromium; Playwright never downloads a browser here.
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
};

const stateDir = process.env.E2E_STATE_DIR ?? ".test-results/e2e-state";
const state = (name: string) => path.join(stateDir, name);

export default defineConfig({
  testDir: "e2e",
  // Files run in parallel, each file's tests in order. Tests that end sessions sign in their own.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 4),
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT ?? ".test-results/e2e.json" }]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure", ...chromium },
  projects: [
    // Postgres: seeds the data, then signs every persona in through the identity providers once.
    { name: "postgres-setup", testMatch: "postgres/*.setup.ts", use: { ...chromium, baseURL: servers.postgres } },
    {
      name: "postgres",
      testMatch: ["postgres/**/*.spec.ts", "authz/**/*.spec.ts"],
      dependencies: ["postgres-setup"],
      use: { ...chromium, baseURL: servers.postgres },
    },
    // Embedded and demo: the local admin's first sign-in (one-time password, new password) once.
    { name: "embedded-setup", testMatch: "embedded/*.setup.ts", use: { ...chromium, baseURL: servers.embedded } },
    {
      name: "embedded",
      testMatch: "embedded/**/*.spec.ts",
      dependencies: ["embedded-setup"],
      use: { ...chromium, baseURL: servers.embedded, storageState: state("embedded-admin.json") },
    },
    { name: "demo-setup", testMatch: "demo/*.setup.ts", use: { ...chromium, baseURL: servers.demo } },
    {
      name: "demo",
      testMatch: "demo/**/*.spec.ts",
      dependencies: ["demo-setup"],
      use: { ...chromium, baseURL: servers.demo, storageState: state("demo-admin.json") },
    },
    // The local admin's whole flow, rate limit included, on a server of its own.
    { name: "local", testMatch: "local/**/*.spec.ts", use: { ...chromium, baseURL: servers.local } },
  ],
});
