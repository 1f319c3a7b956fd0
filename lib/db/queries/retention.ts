import { sql, type SQL } from "drizzle-orm";
import type { RetentionKind } from "@/lib/domain/retention";
import type { Db } from "../types";

// The one rule of what retention removes: each kind's tables, each with the predicate that both the
// Settings page's preview (a count) and the purge (batched deletes by primary key) run.

type Target = {
  table: string;
  /** Primary key columns: a batch deletes the rows whose key a `limit`ed select found. */
  key: readonly string[];
  /** Rows of `table` (aliased `t`) that go, given the kind's cutoff. */
  where: (cutoff: Date) => SQL;
};

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * A finished run older than the cutoff that no account still needs: not an account's last run, not
 * the run of an account's latest finished unit, not the last run of any finding.
 */
const expiredRun = (cutoff: Date, alias: string) => {
  const r = sql.raw(alias);
  return sql`${r}.status not in ('queued', 'running')
    and coalesce(${r}.finished_at, ${r}.created_at) < ${at(cutoff)}
    and ${r}.id not in (select a.last_run_id from aws_accounts a where a.last_run_id is not null)
    and ${r}.id not in (
      select latest.run_id from aws_accounts a cross join lateral (
        select u.run_id from run_units u
        where u.account_id = a.id and u.finished_at is not null
        order by u.finished_at desc limit 1) latest)
    and not exists (select 1 from findings f where f.last_run_id = ${r}.id)`;
};

const longResolved = (cutoff: Date) =>
  sql`select f.id from findings f where f.status = 'RESOLVED' and f.resolved_at < ${at(cutoff)}`;

/** In deletion order: rows that others reference go after them, so no cascade deletes uncounted rows. */
export const retentionTargets: Record<RetentionKind, readonly Target[]> = {
  runs: [
    {
      table: "run_units",
      key: ["id"],
      where: (c) => sql`t.run_id in (select r.id from collection_runs r where ${expiredRun(c, "r")})`,
    },
    {
      table: "inventory_items",
      key: ["run_id", "account_id", "region", "key"],
      where: (c) => sql`t.run_id in (select r.id from collection_runs r where ${expiredRun(c, "r")})`,
    },
    { table: "collection_runs", key: ["id"], where: (c) => expiredRun(c, "t") },
    {
      table: "cost_runs",
      key: ["id"],
      where: (c) => sql`t.status <> 'running' and t.started_at < ${at(c)}
        and t.id <> (select l.id from cost_runs l where l.organization_id = t.organization_id
                     order by l.started_at desc limit 1)`,
    },
  ],
  resolvedFindings: [
    { table: "finding_events", key: ["id"], where: (c) => sql`t.finding_id in (${longResolved(c)})` },
    { table: "findings", key: ["id"], where: (c) => sql`t.status = 'RESOLVED' and t.resolved_at < ${at(c)}` },
  ],
  guardduty: [
    {
      table: "security_events",
      key: ["key"],
      where: (c) => sql`t.kind in ('guardduty_finding', 'attack_sequence') and t.updated_at < ${at(c)}`,
    },
    { table: "guardduty_findings", key: ["account_id", "region", "id"], where: (c) => sql`t.last_seen_at < ${at(c)}` },
  ],
  activity: [
    { table: "cloudtrail_events", key: ["id"], where: (c) => sql`t.event_time < ${at(c)}` },
    { table: "canary_events", key: ["id"], where: (c) => sql`t.event_time < ${at(c)}` },
    {
      table: "cloudtrail_lookups",
      key: ["id"],
      where: (c) => sql`t.created_at < ${at(c)} and t.status in ('done', 'failed')`,
    },
    {
      table: "security_events",
      key: ["key"],
      where: (c) => sql`t.kind not in ('guardduty_finding', 'attack_sequence') and t.updated_at < ${at(c)}
        and not exists (select 1 from findings f where f.id = t.source_id
                        and f.status in ('NEW', 'ACKNOWLEDGED', 'SUPPRESSED'))`,
    },
  ],
  audit: [{ table: "audit_log", key: ["id"], where: (c) => sql`t.occurred_at < ${at(c)}` }],
};

/** Tables no retention setting touches: the daily rollups the trends read, for their whole window. */
export const keptTables = ["account_daily", "compliance_daily", "cost_daily"] as const;

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, "")}"`);

/** How many rows of each of `kind`'s tables the purge would delete now, table by table. */
export async function countRetentionTargets(
  db: Db,
  params: { kind: RetentionKind; cutoff: Date },
): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const target of retentionTargets[params.kind]) {
    const result = (await db.execute(
      sql`select count(*)::int as n from ${ident(target.table)} t where ${target.where(params.cutoff)}`,
    )) as unknown as { rows: { n: number }[] };
    out.push({ table: target.table, rows: Number(result.rows[0]?.n ?? 0) });
  }
  return out;
}

/**
 * Deletes at most `limit` rows of one target by primary key, in the caller's (short) transaction.
 * Rows another transaction holds are skipped, not waited for: the next batch or purge takes them.
 */
export async function deleteRetentionBatch(
  db: Db,
  params: { kind: RetentionKind; table: string; cutoff: Date; limit: number },
): Promise<number> {
  const target = retentionTargets[params.kind].find((t) => t.table === params.table);
  if (!target) throw new Error(`no retention target ${params.kind}/${params.table}`);
  const cols = sql.join(
    target.key.map((k) => ident(k)),
    sql`, `,
  );
  const picked = sql.join(
    target.key.map((k) => sql`t.${ident(k)}`),
    sql`, `,
  );
  const result = (await db.execute(sql`
    delete from ${ident(target.table)} where (${cols}) in (
      select ${picked} from ${ident(target.table)} t where ${target.where(params.cutoff)}
      limit ${Math.floor(params.limit)} for update of t skip locked)`)) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? 0;
}

export type TableSize = { table: string; rows: number; bytes: number };

/** Every table of the app's schema with its size (table, indexes, TOAST) and row count, largest first. */
export async function listTableSizes(db: Db): Promise<TableSize[]> {
  const result = (await db.execute(sql`
    select c.relname as table, pg_total_relation_size(c.oid)::bigint as bytes, c.reltuples::bigint as estimate
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like '\\_\\_%'
    order by bytes desc, c.relname`)) as unknown as { rows: { table: string; bytes: string; estimate: string }[] };
  const sizes: TableSize[] = [];
  for (const row of result.rows) {
    let rows = Number(row.estimate);
    // Never analyzed (a fresh or embedded database): count it, which is cheap while it is small.
    if (rows < 0) {
      const counted = (await db.execute(sql`select count(*)::int as n from ${ident(row.table)}`)) as unknown as {
        rows: { n: number }[];
      };
      rows = Number(counted.rows[0]?.n ?? 0);
    }
    sizes.push({ table: row.table, rows, bytes: Number(row.bytes) });
  }
  return sizes;
}
