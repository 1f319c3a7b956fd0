import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { countAppliedMigrations, listCommittedMigrations } from "@/lib/db/migrations";
import { openDatabase } from "@/lib/db/open";
import { createTestDatabase } from "../postgres";

const run = promisify(execFile);

async function tableNames(url: string): Promise<string[]> {
  const { db, close } = await openDatabase({ url, migrate: false });
  try {
    const result = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by 1`)) as {
      rows: { tablename: string }[];
    };
    return result.rows.map((r) => r.tablename);
  } finally {
    await close();
  }
}

describe("migrations on Postgres", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("apply every committed migration at start, and applying them again changes nothing", async () => {
    const url = inject("databaseUrl");
    const first = await openDatabase({ url });
    expect(await countAppliedMigrations(first.db)).toBe(listCommittedMigrations().length);
    await first.close();
    const before = await tableNames(url);

    const second = await openDatabase({ url });
    expect(await countAppliedMigrations(second.db)).toBe(listCommittedMigrations().length);
    await second.close();
    expect(await tableNames(url)).toEqual(before);
    expect(before).toContain("findings");
  });

  it("let several processes start at once on an empty database", async () => {
    const fresh = await createTestDatabase("posture_it_race");
    cleanups.push(fresh.drop);
    const handles = await Promise.all([0, 1, 2].map(() => openDatabase({ url: fresh.url, poolMax: 1 })));
    for (const h of handles) {
      expect(await countAppliedMigrations(h.db)).toBe(listCommittedMigrations().length);
      await h.close();
    }
  });

  it("report a bad connection instead of hanging", async () => {
    await expect(openDatabase({ url: "postgres://postgres@127.0.0.1:1/none" })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("schema and committed migrations", () => {
  it("agree: drizzle-kit generate finds nothing to add", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "posture-drizzle-"));
    try {
      cpSync("drizzle", out, { recursive: true });
      const before = readdirSync(out).sort();
      const { stdout, stderr } = await run("npx", ["drizzle-kit", "generate"], {
        env: { ...process.env, DRIZZLE_OUT: out },
        timeout: 60_000,
      });
      expect(stdout + stderr).toContain("No schema changes");
      expect(readdirSync(out).sort()).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
