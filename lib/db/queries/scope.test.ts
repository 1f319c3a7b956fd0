import { describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { awsAccounts } from "../schema";
import { ALL_ACCOUNTS, inScope, scopeToAccounts } from "./scope";

const dialect = new PgDialect({ casing: "snake_case" });

describe("inScope", () => {
  it("adds no condition for an unrestricted reader", () => {
    expect(inScope(awsAccounts.id, ALL_ACCOUNTS)).toBeUndefined();
  });

  it("matches nothing for an empty scope, rather than everything", () => {
    const sql = dialect.sqlToQuery(inScope(awsAccounts.id, scopeToAccounts([]))!);
    expect(sql.sql).toBe("false");
  });

  it("limits to the listed accounts, once each", () => {
    const scope = scopeToAccounts(["111122223333", "444455556666", "111122223333"]);
    const sql = dialect.sqlToQuery(inScope(awsAccounts.id, scope)!);
    expect(sql.sql).toBe('"aws_accounts"."id" in ($1, $2)');
    expect(sql.params).toEqual(["111122223333", "444455556666"]);
  });
});
