// `npm test`: every tier in order — typecheck, lint, unit, integration (Postgres and PGlite), e2e —
// then one summary line per tier and a total. Later tiers still run when an earlier one fails, so
// one run shows everything that is red.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureChromium, ensureMoto, ensurePostgres } from "./lib/prereqs";

await ensurePostgres();
ensureChromium();
ensureMoto();

const REPORTS = ".test-results";
mkdirSync(REPORTS, { recursive: true });

type Tally = { passed: number; failed: number; skipped: number };
type Tier = { name: string; cmd: string[]; report?: string; read?: (file: string) => Tally };

const vitestTally = (file: string): Tally => {
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
};
const playwrightTally = (file: string): Tally => {
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: r.stats.expected, failed: r.stats.unexpected + r.stats.flaky, skipped: r.stats.skipped };
};
const vitest = (project: string): Tier => {
  const report = path.join(REPORTS, `${project}.json`);
  return {
    name: project,
    cmd: [
      "node_modules/.bin/vitest",
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ],
    report,
    read: vitestTally,
  };
};

const e2eReport = path.join(REPORTS, "e2e.json");
const tiers: Tier[] = [
  { name: "typecheck", cmd: ["node_modules/.bin/tsc", "--noEmit"] },
  { name: "lint", cmd: ["npm", "run", "--silent", "lint"] },
  vitest("unit"),
  vitest("integration"),
  { name: "e2e", cmd: ["node_modules/.bin/tsx", "scripts/e2e.ts"], report: e2eReport, read: playwrightTally },
];

const lines: string[] = [];
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
let failedGates = 0;
const durations: string[] = [];
const started = Date.now();

for (const tier of tiers) {
  console.log(`\n━━ ${tier.name}: ${tier.cmd.join(" ")}`);
  if (tier.report) rmSync(tier.report, { force: true });
  const t0 = Date.now();
  const result = spawnSync(tier.cmd[0]!, tier.cmd.slice(1), {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", E2E_JSON_REPORT: e2eReport },
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const ok = result.status === 0;
  durations.push(`${tier.name} ${seconds}s`);
  if (tier.read && tier.report && existsSync(tier.report)) {
    const t = tier.read(tier.report);
    // A runner that exits non-zero with no failed test (a crash, a failed setup) still counts as a failure.
    if (!ok && t.failed === 0) t.failed = 1;
    total.passed += t.passed;
    total.failed += t.failed;
    total.skipped += t.skipped;
    lines.push(`${tier.name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  } else if (tier.read) {
    total.failed += 1;
    lines.push(`${tier.name}: 0 passed, 1 failed`);
    console.error(`${tier.name}: no report, the runner did not finish`);
  } else {
    if (!ok) failedGates += 1;
    lines.push(`${tier.name}: ${ok ? "ok" : "FAILED"}`);
  }
}

console.log("\n━━ summary");
for (const line of lines) console.log(line);
console.log(`durations: ${durations.join(", ")}; all ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`total: ${total.passed} passed, ${total.failed + failedGates} failed, ${total.skipped} skipped`);
process.exit(total.failed + failedGates > 0 ? 1 : 0);
