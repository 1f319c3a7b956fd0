import { z } from "zod";
import { GUARDDUTY_FEATURES } from "@/lib/domain/guardduty";
import { isSafeText } from "@/lib/domain/text";
import type { UnitErrorCode } from "@/lib/domain/vocabulary";
import { parseIpv4Cidr } from "./ec2/net";

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
  /** Compare default VPCs (all 172.31.0.0/16, rarely connected) in vpc_cidr_overlap_across_accounts. */
  overlapIncludesDefaultVpcs: z.boolean("must be true or false").default(false),
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
        .refine((v) => isSafeText(v), "the tag key must not contain control characters"),
      values: z
        .array(
          z
            .string()
            .trim()
            .min(1)
            .max(256)
            .refine((v) => isSafeText(v), "a tag value must not contain control characters"),
        )
        .min(1, "list at least one tag value"),
    })
    .default({ key: "DataClassification", values: ["confidential", "restricted", "sensitive", "pii"] }),
  /** GuardDuty protection plans every enabled detector must have on (guardduty_required_feature_disabled). */
  guardDutyRequiredFeatures: z
    .array(z.enum(GUARDDUTY_FEATURES, { error: (i) => `${quoted(i.input)} is not a GuardDuty protection plan` }))
    .max(GUARDDUTY_FEATURES.length)
    .refine((a) => new Set(a).size === a.length, "list each protection plan once")
    .default(["S3_DATA_EVENTS", "RUNTIME_MONITORING", "EBS_MALWARE_PROTECTION"]),
});

export type CheckSettings = z.infer<typeof checkSettingsSchema>;

export const defaultCheckSettings: CheckSettings = checkSettingsSchema.parse({});

const settingKeys = Object.keys(checkSettingsSchema.shape) as (keyof CheckSettings)[];

/** A settings file as read: its text, or why it could not be read. */
export type SettingsFile = { path: string; text: string } | { path: string; readError: string };

export type CheckSettingsSource = "saved" | "file" | "defaults";

/**
 * Which check settings are in force. An error means none are: collections refuse to start with
 * its message (`code`), and the Settings page shows it.
 */
export type CheckSettingsResolution =
  | {
      ok: true;
      settings: CheckSettings;
      source: CheckSettingsSource;
      /** What a reset of the saved settings goes back to: the file's settings, or the defaults. */
      base: CheckSettings;
      saved: boolean;
      filePath: string | null;
    }
  | {
      ok: false;
      code: Extract<UnitErrorCode, "SettingsInvalid">;
      message: string;
      saved: boolean;
      filePath: string | null;
      /** Not in force: what an editor starts from (the saved settings over the defaults if they validate). */
      draft: CheckSettings;
    };

const issues = (error: z.ZodError) =>
  error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");

function parseFile(file: SettingsFile): { ok: true; settings: CheckSettings } | { ok: false; message: string } {
  const fail = (why: string) => ({
    ok: false as const,
    message: `The settings file ${file.path} (POSTURE_SETTINGS_FILE) cannot be used: ${why}`,
  });
  if ("readError" in file) return fail(`it could not be read (${file.readError}).`);
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (err) {
    return fail(`it is not valid JSON (${(err as Error).message}).`);
  }
  const parsed = checkSettingsSchema.strict().safeParse(json);
  return parsed.success ? { ok: true, settings: parsed.data } : fail(`invalid settings:\n${issues(parsed.error)}`);
}

/** The saved value over `base`; a null clears an optional setting that `base` sets. */
function overlay(stored: object, base: CheckSettings) {
  const merged: Record<string, unknown> = { ...base, ...stored };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  return checkSettingsSchema.safeParse(merged);
}

/**
 * The one rule for the check settings in force: what an admin saved (the `checks` settings row),
 * over the settings file, over the defaults. A settings file that cannot be read or does not
 * validate, or saved settings that no longer validate, leave no settings in force: an error.
 */
export function resolveCheckSettings(input: { stored: unknown; file?: SettingsFile }): CheckSettingsResolution {
  const { stored, file } = input;
  const saved = stored !== undefined && stored !== null;
  const filePath = file?.path ?? null;
  const fromFile = file ? parseFile(file) : undefined;
  const base = fromFile?.ok ? fromFile.settings : defaultCheckSettings;
  const errors: string[] = [];
  if (fromFile && !fromFile.ok) errors.push(fromFile.message);

  let settings = base;
  if (saved) {
    const merged = typeof stored === "object" && !Array.isArray(stored) ? overlay(stored, base) : undefined;
    if (merged?.success) settings = merged.data;
    else
      errors.push(
        `The check settings saved in this installation are not valid${merged ? `:\n${issues(merged.error)}` : "."}` +
          "\nSave them again, or reset them, on the Settings page.",
      );
  }
  if (errors.length === 0)
    return { ok: true, settings, source: saved ? "saved" : file ? "file" : "defaults", base, saved, filePath };
  const draft =
    saved && typeof stored === "object" && !Array.isArray(stored) ? overlay(stored, defaultCheckSettings) : undefined;
  return {
    ok: false,
    code: "SettingsInvalid",
    message: `${errors.join("\n")}\nCollections refuse to start until this is fixed.`,
    saved,
    filePath,
    draft: draft?.success ? draft.data : defaultCheckSettings,
  };
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
