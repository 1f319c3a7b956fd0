import { Cron } from "croner";
import { z } from "zod";

/**
 * Every setting the app reads from its environment, validated once at boot. Nothing else in the
 * codebase reads process.env (an ESLint rule holds that line). Documented in README "Configuration".
 */
const list = (item: z.ZodString) =>
  z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region name such as eu-west-1");
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, "must be an IAM role ARN");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// connection URL")
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  POSTURE_DATA_DIR: z.string().trim().min(1).default(".data"),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),

  // Collection (see README "Configuration" and docs/onboarding.md).
  /** Region for the hub's own calls (STS, Organizations); the SDK's standard variable. */
  AWS_REGION: region.default("us-east-1"),
  /** The SDK's standard endpoint overrides (AWS-compatible emulators); read here only to adapt S3 Control. */
  AWS_ENDPOINT_URL: z.url().optional(),
  AWS_ENDPOINT_URL_S3_CONTROL: z.url().optional(),
  // Where the SDK's default chain will find the hub identity. Read only to tell whether any is
  // configured; the values themselves are left to the SDK and never copied.
  AWS_PROFILE: z.string().optional(),
  AWS_ACCESS_KEY_ID: z
    .string()
    .optional()
    .transform((v) => (v ? "set" : undefined)),
  AWS_WEB_IDENTITY_TOKEN_FILE: z.string().optional(),
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: z.string().optional(),
  AWS_CONTAINER_CREDENTIALS_FULL_URI: z.string().optional(),
  /** On EC2 with an instance role there is nothing else to detect: say so explicitly. */
  POSTURE_USE_INSTANCE_ROLE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  POSTURE_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name")
    .default("PostureAuditRole"),
  /** Role name in the management account when it differs (StackSets do not deploy there). */
  POSTURE_MANAGEMENT_ROLE_NAME: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name")
    .optional(),
  POSTURE_EXTERNAL_ID: z
    .string()
    .regex(/^[\w+=,.@:\/-]{2,1224}$/, "must be 2–1224 characters of [A-Za-z0-9+=,.@:/_-]")
    .optional(),
  /** Fixed account list for hubs without Organizations access: "111122223333,444455556666". */
  POSTURE_ACCOUNTS: list(accountId)
    .transform((ids) => [...new Set(ids)])
    .optional(),
  /** Per-account role ARNs: "111122223333=arn:aws:iam::111122223333:role/Audit,…". */
  POSTURE_ROLE_OVERRIDES: list(z.string().regex(/^\d{12}=.+$/, "must be accountId=roleArn"))
    .transform((pairs) =>
      Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)])),
    )
    .pipe(z.record(accountId, roleArn))
    .optional(),
  /** Narrow collection to these regions (intersected with each account's enabled regions). */
  POSTURE_REGIONS: list(region).optional(),
  POSTURE_ENVIRONMENT_TAG: z.string().min(1).default("Environment"),
  POSTURE_ACCOUNT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  POSTURE_REGION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  POSTURE_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  POSTURE_UNIT_DEADLINE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(180_000),
  POSTURE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  /** The demo organization: "auto" loads it in embedded mode when no AWS credentials are configured. */
  POSTURE_DEMO: z.enum(["auto", "on", "off"]).default("auto"),
  /** The web server's cache of scope-wide reads (lib/db/read-cache.ts); "off" reads every time (bench:load compares). */
  POSTURE_READ_CACHE: z.enum(["on", "off"]).default("on"),
  /** JSON file of organization settings for checks (unused regions, log-archive bucket, …) for headless runs. */
  POSTURE_SETTINGS_FILE: z.string().trim().min(1).optional(),
  /** Cron expression for scheduled collection (UTC), or "off". */
  POSTURE_SCHEDULE: z
    .string()
    .trim()
    .refine((v) => v === "off" || isCron(v), 'must be a cron expression such as "0 */6 * * *", or "off"')
    .default("0 */6 * * *"),
  /** Cron (UTC) for the Cost Explorer collection from the management account, or "off"; daily by default. */
  POSTURE_COST_SCHEDULE: z
    .string()
    .trim()
    .refine((v) => v === "off" || isCron(v), 'must be a cron expression such as "0 6 * * *", or "off"')
    .default("0 6 * * *"),
  /** The Cost Explorer metric collected (UnblendedCost by default). */
  POSTURE_COST_METRIC: z.enum(["UnblendedCost", "AmortizedCost", "NetUnblendedCost"]).default("UnblendedCost"),
  /** Minutes between two looks of the canary job at CloudTrail (LookupEvents by canary key id). */
  POSTURE_CANARY_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  /** A run whose workers have not reported for this long is marked stuck. */
  POSTURE_STUCK_AFTER_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(30 * 60_000),
  /** A worker's claim on an account job that no heartbeat renewed for this long is released and retried. */
  POSTURE_CLAIM_TIMEOUT_MS: z.coerce.number().int().min(2_000).max(3_600_000).default(120_000),
  /** Fault tests only: a worker stops at this point of its collection (lib/collector/test-pause.ts). */
  POSTURE_TEST_PAUSE_AT: z.enum(["unit-start", "snapshot-ready", "snapshot-commit"]).optional(),
  /** Fault tests only: the paused worker goes on once this file exists; unset, it waits to be killed. */
  POSTURE_TEST_PAUSE_RELEASE: z.string().trim().min(1).optional(),

  // Sign-in (see docs/sso.md). The OpenID Connect providers themselves are AUTH_OIDC_<ID>_* below.
  /** Encrypts next-auth's cookies. Required with DATABASE_URL; embedded mode generates one in the data folder. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  /** The dashboard's public URL, e.g. https://posture.example.com; defaults to http://HOST:PORT. */
  AUTH_URL: z.url().optional(),
  /** Comma-separated ids of the enabled OpenID Connect providers, e.g. "okta,entra". */
  AUTH_OIDC_PROVIDERS: list(z.string().regex(/^[a-z][a-z0-9]{0,30}$/, "provider ids are lower-case letters and digits"))
    .refine((ids) => new Set(ids).size === ids.length, "names a provider twice")
    .default([]),
  /** The ID token / userinfo claim holding the user's groups (a provider may override it). */
  AUTH_GROUPS_CLAIM: z.string().min(1).default("groups"),
  /** IdP group → role rules: "posture-admins=admin,secops=triager,finance=viewer". The highest role wins. */
  AUTH_ROLE_GROUPS: list(z.string().regex(/^[^=]+=(admin|triager|viewer)$/, "must be group=admin|triager|viewer"))
    .transform((pairs) =>
      pairs.map((p) => ({
        group: p.slice(0, p.lastIndexOf("=")),
        role: p.slice(p.lastIndexOf("=") + 1) as "admin" | "triager" | "viewer",
      })),
    )
    .default([]),
  /** Users whose verified e-mail is listed become admins at sign-in: the first admin of an SSO installation. */
  ADMIN_EMAILS: list(z.string().regex(/^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/, "must be e-mail addresses"))
    .transform((emails) => emails.map((e) => e.toLowerCase()))
    .default([]),
  /** The local admin account (user "admin", one-time password printed at first start): "auto" = embedded mode only. */
  AUTH_LOCAL_ADMIN: z.enum(["auto", "on", "off"]).default("auto"),
  AUTH_IDLE_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  AUTH_ABSOLUTE_TIMEOUT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /**
   * Reverse proxies in front that append to X-Forwarded-For: the client address is that many entries
   * from the right of [...X-Forwarded-For, socket peer]. 0: no proxy, X-Forwarded-* are dropped.
   */
  AUTH_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** Failed sign-ins (and password-change checks) allowed per address, user name or user in 15 minutes. */
  AUTH_LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
});

function isCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment; unset and empty values are treated alike so `FOO=` means "default". */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (source[k] === undefined || source[k] === "" ? [] : [[k, source[k]]])),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const oidcPresets = ["generic", "okta", "entra", "google", "keycloak"] as const;
export type OidcPreset = (typeof oidcPresets)[number];

const oidcProviderSchema = z.object({
  ISSUER: z.url("must be the provider's issuer URL"),
  CLIENT_ID: z.string().min(1),
  CLIENT_SECRET: z.string().min(1),
  NAME: z.string().min(1).max(60).optional(),
  PRESET: z.enum(oidcPresets).default("generic"),
  GROUPS_CLAIM: z.string().min(1).optional(),
  /** Extra scopes to request beyond "openid email profile", space-separated. */
  SCOPES: z.string().optional(),
  /** Only these e-mail domains may sign in through this provider (Google Workspace: your domain). */
  ALLOWED_DOMAINS: list(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be domain names")).optional(),
});

export type OidcProviderEnv = z.infer<typeof oidcProviderSchema> & { id: string };

/** The enabled OpenID Connect providers, from AUTH_OIDC_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, … */
export function parseOidcProviders(
  source: Record<string, string | undefined>,
  ids: readonly string[],
): OidcProviderEnv[] {
  const problems: string[] = [];
  const providers = ids.flatMap((id) => {
    const prefix = `AUTH_OIDC_${id.toUpperCase()}_`;
    const present = Object.fromEntries(
      Object.keys(oidcProviderSchema.shape).flatMap((k) => (source[prefix + k] ? [[k, source[prefix + k]]] : [])),
    );
    const parsed = oidcProviderSchema.safeParse(present);
    if (parsed.success) return [{ ...parsed.data, id }];
    problems.push(...parsed.error.issues.map((i) => `  ${prefix}${i.path.join(".")}: ${i.message}`));
    return [];
  });
  if (problems.length > 0) throw new EnvError(`Invalid sign-in configuration:\n${problems.join("\n")}`);
  return providers;
}

export const env: Env = parseEnv(process.env);
export const oidcProviderEnv: OidcProviderEnv[] = parseOidcProviders(process.env, env.AUTH_OIDC_PROVIDERS);

/** next-auth reads its public URL from NEXTAUTH_URL; derive it from AUTH_URL or HOST:PORT once, here. */
export const publicUrl = env.AUTH_URL ?? process.env.NEXTAUTH_URL ?? `http://${env.HOST}:${env.PORT}`;
process.env.NEXTAUTH_URL ??= publicUrl;
