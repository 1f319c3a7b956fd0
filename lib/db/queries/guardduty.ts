import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { awsAccounts, guarddutyCoverage, guarddutyFindings } from "../schema";
import type { Db } from "../types";
import type { Tx } from "./snapshot";
import { inScope, type AccountScope } from "./scope";

export type GuardDutyFindingRow = typeof guarddutyFindings.$inferInsert;
export type GuardDutyCoverageRow = Omit<typeof guarddutyCoverage.$inferInsert, "accountId" | "checkedAt" | "lastRunId">;

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

const FINDING_UPDATES = [
  "arn",
  "detectorId",
  "type",
  "title",
  "description",
  "severity",
  "severityLabel",
  "resourceType",
  "resourceId",
  "resourceArn",
  "accessKeyId",
  "principalId",
  "remoteIp",
  "sequenceUid",
  "count",
  "archived",
  "firstSeenAt",
  "lastSeenAt",
  "awsCreatedAt",
  "awsUpdatedAt",
  "details",
  "raw",
  "collectedAt",
  "lastRunId",
] as const;
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Stores findings by (account, region, id), a known one updated unless the stored one is newer; never
 * deletes (archived and expired findings stay as history); skips accounts Posture does not know.
 */
export async function upsertGuardDutyFindings(db: Db | Tx, rows: GuardDutyFindingRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = [...new Set(rows.map((r) => r.accountId))];
  const known = new Set(
    (await db.select({ id: awsAccounts.id }).from(awsAccounts).where(inArray(awsAccounts.id, ids))).map((a) => a.id),
  );
  const kept = rows.filter((r) => known.has(r.accountId));
  for (let i = 0; i < kept.length; i += 500) {
    await db
      .insert(guarddutyFindings)
      .values(kept.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [guarddutyFindings.accountId, guarddutyFindings.region, guarddutyFindings.id],
        set: Object.fromEntries(FINDING_UPDATES.map((c) => [c, sql.raw(`excluded.${snake(c)}`)])),
        setWhere: sql`excluded.aws_updated_at is null or ${guarddutyFindings.awsUpdatedAt} is null or excluded.aws_updated_at >= ${guarddutyFindings.awsUpdatedAt}`,
      });
  }
  return kept.length;
}

/**
 * Stores an account's coverage rows read this run. A region whose findings were not read this run
 * (the read failed) keeps its previous read time, so the next run resumes from it.
 */
export async function upsertGuardDutyCoverage(
  tx: Db | Tx,
  params: { accountId: string; runId: string | null; now: Date; rows: GuardDutyCoverageRow[] },
): Promise<void> {
  if (params.rows.length === 0) return;
  await tx
    .insert(guarddutyCoverage)
    .values(
      params.rows.map((r) => ({ ...r, accountId: params.accountId, checkedAt: params.now, lastRunId: params.runId })),
    )
    .onConflictDoUpdate({
      target: [guarddutyCoverage.accountId, guarddutyCoverage.region],
      set: {
        detectorId: sql.raw("excluded.detector_id"),
        status: sql.raw("excluded.status"),
        features: sql.raw("excluded.features"),
        malwareProtectionPlans: sql.raw("excluded.malware_protection_plans"),
        administratorAccountId: sql.raw("excluded.administrator_account_id"),
        administratorRelationship: sql.raw("excluded.administrator_relationship"),
        delegatedAdministrators: sql.raw("excluded.delegated_administrators"),
        findingsMode: sql`coalesce(excluded.findings_mode, ${guarddutyCoverage.findingsMode})`,
        findingsReadAt: sql`case when excluded.findings_mode is null then ${guarddutyCoverage.findingsReadAt} else excluded.findings_read_at end`,
        checkedAt: sql.raw("excluded.checked_at"),
        lastRunId: sql.raw("excluded.last_run_id"),
      },
    });
}

/**
 * Where the account's next GuardDuty findings reads resume ("region/detectorId" → last read start),
 * and the accounts of its organization a member's administrator may be among.
 */
export async function loadGuardDutyResume(
  db: Db,
  accountId: string,
): Promise<{ guardDutyFindingsSince: Record<string, string>; collectedAccounts: string[] }> {
  const rows = await db
    .select({
      region: guarddutyCoverage.region,
      detectorId: guarddutyCoverage.detectorId,
      readAt: guarddutyCoverage.findingsReadAt,
    })
    .from(guarddutyCoverage)
    .where(
      and(
        eq(guarddutyCoverage.accountId, accountId),
        eq(guarddutyCoverage.findingsMode, "own"),
        isNotNull(guarddutyCoverage.findingsReadAt),
        isNotNull(guarddutyCoverage.detectorId),
      ),
    );
  const org = await db
    .select({ id: awsAccounts.id })
    .from(awsAccounts)
    .where(
      and(
        eq(
          awsAccounts.organizationId,
          sql`(select organization_id from ${awsAccounts} where ${awsAccounts.id} = ${accountId})`,
        ),
        eq(awsAccounts.status, "active"),
      ),
    );
  return {
    guardDutyFindingsSince: Object.fromEntries(
      rows.map((r) => [`${r.region}/${r.detectorId}`, r.readAt!.toISOString()] as const),
    ),
    collectedAccounts: org.map((a) => a.id),
  };
}
