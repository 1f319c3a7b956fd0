import { and, asc, count, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Role, RoleSource } from "@/lib/domain/vocabulary";
import { sessions, teamMembers, teams, users } from "../schema";
import type { Db } from "../types";
import type { SessionPolicy } from "./sessions";

/** Every user with their teams and how many sessions they could use right now, for the admin's list. */
export async function listUsersForAdmin(db: Db, now: Date, policy: SessionPolicy) {
  const idleCutoff = new Date(now.getTime() - policy.idleMs);
  const [rows, live, memberships] = await Promise.all([
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        roleSource: users.roleSource,
        disabledAt: users.disabledAt,
        createdAt: users.createdAt,
        lastLoginAt: users.lastLoginAt,
        local: sql<boolean>`${users.passwordHash} is not null`,
      })
      .from(users)
      .orderBy(asc(users.email)),
    db
      .select({ userId: sessions.userId, active: count() })
      .from(sessions)
      .where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)))
      .groupBy(sessions.userId),
    db
      .select({ userId: teamMembers.userId, teamId: teams.id, name: teams.name, source: teamMembers.source })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .orderBy(asc(teams.name)),
  ]);
  const activeBy = new Map(live.map((r) => [r.userId, Number(r.active)]));
  return rows.map((u) => ({
    ...u,
    activeSessions: activeBy.get(u.id) ?? 0,
    teams: memberships.filter((m) => m.userId === u.id).map(({ teamId, name, source }) => ({ teamId, name, source })),
  }));
}

export type AdminUserRow = Awaited<ReturnType<typeof listUsersForAdmin>>[number];

/** Why a change to a user was refused. */
export type UserChangeRefusal = "not_found" | "self" | "last_admin";

type Target = { id: string; email: string; role: Role | null; roleSource: RoleSource | null; disabledAt: Date | null };

/**
 * Locks the target and every active admin for the rest of the transaction, so two admins demoting
 * each other at once cannot both succeed and leave nobody to administer the installation.
 */
async function lockTarget(tx: Db, userId: string): Promise<{ target: Target | undefined; otherActiveAdmins: number }> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for("update");
  const [target] = await tx
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      roleSource: users.roleSource,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  return { target, otherActiveAdmins: admins.filter((a) => a.id !== userId).length };
}

function isActiveAdmin(u: Target): boolean {
  return u.role === "admin" && u.disabledAt === null;
}

export type RoleChange =
  | {
      ok: true;
      email: string;
      from: { role: Role | null; source: RoleSource | null };
      to: { role: Role | null; source: RoleSource | null };
    }
  | { ok: false; reason: UserChangeRefusal };

/**
 * Assigns a role by hand (or none). The source becomes "manual", so the IdP's group mapping no
 * longer changes it at sign-in. An admin cannot change their own role, nor demote the last active admin.
 */
export async function setUserRole(
  db: Db,
  input: { userId: string; role: Role | null; actorId: string },
): Promise<RoleChange> {
  return db.transaction(async (tx) => {
    const { target, otherActiveAdmins } = await lockTarget(tx, input.userId);
    if (!target) return { ok: false, reason: "not_found" };
    const demotes = target.role === "admin" && input.role !== "admin";
    if (demotes && target.id === input.actorId) return { ok: false, reason: "self" };
    if (demotes && isActiveAdmin(target) && otherActiveAdmins === 0) return { ok: false, reason: "last_admin" };
    await tx.update(users).set({ role: input.role, roleSource: "manual" }).where(eq(users.id, target.id));
    return {
      ok: true,
      email: target.email,
      from: { role: target.role, source: target.roleSource },
      to: { role: input.role, source: "manual" },
    };
  });
}

export type FollowIdp =
  { ok: true; email: string; role: Role | null } | { ok: false; reason: "not_found" | "not_manual" };

/**
 * Hands a manually assigned role back to the IdP's group mapping. The role stays as it is until
 * the user's next sign-in recalculates it from their groups.
 */
export async function followIdpRole(db: Db, userId: string): Promise<FollowIdp> {
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!target) return { ok: false, reason: "not_found" };
    if (target.roleSource !== "manual") return { ok: false, reason: "not_manual" };
    // Sign-in stores no source for "no role"; do the same so the two paths agree.
    await tx
      .update(users)
      .set({ roleSource: target.role ? "idp" : null })
      .where(eq(users.id, userId));
    return { ok: true, email: target.email, role: target.role };
  });
}

export type DisableChange =
  { ok: true; email: string; changed: boolean; revokedSessions: number } | { ok: false; reason: UserChangeRefusal };

/**
 * Disables a user and revokes every session they have, or enables them again. An admin cannot
 * disable themself, nor the last active admin.
 */
export async function setUserDisabled(
  db: Db,
  input: { userId: string; disabled: boolean; actorId: string; now: Date },
): Promise<DisableChange> {
  return db.transaction(async (tx) => {
    const { target, otherActiveAdmins } = await lockTarget(tx, input.userId);
    if (!target) return { ok: false, reason: "not_found" };
    if (!input.disabled) {
      if (target.disabledAt) await tx.update(users).set({ disabledAt: null }).where(eq(users.id, target.id));
      return { ok: true, email: target.email, changed: target.disabledAt !== null, revokedSessions: 0 };
    }
    if (target.id === input.actorId) return { ok: false, reason: "self" };
    if (isActiveAdmin(target) && otherActiveAdmins === 0) return { ok: false, reason: "last_admin" };
    if (!target.disabledAt) await tx.update(users).set({ disabledAt: input.now }).where(eq(users.id, target.id));
    // Revoked even when already disabled: a session that slipped through is closed now.
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: input.now, revokedBy: input.actorId })
      .where(and(eq(sessions.userId, target.id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return { ok: true, email: target.email, changed: target.disabledAt === null, revokedSessions: revoked.length };
  });
}

/** Readable names for audit targets: users by e-mail, teams by name. Ids that no longer exist are left out. */
export async function nameAuditTargets(
  db: Db,
  targets: { type: string | null; id: string | null }[],
): Promise<Map<string, string>> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ids = (type: string) => [
    ...new Set(targets.filter((t) => t.type === type && t.id && uuid.test(t.id)).map((t) => t.id!)),
  ];
  const [userIds, teamIds] = [ids("user"), ids("team")];
  const [userRows, teamRows] = await Promise.all([
    userIds.length ? db.select({ id: users.id, name: users.email }).from(users).where(inArray(users.id, userIds)) : [],
    teamIds.length ? db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds)) : [],
  ]);
  return new Map([
    ...userRows.map((r) => [`user:${r.id}`, r.name] as const),
    ...teamRows.map((r) => [`team:${r.id}`, r.name] as const),
  ]);
}
