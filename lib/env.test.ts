import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database on loopback", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.POSTURE_DATA_DIR).toBe(".data");
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.PORT).toBe(3000);
  });

  it("treats empty values as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it("accepts postgres URLs and coerces numbers", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u@db:5432/posture", PORT: "8080", DATABASE_POOL_MAX: "25" });
    expect(env).toMatchObject({ DATABASE_URL: "postgresql://u@db:5432/posture", PORT: 8080, DATABASE_POOL_MAX: 25 });
  });

  it("names every invalid variable in one error", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://db/x", PORT: "99999", LOG_LEVEL: "loud" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// connection URL");
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/LOG_LEVEL:/);
  });

  it("ignores variables it does not know", () => {
    expect(parseEnv({ AWS_SECRET_ACCESS_KEY: "x" })).not.toHaveProperty("AWS_SECRET_ACCESS_KEY");
  });
});
