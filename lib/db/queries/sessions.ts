import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { sessions, users } from "../schema";
import type { Db } from "../types";

export type SessionPolicy = { idleMs: number; absoluteMs: number };

export async function createSession(
  db: Db,
  input: {
    userId: string;
    tokenHash: string;
    ip?: string | null;
    userAgent?: string | null;
    now: Date;
    policy: SessionPolicy;
  },
): Promise<string> {
  const [row] = await db
    .insert(sessions)
    .values({
      userId: input.userId,
      tokenHash: input.tokenHash,
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: new Date(input.now.getTime() + input.policy.absoluteMs),
      ip: input.ip?.slice(0, 64) ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: sessions.id });
  return row!.id;
}

export type SessionCheck =
  | { ok: true; session: typeof sessions.$inferSelect; user: typeof users.$inferSelect }
  | { ok: false; reason: "unknown" | "revoked" | "expired" | "idle" | "disabled"; userId?: string; email?: string };

/** The session behind a token hash, if it is still good; records activity at most once a minute. */
export async function checkSession(db: Db, tokenHash: string, now: Date, policy: SessionPolicy): Promise<SessionCheck> {
  const [row] = await db
    .select()
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return { ok: false, reason: "unknown" };
  const { sessions: session, users: user } = row;
  const who = { userId: user.id, email: user.email };
  if (session.revokedAt) return { ok: false, reason: "revoked", ...who };
  if (session.expiresAt <= now) return { ok: false, reason: "expired", ...who };
  if (now.getTime() - session.lastSeenAt.getTime() > policy.idleMs) {
    await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, session.id));
    return { ok: false, reason: "idle", ...who };
  }
  if (user.disabledAt) return { ok: false, reason: "disabled", ...who };
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  return { ok: true, session, user };
}

/** A user's sessions that are still usable, newest first. */
export async function listActiveSessions(db: Db, userId: string, now: Date, policy: SessionPolicy) {
  const idleCutoff = new Date(now.getTime() - policy.idleMs);
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revokes one session of a user; returns whether it existed and was active. */
export async function revokeSession(
  db: Db,
  input: { userId: string; sessionId: string; by: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: input.now, revokedBy: input.by })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every session of a user except `keep`; returns how many. */
export async function revokeUserSessions(
  db: Db,
  input: { userId: string; by: string; now: Date; keep?: string },
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: input.now, revokedBy: input.by })
    .where(
      and(
        eq(sessions.userId, input.userId),
        isNull(sessions.revokedAt),
        input.keep ? ne(sessions.id, input.keep) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/** Deletes sessions that ended more than `olderThanMs` ago, keeping the table small. */
export async function pruneSessions(db: Db, now: Date, olderThanMs: number): Promise<void> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  await db.delete(sessions).where(sql`coalesce(${sessions.revokedAt}, ${sessions.expiresAt}) < ${cutoff}`);
}
