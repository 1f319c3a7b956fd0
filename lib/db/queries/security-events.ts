import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { awsAccounts, guarddutyFindings, securityEvents } from "../schema";
import type { Db } from "../types";
import type { Tx } from "./snapshot";
import type { Severity } from "@/lib/domain/vocabulary";
import { inScope, type AccountScope } from "./scope";

/** The stable key of a GuardDuty finding's security event: one row per finding, whatever re-reads it. */
export const guardDutyEventKey = (f: { accountId: string; region: string; id: string }) =>
  `guardduty/${f.accountId}/${f.region}/${f.id}`;

/**
 * Brings the given findings' security events in line with what guardduty_findings now holds (an older
 * re-read that did not overwrite a finding leaves its event alone too). A high or critical finding gets
 * its row; a row, once there, follows its finding (lowered, archived) and is never deleted.
 */
export async function syncGuardDutySecurityEvents(
  tx: Db | Tx,
  params: { findings: readonly { accountId: string; region: string; id: string }[]; now: Date },
): Promise<void> {
  if (params.findings.length === 0) return;
  const g = guarddutyFindings;
  const e = securityEvents;
  const key = sql`'guardduty/' || ${g.accountId} || '/' || ${g.region} || '/' || ${g.id}`;
  for (let i = 0; i < params.findings.length; i += 500) {
    const batch = params.findings.slice(i, i + 500);
    const ids = [...new Set(batch.map((f) => f.id))];
    const accounts = [...new Set(batch.map((f) => f.accountId))];
    await tx.execute(sql`
      insert into ${e} (key, kind, source_id, account_id, region, severity, title, type, archived,
                        first_seen_at, updated_at, created_at, changed_at)
      select ${key},
             case when ${g.type} like 'AttackSequence:%' or ${g.sequenceUid} is not null
                  then 'attack_sequence' else 'guardduty_finding' end,
             ${g.id}, ${g.accountId}, ${g.region}, ${g.severityLabel}, ${g.title}, ${g.type}, ${g.archived},
             ${g.firstSeenAt}, coalesce(${g.awsUpdatedAt}, ${g.lastSeenAt}), ${params.now.toISOString()}::timestamptz, ${params.now.toISOString()}::timestamptz
      from ${g}
      where ${inArray(g.id, ids)} and ${inArray(g.accountId, accounts)}
        and (${g.severityLabel} in ('high', 'critical') or exists (select 1 from ${e} where ${e.key} = ${key}))
      on conflict (key) do update set
        severity = excluded.severity, title = excluded.title, type = excluded.type, archived = excluded.archived,
        first_seen_at = excluded.first_seen_at, updated_at = excluded.updated_at,
        changed_at = case
          when (${e.severity}, ${e.title}, ${e.archived}) is distinct from (excluded.severity, excluded.title, excluded.archived)
          then excluded.changed_at else ${e.changedAt} end
      where excluded.updated_at >= ${e.updatedAt}
    `);
  }
}

/** Security events in the scope that changed since `since`, newest change first (what notification rules read). */
export async function listSecurityEvents(db: Db, params: { scope: AccountScope; since?: Date; limit: number }) {
  const e = securityEvents;
  return db
    .select({
      key: e.key,
      kind: e.kind,
      sourceId: e.sourceId,
      accountId: e.accountId,
      accountName: awsAccounts.name,
      region: e.region,
      severity: e.severity,
      title: e.title,
      type: e.type,
      archived: e.archived,
      firstSeenAt: e.firstSeenAt,
      updatedAt: e.updatedAt,
      createdAt: e.createdAt,
      changedAt: e.changedAt,
    })
    .from(e)
    .innerJoin(awsAccounts, eq(awsAccounts.id, e.accountId))
    .where(and(inScope(e.accountId, params.scope), params.since ? gte(e.changedAt, params.since) : undefined))
    .orderBy(desc(e.changedAt), e.key)
    .limit(params.limit);
}

/**
 * The security event of a detection finding (a tripped canary, a risky call): created when the finding
 * is high or critical, then kept in step with it. Runs where the detection finding is written.
 */
export async function upsertDetectionSecurityEvent(
  tx: Db | Tx,
  params: {
    findingId: string;
    kind: "canary_tripped" | "risky_activity" | "possible_hijack";
    checkId: string;
    accountId: string;
    region: string;
    severity: Severity;
    title: string;
    now: Date;
  },
): Promise<void> {
  const e = securityEvents;
  const key = `finding/${params.findingId}`;
  if (params.severity !== "high" && params.severity !== "critical") {
    const [known] = await tx.select({ key: e.key }).from(e).where(eq(e.key, key));
    if (!known) return;
  }
  await tx
    .insert(e)
    .values({
      key,
      kind: params.kind,
      sourceId: params.findingId,
      accountId: params.accountId,
      region: params.region,
      severity: params.severity,
      title: params.title,
      type: params.checkId,
      firstSeenAt: params.now,
      updatedAt: params.now,
      createdAt: params.now,
      changedAt: params.now,
    })
    .onConflictDoUpdate({
      target: e.key,
      set: {
        severity: sql`excluded.severity`,
        title: sql`excluded.title`,
        updatedAt: sql`excluded.updated_at`,
        changedAt: sql`case when (${e.severity}, ${e.title}) is distinct from (excluded.severity, excluded.title) then excluded.changed_at else ${e.changedAt} end`,
      },
      setWhere: sql`excluded.updated_at >= ${e.updatedAt}`,
    });
}
