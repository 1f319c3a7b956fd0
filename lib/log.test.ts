import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { redact } from "./log";

describe("redact", () => {
  it("hides values of secret-looking keys at any depth", () => {
    const out = redact({
      accountId: "123456789012",
      credentials: { AccessKeyId: "ASIA…", SecretAccessKey: "s", SessionToken: "t" },
      nested: [{ password: "p", authorization: "Bearer x", ok: 1 }],
    });
    expect(out).toEqual({
      accountId: "123456789012",
      credentials: "[redacted]",
      nested: [{ password: "[redacted]", authorization: "[redacted]", ok: 1 }],
    });
  });

  it("reduces errors to name and message (no stack, no attached request)", () => {
    const err = Object.assign(new Error("boom"), { $response: { headers: { authorization: "x" } } });
    expect(redact({ err })).toEqual({ err: { name: "Error", message: "boom" } });
  });

  it("drops what is nested deeper than it inspects, rather than pass a secret through", () => {
    let deep: Record<string, unknown> = { secretAccessKey: "s" };
    for (let i = 0; i < 10; i++) deep = { level: deep };
    expect(JSON.stringify(redact(deep))).not.toContain('"s"');
    expect(JSON.stringify(redact(deep))).toContain("[truncated]");
  });
});

describe("redact, failed queries", () => {
  it("drops drizzle's bound values from the message and keeps the query and the database's reason", () => {
    const hash = "scrypt$32768$8$1$c2FsdA$a2V5a2V5a2V5";
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      code: "23505",
      detail: "Key (email)=(admin) already exists.",
    });
    const failed = new DrizzleQueryError(
      'insert into "users" ("email", "password_hash") values ($1, $2)',
      ["admin", hash],
      cause,
    );
    const out = redact({ error: failed }) as { error: { message: string; cause: { message: string; code: string } } };
    const line = JSON.stringify(out);
    expect(line).not.toContain(hash);
    expect(line).not.toContain("already exists");
    expect(out.error.message).toBe(
      'Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: [redacted]',
    );
    expect(out.error.cause).toEqual({ name: "Error", message: cause.message, code: "23505" });
  });
});
