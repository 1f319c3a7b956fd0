import { z } from "zod";
import { isSafeText } from "@/lib/domain/text";
import { parseIpv4Cidr } from "./catalog/network/net";

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
// S3's rules for new bucket names: 3–63 lower-case letters, digits, dots and hyphens, alphanumeric at both ends.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const quoted = (input: unknown) => JSON.stringify(String(input));

/**
 * Organization settings the checks read. Admins edit them on the Settings page; headless runs can
 * give them in a file or the environment. Defaults keep every check meaningful without setup.
 */
export const checkSettingsSchema = z.object({
  /** Regions the organization does not use: any instance there is suspicious. */
  unusedRegions: z
    .array(z.string().regex(REGION, { error: (i) => `${quoted(i.input)} is not an AWS region name such as eu-west-1` }))
    .default([]),
  /** The central log-archive bucket every trail must deliver to, and the account that owns it. */
  logArchiveBucket: z
    .string()
    .regex(BUCKET, "must be an S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens")
    .optional(),
  logArchiveAccountId: z
    .string()
    .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
    .optional(),
  /** On-premises ranges that VPC CIDRs must not overlap. */
  onPremisesCidrs: z
    .array(
      z.string().refine((c) => parseIpv4Cidr(c) !== undefined, {
        error: (i) =>
          `${quoted(i.input)} is not an IPv4 CIDR block such as 10.0.0.0/8 (address bits past the prefix must be zero)`,
      }),
    )
    .default([]),
  /** More IAM users with administrator access than this fails iam_admin_user_count_high. */
  adminUserThreshold: z
    .number("must be a whole number")
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(10_000, "must be at most 10000")
    .default(2),
  /** Findings in prod accounts are raised this many severity levels (0 turns the rule off; never above critical). */
  prodSeverityRaise: z
    .number("must be 0, 1 or 2")
    .int("must be 0, 1 or 2")
    .min(0, "must be 0, 1 or 2")
    .max(2, "must be 0, 1 or 2")
    .default(1),
  /**
   * The environment rule: the account tag naming prod/staging/dev (else the OU name, else the account
   * name). Unset: POSTURE_ENVIRONMENT_TAG. Applied at the next discovery.
   */
  environmentTag: z
    .string()
    .trim()
    .min(1, "the tag key must not be empty")
    .max(128, "the tag key has at most 128 characters")
    .regex(/^[\p{L}\p{N} _.:/=+\-@]+$/u, "may hold letters, digits, spaces and _ . : / = + - @ (AWS tag key rules)")
    .optional(),
  /** Tag whose value marks an S3 bucket as holding sensitive data (s3_bucket_no_kms_for_sensitive). */
  sensitiveDataTag: z
    .object({
      key: z
        .string()
        .trim()
        .min(1, "the tag key must not be empty")
        .max(128, "the tag key has at most 128 characters")
        .refine((v) => isSafeText(v), "must be text without control characters"),
      values: z
        .array(
          z
            .string()
            .trim()
            .min(1)
            .max(256)
            .refine((v) => isSafeText(v), "must be text without control characters"),
        )
        .min(1, "list at least one tag value"),
    })
    .default({ key: "DataClassification", values: ["confidential", "restricted", "sensitive", "pii"] }),
});

export type CheckSettings = z.infer<typeof checkSettingsSchema>;

export const defaultCheckSettings: CheckSettings = checkSettingsSchema.parse({});

export const CHECK_SETTINGS_KEY = "checks";

const settingKeys = Object.keys(checkSettingsSchema.shape) as (keyof CheckSettings)[];

/**
 * The settings in force: the admin-edited value (stored) over the headless base (a settings file)
 * over the defaults. A stored value that no longer validates is ignored rather than half applied.
 * A stored null clears an optional setting that the file sets.
 */
export function resolveCheckSettings(stored: unknown, base: CheckSettings = defaultCheckSettings): CheckSettings {
  if (stored === undefined || stored === null || typeof stored !== "object") return base;
  const merged: Record<string, unknown> = { ...base, ...stored };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  const parsed = checkSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : base;
}

/** What an admin's edit stores: every setting, with null for the optional ones left empty (so they override the file). */
export function toStoredCheckSettings(settings: CheckSettings): Record<keyof CheckSettings, unknown> {
  return Object.fromEntries(settingKeys.map((k) => [k, settings[k] ?? null])) as Record<keyof CheckSettings, unknown>;
}

export type CheckSettingsChange = { from: unknown; to: unknown };

/** The settings whose value differs, with both values (for the audit log: none of them is a secret). */
export function diffCheckSettings(
  before: CheckSettings,
  after: CheckSettings,
): Partial<Record<keyof CheckSettings, CheckSettingsChange>> {
  return Object.fromEntries(
    settingKeys
      .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .map((k) => [k, { from: before[k] ?? null, to: after[k] ?? null }]),
  );
}

/** Parses a settings file (JSON) for headless runs; the error names every invalid field. */
export function parseCheckSettingsFile(text: string, source: string): CheckSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = checkSettingsSchema.strict().safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${source}: invalid settings:\n${parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`,
    );
  }
  return parsed.data;
}
