import path from "node:path";
import { defineConfig } from "@playwright/test";
import { launchOptions, servers } from "./e2e/env";

// scripts/e2e.ts starts the servers and the identity providers, then runs this with their
// addresses and the local admins' one-time passwords in E2E_* variables (e2e/env.ts). Run
// `npm run test:e2e`, not `playwright test`.

const chromium = { browserName: "chromium" as const, launchOptions };

const stateDir = process.env.E2E_STATE_DIR ?? ".test-results/e2e-state";
const state = (name: string) => path.join(stateDir, name);

export default defineConfig({
  testDir: "e2e",
  // Seeds the Postgres server and signs every persona in once (e2e/global-setup.ts).
  globalSetup: "./e2e/global-setup.ts",
  // Tests are independent (those that end a session sign in on their own); files that build on
  // their earlier tests say so with describe.configure({ mode: "serial" }).
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 4),
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  // A page that renders on the server can take several seconds on two busy cores; assertions wait
  // for it rather than fail on the machine's load.
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT ?? ".test-results/e2e.json" }]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure", ...chromium },
  // Listed longest-first: Playwright hands out work in this order.
  projects: [
    // The demo organization (signs its local admin in itself: the server is busy loading at first).
    { name: "demo", testMatch: "demo/**/*.spec.ts", use: { ...chromium, baseURL: servers.demo } },
    // The local admin's whole flow, rate limit included, on a server of its own.
    { name: "local", testMatch: "local/**/*.spec.ts", use: { ...chromium, baseURL: servers.local } },
    // Postgres with both identity providers: personas, roles, teams and scopes.
    {
      name: "postgres",
      testMatch: ["postgres/**/*.spec.ts", "authz/**/*.spec.ts", "hostile/**/*.spec.ts"],
      use: { ...chromium, baseURL: servers.postgres },
    },
    // Specs that change what the postgres project counts (a canary that trips): after it.
    {
      name: "postgres-canaries",
      testMatch: "postgres-canaries/**/*.spec.ts",
      dependencies: ["postgres"],
      use: { ...chromium, baseURL: servers.postgres },
    },
    // A fresh embedded database, signed in as the local admin.
    {
      name: "embedded",
      testMatch: "embedded/**/*.spec.ts",
      use: { ...chromium, baseURL: servers.embedded, storageState: state("embedded-admin.json") },
    },
    // The hostile-input suite on that server once its own tests are done: PGlite serves one query
    // at a time, and the shell tests' page loads must not wait behind the suite's requests.
    {
      name: "embedded-hostile",
      testMatch: "embedded-hostile/**/*.spec.ts",
      dependencies: ["embedded"],
      use: { ...chromium, baseURL: servers.embedded, storageState: state("embedded-admin.json") },
    },
  ],
});
