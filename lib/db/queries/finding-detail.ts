import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import { awsAccounts, checks, findingEvents, findings, organizationalUnits, suppressionRules, users } from "../schema";
import type { Db } from "../types";
import { findingInScope } from "./findings-filter";
import { inScope, type AccountScope } from "./scope";

const OTHERS = 20;

/**
 * One finding for its detail page, if it is in the scope (else undefined, never a hint that it
 * exists): the check, the account with its environment and OU, history, and the other resources
 * failing the same check that the viewer may see.
 */
export async function getFindingDetail(db: Db, params: { id: string; scope: AccountScope }) {
  const [row] = await db
    .select({
      finding: findings,
      check: checks,
      account: {
        id: awsAccounts.id,
        name: awsAccounts.name,
        environment: awsAccounts.environment,
        tags: awsAccounts.tags,
        ouId: awsAccounts.ouId,
      },
      ouPath: organizationalUnits.path,
      assigneeLabel: sql<string | null>`coalesce(${users.name}, ${users.email})`,
      ruleReason: suppressionRules.reason,
    })
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .leftJoin(organizationalUnits, eq(organizationalUnits.id, awsAccounts.ouId))
    .leftJoin(users, eq(users.id, findings.assigneeId))
    .leftJoin(suppressionRules, eq(suppressionRules.id, findings.suppressionRuleId))
    .where(findingInScope(params.id, params.scope));
  if (!row) return undefined;
  const [history, others, [otherCount]] = await Promise.all([
    db
      .select({
        id: findingEvents.id,
        occurredAt: findingEvents.occurredAt,
        kind: findingEvents.kind,
        fromStatus: findingEvents.fromStatus,
        toStatus: findingEvents.toStatus,
        note: findingEvents.note,
        data: findingEvents.data,
        actor: sql<string | null>`coalesce(${users.name}, ${users.email})`,
        actorId: findingEvents.actorId,
        runId: findingEvents.runId,
      })
      .from(findingEvents)
      .leftJoin(users, eq(users.id, findingEvents.actorId))
      .where(eq(findingEvents.findingId, params.id))
      .orderBy(desc(findingEvents.occurredAt), desc(findingEvents.id)),
    db
      .select({
        id: findings.id,
        resourceId: findings.resourceId,
        region: findings.region,
        status: findings.status,
        accountName: awsAccounts.name,
        environment: awsAccounts.environment,
      })
      .from(findings)
      .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
      .where(otherResources(row.finding.checkId, params.id, params.scope))
      .orderBy(asc(findings.accountId), asc(findings.resourceId))
      .limit(OTHERS),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(findings)
      .where(otherResources(row.finding.checkId, params.id, params.scope)),
  ]);
  return { ...row, history, others, otherCount: otherCount?.n ?? 0 };
}

const otherResources = (checkId: string, id: string, scope: AccountScope) =>
  and(
    eq(findings.checkId, checkId),
    ne(findings.id, id),
    inArray(findings.status, [...openFindingStatuses]),
    inScope(findings.accountId, scope),
  );

export type FindingDetail = NonNullable<Awaited<ReturnType<typeof getFindingDetail>>>;
