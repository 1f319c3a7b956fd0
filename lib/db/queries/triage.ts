import { and, asc, count, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { KnownFinding } from "@/lib/domain/finding-state";
import type { Environment, Severity } from "@/lib/domain/vocabulary";
import { awsAccounts, findings, users } from "../schema";
import type { Db } from "../types";
import { teamAccounts } from "./scope";
import { FINDING_STATE_COLUMNS, toKnown, type Tx } from "./snapshot";

/** A finding as a triage action sees it: its lifecycle state, and what its deadlines depend on. */
export type TriageRow = KnownFinding & { accountId: string; severity: Severity; environment: Environment };

/**
 * Locks and loads up to `limit` findings that `where` selects, in id order after `after`: a batch
 * of a bulk action (keyset on the id, so rows changing under the filter neither repeat nor skip).
 */
export async function lockFindingsForTriage(
  tx: Db | Tx,
  params: { where: SQL; after?: string | null; limit: number },
): Promise<TriageRow[]> {
  const rows = await tx
    .select({
      ...FINDING_STATE_COLUMNS,
      accountId: findings.accountId,
      severity: findings.severity,
      environment: awsAccounts.environment,
    })
    .from(findings)
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .where(and(params.where, params.after ? gt(findings.id, params.after) : undefined))
    .orderBy(asc(findings.id))
    .limit(params.limit)
    .for("update", { of: findings });
  return rows.map((r) => ({
    ...toKnown(r),
    accountId: r.accountId,
    severity: r.severity,
    environment: r.environment,
  }));
}

export async function countFindings(db: Db, where: SQL): Promise<number> {
  const [row] = await db.select({ n: count() }).from(findings).where(where);
  return row?.n ?? 0;
}

/** Which of `accountIds` a user may be assigned findings in: an enabled admin (all) or triager (their teams'). */
export async function accountsAssignableTo(
  db: Db | Tx,
  params: { userId: string; accountIds: readonly string[] },
): Promise<Set<string>> {
  const [user] = await db
    .select({ role: users.role })
    .from(users)
    .where(and(eq(users.id, params.userId), isNull(users.disabledAt)));
  if (!user?.role || user.role === "viewer" || params.accountIds.length === 0) return new Set();
  if (user.role === "admin") return new Set(params.accountIds);
  const result = (await db.execute(sql`
    select distinct t.account_id as id
    from ${teamAccounts(sql`select team_id from team_members where user_id = ${params.userId}`)} t
    where t.account_id in ${[...params.accountIds]}`)) as unknown as { rows: { id: string }[] };
  return new Set(result.rows.map((r) => r.id));
}

export type Assignee = { id: string; email: string; name: string | null };

/** People a finding of this account can be assigned to: enabled triagers and admins who can see it. */
export async function listAssignees(db: Db, params: { accountId: string }): Promise<Assignee[]> {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        isNull(users.disabledAt),
        sql`(${users.role} = 'admin' or (${users.role} = 'triager' and ${users.id} in (
          select tm.user_id from team_members tm
          join ${teamAccounts(sql`select id from teams`)} ta on ta.team_id = tm.team_id
          where ta.account_id = ${params.accountId})))`,
      ),
    )
    .orderBy(asc(users.email));
}

/** Names for user ids (assignees and actors shown in history). */
export async function userLabels(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name ?? r.email]));
}
