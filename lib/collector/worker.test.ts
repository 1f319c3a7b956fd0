import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { accountJobExpirySeconds, supervisionEveryMs, WORKER_NODE_FLAGS } from "./worker";

describe("accountJobExpirySeconds", () => {
  it("outlasts every wave of units running to its deadline", () => {
    // 37 units (36 regions + global) at 4 at a time = 10 waves of 180 s, plus 5 minutes.
    expect(accountJobExpirySeconds({ regionConcurrency: 4, unitDeadlineMs: 180_000 })).toBe(10 * 180 + 300);
    expect(accountJobExpirySeconds({ regionConcurrency: 1, unitDeadlineMs: 3_600_000 })).toBe(37 * 3600 + 300);
  });
  it("never goes below the queue's default", () => {
    expect(accountJobExpirySeconds({ regionConcurrency: 64, unitDeadlineMs: 1_000 })).toBe(20 * 60);
  });
});

describe("supervisionEveryMs", () => {
  it("looks for abandoned runs several times per claim timeout, at least every minute", () => {
    expect(supervisionEveryMs({ claimTimeoutMs: 120_000 })).toBe(30_000);
    expect(supervisionEveryMs({ claimTimeoutMs: 3_600_000 })).toBe(60_000);
    expect(supervisionEveryMs({ claimTimeoutMs: 2_000 })).toBe(1_000);
  });
});

describe("npm run worker", () => {
  it("bundles the worker, then runs the bundle with node and the worker's flags (the bench measures workers started so)", () => {
    const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts
      .worker!;
    const [bundle, run] = script.split(" && ");
    expect(bundle).toBe("tsx scripts/bundle.ts scripts/worker.ts .build/worker.mjs");
    // exec: npm's signals (SIGTERM) reach the worker itself, not only the shell.
    expect(run!.split(/\s+/)).toEqual(["exec", "node", ...WORKER_NODE_FLAGS, ".build/worker.mjs"]);
  });
  it("bench:sdk runs its bundle with the same flags, so its CPU per call is a worker's", () => {
    const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts[
      "bench:sdk"
    ]!;
    const [bundle, run] = script.split(" && ");
    expect(bundle).toBe("tsx scripts/bundle.ts bench/sdk-cost.ts .build/bench-sdk.mjs");
    expect(run!.split(/\s+/)).toEqual(["node", ...WORKER_NODE_FLAGS, ".build/bench-sdk.mjs"]);
  });
});
