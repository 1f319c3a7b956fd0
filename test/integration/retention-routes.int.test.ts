import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ctx, signInNewUser } from "../route-harness";

// The retention routes through the real route() wrapper (session, role, same-origin, zod): admins
// only, the audit log's minimum answered with a 422 naming the field, saves and Purge now audited.

const { PUT: saveRetention } = await import("@/app/api/settings/retention/route");
const { POST: purgeNow } = await import("@/app/api/settings/retention/purge/route");
const { openDatabase } = await import("@/lib/db/open");
const { defaultRetentionSettings } = await import("@/lib/domain/retention");
const { loadLastPurge, loadRetentionSettings } = await import("@/lib/settings/retention");
const s = await import("@/lib/db/schema");
const { createTestDatabase } = await import("../postgres");

const ORIGIN = "http://127.0.0.1:3000";
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: Awaited<ReturnType<typeof openDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase("retention_routes");
  handle = await openDatabase({ url: database.url });
  ctx.db = handle.db;
  ctx.mode = "embedded";
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

const signIn = (role: "admin" | "triager" | "viewer") => signInNewUser(handle.db, role);

function call(
  handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>,
  method: string,
  path: string,
  body?: unknown,
) {
  ctx.headers = new Headers({ host: "127.0.0.1:3000", origin: ORIGIN });
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers: ctx.headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve({}) });
}

const lastAudit = async (action: string) =>
  (
    await handle.db.select().from(s.auditLog).where(eq(s.auditLog.action, action)).orderBy(desc(s.auditLog.id)).limit(1)
  )[0];

describe("retention routes", () => {
  it("refuse triagers and viewers", async () => {
    for (const role of ["triager", "viewer"] as const) {
      await signIn(role);
      expect((await call(saveRetention, "PUT", "/api/settings/retention", defaultRetentionSettings)).status).toBe(403);
      expect((await call(purgeNow, "POST", "/api/settings/retention/purge")).status).toBe(403);
    }
    expect(await loadLastPurge(handle.db)).toBeNull();
  });

  it("refuse an audit log kept under a year with a 422 naming the field, and save nothing", async () => {
    await signIn("admin");
    const res = await call(saveRetention, "PUT", "/api/settings/retention", { ...defaultRetentionSettings, audit: 90 });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields?: Record<string, string[]> } };
    expect(JSON.stringify(body)).toContain("must be at least 365 days");
    expect(await loadRetentionSettings(handle.db)).toEqual(defaultRetentionSettings);
  });

  it("save the periods with an audit entry naming each change", async () => {
    const admin = await signIn("admin");
    const next = { ...defaultRetentionSettings, runs: 90, audit: null };
    const res = await call(saveRetention, "PUT", "/api/settings/retention", next);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ settings: next, changed: ["runs", "audit"] });
    expect(await loadRetentionSettings(handle.db)).toEqual(next);
    expect(await lastAudit("settings.retention_update")).toMatchObject({
      actorId: admin.id,
      outcome: "success",
      details: {
        changed: [
          { kind: "runs", from: 180, to: 90 },
          { kind: "audit", from: 730, to: null },
        ],
      },
    });
  });

  it("purge now: 202, audited, and the purge records what it deleted", async () => {
    const admin = await signIn("admin");
    await handle.db.insert(s.auditLog).values({ action: "test.old", outcome: "success", occurredAt: new Date(0) });
    await call(saveRetention, "PUT", "/api/settings/retention", defaultRetentionSettings);
    const res = await call(purgeNow, "POST", "/api/settings/retention/purge");
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ state: "started" });
    expect(await lastAudit("retention.purge_request")).toMatchObject({ actorId: admin.id, outcome: "success" });
    await vi.waitFor(async () => expect((await loadLastPurge(handle.db))?.finishedAt).toBeTruthy(), {
      timeout: 20_000,
    });
    const record = await loadLastPurge(handle.db);
    expect(record).toMatchObject({ trigger: "manual", requestedBy: admin.email, error: null });
    expect(record!.deleted["audit.audit_log"]).toBe(1);
    expect(await lastAudit("retention.purge")).toMatchObject({ actorId: null, outcome: "success" });
  });
});
