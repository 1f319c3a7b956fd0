import { spawn, type ChildProcess } from "node:child_process";
import { WORKER_NODE_FLAGS } from "@/lib/collector/worker";
import { bundleServerEntry } from "@/scripts/lib/bundle";
import { freePort } from "./free-port";

export { startCluster, type Cluster } from "./cluster";

// Real processes for fault tests: a PostgreSQL cluster of the test's own (never the machine's shared
// one), an AWS emulator of its own, and `npm run worker` processes started as the bundle it runs.

export type Moto = { url: string; stop: () => Promise<void> };

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

const WORKER_BUNDLE = ".build/test-worker.mjs";

/** Bundles scripts/worker.ts as `npm run worker` does. */
export function bundleWorker(): Promise<void> {
  return bundleServerEntry("scripts/worker.ts", WORKER_BUNDLE);
}

export type WorkerProcess = {
  child: ChildProcess;
  /** The worker's JSON log lines so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
};

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn("node", [...WORKER_NODE_FLAGS, WORKER_BUNDLE], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let rest = "";
  const read = (d: Buffer) => {
    const lines = (rest + d.toString()).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  };
  child.stdout!.on("data", read);
  child.stderr!.on("data", read);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, logs, exited };
}
