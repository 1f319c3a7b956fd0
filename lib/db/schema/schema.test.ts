import { is } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from ".";

const tables = (Object.values(schema) as unknown[])
  .filter((v): v is PgTable => is(v, PgTable))
  .map((t) => getTableConfig(t));
/** The column's name in SQL (the schema uses drizzle's snake_case casing). */
const sqlName = (c: { name: string; keyAsName: boolean }) => (c.keyAsName ? toSnakeCase(c.name) : c.name);

// Column names that would hold credential material. A hash of a session token or of the local
// admin's password is allowed; AWS secret keys and session tokens never are.
const SECRET_COLUMN =
  /secret|session_token|private_key|credential|passphrase|(^|_)password(?!_hash|_one_time)|(^|_)token(?!_hash)|access_key(?!_id)/;

describe("schema", () => {
  it("holds the whole data model", () => {
    expect(tables.map((t) => t.name).sort()).toEqual(
      [
        "account_budgets",
        "account_daily",
        "audit_log",
        "billing_watch_reads",
        "aws_cost_anomalies",
        "aws_accounts",
        "canary_events",
        "canary_keys",
        "checks",
        "cloudtrail_events",
        "cloudtrail_lookups",
        "collection_runs",
        "compliance_daily",
        "cost_daily",
        "cost_incidents",
        "cost_runs",
        "finding_events",
        "finding_group_counts",
        "finding_region_counts",
        "finding_rollup_clock",
        "findings",
        "guardduty_coverage",
        "guardduty_findings",
        "organizational_units",
        "organizations",
        "run_units",
        "security_events",
        "sessions",
        "settings",
        "suppression_rules",
        "team_members",
        "team_scopes",
        "teams",
        "user_identities",
        "users",
        "inventory_items",
        "check_account_stats",
      ].sort(),
    );
  });

  it("has no column that could hold AWS secret material", () => {
    const offending = tables.flatMap((t) =>
      t.columns.filter((c) => SECRET_COLUMN.test(sqlName(c))).map((c) => `${t.name}.${sqlName(c)}`),
    );
    expect(offending).toEqual([]);
  });

  it("the secret-column rule catches what it is meant to catch", () => {
    for (const name of ["secret_access_key", "session_token", "aws_credentials", "password", "token", "access_key"]) {
      expect(SECRET_COLUMN.test(name), name).toBe(true);
    }
    for (const name of ["password_hash", "token_hash", "access_key_id"])
      expect(SECRET_COLUMN.test(name), name).toBe(false);
  });

  it("stores every timestamp with its time zone", () => {
    const naive = tables.flatMap((t) =>
      t.columns
        .filter((c) => c.getSQLType().startsWith("timestamp") && !c.getSQLType().includes("with time zone"))
        .map((c) => `${t.name}.${c.name}`),
    );
    expect(naive).toEqual([]);
  });

  it("finds the account_id columns it checks below", () => {
    expect(tables.filter((t) => t.columns.some((c) => sqlName(c) === "account_id")).length).toBeGreaterThanOrEqual(6);
  });

  it("indexes every foreign key to an account, so per-account reads and cascades stay fast", () => {
    const missing = tables.flatMap((t) => {
      const accountCols = t.columns.map(sqlName).filter((n) => n === "account_id");
      const first = (c: unknown) => (c && typeof c === "object" && "keyAsName" in c ? sqlName(c as never) : undefined);
      const leading = new Set([
        ...t.indexes.map((i) => first(i.config.columns[0])),
        ...t.primaryKeys.map((pk) => first(pk.columns[0])),
      ]);
      return accountCols.filter((c) => !leading.has(c)).map((c) => `${t.name}.${c}`);
    });
    expect(missing).toEqual([]);
  });
});
