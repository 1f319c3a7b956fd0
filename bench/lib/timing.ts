import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";

// Shared by the query benches: a Db whose statements are logged so the bare SQL replayed is the very
// statement the app ran, and the timing arithmetic.

export type Statement = { sql: string; params: unknown[] };

export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
export const f1 = (x: number) => x.toFixed(1);

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** A pool and a drizzle Db over it that records every statement it sends; `take` empties the log. */
export function loggedDb(url: string, max: number) {
  let log: Statement[] = [];
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {}); // an idle client cut off when the bench drops its database
  const db = drizzle({
    client: pool,
    schema,
    casing: "snake_case",
    logger: { logQuery: (q, params) => log.push({ sql: q, params }) },
  }) as unknown as Db;
  const take = () => {
    const out = log;
    log = [];
    return out;
  };
  return { pool, db, take };
}

/** The same statement sent raw through pg (round trip, no mapping), and Postgres's own execution time. */
export async function bareMs(pool: pg.Pool, q: Statement): Promise<{ raw: number; exec: number }> {
  const t0 = process.hrtime.bigint();
  await pool.query(q.sql, q.params);
  const raw = ms(t0);
  const res = await pool.query<{ "QUERY PLAN": [{ "Execution Time": number }] }>(
    `explain (analyze, format json) ${q.sql}`,
    q.params,
  );
  return { raw, exec: res.rows[0]!["QUERY PLAN"][0]["Execution Time"] };
}

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Actual Rows"?: number; Plans?: PlanNode[] };

/** Each statement's executor time and the big tables it reads by sequential scan (≥ `minRows` rows). */
export async function explainStatements(pool: pg.Pool, statements: Statement[], minRows = 10_000) {
  const out: { sql: string; exec: number; seqScans: string[] }[] = [];
  for (const q of statements) {
    const res = await pool.query<{ "QUERY PLAN": [{ "Execution Time": number; Plan: PlanNode }] }>(
      `explain (analyze, format json) ${q.sql}`,
      q.params,
    );
    const plan = res.rows[0]!["QUERY PLAN"][0];
    const seqScans: string[] = [];
    const walk = (n: PlanNode) => {
      if (n["Node Type"] === "Seq Scan" && (n["Actual Rows"] ?? 0) >= minRows) seqScans.push(n["Relation Name"]!);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan.Plan);
    out.push({ sql: q.sql.replace(/\s+/g, " ").slice(0, 110), exec: plan["Execution Time"], seqScans });
  }
  return out.sort((a, b) => b.exec - a.exec);
}
