import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/db/open";
import { createOrganization } from "../factories";

// Issue 16: 968 of 1,131 files under the embedded data folder were mode 0666 (folders 0755), so any
// local user could read the findings and the audit log or replace the admin's password hash.

const parent = mkdtempSync(path.join(tmpdir(), "posture-modes-"));
let umask: number;

beforeAll(() => {
  // The most permissive umask there is: the modes must not depend on it.
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
  rmSync(parent, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** Every folder and file under `root` (root included) whose mode is not owner-only. */
function notPrivate(root: string): string[] {
  const found: string[] = [];
  let files = 0;
  const walk = (p: string) => {
    const stat = lstatSync(p);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) found.push(`${path.relative(parent, p)}/ ${mode.toString(8)}`);
      for (const name of readdirSync(p)) walk(path.join(p, name));
    } else {
      files++;
      if (mode !== 0o600) found.push(`${path.relative(parent, p)} ${mode.toString(8)}`);
    }
  };
  walk(root);
  expect(files, "the folder holds a database").toBeGreaterThan(100);
  return found;
}

/** Opens the database and the auth secret the way the server's first request does. */
async function start(dataDir: string) {
  const handle = await openDatabase({ dataDir });
  vi.resetModules();
  vi.stubEnv("POSTURE_DATA_DIR", dataDir);
  vi.stubEnv("AUTH_SECRET", "");
  vi.stubEnv("DATABASE_URL", "");
  const { authSecret } = await import("@/lib/auth/secret");
  expect(authSecret()).toMatch(/^[\w-]{40,}$/);
  return handle;
}

describe("embedded data folder", () => {
  it("is its owner's alone after the first start and after a restart, whatever the umask", async () => {
    const dataDir = path.join(parent, "fresh", "data");
    const first = await start(dataDir);
    expect(notPrivate(dataDir)).toEqual([]);
    // Writes after start create files of their own.
    for (let i = 0; i < 20; i++) await createOrganization(first.db);
    await first.close();
    expect(notPrivate(dataDir)).toEqual([]);

    const second = await start(dataDir);
    await createOrganization(second.db);
    await second.close();
    expect(notPrivate(dataDir)).toEqual([]);
  });

  it("tightens an existing folder that something else left world-readable", async () => {
    const dataDir = path.join(parent, "loose");
    await (await start(dataDir)).close();
    const loosen = (p: string) => {
      const stat = lstatSync(p);
      chmodSync(p, stat.isDirectory() ? 0o777 : 0o666);
      if (stat.isDirectory()) for (const name of readdirSync(p)) loosen(path.join(p, name));
    };
    loosen(dataDir);
    expect(notPrivate(dataDir).length).toBeGreaterThan(100);

    const again = await start(dataDir);
    expect(notPrivate(dataDir)).toEqual([]);
    await again.close();
  });
});
