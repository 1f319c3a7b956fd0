import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

// What the test tiers need from the machine, installed or started when this is a Debian machine
// where we are root (a fresh CI or developer machine), otherwise explained.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: "inherit" }).status === 0;
}

const isRoot = () => process.getuid?.() === 0;

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (isRoot() && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package…");
    if (
      run("apt-get", ["update", "-qq"]) &&
      run("apt-get", ["install", "-y", "-qq", "chromium"]) &&
      existsSync(CHROMIUM)
    )
      return;
  }
  throw new Error(`No Chromium at ${CHROMIUM}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
}

function postgresReady(): boolean {
  return spawnSync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432"]).status === 0;
}

export async function ensurePostgres(): Promise<void> {
  if (process.env.POSTURE_TEST_ADMIN_URL || postgresReady()) return;
  if (existsSync("/etc/postgresql") && existsSync("/usr/bin/pg_ctlcluster")) {
    const version = readdirSync("/etc/postgresql")[0];
    console.log(`PostgreSQL is down: starting cluster ${version}/main…`);
    run("pg_ctlcluster", ["--skip-systemctl-redirect", version!, "main", "start"]);
    for (let i = 0; i < 30 && !postgresReady(); i++) await new Promise((r) => setTimeout(r, 1000));
    if (postgresReady()) return;
  }
  throw new Error(
    "No PostgreSQL server on 127.0.0.1:5432. Start one (trust auth for user postgres) or set POSTURE_TEST_ADMIN_URL.",
  );
}

/** The integration tier runs the collector against moto, the AWS emulator, which python3 must have. */
export function ensureMoto(): void {
  if (spawnSync("python3", ["-c", "import moto.server"]).status === 0) return;
  throw new Error(
    'python3 cannot import moto.server: install moto 5 with its server extra (pip install "moto[server]").',
  );
}
