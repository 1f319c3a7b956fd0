import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ctx } from "../route-harness";

// Route handlers called as Next.js calls them (the real route(), sessions table, same-origin check),
// on PostgreSQL and on the embedded database. A trigger makes chosen audit writes fail, to show that a
// change and its audit entry commit together or not at all; and every error answer has the one shape.

const { POST: changePassword } = await import("@/app/api/account/password/route");
const { POST: revokeMySessions } = await import("@/app/api/account/sessions/route");
const { POST: signOut } = await import("@/app/api/account/sign-out/route");
const { PUT: saveSettings, DELETE: resetSettings } = await import("@/app/api/settings/checks/route");
const { DELETE: removeDemo } = await import("@/app/api/demo/route");
const { POST: createTeam } = await import("@/app/api/teams/route");
const { PATCH: updateTeam } = await import("@/app/api/teams/[id]/route");
const { PUT: setVerdict } = await import("@/app/api/costs/incidents/[id]/verdict/route");
const { apiErrorBodySchema } = await import("@/lib/contracts/errors");
const { openDatabase } = await import("@/lib/db/open");
const { createSession } = await import("@/lib/db/queries/sessions");
const { getSetting, putSetting } = await import("@/lib/db/queries/settings");
const { setLocalPassword } = await import("@/lib/db/queries/users");
const { DEMO_LOADED_KEY } = await import("@/lib/db/queries/demo");
const { defaultCheckSettings } = await import("@/lib/checks/settings");
const { CHECK_SETTINGS_KEY } = await import("@/lib/db/queries/settings");
const { hashPassword, verifyPassword } = await import("@/lib/auth/password");
const { hashToken, newSessionToken } = await import("@/lib/auth/tokens");
const { sessionPolicy } = await import("@/lib/auth/policy");
const s = await import("@/lib/db/schema");
const { createAccount, createOrganization } = await import("../factories");
const { createTestDatabase } = await import("../postgres");

type Handle = Awaited<ReturnType<typeof openDatabase>>;
type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://127.0.0.1:3000";
const OLD_PASSWORD = "the old password, long enough";
const NEW_PASSWORD = "a brand new password, long enough";

function call(
  handler: Handler,
  method: string,
  url: string,
  body?: unknown,
  opts: { origin?: string | null; params?: Record<string, string>; raw?: string } = {},
) {
  const origin = opts.origin === undefined ? ORIGIN : opts.origin;
  ctx.headers = new Headers({ host: "127.0.0.1:3000", ...(origin ? { origin } : {}) });
  const request = new Request(`${ORIGIN}${url}`, {
    method,
    headers: ctx.headers,
    body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return handler(request, { params: Promise.resolve(opts.params ?? {}) });
}

/** The error answer's body, checked against the one shape. */
async function errorBody(response: Response) {
  expect(response.headers.get("cache-control")).toBe("no-store");
  return apiErrorBodySchema.parse(await response.json());
}

describe.each(["postgres", "embedded"] as const)("mutations on %s", (mode) => {
  let handle: Handle;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (mode === "postgres") {
      const database = await createTestDatabase("posture_mutations");
      handle = await openDatabase({ url: database.url });
      drop = () => database.drop();
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), "posture-mutations-"));
      handle = await openDatabase({ dataDir });
      drop = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    ctx.db = handle.db;
    // Audit writes whose action is listed in audit_failures fail, as a full disk or a lost connection would.
    await handle.db.execute(sql`create table audit_failures (action text primary key)`);
    await handle.db.execute(sql`
      create function fail_listed_audit() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from audit_failures where action = new.action) then
          raise exception 'audit write failed (test)';
        end if;
        return new;
      end $$`);
    await handle.db.execute(
      sql`create trigger fail_listed_audit before insert on audit_log for each row execute function fail_listed_audit()`,
    );
  });
  afterAll(async () => {
    await handle.close();
    await drop();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`delete from audit_failures`);
  });

  const failAudit = (action: string) => handle.db.execute(sql`insert into audit_failures values (${action})`);
  const auditCount = async (action: string, userId: string) =>
    (
      await handle.db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.action, action), eq(s.auditLog.actorId, userId)))
    ).length;

  async function newSession(userId: string) {
    const token = newSessionToken();
    const id = await createSession(handle.db, {
      userId,
      tokenHash: hashToken(token),
      now: new Date(),
      policy: sessionPolicy,
    });
    return { token, id };
  }

  /** A user with a session this request rides on, and a second session elsewhere. */
  async function signIn(values: Partial<typeof s.users.$inferInsert> = {}) {
    const [user] = await handle.db
      .insert(s.users)
      .values({ email: `user-${randomUUID().slice(0, 8)}@example.com`, role: "admin", ...values })
      .returning();
    const current = await newSession(user!.id);
    const other = await newSession(user!.id);
    ctx.cookie = await encode({ token: { sid: current.token }, secret: process.env.AUTH_SECRET! });
    return { user: user!, current, other };
  }

  const sessionRevoked = async (id: string) =>
    (await handle.db.select().from(s.sessions).where(eq(s.sessions.id, id)))[0]!.revokedAt !== null;
  const storedUser = async (id: string) => (await handle.db.select().from(s.users).where(eq(s.users.id, id)))[0]!;

  it("password change: a failed audit write leaves the old password and every session", async () => {
    const { user, other } = await signIn({ passwordHash: await hashPassword(OLD_PASSWORD), passwordOneTime: true });
    await failAudit("user.password_change");
    const failed = await call(changePassword, "POST", "/api/account/password", {
      current: OLD_PASSWORD,
      next: NEW_PASSWORD,
    });
    expect(failed.status).toBe(500);
    expect(await errorBody(failed)).toEqual({
      error: "something went wrong",
      code: "internal",
      reference: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const after = await storedUser(user.id);
    expect(await verifyPassword(OLD_PASSWORD, after.passwordHash!)).toBe(true);
    expect(after.passwordOneTime).toBe(true);
    expect(await sessionRevoked(other.id)).toBe(false);

    await handle.db.execute(sql`delete from audit_failures`);
    const ok = await call(changePassword, "POST", "/api/account/password", {
      current: OLD_PASSWORD,
      next: NEW_PASSWORD,
    });
    expect([ok.status, await ok.json()]).toEqual([200, { ok: true }]);
    const changed = await storedUser(user.id);
    expect(await verifyPassword(NEW_PASSWORD, changed.passwordHash!)).toBe(true);
    expect(changed.passwordOneTime).toBe(false);
    expect(await sessionRevoked(other.id)).toBe(true);
    expect(await auditCount("user.password_change", user.id)).toBe(1);
  });

  it("password change: refuses a wrong current password by its field, audited", async () => {
    const { user } = await signIn({ passwordHash: await hashPassword(OLD_PASSWORD) });
    const wrong = await call(changePassword, "POST", "/api/account/password", {
      current: "not it",
      next: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(422);
    expect(await errorBody(wrong)).toEqual({
      error: "invalid input",
      code: "invalid-input",
      fields: { current: ["is not your current password"] },
    });
    expect(await auditCount("user.password_change", user.id)).toBe(1);
    expect(await verifyPassword(OLD_PASSWORD, (await storedUser(user.id)).passwordHash!)).toBe(true);
  });

  it("a password is set only over the one that was verified", async () => {
    const first = await hashPassword(OLD_PASSWORD);
    const { user } = await signIn({ passwordHash: first });
    const next = await hashPassword(NEW_PASSWORD);
    expect(await setLocalPassword(handle.db, { userId: user.id, passwordHash: next, replacing: "stale" })).toBe(false);
    expect((await storedUser(user.id)).passwordHash).toBe(first);
    expect(await setLocalPassword(handle.db, { userId: user.id, passwordHash: next, replacing: first })).toBe(true);
    expect((await storedUser(user.id)).passwordHash).toBe(next);
  });

  it("signing out other sessions, or this one: a failed audit write signs nobody out", async () => {
    const { user, current, other } = await signIn();
    await failAudit("session.revoke_others");
    expect((await call(revokeMySessions, "POST", "/api/account/sessions", { others: true })).status).toBe(500);
    expect(await sessionRevoked(other.id)).toBe(false);
    await failAudit("session.revoke");
    expect((await call(revokeMySessions, "POST", "/api/account/sessions", { sessionId: other.id })).status).toBe(500);
    expect(await sessionRevoked(other.id)).toBe(false);
    await failAudit("auth.sign_out");
    const out = await call(signOut, "POST", "/api/account/sign-out");
    expect(out.status).toBe(500);
    expect(out.headers.get("set-cookie")).toBeNull();
    expect(await sessionRevoked(current.id)).toBe(false);

    await handle.db.execute(sql`delete from audit_failures`);
    const revoked = await call(revokeMySessions, "POST", "/api/account/sessions", { others: true });
    expect([revoked.status, await revoked.json()]).toEqual([200, { revoked: 1 }]);
    expect(await sessionRevoked(other.id)).toBe(true);
    expect((await call(signOut, "POST", "/api/account/sign-out")).status).toBe(303);
    expect(await sessionRevoked(current.id)).toBe(true);
    expect(await auditCount("auth.sign_out", user.id)).toBe(1);
  });

  it("check settings: a failed audit write saves and resets nothing", async () => {
    const { user } = await signIn();
    await failAudit("settings.update");
    const next = { ...defaultCheckSettings, adminUserThreshold: 7 };
    expect((await call(saveSettings, "PUT", "/api/settings/checks", next)).status).toBe(500);
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toBeUndefined();

    await handle.db.execute(sql`delete from audit_failures`);
    const saved = await call(saveSettings, "PUT", "/api/settings/checks", next);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ changed: ["adminUserThreshold"], source: "saved in this installation" });
    await failAudit("settings.reset");
    expect((await call(resetSettings, "DELETE", "/api/settings/checks")).status).toBe(500);
    expect(await getSetting(handle.db, CHECK_SETTINGS_KEY)).toMatchObject({ adminUserThreshold: 7 });
    expect(await auditCount("settings.update", user.id)).toBe(1);
    expect(await auditCount("settings.reset", user.id)).toBe(0);
  });

  it("demo removal: a failed audit write keeps the demo organization", async () => {
    const { user } = await signIn();
    const demo = await createOrganization(handle.db, {
      name: "Demo organization",
      discoveryMode: "demo",
      isDemo: true,
    });
    await createAccount(handle.db, demo.id);
    await putSetting(handle.db, DEMO_LOADED_KEY, { at: new Date().toISOString() });
    await failAudit("demo.remove");
    expect((await call(removeDemo, "DELETE", "/api/demo")).status).toBe(500);
    const orgs = await handle.db.select().from(s.organizations).where(eq(s.organizations.id, demo.id));
    expect(orgs).toHaveLength(1);
    expect(await getSetting(handle.db, DEMO_LOADED_KEY)).toBeDefined();

    await handle.db.execute(sql`delete from audit_failures`);
    const removed = await call(removeDemo, "DELETE", "/api/demo");
    expect([removed.status, await removed.json()]).toEqual([200, { removed: true }]);
    expect(await handle.db.select().from(s.organizations).where(eq(s.organizations.id, demo.id))).toEqual([]);
    expect(await auditCount("demo.remove", user.id)).toBe(1);
  });

  it("teams: a failed audit write creates no team", async () => {
    await signIn();
    const name = `team-${randomUUID().slice(0, 8)}`;
    await failAudit("team.create");
    expect((await call(createTeam, "POST", "/api/teams", { name })).status).toBe(500);
    expect(await handle.db.select().from(s.teams).where(eq(s.teams.name, name))).toEqual([]);
  });

  it("every refusal of route() and of a handler answers the one error body", async () => {
    const { user } = await signIn({ role: "viewer" });
    ctx.cookie = null;
    expect(await errorBody(await call(createTeam, "POST", "/api/teams", { name: "x" }))).toEqual({
      error: "sign in first",
      code: "unauthenticated",
    });
    ctx.cookie = await encode({
      token: { sid: (await newSession(user.id)).token },
      secret: process.env.AUTH_SECRET!,
    });
    const crossSite = await call(createTeam, "POST", "/api/teams", { name: "x" }, { origin: "https://evil.example" });
    expect([crossSite.status, (await errorBody(crossSite)).code]).toEqual([403, "cross-site"]);
    const forbidden = await call(createTeam, "POST", "/api/teams", { name: "x" });
    expect([forbidden.status, (await errorBody(forbidden)).code]).toEqual([403, "forbidden"]);

    await signIn();
    const notJson = await call(createTeam, "POST", "/api/teams", undefined, { raw: "{name:" });
    expect([notJson.status, await errorBody(notJson)]).toEqual([
      400,
      { error: "body must be JSON", code: "bad-request" },
    ]);
    const tooLarge = await call(createTeam, "POST", "/api/teams", { name: "x".repeat(300_000) });
    expect([tooLarge.status, (await errorBody(tooLarge)).code]).toEqual([413, "too-large"]);
    const invalid = await call(createTeam, "POST", "/api/teams", { name: "bad\u0000name", typo: 1 });
    expect(invalid.status).toBe(422);
    expect(await errorBody(invalid)).toMatchObject({
      code: "invalid-input",
      fields: { name: ["must not contain control characters"] },
    });
    const badPath = await call(updateTeam, "PATCH", "/api/teams/x", { name: "y" }, { params: { id: "x" } });
    expect([badPath.status, await errorBody(badPath)]).toMatchObject([
      422,
      { error: "invalid path", fields: { id: expect.any(Array) } },
    ]);
    const nothing = await call(updateTeam, "PATCH", `/api/teams/${randomUUID()}`, {}, { params: { id: randomUUID() } });
    expect(await errorBody(nothing)).toEqual({
      error: "invalid input: change at least one field",
      code: "invalid-input",
    });
    const missing = await call(updateTeam, "PATCH", "/api/teams/x", { name: "y" }, { params: { id: randomUUID() } });
    expect([missing.status, await errorBody(missing)]).toEqual([404, { error: "team not found", code: "not-found" }]);

    const name = `team-${randomUUID().slice(0, 8)}`;
    const created = await call(createTeam, "POST", "/api/teams", { name, description: "  " });
    expect(created.status).toBe(201);
    // Only what the contract names: no creation time.
    expect(await created.json()).toEqual({
      team: { id: expect.any(String), name, description: null, idpGroup: null },
    });
    const taken = await call(createTeam, "POST", "/api/teams", { name: name.toUpperCase() });
    expect([taken.status, await errorBody(taken)]).toEqual([
      409,
      { error: "A team with this name exists.", code: "conflict", fields: { name: ["is taken"] } },
    ]);
  });

  it("cost incident verdict: scoped, audited with the change, and nothing without its audit entry", async () => {
    const org = await createOrganization(handle.db);
    const account = await createAccount(handle.db, org.id);
    const [incident] = await handle.db
      .insert(s.costIncidents)
      .values({
        accountId: account.id,
        service: "Total",
        kind: "spike",
        startDay: "2026-11-02",
        lastDay: "2026-11-04",
        expected: 300,
        actual: 900,
        impact: 600,
        impactPerDay: 200,
        impactPercent: 200,
        score: 9,
        severity: "high",
      })
      .returning();
    const url = `/api/costs/incidents/${incident!.id}/verdict`;
    const params = { id: incident!.id };
    const body = { verdict: "expected", note: "Planned load test" };
    const stored = async () =>
      (await handle.db.select().from(s.costIncidents).where(eq(s.costIncidents.id, incident!.id)))[0]!;

    // A viewer in no team sees no account: the incident does not exist for them.
    await signIn({ role: "viewer" });
    const hidden = await call(setVerdict, "PUT", url, body, { params });
    expect(hidden.status).toBe(404);
    expect((await errorBody(hidden)).code).toBe("not-found");

    const { user } = await signIn({ role: "admin" });
    await failAudit("cost_incident.verdict");
    expect((await call(setVerdict, "PUT", url, body, { params })).status).toBe(500);
    expect((await stored()).verdict).toBeNull();
    await handle.db.execute(sql`delete from audit_failures`);

    const invalid = await call(setVerdict, "PUT", url, { verdict: "fine" }, { params });
    expect(invalid.status).toBe(422);
    expect((await errorBody(invalid)).fields).toHaveProperty("verdict");

    const ok = await call(setVerdict, "PUT", url, body, { params });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ incident: { id: incident!.id, verdict: "expected", note: "Planned load test" } });
    expect(await stored()).toMatchObject({
      verdict: "expected",
      verdictNote: "Planned load test",
      verdictBy: user.email,
    });
    expect(await auditCount("cost_incident.verdict", user.id)).toBe(1);
  });
});
