import { and, asc, eq, ne, notInArray, sql } from "drizzle-orm";
import type { RoleSource, ScopeKind } from "@/lib/domain/vocabulary";
import { awsAccounts, organizationalUnits, teamMembers, teams, teamScopes, userIdentities, users } from "../schema";
import type { Db } from "../types";
import { scopeToAccounts, teamAccounts, type AccountScope } from "./scope";

export type Team = typeof teams.$inferSelect;
export type TeamInput = { name: string; description: string | null; idpGroup: string | null };

/** The accounts each team's scopes cover right now (team id → sorted account ids), as members read them. */
export async function listTeamCoverage(db: Db): Promise<Map<string, string[]>> {
  const result = (await db.execute(sql`
    select t.team_id, t.account_id from ${teamAccounts(sql`select id from teams`)} t
    order by t.team_id, t.account_id`)) as unknown as { rows: { team_id: string; account_id: string }[] };
  const coverage = new Map<string, string[]>();
  for (const r of result.rows) {
    const ids = coverage.get(r.team_id) ?? [];
    if (ids.length === 0) coverage.set(r.team_id, ids);
    ids.push(r.account_id);
  }
  return coverage;
}

/** Teams by name, each with how many accounts its scopes cover right now (an OU covers everything below it). */
export async function listTeams(db: Db) {
  const [coverage, rows] = await Promise.all([listTeamCoverage(db), db.select().from(teams).orderBy(asc(teams.name))]);
  return rows.map((t) => ({ ...t, accountCount: coverage.get(t.id)?.length ?? 0 }));
}

export async function getTeam(db: Db, id: string): Promise<Team | undefined> {
  const [team] = await db.select().from(teams).where(eq(teams.id, id));
  return team;
}

/** Every team's scopes with a readable label: the account's name, the OU's path. Unknown targets have a null label. */
export async function listTeamScopes(db: Db) {
  return db
    .select({
      id: teamScopes.id,
      teamId: teamScopes.teamId,
      kind: teamScopes.kind,
      value: teamScopes.value,
      label: sql<string | null>`case ${teamScopes.kind}
        when 'account' then ${awsAccounts.name}
        when 'ou' then ${organizationalUnits.path}
        else ${teamScopes.value} end`,
    })
    .from(teamScopes)
    .leftJoin(awsAccounts, and(eq(teamScopes.kind, "account"), eq(awsAccounts.id, teamScopes.value)))
    .leftJoin(organizationalUnits, and(eq(teamScopes.kind, "ou"), eq(organizationalUnits.id, teamScopes.value)))
    .orderBy(asc(teamScopes.teamId), asc(teamScopes.kind), asc(teamScopes.value));
}

/** Every team membership with the member's e-mail, by team then e-mail. */
export async function listTeamMembers(db: Db) {
  return db
    .select({
      teamId: teamMembers.teamId,
      userId: users.id,
      email: users.email,
      name: users.name,
      source: teamMembers.source,
      addedAt: teamMembers.addedAt,
      disabledAt: users.disabledAt,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .orderBy(asc(teamMembers.teamId), asc(users.email));
}

/** What a scope can point at: accounts (with names) and OUs (by path), for the pickers. */
export async function listScopeTargets(db: Db) {
  const [accounts, ous] = await Promise.all([
    db
      .select({ id: awsAccounts.id, name: awsAccounts.name, environment: awsAccounts.environment })
      .from(awsAccounts)
      .orderBy(asc(awsAccounts.name), asc(awsAccounts.id)),
    db
      .select({ id: organizationalUnits.id, path: organizationalUnits.path })
      .from(organizationalUnits)
      .orderBy(asc(organizationalUnits.path), asc(organizationalUnits.id)),
  ]);
  return { accounts, ous };
}

const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";

function hasSqlState(err: unknown, code: string): boolean {
  // Drizzle wraps driver errors; both node-postgres and PGlite carry the SQLSTATE as `code`.
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}

async function nameTaken(db: Db, name: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`lower(${teams.name}) = lower(${name})`, exceptId ? ne(teams.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

export type IdpSync = { joined: number; left: number };

/**
 * Brings a team's IdP memberships in line with its group, using the groups each user's identities
 * reported at their last sign-in; the next sign-in re-checks. Manual memberships are never touched.
 */
async function syncIdpMembers(tx: Db, teamId: string, group: string | null): Promise<IdpSync> {
  const inGroup = group
    ? (
        await tx
          .selectDistinct({ userId: userIdentities.userId })
          .from(userIdentities)
          .where(sql`${userIdentities.groups} @> ${JSON.stringify([group])}::jsonb`)
          .orderBy(asc(userIdentities.userId))
      ).map((r) => r.userId)
    : [];
  const left = await tx
    .delete(teamMembers)
    .where(
      and(
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.source, "idp"),
        inGroup.length ? notInArray(teamMembers.userId, inGroup) : undefined,
      ),
    )
    .returning({ userId: teamMembers.userId });
  const joined = inGroup.length
    ? await tx
        .insert(teamMembers)
        .values(inGroup.map((userId) => ({ teamId, userId, source: "idp" as const })))
        .onConflictDoNothing()
        .returning({ userId: teamMembers.userId })
    : [];
  return { joined: joined.length, left: left.length };
}

export type TeamChange = { ok: true; team: Team; sync: IdpSync } | { ok: false; reason: "not_found" | "duplicate" };

/** Creates a team; names are unique regardless of case. Users already known to be in its IdP group join at once. */
export async function createTeam(db: Db, input: TeamInput): Promise<TeamChange> {
  try {
    return await db.transaction(async (tx) => {
      if (await nameTaken(tx, input.name)) return { ok: false, reason: "duplicate" } as const;
      const [team] = await tx.insert(teams).values(input).returning();
      const sync = input.idpGroup ? await syncIdpMembers(tx, team!.id, input.idpGroup) : { joined: 0, left: 0 };
      return { ok: true, team: team!, sync } as const;
    });
  } catch (err) {
    if (hasSqlState(err, UNIQUE_VIOLATION)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}

/** Renames or re-describes a team; a changed IdP group re-syncs its IdP memberships at once. */
export async function updateTeam(
  db: Db,
  id: string,
  patch: Partial<TeamInput>,
): Promise<TeamChange & { before?: Team }> {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(teams).where(eq(teams.id, id)).for("update");
      if (!before) return { ok: false, reason: "not_found" } as const;
      if (patch.name !== undefined && (await nameTaken(tx, patch.name, id)))
        return { ok: false, reason: "duplicate" } as const;
      const [team] = await tx.update(teams).set(patch).where(eq(teams.id, id)).returning();
      const groupChanged = patch.idpGroup !== undefined && patch.idpGroup !== before.idpGroup;
      const sync = groupChanged ? await syncIdpMembers(tx, id, patch.idpGroup ?? null) : { joined: 0, left: 0 };
      return { ok: true, team: team!, sync, before } as const;
    });
  } catch (err) {
    if (hasSqlState(err, UNIQUE_VIOLATION)) return { ok: false, reason: "duplicate" };
    throw err;
  }
}

/** Deletes a team with its scopes and memberships; returns it, or undefined if there was none. */
export async function deleteTeam(db: Db, id: string): Promise<Team | undefined> {
  const [team] = await db.delete(teams).where(eq(teams.id, id)).returning();
  return team;
}

export type ScopeInput = { kind: ScopeKind; value: string };
export type ScopeChange =
  | { ok: true; scope: typeof teamScopes.$inferSelect }
  | { ok: false; reason: "not_found" | "unknown_target" | "duplicate" };

async function targetExists(db: Db, scope: ScopeInput): Promise<boolean> {
  if (scope.kind === "environment") return true; // The request's schema already limits it to the enum.
  const rows =
    scope.kind === "account"
      ? await db.select({ id: awsAccounts.id }).from(awsAccounts).where(eq(awsAccounts.id, scope.value)).limit(1)
      : await db
          .select({ id: organizationalUnits.id })
          .from(organizationalUnits)
          .where(eq(organizationalUnits.id, scope.value))
          .limit(1);
  return rows.length > 0;
}

/** Adds an account, OU or environment to what a team sees. The account or OU must exist. */
export async function addTeamScope(db: Db, teamId: string, scope: ScopeInput): Promise<ScopeChange> {
  if (!(await getTeam(db, teamId))) return { ok: false, reason: "not_found" };
  if (!(await targetExists(db, scope))) return { ok: false, reason: "unknown_target" };
  try {
    const [row] = await db
      .insert(teamScopes)
      .values({ teamId, ...scope })
      .onConflictDoNothing()
      .returning();
    return row ? { ok: true, scope: row } : { ok: false, reason: "duplicate" };
  } catch (err) {
    if (hasSqlState(err, FOREIGN_KEY_VIOLATION)) return { ok: false, reason: "not_found" }; // Deleted meanwhile.
    throw err;
  }
}

/** Removes one scope of a team; returns it, or undefined if the team has no such scope. */
export async function removeTeamScope(db: Db, teamId: string, scopeId: string) {
  const [row] = await db
    .delete(teamScopes)
    .where(and(eq(teamScopes.id, scopeId), eq(teamScopes.teamId, teamId)))
    .returning();
  return row;
}

export type MemberChange =
  | { ok: true; email: string }
  | { ok: false; reason: "team_not_found" | "user_not_found" | "duplicate"; source?: RoleSource };

/** Adds a user to a team by hand. Manual memberships survive sign-ins whatever the user's IdP groups say. */
export async function addTeamMember(db: Db, teamId: string, userId: string): Promise<MemberChange> {
  if (!(await getTeam(db, teamId))) return { ok: false, reason: "team_not_found" };
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, reason: "user_not_found" };
  let row;
  try {
    [row] = await db.insert(teamMembers).values({ teamId, userId, source: "manual" }).onConflictDoNothing().returning();
  } catch (err) {
    if (hasSqlState(err, FOREIGN_KEY_VIOLATION)) return { ok: false, reason: "team_not_found" }; // Deleted meanwhile.
    throw err;
  }
  if (row) return { ok: true, email: user.email };
  const [existing] = await db
    .select({ source: teamMembers.source })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  return { ok: false, reason: "duplicate", source: existing?.source };
}

export type MemberRemoval = { ok: true; email: string } | { ok: false; reason: "not_found" | "idp" };

/** Removes a manual membership. IdP memberships follow the team's IdP group, so they are refused here. */
export async function removeTeamMember(db: Db, teamId: string, userId: string): Promise<MemberRemoval> {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ source: teamMembers.source, email: users.email })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .for("update", { of: teamMembers });
    if (!member) return { ok: false, reason: "not_found" } as const;
    if (member.source === "idp") return { ok: false, reason: "idp" } as const;
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    return { ok: true, email: member.email } as const;
  });
}

/** The teams a page's team filter offers: the user's own teams, or every team for an admin. */
export async function listFilterTeams(db: Db, p: { userId: string; everyTeam: boolean }) {
  const q = db.select({ id: teams.id, name: teams.name }).from(teams);
  return (
    p.everyTeam ? q : q.where(sql`${teams.id} in (select team_id from team_members where user_id = ${p.userId})`)
  ).orderBy(asc(teams.name));
}

/** The viewer's scope narrowed to one team's accounts: a team filter never widens what a reader sees. */
export async function narrowScopeToTeam(db: Db, scope: AccountScope, teamId: string): Promise<AccountScope> {
  const result = (await db.execute(sql`
    select distinct t.account_id as id from ${teamAccounts(sql`select ${teamId}::uuid`)} t
    order by 1`)) as unknown as { rows: { id: string }[] };
  const ids = result.rows.map((r) => r.id);
  return scopeToAccounts(scope.all ? ids : ids.filter((id) => scope.accountIds.includes(id)));
}
