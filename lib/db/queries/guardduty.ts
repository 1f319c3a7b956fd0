import { and, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { awsAccounts, guarddutyCoverage, guarddutyFindings, type GuardDutyFindingDetails } from "../schema";
import type { Db } from "../types";
import type { Tx } from "./snapshot";
import { inScope, teamAccounts, type AccountScope } from "./scope";

export type GuardDutyFindingRow = typeof guarddutyFindings.$inferInsert;
type GuardDutyActor = NonNullable<GuardDutyFindingDetails["sequence"]>["actors"][number];
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

export type GuardDutyFilter = {
  account?: string;
  environment?: string;
  team?: string;
  region?: string;
  severity?: string;
  /** Part of the finding type, case-insensitive ("AttackSequence", "Recon:IAMUser"). */
  type?: string;
  archived: "active" | "archived" | "all";
  firstSeenFrom?: Date;
  lastSeenTo?: Date;
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter's where-clause over guardduty_findings joined with aws_accounts, within the scope. */
function guardDutyWhere(filter: GuardDutyFilter, scope: AccountScope) {
  const f = guarddutyFindings;
  return and(
    inScope(f.accountId, scope),
    filter.account ? eq(f.accountId, filter.account) : undefined,
    filter.environment ? sql`${awsAccounts.environment}::text = ${filter.environment}` : undefined,
    filter.team
      ? sql`${f.accountId} in (select ta.account_id from ${teamAccounts(sql`${filter.team}::uuid`)} ta)`
      : undefined,
    filter.region ? eq(f.region, filter.region) : undefined,
    filter.severity ? sql`${f.severityLabel}::text = ${filter.severity}` : undefined,
    filter.type ? sql`${f.type} ilike ${likePattern(filter.type)}` : undefined,
    filter.archived === "all" ? undefined : eq(f.archived, filter.archived === "archived"),
    filter.firstSeenFrom ? gte(f.firstSeenAt, filter.firstSeenFrom) : undefined,
    filter.lastSeenTo ? lt(f.lastSeenAt, filter.lastSeenTo) : undefined,
  );
}

/** Findings matching the filter, most severe and most recent first. */
export async function searchGuardDutyFindings(
  db: Db,
  params: { scope: AccountScope; filter: GuardDutyFilter; limit: number },
) {
  const f = guarddutyFindings;
  return db
    .select({
      id: f.id,
      accountId: f.accountId,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      region: f.region,
      type: f.type,
      title: f.title,
      severity: f.severity,
      severityLabel: f.severityLabel,
      resourceType: f.resourceType,
      resourceId: f.resourceId,
      accessKeyId: f.accessKeyId,
      principalId: f.principalId,
      /** The principal and an attack sequence's actors: what the investigation links are built from. */
      userName: sql<string | null>`${f.details}->>'userName'`,
      userType: sql<string | null>`${f.details}->>'userType'`,
      actors: sql<GuardDutyActor[] | null>`${f.details}->'sequence'->'actors'`,
      remoteIp: f.remoteIp,
      sequenceUid: f.sequenceUid,
      count: f.count,
      archived: f.archived,
      firstSeenAt: f.firstSeenAt,
      lastSeenAt: f.lastSeenAt,
    })
    .from(f)
    .innerJoin(awsAccounts, eq(awsAccounts.id, f.accountId))
    .where(guardDutyWhere(params.filter, params.scope))
    .orderBy(desc(f.severity), desc(f.lastSeenAt), f.id)
    .limit(params.limit);
}

export type GuardDutySearchRow = Awaited<ReturnType<typeof searchGuardDutyFindings>>[number];

/** Per account: how many matching findings at each severity, and findings first seen per day by severity. */
export async function summarizeGuardDutyFindings(db: Db, params: { scope: AccountScope; filter: GuardDutyFilter }) {
  const f = guarddutyFindings;
  const where = guardDutyWhere(params.filter, params.scope);
  const day = sql<string>`to_char(${f.firstSeenAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const [byAccount, byDay, byType] = await Promise.all([
    db
      .select({
        accountId: f.accountId,
        accountName: awsAccounts.name,
        severity: f.severityLabel,
        count: sql<number>`count(*)::int`,
      })
      .from(f)
      .innerJoin(awsAccounts, eq(awsAccounts.id, f.accountId))
      .where(where)
      .groupBy(f.accountId, awsAccounts.name, f.severityLabel),
    db
      .select({ day, severity: f.severityLabel, count: sql<number>`count(*)::int` })
      .from(f)
      .innerJoin(awsAccounts, eq(awsAccounts.id, f.accountId))
      .where(where)
      .groupBy(day, f.severityLabel)
      .orderBy(day),
    db
      .select({ type: f.type, count: sql<number>`count(*)::int`, maxSeverity: sql<number>`max(${f.severity})` })
      .from(f)
      .innerJoin(awsAccounts, eq(awsAccounts.id, f.accountId))
      .where(where)
      .groupBy(f.type)
      .orderBy(desc(sql`count(*)`), f.type)
      .limit(10),
  ]);
  return { byAccount, byDay, byType };
}

/** One finding, if the scope allows it, with the stored findings its attack sequence's signals name. */
export async function getGuardDutyFinding(
  db: Db,
  params: { scope: AccountScope; accountId: string; region: string; id: string },
) {
  const f = guarddutyFindings;
  const [row] = await db
    .select({ finding: f, accountName: awsAccounts.name, environment: awsAccounts.environment })
    .from(f)
    .innerJoin(awsAccounts, eq(awsAccounts.id, f.accountId))
    .where(
      and(
        inScope(f.accountId, params.scope),
        eq(f.accountId, params.accountId),
        eq(f.region, params.region),
        eq(f.id, params.id),
      ),
    );
  if (!row) return undefined;
  const uids = (row.finding.details.sequence?.signals ?? []).map((s) => s.uid).filter(Boolean);
  const linked =
    uids.length === 0
      ? []
      : await db
          .select({
            accountId: f.accountId,
            region: f.region,
            id: f.id,
            arn: f.arn,
            title: f.title,
            severityLabel: f.severityLabel,
          })
          .from(f)
          .where(
            and(
              inScope(f.accountId, params.scope),
              eq(f.accountId, params.accountId),
              sql`(${inArray(f.id, uids)} or ${inArray(f.arn, uids)})`,
            ),
          );
  return { ...row, linked };
}

/** Every account in scope (with its environment and OU) and its coverage rows, for the grid. */
export async function listGuardDutyCoverage(db: Db, scope: AccountScope) {
  const [accounts, cells] = await Promise.all([
    db
      .select({
        id: awsAccounts.id,
        name: awsAccounts.name,
        environment: awsAccounts.environment,
        ouPath: awsAccounts.ouPath,
        status: awsAccounts.status,
      })
      .from(awsAccounts)
      .where(inScope(awsAccounts.id, scope))
      .orderBy(awsAccounts.environment, awsAccounts.ouPath, awsAccounts.name),
    db.select().from(guarddutyCoverage).where(inScope(guarddutyCoverage.accountId, scope)),
  ]);
  return { accounts, cells };
}

export type GuardDutyCoverageCell = typeof guarddutyCoverage.$inferSelect;
