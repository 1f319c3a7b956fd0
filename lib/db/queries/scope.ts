import { inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

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
