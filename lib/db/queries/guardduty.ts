import { and, desc, eq, sql } from "drizzle-orm";
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

export async function upsertGuardDutyFindings(db: Db, rows: (typeof guarddutyFindings.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(guarddutyFindings)
    .values(rows)
    .onConflictDoUpdate({
      target: [guarddutyFindings.accountId, guarddutyFindings.region, guarddutyFindings.id],
      set: {
        severity: sql.raw("excluded.severity"),
        severityLabel: sql.raw("excluded.severity_label"),
        count: sql.raw("excluded.count"),
        lastSeenAt: sql.raw("excluded.last_seen_at"),
        archived: sql.raw("excluded.archived"),
        details: sql.raw("excluded.details"),
        collectedAt: sql.raw("excluded.collected_at"),
        lastRunId: sql.raw("excluded.last_run_id"),
      },
    });
}
