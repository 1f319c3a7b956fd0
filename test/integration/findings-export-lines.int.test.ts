import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import { iterateFindingLines, iterateFindings } from "@/lib/db/queries/findings";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import { csvHeaderLine, csvLine, csvLineSql } from "@/lib/findings/export";
import { exportChunks } from "@/lib/findings-export";
import { createAccount, createCheck, createFinding, createOrganization, createUser } from "../factories";
import { createTestDatabase } from "../postgres";

// CSV lines written by Postgres (csvLineSql) against the JS encoder (csvLine), byte for byte, for values
// that need quoting, formula guards or care with encodings: on PostgreSQL (a cursor) and PGlite (pages).

const nasty = [
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-2",
  "@SUM(A1)",
  "\tleading tab",
  "\rleading CR",
  'say "hi", then, leave',
  "two\nlines",
  "crlf\r\nline",
  '=HYPERLINK("http://x", "y")',
  "plain",
  "ünïcødé — 日本語 🚀 עברית",
  "trailing =",
  "'already quoted",
  "",
  "a\u0001b\u007fc\u2028d",
];

async function seed(db: DatabaseHandle["db"]) {
  const org = await createOrganization(db);
  const user = await createUser(db, { email: "=owner@example.com" });
  const now = Date.now();
  for (const [i, text] of nasty.entries()) {
    const account = await createAccount(db, org.id, { name: i % 3 ? `acct ${text}` : text || "x" });
    const check = await createCheck(db, { title: text || "empty", service: i % 2 ? "s3" : "iam" });
    await createFinding(db, {
      checkId: check.id,
      accountId: account.id,
      severity: i % 2 ? "high" : "critical",
      status: i % 4 === 3 ? "RESOLVED" : "NEW",
      region: i % 5 ? "us-east-1" : "global",
      resourceId: text || `empty-${i}`,
      resourceType: i % 2 ? text : "AWS::S3::Bucket",
      evidence: { text, nested: { quote: '"', newline: "\n", n: i }, list: [text, null, true] },
      dueAt: i % 3 === 0 ? null : new Date(now + (i - 8) * 86_400_000),
      assigneeId: i % 2 ? user.id : null,
    });
  }
}

async function compare(db: DatabaseHandle["db"], batch: number) {
  const read = { filter: {}, userId: null, now: new Date(), sort: "severity" as const, batch };
  const js: string[] = [];
  for await (const rows of iterateFindings(db, ALL_ACCOUNTS, read)) for (const r of rows) js.push(csvLine(r));
  const sqlLines: string[] = [];
  for await (const lines of iterateFindingLines(db, ALL_ACCOUNTS, { ...read, line: csvLineSql }))
    sqlLines.push(...lines);
  return { js, sqlLines };
}

describe("CSV lines written by PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase("findperf_export_lines");
    handle = await openDatabase({ url: database.url });
    await seed(handle.db);
  }, 60_000);
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });

  it("equal the JS encoder's byte for byte, through a server cursor", async () => {
    const { js, sqlLines } = await compare(handle.db, 4);
    expect(js).toHaveLength(nasty.length);
    expect(sqlLines).toEqual(js);
    expect(Buffer.from(sqlLines.join(""))).toEqual(Buffer.from(js.join("")));
    // The guards are exercised: a formula is neutralised and quoted cells are quoted.
    expect(js.some((l) => l.startsWith(`"'=cmd|' /C calc'!A0"`) || l.includes(`,'=cmd|' /C calc'!A0,`))).toBe(true);
    expect(js.some((l) => l.includes('"say ""hi"", then, leave"'))).toBe(true);
    expect(js.some((l) => l.includes(`"'\rleading CR"`))).toBe(true);
  });

  it("stream as the export's CSV: header, then the lines", async () => {
    let text = "";
    for await (const chunk of exportChunks(
      handle.db,
      ALL_ACCOUNTS,
      { filter: {}, userId: null, now: new Date(), sort: "severity", batch: 5, format: "csv" },
      { version: "test" },
    ))
      text += chunk;
    const { js } = await compare(handle.db, 5);
    expect(text).toBe(csvHeaderLine() + js.join(""));
  });
});

describe("CSV lines written by PGlite", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: "memory://" });
    await seed(handle.db);
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it("equal the JS encoder's byte for byte, in keyset pages", async () => {
    const { js, sqlLines } = await compare(handle.db, 3);
    expect(js).toHaveLength(nasty.length);
    expect(sqlLines).toEqual(js);
  });
});
