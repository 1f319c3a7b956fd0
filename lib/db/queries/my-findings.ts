import { and, asc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import { awsAccounts, checks, findings } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

const SEVERITY_RANK = sql`array_position(array['critical','high','medium','low','informational']::severity[], ${findings.severity})`;

function openIn(scope: AccountScope, where: SQL | undefined) {
  return and(inArray(findings.status, [...openFindingStatuses]), inScope(findings.accountId, scope), where);
}

async function list(db: Db, where: SQL | undefined, now: Date, limit: number) {
  return (
    db
      .select({
        id: findings.id,
        title: checks.title,
        severity: findings.severity,
        status: findings.status,
        resourceId: findings.resourceId,
        region: findings.region,
        accountName: awsAccounts.name,
        environment: awsAccounts.environment,
        dueAt: findings.dueAt,
        assigneeId: findings.assigneeId,
      })
      .from(findings)
      .innerJoin(checks, eq(checks.id, findings.checkId))
      .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
      .where(where)
      // Overdue first, then the nearest deadline, then the most severe.
      .orderBy(
        sql`(${findings.dueAt} < ${now.toISOString()}::timestamptz) desc nulls last`,
        sql`${findings.dueAt} asc nulls last`,
        asc(SEVERITY_RANK),
        asc(findings.id),
      )
      .limit(limit)
  );
}

/** "My findings": the open ones assigned to me, then the others in my scope; overdue first in each. */
export async function listMyFindings(
  db: Db,
  params: { userId: string; scope: AccountScope; now: Date; limit: number },
) {
  const [assigned, inMyScope] = await Promise.all([
    list(db, openIn(params.scope, eq(findings.assigneeId, params.userId)), params.now, params.limit),
    list(
      db,
      openIn(params.scope, or(isNull(findings.assigneeId), ne(findings.assigneeId, params.userId))),
      params.now,
      params.limit,
    ),
  ]);
  return { assigned, inMyScope };
}

export type MyFindingRow = Awaited<ReturnType<typeof listMyFindings>>["assigned"][number];
