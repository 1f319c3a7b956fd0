import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  apiErrorBodySchema,
  apiErrorCodes,
  apiErrorStatus,
  invalid,
  invalidInput,
  problem,
  problemResponse,
} from "./errors";

describe("the error body", () => {
  it("carries the message and the code, and nothing it was not given", () => {
    const p = problem("not-found", "team not found");
    expect(p.status).toBe(404);
    expect(p.body).toEqual({ error: "team not found", code: "not-found" });
    expect(apiErrorBodySchema.parse(p.body)).toEqual(p.body);
  });

  it("carries field errors, the 500's reference and the target when given", () => {
    expect(problem("conflict", "A team with this name exists.", { fields: { name: ["is taken"] } }).body).toEqual({
      error: "A team with this name exists.",
      code: "conflict",
      fields: { name: ["is taken"] },
    });
    const internal = problem("internal", "something went wrong", { reference: "ref-1" });
    expect([internal.status, internal.body]).toEqual([
      500,
      { error: "something went wrong", code: "internal", reference: "ref-1" },
    ]);
    const busy = problem("busy", "A collection is already in progress.", { target: { type: "run", id: "r-1" } });
    expect([busy.status, busy.body.target]).toEqual([409, { type: "run", id: "r-1" }]);
  });

  it("gives every code one client or server error status", () => {
    expect(Object.keys(apiErrorStatus).sort()).toEqual([...apiErrorCodes].sort());
    for (const code of apiErrorCodes) {
      expect(apiErrorStatus[code]).toBeGreaterThanOrEqual(400);
      expect(apiErrorStatus[code]).toBeLessThan(600);
      expect(problem(code, "x").status).toBe(apiErrorStatus[code]);
    }
  });

  it("is refused by the schema with a stray key, an unknown code or no code", () => {
    expect(apiErrorBodySchema.safeParse({ error: "x", code: "not-found", runId: "r" }).success).toBe(false);
    expect(apiErrorBodySchema.safeParse({ error: "x", code: "teapot" }).success).toBe(false);
    expect(apiErrorBodySchema.safeParse({ error: "x" }).success).toBe(false);
  });
});

describe("invalid input", () => {
  it("names only the fields that have problems", () => {
    const p = invalid({ name: ["is taken"], description: undefined, idpGroup: [] });
    expect([p.status, p.body]).toEqual([
      422,
      { error: "invalid input", code: "invalid-input", fields: { name: ["is taken"] } },
    ]);
  });

  it("keeps zod's per-field problems, and puts those of the whole input in the message", () => {
    const schema = z
      .object({ name: z.string().min(1, "is required"), age: z.number() })
      .refine((v) => v.name !== "root", "change at least one field");
    const fields = invalidInput(schema.safeParse({ name: "", age: "x" }).error!);
    expect(fields.body.error).toBe("invalid input");
    expect(fields.body.fields).toEqual({ name: ["is required"], age: [expect.any(String)] });
    const whole = invalidInput(schema.safeParse({ name: "root", age: 1 }).error!, "invalid path");
    expect(whole.body).toEqual({ error: "invalid path: change at least one field", code: "invalid-input" });
  });
});

describe("problemResponse", () => {
  it("answers the body as JSON with the code's status, never cached", async () => {
    const response = problemResponse(problem("refused", "This is the last active admin."));
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "This is the last active admin.", code: "refused" });
  });
});
