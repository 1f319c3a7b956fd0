import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctx, signInNewUser } from "../route-harness";

// GET /api/findings and /api/findings/export as Next.js calls them: through route() (session,
// role, zod), with only next/headers and the database handle supplied. OCSF output is validated
// against lib/findings/ocsf-2003.schema.json.

const { GET: list } = await import("@/app/api/findings/route");
const { GET: exportFindings } = await import("@/app/api/findings/export/route");
const { openDatabase } = await import("@/lib/db/open");
const { iterateFindings } = await import("@/lib/db/queries/findings");
const { scopeToAccounts } = await import("@/lib/db/queries/scope");
const { CSV_HEADER } = await import("@/lib/findings/export");
const s = await import("@/lib/db/schema");
const { createAccount, createCheck, createFinding, createOrganization } = await import("../factories");
const { createTestDatabase } = await import("../postgres");

type Handle = Awaited<ReturnType<typeof openDatabase>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: Handle;
const ORIGIN = "http://127.0.0.1:3000";
let mine: string;
let theirs: string;
let checkId: string;

beforeAll(async () => {
  database = await createTestDatabase("posture_findings_routes");
  handle = await openDatabase({ url: database.url });
  ctx.db = handle.db;
  const org = await createOrganization(handle.db);
  mine = (await createAccount(handle.db, org.id, { environment: "prod", name: "mine" })).id;
  theirs = (await createAccount(handle.db, org.id, { environment: "dev", name: "theirs-secret" })).id;
  checkId = (await createCheck(handle.db, { service: "s3", title: "Bucket is public" })).id;
  for (let i = 0; i < 12; i++) {
    await createFinding(handle.db, {
      checkId,
      accountId: i < 9 ? mine : theirs,
      severity: i % 2 ? "high" : "critical",
      status: i === 8 ? "RESOLVED" : "NEW",
      resourceId: i === 0 ? "=cmd|' /C calc'!A0" : `arn:aws:s3:::bucket-${i}, "quoted"`,
      resourceType: "AWS::S3::Bucket",
      evidence: { publicAccessBlock: false, n: i },
      dueAt: new Date(Date.now() - 86_400_000),
    });
  }
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

async function signIn(role: "admin" | "triager" | "viewer", accounts: string[] = []) {
  const user = await signInNewUser(handle.db, role);
  if (accounts.length) {
    const [team] = await handle.db
      .insert(s.teams)
      .values({ name: `t-${randomUUID().slice(0, 8)}` })
      .returning();
    await handle.db
      .insert(s.teamScopes)
      .values(accounts.map((value) => ({ teamId: team!.id, kind: "account" as const, value })));
    await handle.db.insert(s.teamMembers).values({ teamId: team!.id, userId: user.id });
  }
  return user;
}

function get(handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string) {
  ctx.headers = new Headers({ host: "127.0.0.1:3000" });
  return handler(new Request(`${ORIGIN}${path}`, { headers: ctx.headers }), { params: Promise.resolve({}) });
}

/** A CSV body as rows of cells (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("GET /api/findings", () => {
  it("answers keyset pages in the viewer's scope", async () => {
    await signIn("viewer", [mine]);
    const first = await get(list, `/api/findings?limit=5&status=NEW&status=ACKNOWLEDGED`);
    expect(first.status).toBe(200);
    const a = (await first.json()) as { rows: { accountId: string; id: string; sla: string }[]; nextCursor: string };
    expect(a.rows).toHaveLength(5);
    expect(a.rows.every((r) => r.accountId === mine && r.sla === "overdue")).toBe(true);
    const second = await get(list, `/api/findings?limit=5&status=NEW&status=ACKNOWLEDGED&cursor=${a.nextCursor}`);
    const b = (await second.json()) as { rows: { id: string }[]; nextCursor: string | null };
    expect(b.rows).toHaveLength(3);
    expect(b.nextCursor).toBeNull();
    expect(new Set([...a.rows, ...b.rows].map((r) => r.id)).size).toBe(8);
  });

  it("answers 422 with the field for a bad filter or a forged cursor, 401 without a session", async () => {
    await signIn("viewer", [mine]);
    const bad = await get(list, `/api/findings?severity=apocalyptic`);
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { fields: object }).fields)).toContain("severity");
    const cursor = await get(list, `/api/findings?sort=lastSeen&cursor=WyJ4Il0`);
    expect(cursor.status).toBe(422);
    expect(Object.keys(((await cursor.json()) as { fields: object }).fields)).toEqual(["cursor"]);
    ctx.cookie = null;
    expect((await get(list, `/api/findings`)).status).toBe(401);
  });
});

describe("GET /api/findings/export", () => {
  it("streams CSV of the filtered view in the scope, neutralising formulas, and audits it", async () => {
    const user = await signIn("viewer", [mine]);
    const response = await get(exportFindings, `/api/findings/export?format=csv&status=NEW`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="posture-findings-.*\.csv"/);
    const text = await response.text();
    expect(text).not.toContain("theirs-secret");
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(1 + 8);
    expect(rows.map((r) => r[11])).toContain(`'=cmd|' /C calc'!A0`);
    expect(rows.map((r) => r[11])).toContain(`arn:aws:s3:::bucket-1, "quoted"`);
    expect(JSON.parse(rows[1]![17]!)).toHaveProperty("publicAccessBlock", false);
    const [entry] = await handle.db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "findings.export"), eq(s.auditLog.actorId, user.id)))
      .orderBy(desc(s.auditLog.id))
      .limit(1);
    expect(entry?.details).toMatchObject({ format: "csv", filter: { status: ["NEW"] } });
  });

  it("writes a JSON array and OCSF Compliance Finding lines that validate against the class 2003 schema", async () => {
    await signIn("admin");
    const json = (await (await get(exportFindings, `/api/findings/export?format=json`)).json()) as { id: string }[];
    expect(json).toHaveLength(12);
    const text = await (await get(exportFindings, `/api/findings/export?format=ocsf&account=${mine}`)).text();
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(9);
    const schema = JSON.parse(readFileSync(path.resolve("lib/findings/ocsf-2003.schema.json"), "utf8")) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      expect(record).toMatchObject({
        class_uid: 2003,
        category_uid: 2,
        cloud: { provider: "AWS", account: { uid: mine } },
      });
    }
    const resolved = lines.map((l) => JSON.parse(l) as { status_id: number; compliance: { status_id: number } });
    expect(resolved.filter((r) => r.status_id === 4).map((r) => r.compliance.status_id)).toEqual([1]);
    // The schema is not vacuous: a record missing its class or with a wrong severity fails.
    const broken = { ...(JSON.parse(lines[0]!) as object), class_uid: 2004, severity_id: 42 };
    expect(validate(broken)).toBe(false);
  });

  it("refuses an unknown format with 422 and nobody without a session", async () => {
    await signIn("viewer", [mine]);
    expect((await get(exportFindings, `/api/findings/export?format=xlsx`)).status).toBe(422);
    ctx.cookie = null;
    expect((await get(exportFindings, `/api/findings/export`)).status).toBe(401);
  });

  it("reads in keyset batches, every row once", async () => {
    const batches: number[] = [];
    const ids = new Set<string>();
    for await (const batch of iterateFindings(handle.db, scopeToAccounts([mine, theirs]), {
      filter: {},
      userId: null,
      now: new Date(),
      sort: "severity",
      batch: 5,
    })) {
      batches.push(batch.length);
      for (const r of batch) ids.add(r.id);
    }
    expect(batches).toEqual([5, 5, 2]);
    expect(ids.size).toBe(12);
  });
});
