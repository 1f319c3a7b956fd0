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

describe("collection settings", () => {
  it("parse lists, overrides and limits", () => {
    const env = parseEnv({
      POSTURE_ACCOUNTS: "111122223333, 444455556666,",
      POSTURE_REGIONS: "eu-west-1,us-gov-west-1",
      POSTURE_ROLE_OVERRIDES: "111122223333=arn:aws:iam::111122223333:role/OrgAudit",
      POSTURE_EXTERNAL_ID: "b3c1f0e2a9d84c7e",
    });
    expect(env.POSTURE_ACCOUNTS).toEqual(["111122223333", "444455556666"]);
    expect(env.POSTURE_REGIONS).toEqual(["eu-west-1", "us-gov-west-1"]);
    expect(env.POSTURE_ROLE_OVERRIDES).toEqual({ "111122223333": "arn:aws:iam::111122223333:role/OrgAudit" });
    expect(env.POSTURE_ROLE_NAME).toBe("PostureAuditRole");
  });

  it("keeps '=' inside a role ARN and drops repeated accounts", () => {
    const env = parseEnv({ POSTURE_ROLE_OVERRIDES: "111122223333=arn:aws:iam::111122223333:role/audit=v2", POSTURE_ACCOUNTS: "111122223333,111122223333" });
    expect(env.POSTURE_ROLE_OVERRIDES).toEqual({ "111122223333": "arn:aws:iam::111122223333:role/audit=v2" });
    expect(env.POSTURE_ACCOUNTS).toEqual(["111122223333"]);
  });

  it("rejects malformed account ids, regions and role ARNs with the variable's name", () => {
    expect(() => parseEnv({ POSTURE_ACCOUNTS: "12345" })).toThrow(/POSTURE_ACCOUNTS\.0: must be a 12-digit AWS account id/);
    expect(() => parseEnv({ POSTURE_REGIONS: "europe" })).toThrow(/POSTURE_REGIONS\.0: must be an AWS region name/);
    expect(() => parseEnv({ POSTURE_ROLE_OVERRIDES: "111122223333=role/x" })).toThrow(/POSTURE_ROLE_OVERRIDES/);
  });
});

describe("POSTURE_SCHEDULE", () => {
  it("accepts cron expressions and off, and rejects anything else", () => {
    expect(parseEnv({}).POSTURE_SCHEDULE).toBe("0 */6 * * *");
    expect(parseEnv({ POSTURE_SCHEDULE: "off" }).POSTURE_SCHEDULE).toBe("off");
    expect(parseEnv({ POSTURE_SCHEDULE: "15 3 * * 1-5" }).POSTURE_SCHEDULE).toBe("15 3 * * 1-5");
    expect(() => parseEnv({ POSTURE_SCHEDULE: "every six hours" })).toThrow(/POSTURE_SCHEDULE: must be a cron expression/);
  });
});
