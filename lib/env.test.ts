import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, parseOidcProviders } from "./env";

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
    const env = parseEnv({
      POSTURE_ROLE_OVERRIDES: "111122223333=arn:aws:iam::111122223333:role/audit=v2",
      POSTURE_ACCOUNTS: "111122223333,111122223333",
    });
    expect(env.POSTURE_ROLE_OVERRIDES).toEqual({ "111122223333": "arn:aws:iam::111122223333:role/audit=v2" });
    expect(env.POSTURE_ACCOUNTS).toEqual(["111122223333"]);
  });

  it("rejects malformed account ids, regions and role ARNs with the variable's name", () => {
    expect(() => parseEnv({ POSTURE_ACCOUNTS: "12345" })).toThrow(
      /POSTURE_ACCOUNTS\.0: must be a 12-digit AWS account id/,
    );
    expect(() => parseEnv({ POSTURE_REGIONS: "europe" })).toThrow(/POSTURE_REGIONS\.0: must be an AWS region name/);
    expect(() => parseEnv({ POSTURE_ROLE_OVERRIDES: "111122223333=role/x" })).toThrow(/POSTURE_ROLE_OVERRIDES/);
  });
});

describe("POSTURE_SCHEDULE", () => {
  it("accepts cron expressions and off, and rejects anything else", () => {
    expect(parseEnv({}).POSTURE_SCHEDULE).toBe("0 */6 * * *");
    expect(parseEnv({ POSTURE_SCHEDULE: "off" }).POSTURE_SCHEDULE).toBe("off");
    expect(parseEnv({ POSTURE_SCHEDULE: "15 3 * * 1-5" }).POSTURE_SCHEDULE).toBe("15 3 * * 1-5");
    expect(() => parseEnv({ POSTURE_SCHEDULE: "every six hours" })).toThrow(
      /POSTURE_SCHEDULE: must be a cron expression/,
    );
  });
});

describe("POSTURE_COST_SCHEDULE", () => {
  it("is daily by default, independent of the posture schedule, and validated the same way", () => {
    expect(parseEnv({ POSTURE_SCHEDULE: "off" }).POSTURE_COST_SCHEDULE).toBe("0 6 * * *");
    expect(parseEnv({ POSTURE_COST_SCHEDULE: "off" }).POSTURE_COST_SCHEDULE).toBe("off");
    expect(parseEnv({}).POSTURE_COST_METRIC).toBe("UnblendedCost");
    expect(() => parseEnv({ POSTURE_COST_SCHEDULE: "daily" })).toThrow(/POSTURE_COST_SCHEDULE: must be a cron/);
    expect(() => parseEnv({ POSTURE_COST_METRIC: "BlendedCost" })).toThrow(/POSTURE_COST_METRIC/);
  });
});

/** The EnvError a function throws, for assertions on its whole message. */
function thrown(fn: () => unknown): EnvError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return e as EnvError;
  }
  throw new Error("expected an EnvError");
}

describe("sign-in settings", () => {
  it("default to no providers, no rules, the local admin on auto and the documented timeouts", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      AUTH_OIDC_PROVIDERS: [],
      AUTH_GROUPS_CLAIM: "groups",
      AUTH_ROLE_GROUPS: [],
      ADMIN_EMAILS: [],
      AUTH_LOCAL_ADMIN: "auto",
      AUTH_IDLE_TIMEOUT_MINUTES: 30,
      AUTH_ABSOLUTE_TIMEOUT_HOURS: 12,
      AUTH_LOGIN_ATTEMPTS: 10,
      // No proxy is trusted unless configured: X-Forwarded-* are dropped (issue 16).
      AUTH_TRUSTED_PROXIES: 0,
    });
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(env.AUTH_URL).toBeUndefined();
  });

  it("parse AUTH_ROLE_GROUPS into group → role rules, in order", () => {
    const env = parseEnv({
      AUTH_ROLE_GROUPS: "posture-admins=admin, secops=triager,,/team/payments=viewer,Finance Team=viewer",
    });
    expect(env.AUTH_ROLE_GROUPS).toEqual([
      { group: "posture-admins", role: "admin" },
      { group: "secops", role: "triager" },
      { group: "/team/payments", role: "viewer" },
      { group: "Finance Team", role: "viewer" },
    ]);
  });

  it("reject AUTH_ROLE_GROUPS entries without a group or with an unknown role, naming the entry", () => {
    expect(() => parseEnv({ AUTH_ROLE_GROUPS: "admins=superuser" })).toThrow(
      /AUTH_ROLE_GROUPS\.0: must be group=admin\|triager\|viewer/,
    );
    expect(() => parseEnv({ AUTH_ROLE_GROUPS: "secops=triager,=admin" })).toThrow(
      /AUTH_ROLE_GROUPS\.1: must be group=admin\|triager\|viewer/,
    );
    expect(() => parseEnv({ AUTH_ROLE_GROUPS: "posture-admins" })).toThrow(/AUTH_ROLE_GROUPS\.0/);
    expect(() => parseEnv({ AUTH_ROLE_GROUPS: "admins=Admin" })).toThrow(/AUTH_ROLE_GROUPS\.0/);
  });

  it("lower-case ADMIN_EMAILS and reject anything that is not an address", () => {
    expect(parseEnv({ ADMIN_EMAILS: "Alice@Example.COM, bob@example.org" }).ADMIN_EMAILS).toEqual([
      "alice@example.com",
      "bob@example.org",
    ]);
    expect(() => parseEnv({ ADMIN_EMAILS: "alice@example.com,bob" })).toThrow(
      /ADMIN_EMAILS\.1: must be e-mail addresses/,
    );
    expect(() => parseEnv({ ADMIN_EMAILS: "alice@localhost" })).toThrow(/ADMIN_EMAILS\.0/);
  });

  it("accept lower-case provider ids and reject anything else, naming the entry", () => {
    expect(parseEnv({ AUTH_OIDC_PROVIDERS: "okta, entra2" }).AUTH_OIDC_PROVIDERS).toEqual(["okta", "entra2"]);
    for (const [value, index] of [
      ["Okta", 0],
      ["okta,my-idp", 1],
      ["2fa", 0],
      ["okta,a_b", 1],
      ["a".repeat(32), 0],
    ] as const) {
      expect(() => parseEnv({ AUTH_OIDC_PROVIDERS: value }), value).toThrow(
        new RegExp(`AUTH_OIDC_PROVIDERS\\.${index}: provider ids are lower-case letters and digits`),
      );
    }
  });

  it("require a long AUTH_SECRET and bound the timeouts and attempts", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(parseEnv({ AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toHaveLength(32);
    expect(
      parseEnv({ AUTH_IDLE_TIMEOUT_MINUTES: "15", AUTH_ABSOLUTE_TIMEOUT_HOURS: "8", AUTH_LOGIN_ATTEMPTS: "5" }),
    ).toMatchObject({
      AUTH_IDLE_TIMEOUT_MINUTES: 15,
      AUTH_ABSOLUTE_TIMEOUT_HOURS: 8,
      AUTH_LOGIN_ATTEMPTS: 5,
    });
    const error = thrown(() =>
      parseEnv({
        AUTH_IDLE_TIMEOUT_MINUTES: "0",
        AUTH_ABSOLUTE_TIMEOUT_HOURS: "721",
        AUTH_LOGIN_ATTEMPTS: "many",
        AUTH_LOCAL_ADMIN: "yes",
      }),
    );
    for (const name of [
      "AUTH_IDLE_TIMEOUT_MINUTES",
      "AUTH_ABSOLUTE_TIMEOUT_HOURS",
      "AUTH_LOGIN_ATTEMPTS",
      "AUTH_LOCAL_ADMIN",
    ])
      expect(error.message).toContain(`${name}:`);
  });
});

describe("AUTH_OIDC_PROVIDERS", () => {
  it("refuses a provider id named twice", () => {
    expect(parseEnv({ AUTH_OIDC_PROVIDERS: "okta,entra" }).AUTH_OIDC_PROVIDERS).toEqual(["okta", "entra"]);
    expect(thrown(() => parseEnv({ AUTH_OIDC_PROVIDERS: "okta,okta" })).message).toContain(
      "AUTH_OIDC_PROVIDERS: names a provider twice",
    );
  });
});

describe("parseOidcProviders", () => {
  const okta = {
    AUTH_OIDC_OKTA_ISSUER: "https://acme.okta.com",
    AUTH_OIDC_OKTA_CLIENT_ID: "0oa1b2c3",
    AUTH_OIDC_OKTA_CLIENT_SECRET: "okta-secret",
    AUTH_OIDC_OKTA_PRESET: "okta",
  };
  const entra = {
    AUTH_OIDC_ENTRA_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
    AUTH_OIDC_ENTRA_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
    AUTH_OIDC_ENTRA_CLIENT_SECRET: "entra-secret",
    AUTH_OIDC_ENTRA_PRESET: "entra",
    AUTH_OIDC_ENTRA_NAME: "Contoso",
    AUTH_OIDC_ENTRA_ALLOWED_DOMAINS: "contoso.com, Contoso.org",
  };

  it("reads nothing when no provider is enabled, whatever else is set", () => {
    expect(parseOidcProviders(okta, [])).toEqual([]);
  });

  it("reads one provider's variables under its upper-cased id, defaulting the preset to generic", () => {
    const { AUTH_OIDC_OKTA_PRESET: _preset, ...generic } = okta;
    expect(parseOidcProviders(generic, ["okta"])).toEqual([
      {
        id: "okta",
        ISSUER: "https://acme.okta.com",
        CLIENT_ID: "0oa1b2c3",
        CLIENT_SECRET: "okta-secret",
        PRESET: "generic",
      },
    ]);
  });

  it("reads several providers at once, each from its own variables", () => {
    const providers = parseOidcProviders(
      { ...okta, ...entra, AUTH_OIDC_OKTA_SCOPES: "offline_access", AUTH_OIDC_OKTA_GROUPS_CLAIM: "posture_groups" },
      ["okta", "entra"],
    );
    expect(providers).toEqual([
      {
        id: "okta",
        ISSUER: "https://acme.okta.com",
        CLIENT_ID: "0oa1b2c3",
        CLIENT_SECRET: "okta-secret",
        PRESET: "okta",
        SCOPES: "offline_access",
        GROUPS_CLAIM: "posture_groups",
      },
      {
        id: "entra",
        ISSUER: entra.AUTH_OIDC_ENTRA_ISSUER,
        CLIENT_ID: entra.AUTH_OIDC_ENTRA_CLIENT_ID,
        CLIENT_SECRET: "entra-secret",
        PRESET: "entra",
        NAME: "Contoso",
        ALLOWED_DOMAINS: ["contoso.com", "Contoso.org"],
      },
    ]);
  });

  it("names each missing variable with its full name", () => {
    const error = thrown(() => parseOidcProviders({ AUTH_OIDC_OKTA_ISSUER: "https://acme.okta.com" }, ["okta"]));
    expect(error.message).toMatch(/^Invalid sign-in configuration:/);
    expect(error.message).toMatch(/^ {2}AUTH_OIDC_OKTA_CLIENT_ID: /m);
    expect(error.message).toMatch(/^ {2}AUTH_OIDC_OKTA_CLIENT_SECRET: /m);
    expect(error.message).not.toContain("AUTH_OIDC_OKTA_ISSUER");
  });

  it("treats an empty variable as missing", () => {
    expect(thrown(() => parseOidcProviders({ ...okta, AUTH_OIDC_OKTA_CLIENT_SECRET: "" }, ["okta"])).message).toContain(
      "AUTH_OIDC_OKTA_CLIENT_SECRET: ",
    );
  });

  it("names invalid values: issuer URL, preset, allowed domains, name length", () => {
    const error = thrown(() =>
      parseOidcProviders(
        {
          ...okta,
          AUTH_OIDC_OKTA_ISSUER: "acme.okta.com",
          AUTH_OIDC_OKTA_PRESET: "auth0",
          AUTH_OIDC_OKTA_ALLOWED_DOMAINS: "example.com,not a domain",
          AUTH_OIDC_OKTA_NAME: "x".repeat(61),
        },
        ["okta"],
      ),
    );
    expect(error.message).toContain("AUTH_OIDC_OKTA_ISSUER: must be the provider's issuer URL");
    expect(error.message).toContain("AUTH_OIDC_OKTA_PRESET: ");
    expect(error.message).toContain("AUTH_OIDC_OKTA_ALLOWED_DOMAINS.1: must be domain names");
    expect(error.message).toContain("AUTH_OIDC_OKTA_NAME: ");
  });

  it("reports the problems of every provider in one error, and only theirs", () => {
    const error = thrown(() =>
      parseOidcProviders({ ...okta, AUTH_OIDC_ENTRA_ISSUER: "not a url", AUTH_OIDC_KEYCLOAK_CLIENT_ID: "kc" }, [
        "okta",
        "entra",
        "keycloak",
      ]),
    );
    expect(error.message).not.toContain("AUTH_OIDC_OKTA_");
    expect(error.message).toContain("AUTH_OIDC_ENTRA_ISSUER: must be the provider's issuer URL");
    expect(error.message).toContain("AUTH_OIDC_ENTRA_CLIENT_ID: ");
    expect(error.message).toContain("AUTH_OIDC_KEYCLOAK_ISSUER: ");
    expect(error.message).toContain("AUTH_OIDC_KEYCLOAK_CLIENT_SECRET: ");
    expect(error.message).not.toContain("AUTH_OIDC_KEYCLOAK_CLIENT_ID");
  });

  it("never puts a client secret in the error", () => {
    const error = thrown(() => parseOidcProviders({ ...okta, AUTH_OIDC_OKTA_ISSUER: "nope" }, ["okta"]));
    expect(error.message).not.toContain("okta-secret");
  });
});
