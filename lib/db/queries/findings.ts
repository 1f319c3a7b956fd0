import { and, desc, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import pg from "pg";
import { DUE_SOON_DAYS, type FindingsFilter, type SlaState } from "@/lib/contracts/findings-filter";
import { defaultDirection, type FindingSort } from "@/lib/contracts/findings-list";
import {
  environments,
  findingStatuses,
  type FindingStatus,
  openFindingStatuses,
  severities,
  type Environment,
  type Severity,
} from "@/lib/domain/vocabulary";
import { awsAccounts, checks, findingGroupCounts, findingRegionCounts, findings, users } from "../schema";
import type { Db } from "../types";
import { findingsWhere, rollupCanFilter, rollupWhere } from "./findings-filter";
import { advanceFindingRollup, findingRollupClock } from "./findings-rollup";
import { inScope, type AccountScope } from "./scope";

const severityRank = sql<number>`array_position(array['critical','high','medium','low','informational']::severity[], ${findings.severity})`;

/** Open findings (NEW, ACKNOWLEDGED), most severe and most recent first. */
export async function listOpenFindings(db: Db, scope: AccountScope, opts: { limit: number }) {
  return db
    .select({
      id: findings.id,
      checkId: findings.checkId,
      title: checks.title,
      service: checks.service,
      severity: findings.severity,
      status: findings.status,
      accountId: findings.accountId,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      region: findings.region,
      resourceId: findings.resourceId,
      firstSeenAt: findings.firstSeenAt,
      lastSeenAt: findings.lastSeenAt,
    })
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .where(and(inArray(findings.status, [...openFindingStatuses]), inScope(findings.accountId, scope)))
    .orderBy(severityRank, desc(findings.lastSeenAt))
    .limit(opts.limit);
}

export type OpenFindingRow = Awaited<ReturnType<typeof listOpenFindings>>[number];

// ---------------------------------------------------------------------------------------------
// The Findings page, its API, exports and the CLI: one filter (findingsWhere), keyset pages.

type SortKey = { expr: SQL; cast: string };
const sortKeys: Record<FindingSort, SortKey[]> = {
  severity: [
    { expr: sql`${findings.severity}`, cast: "severity" },
    { expr: sql`${findings.firstSeenAt}`, cast: "timestamptz" },
  ],
  firstSeen: [{ expr: sql`${findings.firstSeenAt}`, cast: "timestamptz" }],
  lastSeen: [{ expr: sql`${findings.lastSeenAt}`, cast: "timestamptz" }],
  account: [
    { expr: sql`${findings.accountId}`, cast: "text" },
    { expr: sql`${findings.severity}`, cast: "severity" },
  ],
  check: [
    { expr: sql`${findings.checkId}`, cast: "text" },
    { expr: sql`${findings.severity}`, cast: "severity" },
  ],
  due: [{ expr: sql`coalesce(${findings.dueAt}, 'infinity'::timestamptz)`, cast: "timestamptz" }],
};

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The SLA state of a finding, in SQL: the same rule as findingsWhere's `sla` filter. */
const slaExpr = (now: Date) => {
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000);
  return sql<SlaState | null>`case
    when ${findings.status} not in ('NEW', 'ACKNOWLEDGED') then null
    when ${findings.dueAt} < ${now.toISOString()}::timestamptz then 'overdue'
    when ${findings.dueAt} < ${soon.toISOString()}::timestamptz then 'due_soon'
    else 'on_time' end`;
};

export type FindingsRead = { filter: FindingsFilter; userId: string | null; now: Date };
export type FindingsPageParams = FindingsRead & {
  sort: FindingSort;
  dir?: "asc" | "desc";
  /** The cursor's values (decodeCursor), or absent for the first page. */
  after?: readonly string[];
  limit: number;
};

/**
 * One page of findings in the scope matching the filter, in the sort's order, after the cursor
 * (keyset: the sort keys and the id of the last row seen, so rows changing never shift a page).
 */
function keyset(scope: AccountScope, params: FindingsPageParams) {
  const keys = [...sortKeys[params.sort], { expr: sql`${findings.id}`, cast: "text" }];
  const desc = (params.dir ?? defaultDirection[params.sort]) === "desc";
  const where = [findingsWhere(params.filter, { scope, userId: params.userId, now: params.now })];
  if (params.after) {
    const left = sql.join(
      keys.map((k) => k.expr),
      sql`, `,
    );
    const right = sql.join(
      keys.map((k, i) => sql`${params.after![i]}::${sql.raw(k.cast)}`),
      sql`, `,
    );
    where.push(desc ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`);
  }
  return {
    where: and(...where),
    order: keys.map((k) => (desc ? sql`${k.expr} desc` : sql`${k.expr} asc`)),
    key: sql<string[]>`array[${sql.join(
      keys.map((k) => sql`to_json(${k.expr}) #>> '{}'`),
      sql`, `,
    )}]`,
  };
}

function pageOf<T extends { key: string[] }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return {
    rows: page.map(({ key: _key, ...row }) => row),
    /** The keyset values after the last row, or null on the last page. */
    next: more ? page[page.length - 1]!.key : null,
  };
}

/**
 * One page of findings in the scope matching the filter, in the sort's order, after the cursor
 * (keyset: the sort keys and the id of the last row seen, so rows changing never shift a page).
 */
export async function listFindingsPage(db: Db, scope: AccountScope, params: FindingsPageParams) {
  const q = keyset(scope, params);
  const rows = await db
    .select({
      id: findings.id,
      checkId: findings.checkId,
      title: checks.title,
      service: checks.service,
      severity: findings.severity,
      status: findings.status,
      accountId: findings.accountId,
      accountName: awsAccounts.name,
      environment: awsAccounts.environment,
      region: findings.region,
      resourceId: findings.resourceId,
      resourceType: findings.resourceType,
      firstSeenAt: findings.firstSeenAt,
      lastSeenAt: findings.lastSeenAt,
      dueAt: findings.dueAt,
      sla: slaExpr(params.now),
      assigneeId: findings.assigneeId,
      assigneeEmail: users.email,
      key: q.key,
    })
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .leftJoin(users, eq(users.id, findings.assigneeId))
    .where(q.where)
    .orderBy(...q.order)
    .limit(params.limit + 1);
  return pageOf(rows, params.limit);
}

/** A timestamp as JSON's ISO 8601 text, unquoted (cheaper than `#>> '{}'`, which parses the JSON back). */
const isoText = (column: SQLWrapper) => sql<string>`btrim(to_json(${column})::text, '"')`;

/** An export's columns as SQL: timestamps as ISO text and evidence as JSON text, so rows go out without reparsing. */
function exportExprs(now: Date) {
  return {
    id: sql<string>`${findings.id}`,
    checkId: sql<string>`${findings.checkId}`,
    title: sql<string>`${checks.title}`,
    service: sql<string>`${checks.service}`,
    severity: sql<Severity>`${findings.severity}`,
    status: sql<FindingStatus>`${findings.status}`,
    accountId: sql<string>`${findings.accountId}`,
    accountName: sql<string>`${awsAccounts.name}`,
    environment: sql<Environment>`${awsAccounts.environment}`,
    region: sql<string>`${findings.region}`,
    resourceId: sql<string>`${findings.resourceId}`,
    resourceType: sql<string>`${findings.resourceType}`,
    firstSeenAt: isoText(findings.firstSeenAt),
    lastSeenAt: isoText(findings.lastSeenAt),
    dueAt: sql<string | null>`${isoText(findings.dueAt)}`,
    sla: slaExpr(now),
    assigneeEmail: sql<string | null>`${users.email}`,
    evidence: sql<string>`${findings.evidence}::text`,
  };
}

/** The names of an export's fields: a line expression (iterateFindingLines) receives one SQL per name. */
export type ExportFieldName = keyof ReturnType<typeof exportExprs>;

/** The same columns for a select, each named in SQL too, so a raw cursor's rows carry drizzle's keys. */
function exportFields(now: Date) {
  const exprs = exportExprs(now);
  type E = typeof exprs;
  return Object.fromEntries(Object.entries(exprs).map(([name, expr]) => [name, expr.as(name)])) as {
    [K in keyof E]: SQL.Aliased<E[K] extends SQL<infer T> ? T : never>;
  };
}

function exportQuery(db: Db, q: ReturnType<typeof keyset>, now: Date) {
  return db
    .select({ ...exportFields(now), key: q.key })
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .leftJoin(users, eq(users.id, findings.assigneeId))
    .where(q.where)
    .orderBy(...q.order);
}

/** The same rows without the keyset's key: what a cursor reads. */
function exportCursorQuery(db: Db, q: ReturnType<typeof keyset>, now: Date) {
  return db
    .select(exportFields(now))
    .from(findings)
    .innerJoin(checks, eq(checks.id, findings.checkId))
    .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
    .leftJoin(users, eq(users.id, findings.assigneeId))
    .where(q.where)
    .orderBy(...q.order);
}

/** An export's page, keyset-paged like the list. */
export async function listFindingsExportPage(db: Db, scope: AccountScope, params: FindingsPageParams) {
  const q = keyset(scope, params);
  const rows = await exportQuery(db, q, params.now).limit(params.limit + 1);
  return pageOf(rows, params.limit);
}

export type ExportPageRow = Awaited<ReturnType<typeof listFindingsExportPage>>["rows"][number];

export type FindingsPageRow = Awaited<ReturnType<typeof listFindingsPage>>["rows"][number];

const facetNames = ["severity", "status", "sla", "environment", "service", "check", "account", "region"] as const;
export type Facet = (typeof facetNames)[number];
export type FacetCounts = Record<Facet, { value: string; label: string; count: number }[]>;
/** Facets with many values (checks, accounts, regions) list their largest this many. */
const FACET_TOP = 50;

/**
 * How many findings each facet value would select: each facet counts with every other filter
 * applied but its own, so choosing a second value shows what it adds. One statement, in the scope.
 */
export async function countFindingFacets(db: Db, scope: AccountScope, params: FindingsRead): Promise<FacetCounts> {
  const rows = (await rollupAnswers(db, params))
    ? await facetRowsFromRollup(db, scope, params)
    : await facetRowsFromFindings(db, scope, params);
  const out = Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as FacetCounts;
  for (const r of rows) out[r.facet].push({ value: r.value, label: r.label, count: Number(r.count) });
  // Enumerations keep their own order (critical first); the rest list the largest first.
  const orders: Partial<Record<Facet, readonly string[]>> = {
    severity: severities,
    status: findingStatuses,
    sla: ["overdue", "due_soon", "on_time"],
    environment: environments,
  };
  for (const f of facetNames) {
    const order = orders[f];
    out[f].sort((a, b) =>
      order ? order.indexOf(a.value) - order.indexOf(b.value) : b.count - a.count || a.value.localeCompare(b.value),
    );
  }
  return out;
}

/** How far the rollups' SLA clock may lag the reader's `now` (the timer moves it every minute). */
const ROLLUP_CLOCK_SLACK_MS = 90_000;

/**
 * Whether the rollups can answer this read: a filter they hold, and their SLA clock close to `now`
 * (moved forward here if the timer is late; a `now` in the clock's past reads findings).
 */
async function rollupAnswers(db: Db, params: FindingsRead): Promise<boolean> {
  return rollupCanFilter(params.filter) && (await rollupClockAt(db, params.now));
}

/** Whether the rollups' SLA states hold at `now` (the clock moved forward here if the timer is late). */
export async function rollupClockAt(db: Db, now: Date): Promise<boolean> {
  const lag = now.getTime() - (await findingRollupClock(db)).getTime();
  if (Math.abs(lag) <= ROLLUP_CLOCK_SLACK_MS) return true;
  if (lag < 0) return false;
  return (await advanceFindingRollup(db, now, { lockTimeoutMs: 500 })) !== null;
}

type FacetRow = { facet: Facet; value: string; label: string; count: number };
const facetPart = (facet: Facet, value: SQL, label: SQL, count: SQL, from: SQL, where: SQL, top: boolean) =>
  sql`(select ${facet}::text as facet, ${value} as value, ${label} as label, ${count}::int as count
    from ${from} where ${where} group by 2, 3 ${top ? sql`order by 4 desc, 2 limit ${FACET_TOP}` : sql``})`;

async function facetRows(db: Db, parts: SQL[]): Promise<FacetRow[]> {
  const result = (await db.execute(sql.join(parts, sql` union all `))) as unknown as { rows: FacetRow[] };
  return result.rows;
}

async function facetRowsFromFindings(db: Db, scope: AccountScope, params: FindingsRead): Promise<FacetRow[]> {
  const ctx = { scope, userId: params.userId, now: params.now };
  const without = (key: keyof FindingsFilter) => findingsWhere({ ...params.filter, [key]: undefined }, ctx);
  const part = (facet: Facet, value: SQL, label: SQL, join: SQL, where: SQL, top: boolean) =>
    facetPart(facet, value, label, sql`count(*)`, sql`findings ${join}`, where, top);
  const none = sql``;
  const withAccount = sql`join aws_accounts acc on acc.id = findings.account_id`;
  const withCheck = sql`join checks chk on chk.id = findings.check_id`;
  return facetRows(db, [
    part("severity", sql`findings.severity::text`, sql`findings.severity::text`, none, without("severity"), false),
    part("status", sql`findings.status::text`, sql`findings.status::text`, none, without("status"), false),
    part("sla", slaExpr(params.now), slaExpr(params.now), none, and(without("sla"), openOnly)!, false),
    part(
      "environment",
      sql`acc.environment::text`,
      sql`acc.environment::text`,
      withAccount,
      without("environment"),
      false,
    ),
    part("service", sql`chk.service`, sql`chk.service`, withCheck, without("service"), true),
    part("check", sql`findings.check_id`, sql`chk.title`, withCheck, without("check"), true),
    part("account", sql`findings.account_id`, sql`acc.name`, withAccount, without("account"), true),
    part("region", sql`findings.region`, sql`findings.region`, none, without("region"), true),
  ]);
}

/**
 * The same counts from the rollups: (check, account, status, severity, SLA) rows instead of findings;
 * the region facet from the region rollup, or from findings when a check or service is chosen.
 */
async function facetRowsFromRollup(db: Db, scope: AccountScope, params: FindingsRead): Promise<FacetRow[]> {
  const { filter } = params;
  const g = findingGroupCounts;
  const cols = {
    n: g.n,
    accountId: g.accountId,
    checkId: g.checkId,
    severity: g.severity,
    status: g.status,
    sla: g.sla,
  };
  const without = (key: keyof FindingsFilter) => rollupWhere({ ...filter, [key]: undefined }, { scope }, cols);
  const part = (facet: Facet, value: SQL, label: SQL, join: SQL, where: SQL, top: boolean) =>
    facetPart(facet, value, label, sql`sum(${g.n})`, sql`${g} ${join}`, where, top);
  const none = sql``;
  const withAccount = sql`join aws_accounts acc on acc.id = ${g.accountId}`;
  const withCheck = sql`join checks chk on chk.id = ${g.checkId}`;
  const r = findingRegionCounts;
  const regionWhere = rollupWhere(
    { ...filter, region: undefined },
    { scope },
    {
      n: r.n,
      accountId: r.accountId,
      region: r.region,
      severity: r.severity,
      status: r.status,
      sla: r.sla,
    },
  );
  const region =
    filter.check?.length || filter.service?.length
      ? facetPart(
          "region",
          sql`findings.region`,
          sql`findings.region`,
          sql`count(*)`,
          sql`findings`,
          findingsWhere({ ...filter, region: undefined }, { scope, userId: params.userId, now: params.now }),
          true,
        )
      : facetPart("region", sql`${r.region}`, sql`${r.region}`, sql`sum(${r.n})`, sql`${r}`, regionWhere, true);
  return facetRows(db, [
    part("severity", sql`${g.severity}::text`, sql`${g.severity}::text`, none, without("severity"), false),
    part("status", sql`${g.status}::text`, sql`${g.status}::text`, none, without("status"), false),
    part("sla", sql`${g.sla}`, sql`${g.sla}`, none, and(without("sla"), sql`${g.sla} <> 'none'`)!, false),
    part(
      "environment",
      sql`acc.environment::text`,
      sql`acc.environment::text`,
      withAccount,
      without("environment"),
      false,
    ),
    part("service", sql`chk.service`, sql`chk.service`, withCheck, without("service"), true),
    part("check", sql`${g.checkId}`, sql`chk.title`, withCheck, without("check"), true),
    part("account", sql`${g.accountId}`, sql`acc.name`, withAccount, without("account"), true),
    region,
  ]);
}

const openOnly = inArray(findings.status, [...openFindingStatuses]);

/** Groups of the grouped views: one row per check or per account, the worst first. */
export async function listFindingGroups(
  db: Db,
  scope: AccountScope,
  params: FindingsRead & { by: "check" | "account"; limit: number },
) {
  const useRollup = await rollupAnswers(db, params);
  const g = findingGroupCounts;
  // The rollup holds per (check, account, status, severity, SLA): summing its rows gives the pairs.
  const rolledPairs = db
    .select({
      checkId: g.checkId,
      accountId: g.accountId,
      n: sql<number>`sum(${g.n})`.as("n"),
      severity: sql<Severity>`min(${g.severity})`.as("severity"),
      firstSeen: sql<Date>`min(${g.firstSeenAt})`.as("first_seen"),
      overdue: sql<number>`coalesce(sum(${g.n}) filter (where ${g.sla} = 'overdue'), 0)`.as("overdue"),
      dueSoon: sql<number>`coalesce(sum(${g.n}) filter (where ${g.sla} = 'due_soon'), 0)`.as("due_soon"),
      resourceType: sql<string>`''`.as("resource_type"),
    })
    .from(g)
    .where(
      rollupWhere(
        params.filter,
        { scope },
        {
          n: g.n,
          accountId: g.accountId,
          checkId: g.checkId,
          severity: g.severity,
          status: g.status,
          sla: g.sla,
        },
      ),
    )
    .groupBy(g.checkId, g.accountId)
    .as("pairs");
  const where = findingsWhere(params.filter, { scope, userId: params.userId, now: params.now });
  const soon = new Date(params.now.getTime() + DUE_SOON_DAYS * 86_400_000);
  const open = sql`${findings.status} in ('NEW', 'ACKNOWLEDGED')`;
  // Two steps: per (check, account) first, which an index on (check_id, account_id, …) serves in
  // order without a distinct count; then per check or per account over those few rows.
  const basePairs = db
    .select({
      checkId: findings.checkId,
      accountId: findings.accountId,
      n: sql<number>`count(*)`.as("n"),
      severity: sql<Severity>`min(${findings.severity})`.as("severity"),
      firstSeen: sql<Date>`min(${findings.firstSeenAt})`.as("first_seen"),
      overdue: sql<number>`count(*) filter (where ${open} and ${findings.dueAt} < ${at(params.now)})`.as("overdue"),
      dueSoon:
        sql<number>`count(*) filter (where ${open} and ${findings.dueAt} >= ${at(params.now)} and ${findings.dueAt} < ${at(soon)})`.as(
          "due_soon",
        ),
      resourceType: sql<string>`min(${findings.resourceType})`.as("resource_type"),
    })
    .from(findings)
    .where(where)
    .groupBy(findings.checkId, findings.accountId)
    .as("pairs");
  const pairs = useRollup ? rolledPairs : basePairs;
  const byCheck = params.by === "check";
  const key = byCheck ? pairs.checkId : pairs.accountId;
  const base = db
    .select({
      key,
      label: byCheck ? sql<string>`min(${checks.title})` : sql<string>`min(${awsAccounts.name})`,
      service: byCheck ? sql<string | null>`min(${checks.service})` : sql<null>`null`,
      findings: sql<number>`sum(${pairs.n})::int`,
      // Pairs are unique per (check, account): counting them counts the other side without a distinct sort.
      accounts: byCheck ? sql<number>`count(*)::int` : sql<number>`1`,
      checks: byCheck ? sql<number>`1` : sql<number>`count(*)::int`,
      severity: sql<Severity>`min(${pairs.severity})`,
      worstEnvironment: sql<Environment>`min(${awsAccounts.environment})`,
      oldestFirstSeen: sql<string>`to_json(min(${pairs.firstSeen})) #>> '{}'`,
      overdue: sql<number>`sum(${pairs.overdue})::int`,
      dueSoon: sql<number>`sum(${pairs.dueSoon})::int`,
      resourceType: sql<string>`min(${pairs.resourceType})`,
    })
    .from(pairs)
    .innerJoin(awsAccounts, eq(awsAccounts.id, pairs.accountId));
  const rows = await (byCheck ? base.innerJoin(checks, eq(checks.id, pairs.checkId)) : base)
    .groupBy(key)
    .orderBy(sql`min(${pairs.severity})`, sql`sum(${pairs.n}) desc`, key)
    .limit(params.limit);
  const types =
    useRollup && byCheck
      ? await resourceTypes(
          db,
          rows.map((r) => r.key),
        )
      : null;
  return rows.map((r) => ({
    ...r,
    resourceType: types?.get(r.key) ?? r.resourceType,
    oldestFirstSeen: new Date(r.oldestFirstSeen),
    sla: (r.overdue > 0 ? "overdue" : r.dueSoon > 0 ? "due_soon" : "on_time") as SlaState,
  }));
}

/** A resource type per check (the rollup does not keep it): one index probe per check. */
async function resourceTypes(db: Db, checkIds: string[]): Promise<Map<string, string>> {
  if (checkIds.length === 0) return new Map();
  const ids = sql.join(
    checkIds.map((id) => sql`(${id})`),
    sql`, `,
  );
  const result = (await db.execute(sql`
    select c.id, (select f.resource_type from findings f where f.check_id = c.id limit 1) as resource_type
    from (values ${ids}) as c(id)`)) as unknown as { rows: { id: string; resource_type: string | null }[] };
  return new Map(result.rows.map((r) => [r.id, r.resource_type ?? ""]));
}

export type FindingGroup = Awaited<ReturnType<typeof listFindingGroups>>[number];

/**
 * Every finding of a filter in the scope, in batches, with evidence: exports and the CLI stream
 * these, so memory holds one batch whatever the result's size. On PostgreSQL one server-side cursor
 * on its own connection (one snapshot, read in sequence); on PGlite keyset pages.
 */
export async function* iterateFindings(
  db: Db,
  scope: AccountScope,
  params: FindingsRead & { sort: FindingSort; dir?: "asc" | "desc"; batch: number },
): AsyncGenerator<ExportPageRow[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const q = keyset(scope, { ...params, limit: params.batch });
    yield* cursorBatches<ExportPageRow>(client, exportCursorQuery(db, q, params.now).toSQL(), params.batch);
    return;
  }
  let after: readonly string[] | undefined;
  for (;;) {
    const page = await listFindingsExportPage(db, scope, { ...params, after, limit: params.batch });
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

/**
 * iterateFindings with each row made into one line of text by Postgres (`line` builds the expression
 * from the export's fields): exports stream these without parsing fields or encoding them in JS.
 */
export async function* iterateFindingLines(
  db: Db,
  scope: AccountScope,
  params: FindingsRead & {
    sort: FindingSort;
    dir?: "asc" | "desc";
    batch: number;
    line: (fields: Record<ExportFieldName, SQL>) => SQL;
  },
): AsyncGenerator<string[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const q = keyset(scope, { ...params, limit: params.batch });
    // Each field's text once, in order (OFFSET 0 keeps the subquery whole), then the line from those.
    const fields = db
      .select(exportFields(params.now))
      .from(findings)
      .innerJoin(checks, eq(checks.id, findings.checkId))
      .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
      .leftJoin(users, eq(users.id, findings.assigneeId))
      .where(q.where)
      .orderBy(...q.order)
      .getSQL();
    const names = Object.keys(exportExprs(params.now)) as ExportFieldName[];
    const columns = Object.fromEntries(names.map((n) => [n, sql`${sql.identifier("r")}.${sql.identifier(n)}`]));
    const query = db
      .select({ line: sql<string>`${params.line(columns as Record<ExportFieldName, SQL>)}`.as("line") })
      .from(sql`(${fields} offset 0) as r`)
      .toSQL();
    for await (const rows of cursorBatches<[string]>(client, query, params.batch, "array")) yield rows.map((r) => r[0]);
    return;
  }
  const line = sql<string>`${params.line(exportExprs(params.now))}`;
  let after: readonly string[] | undefined;
  for (;;) {
    const page = keyset(scope, { ...params, after, limit: params.batch });
    const rows = await db
      .select({ line, key: page.key })
      .from(findings)
      .innerJoin(checks, eq(checks.id, findings.checkId))
      .innerJoin(awsAccounts, eq(awsAccounts.id, findings.accountId))
      .leftJoin(users, eq(users.id, findings.assigneeId))
      .where(page.where)
      .orderBy(...page.order)
      .limit(params.batch + 1);
    const { rows: lines, next } = pageOf(rows, params.batch);
    if (lines.length) yield lines.map((r) => r.line);
    if (!next) return;
    after = next;
  }
}

/**
 * A query's rows through `DECLARE … CURSOR` in a read-only transaction on a connection of its own,
 * `size` rows per FETCH. Planned for the whole result (a sequential read and one sort), not the
 * first rows; stopping early (the consumer's `return`) rolls back and frees the connection.
 */
async function* cursorBatches<T>(
  pool: pg.Pool,
  query: { sql: string; params: unknown[] },
  size: number,
  rowMode?: "array",
) {
  const client = await pool.connect();
  let open = false;
  try {
    await client.query("begin isolation level repeatable read read only");
    open = true;
    await client.query("set local cursor_tuple_fraction = 1.0");
    await client.query("set local work_mem = '64MB'");
    await client.query(`declare findings_export no scroll cursor for ${query.sql}`, query.params);
    for (;;) {
      const fetch = `fetch forward ${Math.floor(size)} from findings_export`;
      const result = rowMode ? await client.query({ text: fetch, rowMode }) : await client.query(fetch);
      if (result.rows.length) yield result.rows as T[];
      if (result.rows.length < size) break;
    }
    await client.query("commit");
    open = false;
  } finally {
    if (open) await client.query("rollback").catch(() => {});
    client.release();
  }
}

/** How many findings in the scope match the filter (the CLI's --fail-on gate, bulk action confirmations). */
export async function countFindings(db: Db, scope: AccountScope, params: FindingsRead): Promise<number> {
  return db.$count(findings, findingsWhere(params.filter, { scope, userId: params.userId, now: params.now }));
}
