import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { createAccount, createCheck, createFinding, createOrganization } from "../factories";
import { createTestDatabase } from "../postgres";

// `npm run findings` as CI runs it: a process against a database, its stdout and its exit status.

const run = promisify(execFile);
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
let account: string;

beforeAll(async () => {
  database = await createTestDatabase("posture_findings_cli");
  handle = await openDatabase({ url: database.url });
  const org = await createOrganization(handle.db);
  account = (await createAccount(handle.db, org.id, { environment: "prod" })).id;
  const check = (await createCheck(handle.db, { service: "iam" })).id;
  await createFinding(handle.db, { checkId: check, accountId: account, severity: "high" });
  await createFinding(handle.db, { checkId: check, accountId: account, severity: "critical", status: "RESOLVED" });
  await createFinding(handle.db, { checkId: check, accountId: account, severity: "low" });
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

async function cli(...args: string[]) {
  const tsx = path.resolve("node_modules/.bin/tsx");
  try {
    const out = await run(tsx, ["--conditions=react-server", "scripts/findings.ts", ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
      timeout: 60_000,
    });
    return { code: 0, ...out };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run findings", () => {
  it("prints the filtered findings and passes the gate when nothing open is at or above it", async () => {
    const result = await cli("--format", "json", "--status", "open", "--fail-on", "critical");
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { severity: string; accountId: string }[];
    expect(rows.map((r) => r.severity)).toEqual(["high", "low"]);
    expect(result.stderr).toContain("pass");
  }, 90_000);

  it("exits 1 when open findings at or above the threshold match, 2 on a bad argument", async () => {
    const gate = await cli("--quiet", "--fail-on", "high", "--account", account);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toBe("");
    expect(gate.stderr).toContain("1 open finding at or above high");
    const csv = await cli("--format", "csv", "--severity", "low");
    expect(csv.stdout.split("\r\n").filter(Boolean)).toHaveLength(2);
    expect((await cli("--severity", "catastrophic")).code).toBe(2);
  }, 90_000);
});
