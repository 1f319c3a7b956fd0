import { inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Environment } from "@/lib/domain/vocabulary";

/**
 * The accounts a reader may see. Every query that serves a user takes one and filters by it on the
 * server; the sign-in issue derives it from the session's teams.
 */
export type AccountScope = { readonly all: true } | { readonly all: false; readonly accountIds: readonly string[] };

export const ALL_ACCOUNTS: AccountScope = { all: true };

export function scopeToAccounts(accountIds: readonly string[]): AccountScope {
  return { all: false, accountIds: [...new Set(accountIds)] };
}

/** A where-clause term limiting `column` (an account id column) to the scope; undefined = no limit. */
export function inScope(column: PgColumn, scope: AccountScope): SQL | undefined {
  if (scope.all) return undefined;
  if (scope.accountIds.length === 0) return sql`false`;
  return inArray(column, [...scope.accountIds]);
}

/**
 * Scope expansion, written once: `(team_id, account_id)` pairs for the teams `teamIds` selects; an OU
 * covers every OU below it. Enforcement (resolveUserScope) and the admin screen (listTeamCoverage)
 * both read it, so what the screen shows is what a member can read.
 */
export function teamAccounts(teamIds: SQL): SQL {
  return sql`(
    with recursive
      scoped as (select s.team_id, s.kind, s.value from team_scopes s where s.team_id in (${teamIds})),
      ous(team_id, id) as (
        select sc.team_id, o.id from scoped sc join organizational_units o on o.id = sc.value where sc.kind = 'ou'
        union
        select ous.team_id, o.id from organizational_units o join ous on o.parent_id = ous.id
      )
    select sc.team_id, a.id as account_id from scoped sc join aws_accounts a on sc.kind = 'account' and a.id = sc.value
    union
    select sc.team_id, a.id from scoped sc join aws_accounts a on sc.kind = 'environment' and a.environment::text = sc.value
    union
    select ous.team_id, a.id from ous join aws_accounts a on a.ou_id = ous.id
  )`;
}

/** Who a raw-SQL read covers: the scope, narrowed to one account, one environment or one team's accounts. */
export type AccountFilter = { scope: AccountScope; account?: string; environment?: Environment; team?: string };

/** The where-term of `AccountFilter` over an account-id expression of a raw SQL read (aliases allowed). */
export function accountFilterSql(column: SQL, f: AccountFilter & { scope: AccountScope }): SQL {
  const terms: SQL[] = [];
  if (!f.scope.all)
    terms.push(
      f.scope.accountIds.length === 0
        ? sql`false`
        : sql`${column} in (${sql.join(
            f.scope.accountIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
  if (f.account) terms.push(sql`${column} = ${f.account}`);
  if (f.environment) terms.push(sql`${column} in (select id from aws_accounts where environment = ${f.environment})`);
  if (f.team) terms.push(sql`${column} in (select ta.account_id from ${teamAccounts(sql`${f.team}::uuid`)} ta)`);
  return terms.length ? sql.join(terms, sql` and `) : sql`true`;
}
