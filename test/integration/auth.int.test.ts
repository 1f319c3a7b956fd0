import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashToken, newSessionToken } from "@/lib/auth/tokens";
import type { Environment, Role, RoleSource } from "@/lib/domain/vocabulary";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import * as s from "@/lib/db/schema";
import { audit, listAudit } from "@/lib/db/queries/audit";
import { ALL_ACCOUNTS } from "@/lib/db/queries/scope";
import {
  checkSession,
  createSession,
  listActiveSessions,
  revokeSession,
  revokeUserSessions,
  type SessionPolicy,
} from "@/lib/db/queries/sessions";
import { recordOidcSignIn, resolveUserScope, wouldLinkByEmail, type OidcSignIn } from "@/lib/db/queries/users";
import type { Db } from "@/lib/db/types";
import { createAccount, createOrganization } from "../factories";

let handle: DatabaseHandle;
let db: Db;

beforeAll(async () => {
  handle = await openDatabase({ url: inject("databaseUrl") });
  db = handle.db;
});

afterAll(async () => {
  await handle.close();
});

/** A short marker unique to this test run, so rows of other test files never match. */
const tag = () => randomUUID().slice(0, 8);

async function createUser(
  values: { email?: string; role?: Role | null; roleSource?: RoleSource | null; disabledAt?: Date } = {},
) {
  const [user] = await db
    .insert(s.users)
    .values({
      email: values.email ?? `user-${tag()}@example.com`,
      role: values.role ?? null,
      roleSource: values.roleSource ?? (values.role ? "manual" : null),
      disabledAt: values.disabledAt,
    })
    .returning();
  return user!;
}

type Scope = { kind: "account" | "ou" | "environment"; value: string };

async function createTeam(values: { idpGroup?: string; scopes?: Scope[] } = {}) {
  const [team] = await db
    .insert(s.teams)
    .values({ name: `team-${tag()}`, idpGroup: values.idpGroup })
    .returning();
  if (values.scopes?.length)
    await db.insert(s.teamScopes).values(values.scopes.map((sc) => ({ teamId: team!.id, ...sc })));
  return team!;
}

async function addMember(teamId: string, userId: string, source: RoleSource = "manual") {
  await db.insert(s.teamMembers).values({ teamId, userId, source });
}

/** Sorted by team name in code, so the comparison never depends on the database's collation. */
const byTeam = <T extends { team: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));

async function membershipsOf(userId: string) {
  const rows = await db
    .select({ team: s.teams.name, source: s.teamMembers.source })
    .from(s.teamMembers)
    .innerJoin(s.teams, eq(s.teams.id, s.teamMembers.teamId))
    .where(eq(s.teamMembers.userId, userId))
    .orderBy(asc(s.teams.name));
  return byTeam(rows);
}

function signIn(overrides: Partial<OidcSignIn> & Pick<OidcSignIn, "email">): OidcSignIn {
  return {
    provider: "okta",
    subject: `sub-${tag()}`,
    name: "Test User",
    groups: [],
    mappedRole: null,
    mappedSource: "idp",
    now: new Date(),
    ...overrides,
  };
}

describe("recordOidcSignIn", () => {
  it("creates a new user with the role their groups map to", async () => {
    const email = `new-${tag()}@example.com`;
    const changes = await recordOidcSignIn(
      db,
      signIn({ email, name: "New Person", groups: ["finance"], mappedRole: "viewer" }),
    );
    expect(changes.created).toBe(true);
    expect(changes.role).toEqual({ from: null, to: "viewer" });
    expect(changes.user).toMatchObject({ email, name: "New Person", role: "viewer", roleSource: "idp" });
    const [identity] = await db.select().from(s.userIdentities).where(eq(s.userIdentities.userId, changes.user.id));
    expect(identity).toMatchObject({ provider: "okta", groups: ["finance"] });
  });

  it("creates a user without a role when no group maps to one, and reports no role change", async () => {
    const changes = await recordOidcSignIn(db, signIn({ email: `none-${tag()}@example.com`, groups: ["engineering"] }));
    expect(changes.created).toBe(true);
    expect(changes.role).toBeNull();
    expect(changes.user).toMatchObject({ role: null, roleSource: null });
  });

  it("follows changed groups at the next sign-in and reports the change, and none when nothing changed", async () => {
    const email = `mover-${tag()}@example.com`;
    const subject = `sub-${tag()}`;
    const first = await recordOidcSignIn(db, signIn({ email, subject, groups: ["finance"], mappedRole: "viewer" }));
    const later = new Date(Date.now() + 60_000);
    const promoted = await recordOidcSignIn(
      db,
      signIn({ email, subject, groups: ["finance", "secops"], mappedRole: "triager", now: later }),
    );
    expect(promoted.created).toBe(false);
    expect(promoted.user.id).toBe(first.user.id);
    expect(promoted.role).toEqual({ from: "viewer", to: "triager" });
    expect(promoted.user).toMatchObject({ role: "triager", roleSource: "idp" });
    expect(promoted.user.lastLoginAt).toEqual(later);

    const same = await recordOidcSignIn(
      db,
      signIn({ email, subject, groups: ["secops", "finance"], mappedRole: "triager" }),
    );
    expect(same.role).toBeNull();

    const demoted = await recordOidcSignIn(db, signIn({ email, subject, groups: [], mappedRole: null }));
    expect(demoted.role).toEqual({ from: "triager", to: null });
    expect(demoted.user).toMatchObject({ role: null, roleSource: null });
    const [identity] = await db.select().from(s.userIdentities).where(eq(s.userIdentities.subject, subject));
    expect(identity!.groups).toEqual([]);
  });

  it("keeps a role an admin assigned by hand, whatever the groups say", async () => {
    const user = await createUser({ role: "admin", roleSource: "manual" });
    const changes = await recordOidcSignIn(
      db,
      signIn({ email: user.email, groups: ["finance"], mappedRole: "viewer" }),
    );
    expect(changes.created).toBe(false);
    expect(changes.user.id).toBe(user.id);
    expect(changes.role).toBeNull();
    expect(changes.user).toMatchObject({ role: "admin", roleSource: "manual" });
    // Also when the groups grant nothing at all.
    const again = await recordOidcSignIn(db, signIn({ email: user.email, groups: [], mappedRole: null }));
    expect(again.user).toMatchObject({ role: "admin", roleSource: "manual" });
  });

  it("makes a bootstrap admin (ADMIN_EMAILS) and lets the groups take over once the address is no longer listed", async () => {
    const email = `boot-${tag()}@example.com`;
    const subject = `sub-${tag()}`;
    const first = await recordOidcSignIn(
      db,
      signIn({ email, subject, mappedRole: "admin", mappedSource: "bootstrap" }),
    );
    expect(first.user).toMatchObject({ role: "admin", roleSource: "bootstrap" });
    expect(first.role).toEqual({ from: null, to: "admin" });
    const unlisted = await recordOidcSignIn(
      db,
      signIn({ email, subject, groups: ["finance"], mappedRole: "viewer", mappedSource: "idp" }),
    );
    expect(unlisted.role).toEqual({ from: "admin", to: "viewer" });
    expect(unlisted.user).toMatchObject({ role: "viewer", roleSource: "idp" });
  });

  it("links the same e-mail from a second provider to the same user, with one identity each", async () => {
    const email = `linked-${tag()}@example.com`;
    const okta = await recordOidcSignIn(db, signIn({ email, provider: "okta", subject: `okta-${tag()}` }));
    const entra = await recordOidcSignIn(
      db,
      signIn({ email, provider: "entra", subject: `entra-${tag()}`, groups: ["g-1"] }),
    );
    expect(entra.created).toBe(false);
    expect(entra.user.id).toBe(okta.user.id);
    const identities = await db
      .select()
      .from(s.userIdentities)
      .where(eq(s.userIdentities.userId, okta.user.id))
      .orderBy(asc(s.userIdentities.provider));
    expect(identities.map((i) => [i.provider, i.groups])).toEqual([
      ["entra", ["g-1"]],
      ["okta", []],
    ]);
    expect(await db.select().from(s.users).where(eq(s.users.email, email))).toHaveLength(1);
  });

  it("finds a returning user by provider and subject, even when the IdP now sends another e-mail", async () => {
    const subject = `sub-${tag()}`;
    const first = await recordOidcSignIn(db, signIn({ email: `old-${tag()}@example.com`, subject }));
    const again = await recordOidcSignIn(db, signIn({ email: `renamed-${tag()}@example.com`, subject }));
    expect(again.created).toBe(false);
    expect(again.user.id).toBe(first.user.id);
  });

  it("joins and leaves teams with the IdP groups, but leaves memberships added by hand alone", async () => {
    const g = tag();
    const payments = await createTeam({ idpGroup: `payments-${g}` });
    const data = await createTeam({ idpGroup: `data-${g}` });
    const handPicked = await createTeam({ idpGroup: `handpicked-${g}` });
    const noGroup = await createTeam();
    const email = `teams-${g}@example.com`;
    const subject = `sub-${g}`;

    const first = await recordOidcSignIn(
      db,
      signIn({ email, subject, groups: [`payments-${g}`, `data-${g}`, "unrelated"] }),
    );
    expect([...first.teamsJoined].sort()).toEqual([payments.name, data.name].sort());
    expect(first.teamsLeft).toEqual([]);
    const userId = first.user.id;
    await addMember(handPicked.id, userId, "manual");
    await addMember(noGroup.id, userId, "manual");

    // Left "data", joined "handpicked" (already a manual member), kept "payments".
    const second = await recordOidcSignIn(db, signIn({ email, subject, groups: [`payments-${g}`, `handpicked-${g}`] }));
    expect(second.teamsJoined).toEqual([]);
    expect(second.teamsLeft).toEqual([data.name]);
    expect(await membershipsOf(userId)).toEqual(
      byTeam([
        { team: payments.name, source: "idp" },
        { team: handPicked.name, source: "manual" },
        { team: noGroup.name, source: "manual" },
      ]),
    );

    // No groups at all: every IdP membership goes, the manual ones stay (even the one whose group is gone).
    const third = await recordOidcSignIn(db, signIn({ email, subject, groups: [] }));
    expect(third.teamsLeft).toEqual([payments.name]);
    expect(await membershipsOf(userId)).toEqual(
      byTeam([
        { team: handPicked.name, source: "manual" },
        { team: noGroup.name, source: "manual" },
      ]),
    );
  });
});

describe("resolveUserScope", () => {
  // One organization: root → workloads → payments → payments-prod, and a sibling OU "sandbox".
  let orgId: string;
  const ou = { root: "", workloads: "", payments: "", paymentsProd: "", sandbox: "" };
  const acct = { top: "", workloads: "", payments: "", deep: "", sandbox: "", staging: "" };
  const env = `staging`;

  beforeAll(async () => {
    const org = await createOrganization(db);
    orgId = org.id;
    const t = tag();
    Object.assign(ou, {
      root: `r-${t}`,
      workloads: `ou-${t}-wl`,
      payments: `ou-${t}-pay`,
      paymentsProd: `ou-${t}-payprod`,
      sandbox: `ou-${t}-sbx`,
    });
    await db.insert(s.organizationalUnits).values([
      { id: ou.root, organizationId: orgId, parentId: null, name: "Root", path: "Root" },
      { id: ou.workloads, organizationId: orgId, parentId: ou.root, name: "Workloads", path: "Root/Workloads" },
      {
        id: ou.payments,
        organizationId: orgId,
        parentId: ou.workloads,
        name: "Payments",
        path: "Root/Workloads/Payments",
      },
      {
        id: ou.paymentsProd,
        organizationId: orgId,
        parentId: ou.payments,
        name: "Prod",
        path: "Root/Workloads/Payments/Prod",
      },
      { id: ou.sandbox, organizationId: orgId, parentId: ou.root, name: "Sandbox", path: "Root/Sandbox" },
    ]);
    const mk = async (ouId: string, environment: Environment) =>
      (await createAccount(db, orgId, { ouId, environment })).id;
    acct.top = await mk(ou.root, "other");
    acct.workloads = await mk(ou.workloads, "dev");
    acct.payments = await mk(ou.payments, "dev");
    acct.deep = await mk(ou.paymentsProd, "prod");
    acct.sandbox = await mk(ou.sandbox, "dev");
    acct.staging = await mk(ou.sandbox, env);
  });

  async function scopeOf(...scopes: Scope[][]) {
    const user = await createUser({ role: "viewer" });
    for (const sc of scopes) await addMember((await createTeam({ scopes: sc })).id, user.id);
    return resolveUserScope(db, user);
  }

  /** The scope's accounts among this organization's (other test files add accounts too). */
  function mine(scope: Awaited<ReturnType<typeof resolveUserScope>>) {
    expect(scope.all).toBe(false);
    const ours = new Set(Object.values(acct));
    return scope.all ? [] : scope.accountIds.filter((id) => ours.has(id)).sort();
  }

  it("gives an admin every account, teams or not", async () => {
    const admin = await createUser({ role: "admin" });
    expect(await resolveUserScope(db, admin)).toEqual(ALL_ACCOUNTS);
  });

  it("limits an account scope to that account", async () => {
    const scope = await scopeOf([{ kind: "account", value: acct.payments }]);
    expect(scope).toEqual({ all: false, accountIds: [acct.payments] });
  });

  it("includes an OU's accounts and those of every OU below it, two levels down, but not above or beside", async () => {
    expect(mine(await scopeOf([{ kind: "ou", value: ou.workloads }]))).toEqual(
      [acct.workloads, acct.payments, acct.deep].sort(),
    );
    expect(mine(await scopeOf([{ kind: "ou", value: ou.payments }]))).toEqual([acct.payments, acct.deep].sort());
    expect(mine(await scopeOf([{ kind: "ou", value: ou.paymentsProd }]))).toEqual([acct.deep]);
    expect(mine(await scopeOf([{ kind: "ou", value: ou.root }]))).toEqual(Object.values(acct).sort());
    expect(mine(await scopeOf([{ kind: "ou", value: "ou-does-not-exist" }]))).toEqual([]);
  });

  it("includes every account of an environment, and only those", async () => {
    const scope = await scopeOf([{ kind: "environment", value: env }]);
    expect(mine(scope)).toEqual([acct.staging]);
    const rows = await db.select({ id: s.awsAccounts.id, environment: s.awsAccounts.environment }).from(s.awsAccounts);
    const byId = new Map(rows.map((r) => [r.id, r.environment]));
    expect(scope.all ? [] : scope.accountIds.map((id) => byId.get(id))).toSatisfy(
      (envs: unknown[]) => envs.length > 0 && envs.every((e) => e === env),
    );
  });

  it("unions the scopes of all of a user's teams, and of one team's several scopes, each account once", async () => {
    const scope = await scopeOf(
      [
        { kind: "account", value: acct.top },
        { kind: "ou", value: ou.paymentsProd },
      ],
      [
        { kind: "account", value: acct.sandbox },
        { kind: "account", value: acct.deep },
      ],
    );
    expect(scope).toEqual({ all: false, accountIds: [acct.top, acct.deep, acct.sandbox].sort() });
  });

  it("gives a team without scopes, or a user without teams, no accounts, whatever their role", async () => {
    expect(await scopeOf([])).toEqual({ all: false, accountIds: [] });
    for (const role of ["viewer", "triager"] as const) {
      const user = await createUser({ role });
      expect(await resolveUserScope(db, user)).toEqual({ all: false, accountIds: [] });
    }
    expect(await resolveUserScope(db, await createUser({ role: null }))).toEqual({ all: false, accountIds: [] });
  });

  it("ignores the teams of other users", async () => {
    const other = await createUser({ role: "viewer" });
    await addMember((await createTeam({ scopes: [{ kind: "ou", value: ou.root }] })).id, other.id);
    const user = await createUser({ role: "viewer" });
    expect(await resolveUserScope(db, user)).toEqual({ all: false, accountIds: [] });
  });
});

describe("sessions", () => {
  const policy: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
  const t0 = new Date("2030-01-01T08:00:00Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);

  async function session(userId: string, now = t0, extra: { ip?: string; userAgent?: string } = {}) {
    const token = newSessionToken();
    const id = await createSession(db, { userId, tokenHash: hashToken(token), now, policy, ...extra });
    return { id, tokenHash: hashToken(token) };
  }

  const row = async (id: string) => (await db.select().from(s.sessions).where(eq(s.sessions.id, id)))[0]!;

  it("creates a session good for the absolute timeout, storing only the token's hash and trimmed metadata", async () => {
    const user = await createUser({ role: "viewer" });
    const token = newSessionToken();
    const id = await createSession(db, {
      userId: user.id,
      tokenHash: hashToken(token),
      now: t0,
      policy,
      ip: "203.0.113.7",
      userAgent: "x".repeat(500),
    });
    const r = await row(id);
    expect(r).toMatchObject({
      userId: user.id,
      tokenHash: hashToken(token),
      createdAt: t0,
      lastSeenAt: t0,
      expiresAt: at(policy.absoluteMs),
      revokedAt: null,
      ip: "203.0.113.7",
    });
    expect(r.tokenHash).not.toContain(token);
    expect(r.userAgent).toHaveLength(300);
  });

  it("accepts a live session and returns its user", async () => {
    const user = await createUser({ role: "triager" });
    const { id, tokenHash } = await session(user.id);
    const check = await checkSession(db, tokenHash, at(5 * 60_000), policy);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.session.id).toBe(id);
      expect(check.user).toMatchObject({ id: user.id, role: "triager" });
    }
  });

  it("knows nothing of an unknown token", async () => {
    expect(await checkSession(db, hashToken(newSessionToken()), t0, policy)).toEqual({ ok: false, reason: "unknown" });
  });

  it("ends a session idle for longer than the idle timeout, revoking it for good", async () => {
    const user = await createUser({ role: "viewer" });
    // Exactly the idle timeout is still fine; a millisecond more is not.
    const edge = await session(user.id);
    expect((await checkSession(db, edge.tokenHash, at(policy.idleMs), policy)).ok).toBe(true);
    const { id, tokenHash } = await session(user.id);
    const idle = await checkSession(db, tokenHash, at(policy.idleMs + 1), policy);
    expect(idle).toEqual({ ok: false, reason: "idle", userId: user.id, email: user.email });
    expect((await row(id)).revokedAt).toEqual(at(policy.idleMs + 1));
    // Coming back later does not revive it.
    expect(await checkSession(db, tokenHash, at(policy.idleMs + 2), policy)).toMatchObject({
      ok: false,
      reason: "revoked",
    });
  });

  it("ends a session at its absolute expiry even while it is in use", async () => {
    const user = await createUser({ role: "viewer" });
    const { tokenHash } = await session(user.id);
    // Active every 20 minutes, never idle.
    for (let ms = 20 * 60_000; ms < policy.absoluteMs; ms += 20 * 60_000) {
      expect((await checkSession(db, tokenHash, at(ms), policy)).ok, `at +${ms / 60_000} min`).toBe(true);
    }
    expect(await checkSession(db, tokenHash, at(policy.absoluteMs), policy)).toMatchObject({
      ok: false,
      reason: "expired",
      userId: user.id,
    });
  });

  it("refuses a revoked session", async () => {
    const user = await createUser({ role: "viewer" });
    const { id, tokenHash } = await session(user.id);
    expect(await revokeSession(db, { userId: user.id, sessionId: id, by: user.id, now: at(1000) })).toBe(true);
    expect(await checkSession(db, tokenHash, at(2000), policy)).toMatchObject({
      ok: false,
      reason: "revoked",
      userId: user.id,
    });
    expect((await row(id)).revokedBy).toBe(user.id);
  });

  it("refuses the session of a disabled user", async () => {
    const user = await createUser({ role: "admin" });
    const { tokenHash } = await session(user.id);
    await db
      .update(s.users)
      .set({ disabledAt: at(1000) })
      .where(eq(s.users.id, user.id));
    expect(await checkSession(db, tokenHash, at(2000), policy)).toEqual({
      ok: false,
      reason: "disabled",
      userId: user.id,
      email: user.email,
    });
  });

  it("records activity at most once a minute", async () => {
    const user = await createUser({ role: "viewer" });
    const { id, tokenHash } = await session(user.id);
    await checkSession(db, tokenHash, at(30_000), policy);
    expect((await row(id)).lastSeenAt).toEqual(t0);
    await checkSession(db, tokenHash, at(60_000), policy);
    expect((await row(id)).lastSeenAt).toEqual(t0);
    await checkSession(db, tokenHash, at(60_001), policy);
    expect((await row(id)).lastSeenAt).toEqual(at(60_001));
    await checkSession(db, tokenHash, at(90_000), policy);
    expect((await row(id)).lastSeenAt).toEqual(at(60_001));
    // The idle timeout counts from the last recorded activity.
    expect((await checkSession(db, tokenHash, at(60_001 + policy.idleMs), policy)).ok).toBe(true);
  });

  it("lists a user's usable sessions, most recently used first, without revoked, expired or idle ones", async () => {
    const user = await createUser({ role: "viewer" });
    const other = await createUser({ role: "viewer" });
    const now = at(policy.absoluteMs + 60_000);
    const older = await session(user.id, at(policy.absoluteMs - 20 * 60_000), { ip: "198.51.100.1" });
    const newer = await session(user.id, at(policy.absoluteMs - 5 * 60_000), { ip: "198.51.100.2" });
    // Past its absolute expiry by `now`, though used a minute ago.
    const expired = await session(user.id, t0);
    await db
      .update(s.sessions)
      .set({ lastSeenAt: at(policy.absoluteMs) })
      .where(eq(s.sessions.id, expired.id));
    await session(user.id, at(policy.absoluteMs - 31 * 60_000)); // idle by `now`
    const revoked = await session(user.id, at(policy.absoluteMs - 10 * 60_000));
    await revokeSession(db, { userId: user.id, sessionId: revoked.id, by: user.id, now });
    await session(other.id, now);

    const active = await listActiveSessions(db, user.id, now, policy);
    expect(active.map((a) => [a.id, a.ip])).toEqual([
      [newer.id, "198.51.100.2"],
      [older.id, "198.51.100.1"],
    ]);
  });

  it("revokes only the user's own session: another user's session id is refused and stays usable", async () => {
    const alice = await createUser({ role: "viewer" });
    const mallory = await createUser({ role: "viewer" });
    const alices = await session(alice.id);
    expect(await revokeSession(db, { userId: mallory.id, sessionId: alices.id, by: mallory.id, now: at(1000) })).toBe(
      false,
    );
    expect((await checkSession(db, alices.tokenHash, at(2000), policy)).ok).toBe(true);
    expect((await row(alices.id)).revokedAt).toBeNull();
    // Revoking twice reports nothing the second time.
    expect(await revokeSession(db, { userId: alice.id, sessionId: alices.id, by: alice.id, now: at(3000) })).toBe(true);
    expect(await revokeSession(db, { userId: alice.id, sessionId: alices.id, by: alice.id, now: at(4000) })).toBe(
      false,
    );
    expect((await row(alices.id)).revokedAt).toEqual(at(3000));
  });

  it("revokes all of a user's sessions but the one to keep, and no one else's", async () => {
    const user = await createUser({ role: "viewer" });
    const other = await createUser({ role: "viewer" });
    const keep = await session(user.id);
    const a = await session(user.id);
    const b = await session(user.id);
    const already = await session(user.id);
    await revokeSession(db, { userId: user.id, sessionId: already.id, by: user.id, now: at(500) });
    const others = await session(other.id);

    expect(await revokeUserSessions(db, { userId: user.id, by: other.id, now: at(1000), keep: keep.id })).toBe(2);
    expect((await checkSession(db, keep.tokenHash, at(2000), policy)).ok).toBe(true);
    for (const gone of [a, b]) {
      expect(await checkSession(db, gone.tokenHash, at(2000), policy)).toMatchObject({ ok: false, reason: "revoked" });
      expect((await row(gone.id)).revokedBy).toBe(other.id);
    }
    expect((await row(already.id)).revokedAt).toEqual(at(500));
    expect((await checkSession(db, others.tokenHash, at(2000), policy)).ok).toBe(true);

    // Without `keep`, every remaining one goes.
    expect(await revokeUserSessions(db, { userId: user.id, by: user.id, now: at(3000) })).toBe(1);
    expect(await listActiveSessions(db, user.id, at(3000), policy)).toEqual([]);
  });
});

describe("listAudit", () => {
  // Every action here starts with a prefix unique to this run; LIKE metacharacters are part of it.
  const p = `t${tag()}`;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const entries = [
      {
        key: "underscore",
        action: `${p}_x.sign_in`,
        outcome: "success" as const,
        actorEmail: `alice_${p}@example.com`,
      },
      { key: "letter", action: `${p}ax.sign_in`, outcome: "denied" as const, actorEmail: `aliceX${p}@example.com` },
      { key: "percent", action: `${p}%.role_change`, outcome: "success" as const, actorEmail: `bob%${p}@example.com` },
      { key: "percent2", action: `${p}zz.role_change`, outcome: "error" as const, actorEmail: null },
      { key: "backslash", action: `${p}\\.x`, outcome: "denied" as const, actorEmail: `Carol${p}@Example.com` },
    ];
    for (const e of entries) {
      const actor = e.actorEmail ? { id: (await createUser()).id, email: e.actorEmail } : null;
      await audit(db, { action: e.action, outcome: e.outcome, actor, details: { key: e.key } });
      const [last] = await listAudit(db, { action: e.action, limit: 1 });
      ids[e.key] = last!.id;
    }
  });

  const keys = (rows: { details: Record<string, unknown> }[]) => rows.map((r) => r.details.key);

  it("lists newest first, limited", async () => {
    expect(keys(await listAudit(db, { action: p, limit: 10 }))).toEqual([
      "backslash",
      "percent2",
      "percent",
      "letter",
      "underscore",
    ]);
    expect(keys(await listAudit(db, { action: p, limit: 2 }))).toEqual(["backslash", "percent2"]);
  });

  it("matches the action as a literal prefix: _ % and \\ are not wildcards", async () => {
    expect(keys(await listAudit(db, { action: `${p}_`, limit: 10 }))).toEqual(["underscore"]);
    expect(keys(await listAudit(db, { action: `${p}%`, limit: 10 }))).toEqual(["percent"]);
    expect(keys(await listAudit(db, { action: `${p}\\`, limit: 10 }))).toEqual(["backslash"]);
    expect(keys(await listAudit(db, { action: `${p}a`, limit: 10 }))).toEqual(["letter"]);
    // A prefix, not a substring.
    expect(await listAudit(db, { action: p.slice(1), limit: 10 })).toEqual([]);
  });

  it("filters by outcome", async () => {
    expect(keys(await listAudit(db, { action: p, outcome: "denied", limit: 10 }))).toEqual(["backslash", "letter"]);
    expect(keys(await listAudit(db, { action: p, outcome: "error", limit: 10 }))).toEqual(["percent2"]);
  });

  it("filters by a substring of the actor's e-mail, case-insensitively and literally", async () => {
    expect(keys(await listAudit(db, { actor: `alice_${p}`, limit: 10 }))).toEqual(["underscore"]);
    expect(keys(await listAudit(db, { actor: `_${p}`, limit: 10 }))).toEqual(["underscore"]);
    expect(keys(await listAudit(db, { actor: `%${p}`, limit: 10 }))).toEqual(["percent"]);
    expect(keys(await listAudit(db, { actor: `carol${p}@example`, limit: 10 }))).toEqual(["backslash"]);
    expect(keys(await listAudit(db, { action: p, actor: "alice", limit: 10 }))).toEqual(["letter", "underscore"]);
  });

  it("pages with `before`: entries older than the given id", async () => {
    expect(keys(await listAudit(db, { action: p, before: ids.percent, limit: 10 }))).toEqual(["letter", "underscore"]);
    expect(keys(await listAudit(db, { action: p, before: ids.percent2, limit: 1 }))).toEqual(["percent"]);
    expect(await listAudit(db, { action: p, before: ids.underscore, limit: 10 })).toEqual([]);
  });

  it("filters by time with `since`", async () => {
    const rows = await listAudit(db, { action: p, limit: 10 });
    const newest = rows[0]!.occurredAt;
    expect(keys(await listAudit(db, { action: p, since: newest, limit: 10 }))).toContain("backslash");
    expect(await listAudit(db, { action: p, since: new Date(newest.getTime() + 60_000), limit: 10 })).toEqual([]);
  });

  it("keeps the actor's e-mail even once the user is gone", async () => {
    const [row] = await listAudit(db, { action: `${p}_`, limit: 1 });
    await db.delete(s.users).where(eq(s.users.id, row!.actorId!));
    const [after] = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.id, row!.id)));
    expect(after).toMatchObject({ actorId: null, actorEmail: `alice_${p}@example.com` });
  });
});

describe("wouldLinkByEmail", () => {
  it("is true only when a new identity's e-mail belongs to an existing user", async () => {
    const user = await createUser();
    const subject = `sub-${tag()}`;
    expect(await wouldLinkByEmail(db, "entra", subject, user.email)).toBe(true);
    expect(await wouldLinkByEmail(db, "entra", subject, `nobody-${tag()}@example.com`)).toBe(false);
    await db.insert(s.userIdentities).values({ provider: "entra", subject, userId: user.id });
    // The identity is already this user's: signing in again is not a link.
    expect(await wouldLinkByEmail(db, "entra", subject, user.email)).toBe(false);
  });
});
