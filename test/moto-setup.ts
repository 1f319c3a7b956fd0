import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    motoUrl: string;
  }
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto did not start on ${url} within ${timeoutMs} ms`);
}

/** An AWS emulator (moto) on a free loopback port for the integration run; stopped at the end. */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    await waitUntilUp(url, child, 30_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  project.provide("motoUrl", url);
  return async () => {
    // moto's server ignores SIGTERM at times; SIGINT stops it cleanly.
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill("SIGKILL");
  };
}
