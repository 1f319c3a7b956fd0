import { and, desc, eq, sql } from "drizzle-orm";
import type { Environment, SuppressionKind } from "@/lib/domain/vocabulary";
import { checks, findings, suppressionRules, users } from "../schema";
import type { Db } from "../types";
import type { Tx } from "./snapshot";

export type SuppressionRule = typeof suppressionRules.$inferSelect;
export type NewRule = {
  checkId: string | null;
  resourcePattern: string | null;
  accountId: string | null;
  ouId: string | null;
  environment: Environment | null;
  tagKey: string | null;
  tagValue: string | null;
  reason: string;
  kind: SuppressionKind;
  createdBy: string;
};

export async function insertRule(tx: Db | Tx, rule: NewRule): Promise<SuppressionRule> {
  const [row] = await tx.insert(suppressionRules).values(rule).returning();
  return row!;
}

export async function deleteRule(tx: Db | Tx, id: string): Promise<SuppressionRule | undefined> {
  const [row] = await tx.delete(suppressionRules).where(eq(suppressionRules.id, id)).returning();
  return row;
}

export async function lockRule(tx: Db | Tx, id: string): Promise<SuppressionRule | undefined> {
  const [row] = await tx.select().from(suppressionRules).where(eq(suppressionRules.id, id)).for("update");
  return row;
}

/** Every rule, newest first, with how many findings it holds suppressed and who made it. */
export async function listRules(db: Db) {
  return db
    .select({
      rule: suppressionRules,
      checkTitle: checks.title,
      createdByEmail: users.email,
      suppressed: sql<number>`(select count(*)::int from findings f
        where f.suppression_rule_id = ${suppressionRules.id} and f.status = 'SUPPRESSED')`,
    })
    .from(suppressionRules)
    .leftJoin(checks, eq(checks.id, suppressionRules.checkId))
    .leftJoin(users, eq(users.id, suppressionRules.createdBy))
    .orderBy(desc(suppressionRules.createdAt));
}

/** A glob (`*`, `?`) as a LIKE pattern, in SQL so every matcher uses the one translation. */
const globLike = (column: SQL) =>
  sql`replace(replace(replace(replace(replace(${column}, '\\', '\\\\'), '%', '\\%'), '_', '\\_'), '*', '%'), '?', '_')`;
type SQL = ReturnType<typeof sql>;

/**
 * The open findings rules match (of one account, or of one rule), each with the oldest rule matching
 * it. A rule's conditions all hold: check, resource glob, account, OU (and below), environment, tag
 * on the account or in the finding's evidence.
 */
export async function findRuleMatches(
  tx: Db | Tx,
  params: { accountId?: string; ruleId?: string },
): Promise<{ findingId: string; ruleId: string; reason: string; kind: SuppressionKind; createdBy: string | null }[]> {
  const tag = (source: SQL) =>
    sql`((${source} ->> r.tag_key) is not null and (r.tag_value is null or ${source} ->> r.tag_key = r.tag_value))`;
  const result = (await tx.execute(sql`
    select distinct on (f.id) f.id as "findingId", r.id as "ruleId", r.reason, r.kind, r.created_by as "createdBy"
    from findings f
    join aws_accounts a on a.id = f.account_id
    join suppression_rules r on
      (r.check_id is null or r.check_id = f.check_id)
      and (r.account_id is null or r.account_id = f.account_id)
      and (r.environment is null or r.environment = a.environment)
      and (r.resource_pattern is null or f.resource_id like ${globLike(sql`r.resource_pattern`)})
      and (r.tag_key is null or ${tag(sql`a.tags`)} or ${tag(sql`(f.evidence -> 'tags')`)})
      and (r.ou_id is null or a.ou_id in (
        with recursive below(id) as (
          select r.ou_id
          union
          select o.id from organizational_units o join below on o.parent_id = below.id
        )
        select id from below))
    where f.status in ('NEW', 'ACKNOWLEDGED')
      ${params.accountId ? sql`and f.account_id = ${params.accountId}` : sql``}
      ${params.ruleId ? sql`and r.id = ${params.ruleId}` : sql``}
    order by f.id, r.created_at, r.id`)) as unknown as {
    rows: { findingId: string; ruleId: string; reason: string; kind: SuppressionKind; createdBy: string | null }[];
  };
  return result.rows;
}

export async function anyRules(tx: Db | Tx): Promise<boolean> {
  const [row] = await tx.select({ id: suppressionRules.id }).from(suppressionRules).limit(1);
  return row !== undefined;
}

/** The findings a rule holds suppressed. */
export const ruleSuppressed = (ruleId: string) =>
  and(eq(findings.suppressionRuleId, ruleId), eq(findings.status, "SUPPRESSED"))!;

export async function checkExists(db: Db | Tx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: checks.id }).from(checks).where(eq(checks.id, id));
  return row !== undefined;
}

/** The checks a rule can name, by title. */
export async function listRuleCheckOptions(db: Db): Promise<{ id: string; title: string }[]> {
  return db.select({ id: checks.id, title: checks.title }).from(checks).orderBy(checks.title);
}
