import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctx, signInAs } from "../route-harness";

// SLA settings and suppression rules through their route handlers, and their effect on the
// snapshot writer: due dates of detected findings, rules applied to future results.

const { PUT: saveSla } = await import("@/app/api/settings/sla/route");
const { POST: createRule } = await import("@/app/api/suppression-rules/route");
const { DELETE: removeRule } = await import("@/app/api/suppression-rules/[id]/route");
const { openDatabase } = await import("@/lib/db/open");
const { listRules } = await import("@/lib/db/queries/suppression-rules");
const { createRun, registerUnits } = await import("@/lib/db/queries/collection");
const { writeAccountSnapshot } = await import("@/lib/collector/snapshot");
const { defaultSlaSettings } = await import("@/lib/findings/sla");
const s = await import("@/lib/db/schema");
const f = await import("../factories");
const { createTestDatabase } = await import("../postgres");

type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://127.0.0.1:3000";
const DAY = 86_400_000;

async function call(
  handler: Handler,
  method: string,
  url: string,
  body?: unknown,
  params: Record<string, string> = {},
) {
  ctx.headers = new Headers({ host: "127.0.0.1:3000", origin: ORIGIN });
  const request = new Request(`${ORIGIN}${url}`, {
    method,
    headers: ctx.headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

let handle: Awaited<ReturnType<typeof openDatabase>>;
let drop: () => Promise<void>;
let db: typeof handle.db;
let orgId: string;
let admin: Awaited<ReturnType<typeof f.createUser>>;

beforeAll(async () => {
  const database = await createTestDatabase("posture_rules");
  handle = await openDatabase({ url: database.url });
  drop = () => database.drop();
  db = handle.db;
  ctx.db = db;
  orgId = (await f.createOrganization(db)).id;
  admin = await f.createUser(db, { role: "admin" });
  await signInAs(db, admin.id);
});
afterAll(async () => {
  await handle.close();
  await drop();
});

const stored = async (id: string) => (await db.select().from(s.findings).where(eq(s.findings.id, id)))[0]!;

async function snapshot(accountId: string, checkId: string, resources: string[], at = new Date()) {
  const runId = await createRun(db, { organizationId: orgId, trigger: "manual", accountsTotal: 1, now: at });
  await registerUnits(db, runId, accountId, ["global"]);
  return writeAccountSnapshot(db, {
    runId,
    accountId,
    now: at,
    units: [
      {
        region: "global",
        status: "ok",
        startedAt: at,
        finishedAt: at,
        apiCalls: 1,
        throttledCalls: 0,
        resultsCount: 1,
      },
    ],
    failed: resources.map((r) => ({
      checkId,
      region: "us-east-1",
      resourceId: r,
      resourceType: "AWS::S3::Bucket",
      severity: "high" as const,
      evidence: {},
    })),
    evaluated: [{ checkId, region: "global" }],
  });
}

describe("SLA settings", () => {
  it("dates detected findings, and moves every open finding's date when the settings change", async () => {
    const prod = (await f.createAccount(db, orgId, { environment: "prod" })).id;
    const dev = (await f.createAccount(db, orgId, { environment: "dev" })).id;
    const checkId = (await f.createCheck(db)).id;
    const first = new Date("2026-03-01T00:00:00Z");
    await snapshot(prod, checkId, ["arn:aws:s3:::a"], first);
    await snapshot(dev, checkId, ["arn:aws:s3:::a"], first);
    const [p] = await db.select().from(s.findings).where(eq(s.findings.accountId, prod));
    const [d] = await db.select().from(s.findings).where(eq(s.findings.accountId, dev));
    expect(p!.dueAt).toEqual(new Date(first.getTime() + 30 * DAY));

    const invalid = await call(saveSla, "PUT", "/api/settings/sla", {
      ...defaultSlaSettings,
      prodDays: { ...defaultSlaSettings.prodDays, high: 45 },
    });
    expect(invalid).toMatchObject({ status: 422, body: { fields: { prodDays: expect.any(Array) } } });

    const settings = { ...defaultSlaSettings, prodDays: { ...defaultSlaSettings.prodDays, high: 10 } };
    const saved = await call(saveSla, "PUT", "/api/settings/sla", settings);
    expect(saved.status).toBe(200);
    expect(saved.body.recomputed).toBeGreaterThanOrEqual(1);
    expect((await stored(p!.id)).dueAt).toEqual(new Date(first.getTime() + 10 * DAY));
    expect((await stored(d!.id)).dueAt).toEqual(new Date(first.getTime() + 30 * DAY));
    const [entry] = await db.select().from(s.auditLog).where(eq(s.auditLog.action, "settings.sla_update"));
    expect(entry).toMatchObject({ actorId: admin.id, details: expect.objectContaining({ to: settings }) });
    await call(saveSla, "PUT", "/api/settings/sla", defaultSlaSettings);
  });
});

describe("suppression rules", () => {
  it("suppresses matching open findings now and in later snapshots, and reopens them when removed", async () => {
    const account = (await f.createAccount(db, orgId, { environment: "dev", tags: { team: "sandbox" } })).id;
    const other = (await f.createAccount(db, orgId, { environment: "dev" })).id;
    const checkId = (await f.createCheck(db)).id;
    await snapshot(account, checkId, ["arn:aws:s3:::tmp-1", "arn:aws:s3:::prod_data"]);
    await snapshot(other, checkId, ["arn:aws:s3:::tmp-1"]);

    expect((await call(createRule, "POST", "/api/suppression-rules", { reason: "x", kind: "other" })).status).toBe(422);
    const created = await call(createRule, "POST", "/api/suppression-rules", {
      checkId,
      resourcePattern: "arn:aws:s3:::tmp-*",
      tagKey: "team",
      tagValue: "sandbox",
      reason: "Scratch buckets in the sandbox",
      kind: "accepted_risk",
    });
    expect(created).toMatchObject({ status: 201, body: { suppressed: 1 } });
    const ruleId = created.body.id as string;
    const rows = await db.select().from(s.findings).where(eq(s.findings.checkId, checkId));
    const by = (acct: string, r: string) => rows.find((x) => x.accountId === acct && x.resourceId === r)!;
    expect(by(account, "arn:aws:s3:::tmp-1")).toMatchObject({ status: "SUPPRESSED", suppressionRuleId: ruleId });
    // "_" is literal in a glob, "*" is not: prod_data does not match tmp-*.
    expect(by(account, "arn:aws:s3:::prod_data").status).toBe("NEW");
    expect(by(other, "arn:aws:s3:::tmp-1").status).toBe("NEW");

    // A future result matching the rule is suppressed by the snapshot writer.
    await snapshot(account, checkId, ["arn:aws:s3:::tmp-1", "arn:aws:s3:::prod_data", "arn:aws:s3:::tmp-2"]);
    const later = (await db.select().from(s.findings).where(eq(s.findings.checkId, checkId))).find(
      (x) => x.resourceId === "arn:aws:s3:::tmp-2",
    )!;
    expect(later).toMatchObject({ status: "SUPPRESSED", suppressionRuleId: ruleId });
    const listed = (await listRules(db)).find((r) => r.rule.id === ruleId)!;
    expect(listed.suppressed).toBe(2);

    const removed = await call(removeRule, "DELETE", `/api/suppression-rules/${ruleId}`, undefined, { id: ruleId });
    expect(removed).toMatchObject({ status: 200, body: { reopened: 2 } });
    for (const id of [by(account, "arn:aws:s3:::tmp-1").id, later.id]) {
      const after = await stored(id);
      expect(after).toMatchObject({ status: "NEW", suppressionRuleId: null });
      expect(after.dueAt).not.toBeNull();
      const events = await db.select().from(s.findingEvents).where(eq(s.findingEvents.findingId, id));
      expect(events.map((e) => e.note)).toEqual([
        "Detected",
        "Suppressed by rule: Scratch buckets in the sandbox",
        "Suppression rule removed",
      ]);
    }
    expect(
      (await call(removeRule, "DELETE", `/api/suppression-rules/${ruleId}`, undefined, { id: ruleId })).status,
    ).toBe(404);
    const actions = (await db.select().from(s.auditLog).where(eq(s.auditLog.actorId, admin.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["suppression_rule.create", "suppression_rule.delete"]));
  });
});
