import { and, asc, eq, sql } from "drizzle-orm";
import { awsAccounts, checkAccountStats, complianceDaily, teams } from "../schema";
import type { Db } from "../types";
import { inScope, teamAccounts, type AccountScope } from "./scope";

/** Each account in scope's latest outcome counts per check, what compliance is computed from. */
export async function listComplianceStats(db: Db, params: { scope: AccountScope }) {
  return db
    .select({
      accountId: checkAccountStats.accountId,
      checkId: checkAccountStats.checkId,
      passed: checkAccountStats.passed,
      failed: checkAccountStats.failed,
      notApplicable: checkAccountStats.notApplicable,
    })
    .from(checkAccountStats)
    .where(inScope(checkAccountStats.accountId, params.scope));
}

/** The accounts in scope with the teams whose scopes cover them (names only). */
export async function listComplianceAccounts(db: Db, params: { scope: AccountScope }) {
  const [accounts, covered] = await Promise.all([
    db
      .select({ id: awsAccounts.id, name: awsAccounts.name, environment: awsAccounts.environment })
      .from(awsAccounts)
      .where(and(inScope(awsAccounts.id, params.scope), sql`${awsAccounts.status} = 'active'`))
      .orderBy(asc(awsAccounts.name)),
    db.execute(sql`
      select t.account_id, tm.name from ${teamAccounts(sql`select id from teams`)} t
      join ${teams} tm on tm.id = t.team_id order by tm.name`) as unknown as Promise<{
      rows: { account_id: string; name: string }[];
    }>,
  ]);
  const teamsOf = new Map<string, string[]>();
  for (const r of covered.rows) teamsOf.set(r.account_id, [...(teamsOf.get(r.account_id) ?? []), r.name]);
  return accounts.map((a) => ({ ...a, teams: teamsOf.get(a.id) ?? [] }));
}

/** Per account and day, the framework's controls passed and failed over the last `days` days. */
export async function listComplianceTrend(db: Db, params: { scope: AccountScope; framework: string; days: number }) {
  return db
    .select({
      accountId: complianceDaily.accountId,
      day: complianceDaily.day,
      passed: complianceDaily.passedControls,
      failed: complianceDaily.failedControls,
    })
    .from(complianceDaily)
    .where(
      and(
        eq(complianceDaily.framework, params.framework),
        sql`${complianceDaily.day} >= current_date - ${params.days}::int`,
        inScope(complianceDaily.accountId, params.scope),
      ),
    )
    .orderBy(asc(complianceDaily.day), asc(complianceDaily.accountId));
}
