import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ctx, signInNewUser } from "../route-harness";

// The admin routes of "collect now", check settings and the demo, called as Next.js calls them:
// through the real route() wrapper (session cookie checked against the sessions table, role,
// same-origin, zod), with only the request context (next/headers) and the database handle supplied.

const { POST: collect } = await import("@/app/api/collections/route");
const { POST: cancelRunRoute } = await import("@/app/api/runs/[id]/cancel/route");
const { registerUnits } = await import("@/lib/db/queries/collection");
const { PUT: saveSettings, DELETE: resetSettings } = await import("@/app/api/settings/checks/route");
const { DELETE: removeDemo } = await import("@/app/api/demo/route");
const { startInProcessCollector } = await import("@/lib/collector/in-process");
const { openDatabase } = await import("@/lib/db/open");
const { CHECK_SETTINGS_KEY, getSetting } = await import("@/lib/db/queries/settings");
const { DEMO_LOADED_KEY, DEMO_REMOVED_KEY } = await import("@/lib/db/queries/demo");
const { putSetting } = await import("@/lib/db/queries/settings");
const { defaultCheckSettings } = await import("@/lib/checks/settings");
const { parseEnv } = await import("@/lib/env");
const s = await import("@/lib/db/schema");
const { createOrganization, createAccount, randomAccountId } = await import("../factories");
const { createTestDatabase } = await import("../postgres");
const { fakeOrganization, openSsh } = await import("../aws-fake");

type Handle = Awaited<ReturnType<typeof openDatabase>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: Handle;
const ORIGIN = "http://127.0.0.1:3000";

beforeAll(async () => {
  database = await createTestDatabase("posture_admin_routes");
  handle = await openDatabase({ url: database.url });
  ctx.db = handle.db;
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

const signIn = (role: "admin" | "triager" | "viewer") => signInNewUser(handle.db, role);

function call(
  handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>,
  method: string,
  path: string,
  body?: unknown,
  origin: string | null = ORIGIN,
  params: Record<string, string> = {},
) {
  ctx.headers = new Headers({ host: "127.0.0.1:3000", ...(origin ? { origin } : {}) });
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers: ctx.headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(params) });
}

async function lastAudit(action: string) {
  const [row] = await handle.db
    .select()
    .from(s.auditLog)
    .where(eq(s.auditLog.action, action))
    .orderBy(desc(s.auditLog.id))
    .limit(1);
  return row;
}

process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
const collectorEnv = (extra: Record<string, string> = {}) =>
  parseEnv({
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_ACCESS_KEY_ID: "testing",
    POSTURE_SCHEDULE: "off",
    POSTURE_DEMO: "off",
    ...extra,
  });
const ENGINE_CHECKS = ["iam_root_access_key_present", "sg_world_open_ssh"];

describe("admin routes refuse everyone else", () => {
  it("answers 401 without a session, 403 to a triager or viewer (audited), 403 cross-site", async () => {
    ctx.cookie = null;
    expect((await call(collect, "POST", "/api/collections")).status).toBe(401);
    for (const role of ["triager", "viewer"] as const) {
      const user = await signIn(role);
      for (const [handler, method, path, body] of [
        [collect, "POST", "/api/collections", undefined],
        [saveSettings, "PUT", "/api/settings/checks", defaultCheckSettings],
        [resetSettings, "DELETE", "/api/settings/checks", undefined],
        [removeDemo, "DELETE", "/api/demo", undefined],
      ] as const) {
        expect((await call(handler, method, path, body)).status, `${role} ${method} ${path}`).toBe(403);
      }
      const [denied] = await handle.db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.actorId, user.id), eq(s.auditLog.action, "auth.denied")));
      expect(denied).toBeDefined();
    }
    await signIn("admin");
    expect(
      (await call(saveSettings, "PUT", "/api/settings/checks", defaultCheckSettings, "http://evil.example")).status,
    ).toBe(403);
    expect((await call(removeDemo, "DELETE", "/api/demo", undefined, null)).status).toBe(403);
  });
});

describe("PUT and DELETE /api/settings/checks", () => {
  it("shows every invalid field, saves valid settings with the changes audited, and resets", async () => {
    const admin = await signIn("admin");
    const bad = await call(saveSettings, "PUT", "/api/settings/checks", {
      ...defaultCheckSettings,
      unusedRegions: ["Europe"],
      onPremisesCidrs: ["10.0.0.1/8"],
      logArchiveAccountId: "1234",
    });
    expect(bad.status).toBe(422);
    const { fields } = (await bad.json()) as { fields: Record<string, string[]> };
    expect(Object.keys(fields).sort()).toEqual(["logArchiveAccountId", "onPremisesCidrs", "unusedRegions"]);
    expect(fields.unusedRegions).toEqual(['"Europe" is not an AWS region name such as eu-west-1']);
    expect((await call(saveSettings, "PUT", "/api/settings/checks", { ...defaultCheckSettings, typo: 1 })).status).toBe(
      422,
    );
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toBeUndefined();

    const next = {
      ...defaultCheckSettings,
      unusedRegions: ["ap-east-1"],
      logArchiveBucket: "org-trail-logs",
      adminUserThreshold: 4,
    };
    const ok = await call(saveSettings, "PUT", "/api/settings/checks", next);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      settings: next,
      source: "saved in this installation",
      changed: ["unusedRegions", "logArchiveBucket", "adminUserThreshold"],
    });
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toMatchObject({ ...next, logArchiveAccountId: null });
    expect(await lastAudit("settings.update")).toMatchObject({
      actorId: admin.id,
      outcome: "success",
      details: {
        changed: ["unusedRegions", "logArchiveBucket", "adminUserThreshold"],
        changes: { adminUserThreshold: { from: 2, to: 4 }, logArchiveBucket: { from: null, to: "org-trail-logs" } },
      },
    });

    const reset = await call(resetSettings, "DELETE", "/api/settings/checks");
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ settings: defaultCheckSettings, source: "defaults" });
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toBeUndefined();
    expect(await lastAudit("settings.reset")).toMatchObject({
      actorId: admin.id,
      details: { wasSaved: true, changes: { adminUserThreshold: { from: 4, to: 2 } } },
    });
  });
});

describe("POST /api/collections and DELETE /api/demo (embedded mode)", () => {
  it("422 without credentials; 409 while the demo is shown; 202 with the run id once it is removed; audited", async () => {
    const admin = await signIn("admin");
    await startInProcessCollector(handle.db, collectorEnv(), {
      only: ENGINE_CHECKS,
      settings: { hubCredentials: "none" },
    });
    const none = await call(collect, "POST", "/api/collections");
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({
      code: "no-credentials",
      error: expect.stringMatching(/No AWS credentials/),
    });
    expect(await lastAudit("collection.request")).toMatchObject({
      actorId: admin.id,
      outcome: "denied",
      details: { reason: "no-credentials" },
    });

    restore = fakeOrganization(
      [{ id: randomAccountId(), name: "r-dev", securityGroups: { "us-east-1": [openSsh("sg-1")] } }],
      { organizationId: `o-${randomAccountId()}`, managementId: randomAccountId() },
    ).restore;
    const { collector } = await startInProcessCollector(handle.db, collectorEnv(), { only: ENGINE_CHECKS });
    const demo = await createOrganization(handle.db, {
      name: "Demo organization",
      discoveryMode: "demo",
      isDemo: true,
    });
    await createAccount(handle.db, demo.id);
    expect((await call(removeDemo, "DELETE", "/api/demo")).status).toBe(409); // still loading: no loaded marker yet
    await putSetting(handle.db, DEMO_LOADED_KEY, { at: new Date().toISOString() });

    const refused = await call(collect, "POST", "/api/collections");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "demo", error: expect.stringMatching(/demo organization/) });

    const removed = await call(removeDemo, "DELETE", "/api/demo");
    expect(removed.status).toBe(200);
    expect(await lastAudit("demo.remove")).toMatchObject({ actorId: admin.id, outcome: "success", targetId: demo.id });
    expect(await getSetting(handle.db, DEMO_REMOVED_KEY)).toBeDefined();
    expect((await call(removeDemo, "DELETE", "/api/demo")).status).toBe(404);

    // Two at once: one opens the run, the other is told it is busy.
    const [a, b] = await Promise.all([
      call(collect, "POST", "/api/collections"),
      call(collect, "POST", "/api/collections"),
    ]);
    const [started, busy] = a.status === 202 ? [a, b] : [b, a];
    expect(started.status).toBe(202);
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ code: "busy", error: expect.stringMatching(/already/) });
    const body = (await started.json()) as { kind: string; runId: string };
    expect(body).toMatchObject({ kind: "started", runId: expect.any(String) });
    const [run] = await handle.db.select().from(s.collectionRuns).where(eq(s.collectionRuns.id, body.runId));
    expect(run).toMatchObject({ trigger: "manual", requestedBy: admin.id });
    const [success] = await handle.db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "collection.request"), eq(s.auditLog.outcome, "success")));
    expect(success).toMatchObject({ actorId: admin.id, targetType: "run", targetId: body.runId });
    // The run finishes before the fake AWS goes away.
    for (let i = 0; i < 150 && collector.active() !== null; i++)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(collector.active()).toBeNull();
  });
});

describe("POST /api/runs/[id]/cancel", () => {
  it("lets an admin cancel a running run: its open units end cancelled, finished ones stay; audited; 409 once ended", async () => {
    const org = await createOrganization(handle.db);
    const [doneAccount, openAccount] = [await createAccount(handle.db, org.id), await createAccount(handle.db, org.id)];
    const [run] = await handle.db
      .insert(s.collectionRuns)
      .values({ organizationId: org.id, trigger: "manual", status: "running", accountsTotal: 2, startedAt: new Date() })
      .returning();
    await registerUnits(handle.db, run!.id, doneAccount.id, ["global"]);
    await registerUnits(handle.db, run!.id, openAccount.id, ["global", "us-east-1"]);
    await handle.db
      .update(s.runUnits)
      .set({ status: "ok", finishedAt: new Date() })
      .where(and(eq(s.runUnits.runId, run!.id), eq(s.runUnits.accountId, doneAccount.id)));
    const cancel = () =>
      call(cancelRunRoute, "POST", `/api/runs/${run!.id}/cancel`, undefined, ORIGIN, { id: run!.id });

    await signIn("triager");
    expect((await cancel()).status).toBe(403);
    const admin = await signIn("admin");
    const missing = randomUUID();
    expect(
      (await call(cancelRunRoute, "POST", `/api/runs/${missing}/cancel`, undefined, ORIGIN, { id: missing })).status,
    ).toBe(404);
    const answer = await cancel();
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      run: { id: run!.id, status: "cancelled", unitsTotal: 3, unitsDone: 3, unitsFailed: 0 },
    });
    const units = await handle.db.select().from(s.runUnits).where(eq(s.runUnits.runId, run!.id));
    expect(
      units
        .map((u) => `${u.accountId === doneAccount.id ? "done" : "open"}/${u.region}:${u.status}:${u.errorCode}`)
        .sort(),
    ).toEqual(["done/global:ok:null", "open/global:cancelled:Cancelled", "open/us-east-1:cancelled:Cancelled"]);
    expect(await lastAudit("collection.cancel")).toMatchObject({
      actorId: admin.id,
      outcome: "success",
      targetType: "run",
      targetId: run!.id,
      details: { from: "running" },
    });
    const again = await cancel();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "conflict", error: expect.stringMatching(/already ended/) });
  });
});
