import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/open";
import {
  followIdpRole,
  listUsersForAdmin,
  nameAuditTargets,
  setUserDisabled,
  setUserRole,
} from "@/lib/db/queries/admin-users";
import { createSession } from "@/lib/db/queries/sessions";
import {
  addTeamMember,
  addTeamScope,
  createTeam,
  deleteTeam,
  listTeamMembers,
  listTeams,
  listTeamScopes,
  removeTeamMember,
  removeTeamScope,
  updateTeam,
} from "@/lib/db/queries/teams";
import { recordOidcSignIn, resolveUserScope } from "@/lib/db/queries/users";
import * as s from "@/lib/db/schema";
import type { Role } from "@/lib/domain/vocabulary";
import type { Db } from "@/lib/db/types";
import { createAccount, createOrganization, createTeam as makeTeam, createUser } from "../factories";
import { createTestDatabase } from "../postgres";

// A database of its own: admin counts and environment scopes span the whole database, so rows
// other test files create in the shared one would change the answers.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
let db: Db;
const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

beforeAll(async () => {
  database = await createTestDatabase("posture_admin");
  handle = await openDatabase({ url: database.url });
  db = handle.db;
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

async function reload(id: string) {
  const [u] = await db.select().from(s.users).where(eq(s.users.id, id));
  return u!;
}

function signIn(email: string, groups: string[], mappedRole: Role | null, subject = email) {
  return recordOidcSignIn(db, {
    provider: "okta",
    subject,
    email,
    name: null,
    groups,
    mappedRole,
    mappedSource: "idp",
    now: new Date(),
  });
}

describe("team scope coverage", () => {
  // Root ─ Workloads ─ Prod; accounts spread over the three, with environments that cut across them.
  let ids: { p1: string; s1: string; d1: string; p2: string };
  const root = `r-${randomUUID().slice(0, 6)}`;
  const workloads = `ou-${randomUUID().slice(0, 6)}-workloads`;
  const prod = `ou-${randomUUID().slice(0, 6)}-prod`;

  beforeAll(async () => {
    const org = await createOrganization(db);
    await db.insert(s.organizationalUnits).values([
      { id: root, organizationId: org.id, parentId: null, name: "Root", path: "Root" },
      { id: workloads, organizationId: org.id, parentId: root, name: "Workloads", path: "Root/Workloads" },
      { id: prod, organizationId: org.id, parentId: workloads, name: "Prod", path: "Root/Workloads/Prod" },
    ]);
    ids = {
      p1: (await createAccount(db, org.id, { name: "payments-prod", environment: "prod", ouId: prod })).id,
      s1: (await createAccount(db, org.id, { name: "web-staging", environment: "staging", ouId: workloads })).id,
      d1: (await createAccount(db, org.id, { name: "sandbox", environment: "dev", ouId: root })).id,
      p2: (await createAccount(db, org.id, { name: "shared-prod", environment: "prod", ouId: root })).id,
    };
  });

  it("counts the distinct accounts each team's scopes cover, an OU including everything below it", async () => {
    const ou = await makeTeam(db, { name: "cov-ou" });
    const env = await makeTeam(db, { name: "cov-env" });
    const mixed = await makeTeam(db, { name: "cov-mixed" });
    const empty = await makeTeam(db, { name: "cov-empty" });
    expect(await addTeamScope(db, ou.id, { kind: "ou", value: workloads })).toMatchObject({ ok: true });
    expect(await addTeamScope(db, env.id, { kind: "environment", value: "prod" })).toMatchObject({ ok: true });
    expect(await addTeamScope(db, env.id, { kind: "account", value: ids.p1 })).toMatchObject({ ok: true }); // Already covered by prod.
    expect(await addTeamScope(db, mixed.id, { kind: "account", value: ids.d1 })).toMatchObject({ ok: true });
    expect(await addTeamScope(db, mixed.id, { kind: "ou", value: prod })).toMatchObject({ ok: true });

    const count = async () => new Map((await listTeams(db)).map((t) => [t.id, t.accountCount]));
    let counts = await count();
    expect(counts.get(ou.id)).toBe(2); // p1 (Prod, below Workloads) and s1.
    expect(counts.get(env.id)).toBe(2); // p1 and p2, p1 once.
    expect(counts.get(mixed.id)).toBe(2); // d1 and p1.
    expect(counts.get(empty.id)).toBe(0);

    const added = await addTeamScope(db, env.id, { kind: "account", value: ids.s1 });
    expect((await count()).get(env.id)).toBe(3);
    if (!added.ok) throw new Error("scope not added");
    expect(await removeTeamScope(db, env.id, added.scope.id)).toMatchObject({ value: ids.s1 });
    counts = await count();
    expect(counts.get(env.id)).toBe(2);

    // The figure shown is what a member of the team actually sees.
    const member = await createUser(db, { role: "viewer" });
    await addTeamMember(db, ou.id, member.id);
    await addTeamMember(db, mixed.id, member.id);
    const scope = await resolveUserScope(db, member);
    expect(scope.all).toBe(false);
    if (!scope.all) expect([...scope.accountIds].sort()).toEqual([ids.p1, ids.s1, ids.d1].sort());
  });

  it("refuses scopes on accounts or OUs that do not exist, duplicates, and unknown teams", async () => {
    const team = await makeTeam(db);
    expect(await addTeamScope(db, team.id, { kind: "account", value: "000000000000" })).toEqual({
      ok: false,
      reason: "unknown_target",
    });
    expect(await addTeamScope(db, team.id, { kind: "ou", value: "ou-none-00000000" })).toEqual({
      ok: false,
      reason: "unknown_target",
    });
    expect(await addTeamScope(db, team.id, { kind: "account", value: ids.p2 })).toMatchObject({ ok: true });
    expect(await addTeamScope(db, team.id, { kind: "account", value: ids.p2 })).toEqual({
      ok: false,
      reason: "duplicate",
    });
    expect(await addTeamScope(db, randomUUID(), { kind: "environment", value: "dev" })).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("labels scopes with the account's name and the OU's path, and removes a scope only through its own team", async () => {
    const team = await makeTeam(db);
    const other = await makeTeam(db);
    await addTeamScope(db, team.id, { kind: "ou", value: prod });
    await addTeamScope(db, team.id, { kind: "account", value: ids.p1 });
    await addTeamScope(db, team.id, { kind: "environment", value: "staging" });
    const scopes = (await listTeamScopes(db)).filter((x) => x.teamId === team.id);
    expect(scopes.map((x) => [x.kind, x.label])).toEqual([
      ["account", "payments-prod"],
      ["ou", "Root/Workloads/Prod"],
      ["environment", "staging"],
    ]);
    expect(await removeTeamScope(db, other.id, scopes[0]!.id)).toBeUndefined();
    expect((await listTeamScopes(db)).filter((x) => x.teamId === team.id)).toHaveLength(3);
  });
});

describe("roles", () => {
  it("a manual role survives sign-in; following the IdP again keeps the role until the next sign-in recalculates it", async () => {
    const email = `role-${randomUUID().slice(0, 6)}@example.com`;
    const { user } = await signIn(email, ["posture-viewers"], "viewer");
    const admin = await createUser(db, { role: "admin", roleSource: "manual", disabledAt: new Date() }); // Acting admin; disabled so it counts for nothing below.

    const changed = await setUserRole(db, { userId: user.id, role: "triager", actorId: admin.id });
    expect(changed).toMatchObject({
      ok: true,
      from: { role: "viewer", source: "idp" },
      to: { role: "triager", source: "manual" },
    });
    await signIn(email, ["posture-viewers"], "viewer");
    expect(await reload(user.id)).toMatchObject({ role: "triager", roleSource: "manual" });

    expect(await followIdpRole(db, user.id)).toMatchObject({ ok: true, role: "triager" });
    expect(await reload(user.id)).toMatchObject({ role: "triager", roleSource: "idp" });
    expect(await followIdpRole(db, user.id)).toEqual({ ok: false, reason: "not_manual" });
    await signIn(email, ["posture-viewers"], "viewer");
    expect(await reload(user.id)).toMatchObject({ role: "viewer", roleSource: "idp" });
  });

  it("'no role' set by hand keeps an IdP group from granting one", async () => {
    const email = `none-${randomUUID().slice(0, 6)}@example.com`;
    const { user } = await signIn(email, ["posture-triagers"], "triager");
    expect(await setUserRole(db, { userId: user.id, role: null, actorId: randomUUID() })).toMatchObject({
      ok: true,
      to: { role: null, source: "manual" },
    });
    await signIn(email, ["posture-triagers"], "triager");
    expect(await reload(user.id)).toMatchObject({ role: null, roleSource: "manual" });
    expect(await followIdpRole(db, user.id)).toMatchObject({ ok: true, role: null });
    expect(await reload(user.id)).toMatchObject({ role: null, roleSource: null });
  });

  it("refuses unknown users", async () => {
    expect(await setUserRole(db, { userId: randomUUID(), role: "viewer", actorId: randomUUID() })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(
      await setUserDisabled(db, { userId: randomUUID(), disabled: true, actorId: randomUUID(), now: new Date() }),
    ).toEqual({ ok: false, reason: "not_found" });
    expect(await followIdpRole(db, randomUUID())).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("last active admin", () => {
  it("an admin cannot demote or disable themself, nor demote or disable the last active admin", async () => {
    // No other test in this file leaves an enabled admin behind.
    const a = await createUser(db, { role: "admin", roleSource: "bootstrap" });
    const b = await createUser(db, { role: "admin", roleSource: "idp" });
    const now = new Date();

    expect(await setUserRole(db, { userId: a.id, role: "viewer", actorId: a.id })).toEqual({
      ok: false,
      reason: "self",
    });
    expect(await setUserDisabled(db, { userId: a.id, disabled: true, actorId: a.id, now })).toEqual({
      ok: false,
      reason: "self",
    });
    // Re-asserting one's own admin role is not a demotion.
    expect(await setUserRole(db, { userId: a.id, role: "admin", actorId: a.id })).toMatchObject({
      ok: true,
      to: { role: "admin", source: "manual" },
    });

    // b has two sessions; disabling b ends both.
    await createSession(db, { userId: b.id, tokenHash: randomUUID(), now, policy });
    await createSession(db, { userId: b.id, tokenHash: randomUUID(), now, policy });
    expect(await setUserDisabled(db, { userId: b.id, disabled: true, actorId: a.id, now })).toMatchObject({
      ok: true,
      changed: true,
      revokedSessions: 2,
    });
    expect((await reload(b.id)).disabledAt).not.toBeNull();

    // With b disabled, a is the last active admin, whoever asks.
    expect(await setUserRole(db, { userId: a.id, role: "triager", actorId: b.id })).toEqual({
      ok: false,
      reason: "last_admin",
    });
    expect(await setUserDisabled(db, { userId: a.id, disabled: true, actorId: b.id, now })).toEqual({
      ok: false,
      reason: "last_admin",
    });
    expect(await reload(a.id)).toMatchObject({ role: "admin", disabledAt: null });

    // A disabled admin can be demoted: it is not the last active one.
    expect(await setUserRole(db, { userId: b.id, role: "viewer", actorId: a.id })).toMatchObject({ ok: true });
    expect(await setUserRole(db, { userId: b.id, role: "admin", actorId: a.id })).toMatchObject({ ok: true });
    expect(await setUserDisabled(db, { userId: b.id, disabled: false, actorId: a.id, now })).toMatchObject({
      ok: true,
      changed: true,
      revokedSessions: 0,
    });
    expect(await setUserRole(db, { userId: a.id, role: "triager", actorId: b.id })).toMatchObject({
      ok: true,
      from: { role: "admin", source: "manual" },
    });

    // Tidy up: leave no enabled admin for other tests in this file.
    await db.update(s.users).set({ disabledAt: now }).where(eq(s.users.id, b.id));
  });
});

describe("user list", () => {
  it("counts only usable sessions and lists teams with how the user joined them", async () => {
    const user = await createUser(db, { role: "viewer", roleSource: "manual", name: "Ada" });
    const now = new Date();
    const hour = 3_600_000;
    await createSession(db, { userId: user.id, tokenHash: randomUUID(), now, policy }); // Active.
    await createSession(db, {
      userId: user.id,
      tokenHash: randomUUID(),
      now: new Date(now.getTime() - 2 * hour),
      policy,
    }); // Idle.
    await createSession(db, {
      userId: user.id,
      tokenHash: randomUUID(),
      now: new Date(now.getTime() - 13 * hour),
      policy,
    }); // Expired.
    const revoked = await createSession(db, { userId: user.id, tokenHash: randomUUID(), now, policy });
    await db.update(s.sessions).set({ revokedAt: now }).where(eq(s.sessions.id, revoked));
    const alpha = await makeTeam(db, { name: `a-${randomUUID().slice(0, 6)}` });
    const beta = await makeTeam(db, { name: `b-${randomUUID().slice(0, 6)}` });
    await db.insert(s.teamMembers).values([
      { teamId: beta.id, userId: user.id, source: "idp" },
      { teamId: alpha.id, userId: user.id, source: "manual" },
    ]);

    const row = (await listUsersForAdmin(db, now, policy)).find((u) => u.id === user.id);
    expect(row).toMatchObject({ name: "Ada", role: "viewer", roleSource: "manual", activeSessions: 1, local: false });
    expect(row!.teams).toEqual([
      { teamId: alpha.id, name: alpha.name, source: "manual" },
      { teamId: beta.id, name: beta.name, source: "idp" },
    ]);
  });
});

describe("audit targets", () => {
  it("are named by the user's e-mail or the team's name; unknown and non-uuid ids stay unnamed", async () => {
    const user = await createUser(db);
    const team = await makeTeam(db);
    const names = await nameAuditTargets(db, [
      { type: "user", id: user.id },
      { type: "team", id: team.id },
      { type: "team", id: user.id }, // A user's id under the wrong type.
      { type: "user", id: "admin" },
      { type: "session", id: randomUUID() },
      { type: null, id: null },
    ]);
    expect([...names.entries()].sort()).toEqual(
      [
        [`team:${team.id}`, team.name],
        [`user:${user.id}`, user.email],
      ].sort(),
    );
  });
});

describe("teams and memberships", () => {
  it("names teams uniquely regardless of case", async () => {
    const name = `Payments ${randomUUID().slice(0, 6)}`;
    const created = await createTeam(db, { name, description: null, idpGroup: null });
    expect(created).toMatchObject({ ok: true, team: { name } });
    expect(await createTeam(db, { name: name.toLowerCase(), description: null, idpGroup: null })).toEqual({
      ok: false,
      reason: "duplicate",
    });
    const other = await makeTeam(db);
    expect(await updateTeam(db, other.id, { name: name.toUpperCase() })).toEqual({ ok: false, reason: "duplicate" });
    expect(await updateTeam(db, randomUUID(), { name: "whatever" })).toEqual({ ok: false, reason: "not_found" });
    if (!created.ok) return;
    expect(await updateTeam(db, created.team.id, { name, description: "Card payments" })).toMatchObject({
      ok: true,
      team: { description: "Card payments" },
    });
  });

  it("adds and removes manual members; IdP members can only leave through the team's group", async () => {
    const group = `grp-${randomUUID().slice(0, 6)}`;
    const viaIdp = (await signIn(`idp-${randomUUID().slice(0, 6)}@example.com`, [group], "viewer")).user;
    const manual = await createUser(db, { role: "viewer" });
    const created = await createTeam(db, { name: `team-${group}`, description: null, idpGroup: group });
    if (!created.ok) throw new Error("team not created");
    const team = created.team;
    // A user already known to be in the group joins at once.
    expect(created.sync).toEqual({ joined: 1, left: 0 });

    expect(await addTeamMember(db, team.id, manual.id)).toMatchObject({ ok: true, email: manual.email });
    expect(await addTeamMember(db, team.id, manual.id)).toEqual({ ok: false, reason: "duplicate", source: "manual" });
    expect(await addTeamMember(db, team.id, viaIdp.id)).toEqual({ ok: false, reason: "duplicate", source: "idp" });
    expect(await addTeamMember(db, team.id, randomUUID())).toEqual({ ok: false, reason: "user_not_found" });
    expect(await addTeamMember(db, randomUUID(), manual.id)).toEqual({ ok: false, reason: "team_not_found" });

    const members = async () =>
      (await listTeamMembers(db)).filter((m) => m.teamId === team.id).map((m) => [m.userId, m.source]);
    expect(await members()).toEqual(
      expect.arrayContaining([
        [viaIdp.id, "idp"],
        [manual.id, "manual"],
      ]),
    );

    expect(await removeTeamMember(db, team.id, viaIdp.id)).toEqual({ ok: false, reason: "idp" });
    // Signing in without the group does not remove a manual membership.
    await signIn(manual.email, [], null, `sub-${manual.id}`);
    expect(await members()).toHaveLength(2);

    // Changing the group: IdP members not in the new group leave, manual members stay.
    const changed = await updateTeam(db, team.id, { idpGroup: `${group}-new` });
    expect(changed).toMatchObject({ ok: true, sync: { joined: 0, left: 1 } });
    expect(await members()).toEqual([[manual.id, "manual"]]);

    expect(await removeTeamMember(db, team.id, manual.id)).toEqual({ ok: true, email: manual.email });
    expect(await removeTeamMember(db, team.id, manual.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await members()).toEqual([]);

    // Pointing the group back brings the IdP member back.
    expect(await updateTeam(db, team.id, { idpGroup: group })).toMatchObject({
      ok: true,
      sync: { joined: 1, left: 0 },
    });
    expect(await members()).toEqual([[viaIdp.id, "idp"]]);
    // Clearing the group empties its IdP memberships.
    expect(await updateTeam(db, team.id, { idpGroup: null })).toMatchObject({ ok: true, sync: { joined: 0, left: 1 } });
  });

  it("deleting a team removes its scopes and memberships", async () => {
    const team = await makeTeam(db);
    const user = await createUser(db);
    await addTeamMember(db, team.id, user.id);
    await addTeamScope(db, team.id, { kind: "environment", value: "dev" });
    expect(await deleteTeam(db, team.id)).toMatchObject({ id: team.id });
    expect(await deleteTeam(db, team.id)).toBeUndefined();
    expect((await listTeamMembers(db)).filter((m) => m.teamId === team.id)).toEqual([]);
    expect((await listTeamScopes(db)).filter((x) => x.teamId === team.id)).toEqual([]);
  });
});
