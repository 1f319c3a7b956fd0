import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import { checkAccountStats, checks, findings } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

/** The catalogue with, per check, resources passing and failing in the latest collection of each account in scope. */
export async function listCheckCatalog(db: Db, scope: AccountScope) {
  const stats = db
    .select({
      checkId: checkAccountStats.checkId,
      passed: sql<number>`sum(${checkAccountStats.passed})::int`.as("passed"),
      failed: sql<number>`sum(${checkAccountStats.failed})::int`.as("failed"),
      accounts: sql<number>`count(*)::int`.as("accounts"),
    })
    .from(checkAccountStats)
    .where(inScope(checkAccountStats.accountId, scope))
    .groupBy(checkAccountStats.checkId)
    .as("stats");
  const open = db
    .select({ checkId: findings.checkId, open: sql<number>`count(*)::int`.as("open") })
    .from(findings)
    .where(and(inArray(findings.status, [...openFindingStatuses]), inScope(findings.accountId, scope)))
    .groupBy(findings.checkId)
    .as("open");
  return db
    .select({
      id: checks.id,
      title: checks.title,
      description: checks.description,
      service: checks.service,
      severity: checks.defaultSeverity,
      scope: checks.scope,
      frameworks: checks.frameworks,
      remediation: checks.remediation,
      passed: sql<number>`coalesce(${stats.passed}, 0)`,
      failed: sql<number>`coalesce(${stats.failed}, 0)`,
      accounts: sql<number>`coalesce(${stats.accounts}, 0)`,
      open: sql<number>`coalesce(${open.open}, 0)`,
    })
    .from(checks)
    .leftJoin(stats, eq(stats.checkId, checks.id))
    .leftJoin(open, eq(open.checkId, checks.id))
    .where(eq(checks.enabled, true))
    .orderBy(asc(checks.service), asc(checks.id));
}

export type CatalogRow = Awaited<ReturnType<typeof listCheckCatalog>>[number];
