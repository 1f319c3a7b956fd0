import { and, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import type { AuditOutcome } from "@/lib/domain/vocabulary";
import { auditLog } from "../schema";
import type { Db } from "../types";

export type AuditEntry = {
  actor?: { id: string; email: string } | null;
  /** Dotted verb: "auth.sign_in", "user.role_change", "settings.update", … */
  action: string;
  outcome: AuditOutcome;
  target?: { type: string; id: string };
  ip?: string | null;
  details?: Record<string, unknown>;
};

/** Appends to the audit log. Details must never carry secrets; callers pass ids and names only. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    outcome: entry.outcome,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

export type AuditFilter = {
  /** Matches the action prefix ("auth." finds every sign-in event). */
  action?: string;
  outcome?: AuditOutcome;
  /** Substring of the actor's e-mail. */
  actor?: string;
  since?: Date;
  /** Keyset pagination: entries older than this id. */
  before?: number;
  limit: number;
};

export async function listAudit(db: Db, filter: AuditFilter) {
  const where: (SQL | undefined)[] = [
    filter.action ? ilike(auditLog.action, `${escapeLike(filter.action)}%`) : undefined,
    filter.outcome ? eq(auditLog.outcome, filter.outcome) : undefined,
    filter.actor ? or(ilike(auditLog.actorEmail, `%${escapeLike(filter.actor)}%`)) : undefined,
    filter.since ? gte(auditLog.occurredAt, filter.since) : undefined,
    filter.before ? lt(auditLog.id, filter.before) : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
