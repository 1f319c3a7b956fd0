import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

// A PostgreSQL cluster of the test's own (never the machine's shared one) for fault tests: stopped,
// restarted and removed by the test. No "server-only" chain: Playwright specs use it too.

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

export type Cluster = {
  url: string;
  /** A temporary folder of the test's own, removed with the cluster. */
  dir: string;
  restart: (downMs?: number) => Promise<void>;
  /** Stops the server (fast shutdown: sessions are ended) and starts it again, keeping its data. */
  down: () => void;
  up: () => void;
  stop: () => void;
};

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
    dir,
    down: stopServer,
    up: start,
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
