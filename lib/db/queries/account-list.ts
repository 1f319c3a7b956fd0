import { and, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { AccountsFilter, AccountSort } from "@/lib/contracts/accounts-list";
import { awsAccounts } from "../schema";
import type { Db } from "../types";
import { countOpenByAccount } from "./dashboard";
import { likePattern } from "./findings-filter";
import { listAccountScores } from "./overview";
import { inScope, teamAccounts, type AccountScope } from "./scope";

function accountsWhere(scope: AccountScope, f: AccountsFilter): SQL | undefined {
  const a = awsAccounts;
  return and(
    inScope(a.id, scope),
    f.environment ? eq(a.environment, f.environment) : undefined,
    f.status ? eq(a.status, f.status) : undefined,
    f.ou
      ? sql`${a.ouId} in (
          with recursive below(id) as (
            select o.id from organizational_units o where o.id = ${f.ou}
            union
            select o.id from organizational_units o join below on o.parent_id = below.id
          ) select id from below)`
      : undefined,
    f.team ? sql`${a.id} in (select ta.account_id from ${teamAccounts(sql`${f.team}::uuid`)} ta)` : undefined,
    f.collection === "never"
      ? isNull(a.lastCollectionStatus)
      : f.collection
        ? eq(a.lastCollectionStatus, f.collection)
        : undefined,
    f.q ? or(ilike(a.name, likePattern(f.q)), ilike(a.id, likePattern(f.q))) : undefined,
  );
}

/** How many accounts in the scope match the filter (the Overview's failed collections), without their findings. */
export async function countAccounts(db: Db, params: { scope: AccountScope; filter: AccountsFilter; now: Date }) {
  // A score bound needs each account's score: the table's own rows decide.
  if (params.filter.scoreMin !== undefined || params.filter.scoreMax !== undefined)
    return (await listAccountTable(db, { ...params, sort: "name", dir: "asc" })).length;
  return db.$count(awsAccounts, accountsWhere(params.scope, params.filter));
}

/**
 * The Accounts table: accounts in the scope matching the filter, each with its latest score and
 * open critical, high and overdue findings, sorted. Accounts are few (thousands at most), so the
 * score filter and the sort run on the joined rows.
 */
export async function listAccountTable(
  db: Db,
  params: { scope: AccountScope; filter: AccountsFilter; sort: AccountSort; dir: "asc" | "desc"; now: Date },
) {
  const [accounts, counts, scores] = await Promise.all([
    db
      .select({
        id: awsAccounts.id,
        name: awsAccounts.name,
        ouId: awsAccounts.ouId,
        ouPath: awsAccounts.ouPath,
        environment: awsAccounts.environment,
        status: awsAccounts.status,
        isManagement: awsAccounts.isManagement,
        lastCollectedAt: awsAccounts.lastCollectedAt,
        lastCollectionStatus: awsAccounts.lastCollectionStatus,
        lastRunId: awsAccounts.lastRunId,
      })
      .from(awsAccounts)
      .where(accountsWhere(params.scope, params.filter)),
    countOpenByAccount(db, params),
    listAccountScores(db, params.scope),
  ]);
  const { scoreMin, scoreMax } = params.filter;
  const rows = accounts
    .map((a) => {
      const c = counts.get(a.id);
      return {
        ...a,
        score: scores.get(a.id) ?? null,
        critical: c?.critical ?? 0,
        high: c?.high ?? 0,
        overdue: c?.overdue ?? 0,
      };
    })
    .filter(
      (r) =>
        (scoreMin === undefined || (r.score !== null && r.score >= scoreMin)) &&
        (scoreMax === undefined || (r.score !== null && r.score <= scoreMax)),
    );
  const sign = params.dir === "asc" ? 1 : -1;
  const key = sortKeys[params.sort];
  return rows.sort((x, y) => {
    const a = key(x);
    const b = key(y);
    // Missing values (never scored, never collected) go last whichever the direction.
    if (a === null || b === null) return a === b ? x.name.localeCompare(y.name) : a === null ? 1 : -1;
    const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
    return order * sign || x.name.localeCompare(y.name);
  });
}

export type AccountTableRow = Awaited<ReturnType<typeof listAccountTable>>[number];

const sortKeys: Record<AccountSort, (r: AccountTableRow) => string | number | null> = {
  name: (r) => r.name,
  score: (r) => r.score,
  environment: (r) => r.environment,
  ou: (r) => r.ouPath,
  critical: (r) => r.critical,
  overdue: (r) => r.overdue,
  collected: (r) => r.lastCollectedAt?.getTime() ?? null,
};
