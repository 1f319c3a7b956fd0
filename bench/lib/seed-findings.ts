import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";
import { catalogRows } from "@/lib/checks/catalog-rows";
import { allChecks } from "@/lib/checks/registry";
import { MIGRATIONS_FOLDER } from "@/lib/db/migrations";
import { syncCheckCatalog } from "@/lib/db/queries/collection";
import type { Db } from "@/lib/db/types";
import { ms } from "./timing";

export const BENCH_ORG_ID = "00000000-0000-4000-8000-0000000000b1";

/**
 * Migrates a fresh database and loads one organization (OUs Prod / Non-prod), `accounts` accounts and
 * `findings` findings with their status events, in bulk (indexes dropped and rebuilt around the load).
 */
export async function seedOrgFindings(pool: pg.Pool, db: Db, opts: { accounts: number; findings: number }) {
  const ACCOUNTS = opts.accounts;
  const FINDINGS = opts.findings;
  const client = await pool.connect();
  try {
    const t0 = process.hrtime.bigint();
    await migrate(drizzle({ client, casing: "snake_case" }), { migrationsFolder: MIGRATIONS_FOLDER });
    await syncCheckCatalog(db, catalogRows(allChecks));
    await client.query(
      `insert into organizations (id, name, discovery_mode) values ('${BENCH_ORG_ID}', 'Bench org', 'configured')`,
    );
    await client.query(`insert into organizational_units (id, organization_id, parent_id, name, path) values
      ('r-bench', '${BENCH_ORG_ID}', null, 'Root', 'Root'),
      ('ou-bench-prod', '${BENCH_ORG_ID}', 'r-bench', 'Prod', 'Root/Prod'),
      ('ou-bench-nonprod', '${BENCH_ORG_ID}', 'r-bench', 'Non-prod', 'Root/Non-prod')`);
    await client.query(
      `insert into aws_accounts (id, organization_id, name, email, environment, ou_id, ou_path)
       select lpad((100000000000 + i)::text, 12, '0'), '${BENCH_ORG_ID}', 'acct-' || lpad(i::text, 4, '0'),
              'acct-' || i || '@example.com',
              (array['prod','staging','dev','dev','other'])[1 + i % 5]::environment,
              case when i % 5 = 0 then 'ou-bench-prod' else 'ou-bench-nonprod' end,
              case when i % 5 = 0 then 'Root/Prod' else 'Root/Non-prod' end
       from generate_series(0, $1 - 1) i`,
      [ACCOUNTS],
    );
    // Bulk loads go faster into bare tables: secondary indexes are dropped here and rebuilt after.
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where tablename in ('findings', 'finding_events')
         and indexname not in ('findings_pkey', 'finding_events_pkey')`,
    );
    for (const ix of indexes.rows) await client.query(`drop index "${ix.indexname}"`);
    // Findings: a check, account and region per row; 30% open, 5% suppressed, the rest resolved; first
    // seen across two years; open ones carry a due date from their severity (some overdue).
    await client.query(
      `with c as (select row_number() over (order by id) - 1 as n, id, default_severity, service from checks),
            nc as (select count(*) as n from checks)
       insert into findings (id, check_id, account_id, region, resource_id, resource_type, severity, status, evidence,
                             first_seen_at, last_seen_at, status_changed_at, resolved_at, due_at, reopen_count)
       select encode(sha256(('bench-' || i)::bytea), 'hex'), c.id,
              lpad((100000000000 + (i / nc.n) % $2)::text, 12, '0'),
              (array['us-east-1','us-east-2','us-west-2','eu-west-1','eu-central-1','ap-southeast-2','global'])[1 + i % 7],
              'arn:aws:' || c.service || ':::resource-' || i, 'AWS::' || upper(c.service) || '::Resource',
              case when ((i / nc.n) % $2) % 5 = 0 and c.default_severity in ('high','medium') then 'critical'::severity else c.default_severity end,
              s.status::finding_status,
              jsonb_build_object('resource', 'resource-' || i, 'public', i % 2 = 0, 'note', md5(i::text)),
              fs, ls, ls, case when s.status = 'RESOLVED' then ls end,
              case when s.status in ('NEW','ACKNOWLEDGED') then fs + ((array[7,30,90,180,365])[1 + i % 5] || ' days')::interval end,
              0
       from generate_series(0, $1 - 1) i
       cross join nc
       join c on c.n = i % nc.n
       cross join lateral (select now() - ((i::bigint * 7919) % 730 || ' days')::interval - ((i % 86400) || ' seconds')::interval as fs) f
       cross join lateral (select least(now(), fs + ((i % 400) || ' days')::interval) as ls) l
       cross join lateral (select case when i % 20 < 5 then 'NEW' when i % 20 = 5 then 'ACKNOWLEDGED'
                                        when i % 20 = 6 then 'SUPPRESSED' else 'RESOLVED' end as status) s`,
      [FINDINGS, ACCOUNTS],
    );
    // 300 people; a tenth of the open findings assigned to one of them.
    await client.query(`insert into users (email, name, role, role_source)
      select 'person-' || i || '@example.com', 'Person ' || i, 'triager', 'manual' from generate_series(1, 300) i`);
    await client.query(`update findings set assignee_id = u.id
      from (select id, row_number() over (order by email) as n from users) u
      where findings.status in ('NEW', 'ACKNOWLEDGED') and abs(hashtext(findings.id)) % 10 = 0
        and u.n = 1 + abs(hashtext(findings.id)) % 300`);
    // Events: detection for every finding, then acknowledgement, suppression or resolution where it applies.
    await client.query(`insert into finding_events (finding_id, occurred_at, kind, from_status, to_status)
      select id, first_seen_at, 'status', null, 'NEW' from findings`);
    await client.query(`insert into finding_events (finding_id, occurred_at, kind, from_status, to_status)
      select id, status_changed_at,
'status', 'NEW', status
      from findings where status <> 'NEW'`);
    for (const ix of indexes.rows) await client.query(ix.indexdef);
    await client.query("vacuum analyze");
    const counts = await client.query<{ findings: string; events: string }>(
      "select (select count(*) from findings) as findings, (select count(*) from finding_events) as events",
    );
    return {
      seconds: ms(t0) / 1000,
      findings: Number(counts.rows[0]!.findings),
      events: Number(counts.rows[0]!.events),
    };
  } finally {
    client.release();
  }
}
