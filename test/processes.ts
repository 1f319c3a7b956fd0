import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { WORKER_NODE_FLAGS } from "@/lib/collector/worker";
import { bundleServerEntry } from "@/scripts/lib/bundle";
import { freePort } from "./free-port";

// Real processes for fault tests: a PostgreSQL cluster of the test's own (never the machine's shared
// one), an AWS emulator of its own, and `npm run worker` processes started as the bundle it runs.

const pgBin = () => {
  const base = "/usr/lib/postgresql";
  const version = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
  return path.join(base, version!, "bin");
};

/** Runs a PostgreSQL command as the postgres user when this process is root (initdb refuses root). */
function asPostgres(cmd: string, args: string[]) {
  const full = path.join(pgBin(), cmd);
  return process.getuid?.() === 0
    ? execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: "pipe" })
    : execFileSync(full, args, { stdio: "pipe" });
}

export type Cluster = { url: string; restart: (downMs?: number) => Promise<void>; stop: () => void };

export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), "posture-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => asPostgres("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  const stopServer = () => asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async (downMs = 0) => {
      stopServer();
      await new Promise((r) => setTimeout(r, downMs));
      start();
    },
    stop: () => {
      try {
        if (existsSync(path.join(data, "postmaster.pid"))) stopServer();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

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
