import { and, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { DUE_SOON_DAYS, type FindingsFilter, type SlaState } from "@/lib/contracts/findings-filter";
import { openFindingStatuses } from "@/lib/domain/vocabulary";
import type { PgColumn } from "drizzle-orm/pg-core";
import { findings } from "../schema";
import { inScope, teamAccounts, type AccountScope } from "./scope";

/** Whose filter it is: "assignee = me" and the SLA states need the viewer and the clock. */
export type FilterContext = { scope: AccountScope; userId: string | null; now: Date };

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
const startOf = (day: string) => new Date(`${day}T00:00:00Z`);

/** Escapes LIKE's wildcards so free text matches literally. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function slaTerm(state: SlaState, now: Date): SQL {
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000);
  const open = inArray(findings.status, [...openFindingStatuses]);
  if (state === "overdue") return and(open, lt(findings.dueAt, now))!;
  if (state === "due_soon") return and(open, gte(findings.dueAt, now), lt(findings.dueAt, soon))!;
  return and(open, or(isNull(findings.dueAt), gte(findings.dueAt, soon)))!;
}

function accountsWhere(column: string, values: readonly string[], account: PgColumn = findings.accountId): SQL {
  return sql`${account} in (select a.id from aws_accounts a where ${sql.raw(column)} in ${values})`;
}

/** The account-level terms (account, environment, OU, team), on any table's account column. */
function accountTerms(filter: FindingsFilter, account: PgColumn): SQL[] {
  const terms: SQL[] = [];
  if (filter.account?.length) terms.push(inArray(account, filter.account));
  if (filter.environment?.length) terms.push(accountsWhere("a.environment::text", filter.environment, account));
  if (filter.ou?.length) {
    terms.push(sql`${account} in (
      with recursive below(id) as (
        select o.id from organizational_units o where o.id in ${filter.ou}
        union
        select o.id from organizational_units o join below on o.parent_id = below.id
      )
      select a.id from aws_accounts a join below on a.ou_id = below.id)`);
  }
  if (filter.team?.length) {
    const teams = sql.join(
      filter.team.map((t) => sql`${t}::uuid`),
      sql`, `,
    );
    terms.push(sql`${account} in (select ta.account_id from ${teamAccounts(teams)} ta)`);
  }
  return terms;
}

/**
 * The where-clause selecting a filter's findings within the scope. Every reader of findings lists
 * (page, facets, bulk actions, exports, CLI) goes through it, so they all select the same rows.
 */
export function findingsWhere(filter: FindingsFilter, ctx: FilterContext): SQL {
  const terms: (SQL | undefined)[] = [
    inScope(findings.accountId, ctx.scope),
    ...accountTerms(filter, findings.accountId),
  ];
  if (filter.region?.length) terms.push(inArray(findings.region, filter.region));
  if (filter.service?.length) {
    terms.push(sql`${findings.checkId} in (select c.id from checks c where c.service in ${filter.service})`);
  }
  if (filter.check?.length) terms.push(inArray(findings.checkId, filter.check));
  if (filter.severity?.length) terms.push(inArray(findings.severity, filter.severity));
  if (filter.status?.length) terms.push(inArray(findings.status, filter.status));
  if (filter.assignee?.length) {
    const ids = filter.assignee.flatMap((a) =>
      a === "me" ? (ctx.userId ? [ctx.userId] : []) : a === "none" ? [] : [a],
    );
    const either: SQL[] = [];
    if (ids.length) either.push(inArray(findings.assigneeId, ids));
    if (filter.assignee.includes("none")) either.push(isNull(findings.assigneeId));
    terms.push(either.length ? or(...either) : sql`false`);
  }
  if (filter.sla?.length) terms.push(or(...filter.sla.map((s) => slaTerm(s, ctx.now))));
  if (filter.firstSeenFrom) terms.push(gte(findings.firstSeenAt, startOf(filter.firstSeenFrom)));
  if (filter.firstSeenTo) terms.push(lt(findings.firstSeenAt, nextDay(filter.firstSeenTo)));
  if (filter.lastSeenFrom) terms.push(gte(findings.lastSeenAt, startOf(filter.lastSeenFrom)));
  if (filter.lastSeenTo) terms.push(lt(findings.lastSeenAt, nextDay(filter.lastSeenTo)));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    terms.push(
      or(
        sql`${findings.resourceId} ilike ${pattern}`,
        sql`${findings.evidence}::text ilike ${pattern}`,
        sql`${findings.checkId} in (select c.id from checks c where c.title ilike ${pattern})`,
      ),
    );
  }
  return and(...terms.filter((t): t is SQL => t !== undefined)) ?? sql`true`;
}

/** The one finding `id` if it is in the scope (detail pages and single actions never leak others). */
export const findingInScope = (id: string, scope: AccountScope) =>
  and(eq(findings.id, id), inScope(findings.accountId, scope));

/**
 * Whether the rollups (finding_group_counts, migration 0016) can answer a filter: only account-level
 * terms, check, service, severity, status and SLA state; a region, an assignee, dates or text need findings.
 */
export function rollupCanFilter(filter: FindingsFilter): boolean {
  return (
    !filter.region?.length &&
    !filter.assignee?.length &&
    !filter.firstSeenFrom &&
    !filter.firstSeenTo &&
    !filter.lastSeenFrom &&
    !filter.lastSeenTo &&
    !filter.q
  );
}

/** A rollup table's columns that findingsWhere's terms map to (`checkId` absent: the region rollup). */
export type RollupColumns = {
  n: PgColumn;
  accountId: PgColumn;
  checkId?: PgColumn;
  region?: PgColumn;
  severity: PgColumn;
  status: PgColumn;
  sla: PgColumn;
};

/**
 * findingsWhere over a rollup: the same terms on its columns, the SLA state as its bucket (computed
 * against the rollup's clock). The caller checks rollupCanFilter and that the columns exist.
 */
export function rollupWhere(filter: FindingsFilter, ctx: Pick<FilterContext, "scope">, t: RollupColumns): SQL {
  // Counts that fell to zero stay until the clock's next sweep.
  const terms: (SQL | undefined)[] = [
    sql`${t.n} > 0`,
    inScope(t.accountId, ctx.scope),
    ...accountTerms(filter, t.accountId),
  ];
  if (filter.region?.length && t.region) terms.push(inArray(t.region, filter.region));
  if (filter.service?.length && t.checkId)
    terms.push(sql`${t.checkId} in (select c.id from checks c where c.service in ${filter.service})`);
  if (filter.check?.length && t.checkId) terms.push(inArray(t.checkId, filter.check));
  if (filter.severity?.length) terms.push(inArray(t.severity, filter.severity));
  if (filter.status?.length) terms.push(inArray(t.status, filter.status));
  if (filter.sla?.length) terms.push(inArray(t.sla, filter.sla));
  return and(...terms.filter((x): x is SQL => x !== undefined)) ?? sql`true`;
}
