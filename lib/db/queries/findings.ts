import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import { awsAccounts, checks, findings } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

const severityRank = sql<number>`array_position(array['critical','high','medium','low','informational']::severity[], ${findings.severity})`;

/** Open findings (NEW, ACKNOWLEDGED), most severe and most recent first. */
export async function listOpenFindings(db: Db, scope: AccountScope, opts: { limit: number }) {
  return db
    .select({
      id: findings.id,
      checkId: findings.checkId,
      title: checks.title,
      service: checks.service,
      severity: findings.severity,
      status: findings.status,
      accountId: findings.accountId,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      region: findings.region,
      resourceId: findings.resourceId,
      firstSeenAt: findings.firstSeenAt,
      lastSeenAt: findings.lastSeenAt,
    })
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .where(and(inArray(findings.status, [...openFindingStatuses]), inScope(findings.accountId, scope)))
    .orderBy(severityRank, desc(findings.lastSeenAt))
    .limit(opts.limit);
}

export type OpenFindingRow = Awaited<ReturnType<typeof listOpenFindings>>[number];
