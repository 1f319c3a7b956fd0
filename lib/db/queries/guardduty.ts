import { and, desc, eq } from "drizzle-orm";
import { awsAccounts, guarddutyFindings } from "../schema";
import type { Db } from "../types";
import { inScope, type AccountScope } from "./scope";

/** Active (not archived) GuardDuty findings, most severe first. */
export async function listGuardDutyFindings(db: Db, scope: AccountScope, opts: { limit: number }) {
  return db
    .select({
      id: guarddutyFindings.id,
      accountId: guarddutyFindings.accountId,
      accountName: awsAccounts.name,
      region: guarddutyFindings.region,
      type: guarddutyFindings.type,
      title: guarddutyFindings.title,
      severity: guarddutyFindings.severity,
      severityLabel: guarddutyFindings.severityLabel,
      resourceType: guarddutyFindings.resourceType,
      resourceId: guarddutyFindings.resourceId,
      count: guarddutyFindings.count,
      lastSeenAt: guarddutyFindings.lastSeenAt,
    })
    .from(guarddutyFindings)
    .innerJoin(awsAccounts, eq(awsAccounts.id, guarddutyFindings.accountId))
    .where(and(eq(guarddutyFindings.archived, false), inScope(guarddutyFindings.accountId, scope)))
    .orderBy(desc(guarddutyFindings.severity), desc(guarddutyFindings.lastSeenAt))
    .limit(opts.limit);
}

export type GuardDutyRow = Awaited<ReturnType<typeof listGuardDutyFindings>>[number];
