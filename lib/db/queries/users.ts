import { and, eq, inArray, sql } from "drizzle-orm";
import type { Role, RoleSource } from "@/lib/domain/vocabulary";
import { teamMembers, teams, userIdentities, users } from "../schema";
import type { Db } from "../types";
import { scopeToAccounts, teamAccounts, ALL_ACCOUNTS, type AccountScope } from "./scope";

export type User = typeof users.$inferSelect;

/**
 * The accounts a user may see: every account for an admin; otherwise the union of their teams'
 * scopes, expanded by `teamAccounts` (the admin screen shows the same). No team, no accounts.
 */
export async function resolveUserScope(db: Db, user: Pick<User, "id" | "role">): Promise<AccountScope> {
  if (user.role === "admin") return ALL_ACCOUNTS;
  const result = (await db.execute(sql`
    select distinct t.account_id as id
    from ${teamAccounts(sql`select team_id from team_members where user_id = ${user.id}`)} t
    order by 1`)) as unknown as { rows: { id: string }[] };
  return scopeToAccounts(result.rows.map((r) => r.id));
}

export type OidcSignIn = {
  provider: string;
  subject: string;
  email: string;
  name: string | null;
  groups: string[];
  /** The role the configured rules grant (groups, ADMIN_EMAILS), before manual assignments. */
  mappedRole: Role | null;
  mappedSource: RoleSource;
  now: Date;
};

export type SignInChanges = {
  user: User;
  created: boolean;
  role: { from: Role | null; to: Role | null } | null;
  teamsJoined: string[];
  teamsLeft: string[];
};

/**
 * Records an OpenID Connect sign-in: finds or creates the user (by provider subject, then by
 * e-mail), refreshes their groups, and re-derives the role and IdP team memberships. A role an
 * admin assigned by hand ("manual") is kept; IdP-derived roles follow the groups at each sign-in.
 */
export async function recordOidcSignIn(db: Db, input: OidcSignIn): Promise<SignInChanges> {
  return db.transaction(async (tx) => {
    let { user } = await findSignInUser(tx, input.provider, input.subject, input.email);
    const created = !user;
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({
          email: input.email,
          name: input.name,
          role: input.mappedRole,
          roleSource: input.mappedRole ? input.mappedSource : null,
        })
        .returning();
    }
    const current = user!;
    let role: SignInChanges["role"] = null;
    const keepManual = current.roleSource === "manual";
    const nextRole = keepManual ? current.role : input.mappedRole;
    if (!created && nextRole !== current.role) role = { from: current.role, to: nextRole };
    if (created && input.mappedRole) role = { from: null, to: input.mappedRole };
    const [updated] = await tx
      .update(users)
      .set({
        name: input.name ?? current.name,
        lastLoginAt: input.now,
        ...(keepManual ? {} : { role: nextRole, roleSource: nextRole ? input.mappedSource : null }),
      })
      .where(eq(users.id, current.id))
      .returning();
    await tx
      .insert(userIdentities)
      .values({
        provider: input.provider,
        subject: input.subject,
        userId: current.id,
        groups: input.groups,
        lastLoginAt: input.now,
      })
      .onConflictDoUpdate({
        target: [userIdentities.provider, userIdentities.subject],
        set: { groups: input.groups, lastLoginAt: input.now },
      });

    // IdP team memberships follow the groups; memberships an admin added by hand stay.
    const groupTeams = input.groups.length
      ? await tx.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.idpGroup, input.groups))
      : [];
    const existing = await tx
      .select({ teamId: teamMembers.teamId, source: teamMembers.source, name: teams.name })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(eq(teamMembers.userId, current.id));
    const have = new Set(existing.map((m) => m.teamId));
    const want = new Set(groupTeams.map((t) => t.id));
    const join = groupTeams.filter((t) => !have.has(t.id));
    const leave = existing.filter((m) => m.source === "idp" && !want.has(m.teamId));
    if (join.length)
      await tx
        .insert(teamMembers)
        .values(join.map((t) => ({ teamId: t.id, userId: current.id, source: "idp" as const })));
    if (leave.length) {
      await tx.delete(teamMembers).where(
        and(
          eq(teamMembers.userId, current.id),
          inArray(
            teamMembers.teamId,
            leave.map((m) => m.teamId),
          ),
        ),
      );
    }
    return { user: updated!, created, role, teamsJoined: join.map((t) => t.name), teamsLeft: leave.map((m) => m.name) };
  });
}

export const LOCAL_ADMIN = "admin";

export async function findLocalAdmin(db: Db): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, LOCAL_ADMIN));
  return user;
}

/** Creates the local admin with a one-time password hash, unless one exists. Returns whether it did. */
export async function createLocalAdmin(db: Db, passwordHash: string): Promise<boolean> {
  const rows = await db
    .insert(users)
    .values({
      email: LOCAL_ADMIN,
      name: "Local admin",
      role: "admin",
      roleSource: "bootstrap",
      passwordHash,
      passwordOneTime: true,
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Sets a local password in place of `replacing`; false when the stored hash is no longer that one. */
export async function setLocalPassword(
  db: Db,
  params: { userId: string; passwordHash: string; replacing: string },
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash: params.passwordHash, passwordOneTime: false })
    .where(and(eq(users.id, params.userId), eq(users.passwordHash, params.replacing)))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function touchLogin(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId));
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** The user a sign-in as (provider, subject) belongs to: by that identity, else by e-mail (a link). */
async function findSignInUser(
  db: Db,
  provider: string,
  subject: string,
  email: string,
): Promise<{ user: User | undefined; byEmail: boolean }> {
  const [identity] = await db
    .select({ userId: userIdentities.userId })
    .from(userIdentities)
    .where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, subject)));
  if (identity)
    return { user: (await db.select().from(users).where(eq(users.id, identity.userId)))[0], byEmail: false };
  return { user: (await db.select().from(users).where(eq(users.email, email)))[0], byEmail: true };
}

/**
 * Whether signing in as (provider, subject) with this e-mail would attach to an existing user who
 * reached Posture some other way. Only a provider-verified e-mail may link them; otherwise anyone
 * able to set their own address at a provider could take over that user.
 */
export async function wouldLinkByEmail(db: Db, provider: string, subject: string, email: string): Promise<boolean> {
  const found = await findSignInUser(db, provider, subject, email);
  return found.byEmail && found.user !== undefined;
}
