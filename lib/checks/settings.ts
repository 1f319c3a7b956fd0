import { z } from "zod";

/**
 * Organization settings the checks read. Admins edit them on the Settings page; headless runs can
 * give them in a file or the environment. Defaults keep every check meaningful without setup.
 */
export const checkSettingsSchema = z.object({
  /** Regions the organization does not use: any instance there is suspicious. */
  unusedRegions: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)).default([]),
  /** The central log-archive bucket every trail must deliver to, and the account that owns it. */
  logArchiveBucket: z.string().min(3).max(63).optional(),
  logArchiveAccountId: z.string().regex(/^\d{12}$/).optional(),
  /** On-premises ranges that VPC CIDRs must not overlap. */
  onPremisesCidrs: z.array(z.string()).default([]),
  /** More IAM users with administrator access than this fails iam_admin_user_count_high. */
  adminUserThreshold: z.number().int().min(0).default(2),
  /** Tag whose value marks an S3 bucket as holding sensitive data (s3_bucket_no_kms_for_sensitive). */
  /** Findings in prod accounts are raised this many severity levels (0 turns the rule off; never above critical). */
  prodSeverityRaise: z.number().int().min(0).max(2).default(1),
  sensitiveDataTag: z.object({ key: z.string().min(1), values: z.array(z.string()).min(1) }).default({ key: "DataClassification", values: ["confidential", "restricted", "sensitive", "pii"] }),
});

export type CheckSettings = z.infer<typeof checkSettingsSchema>;

export const defaultCheckSettings: CheckSettings = checkSettingsSchema.parse({});

export const CHECK_SETTINGS_KEY = "checks";

/** Stored settings over the defaults; a stored value that no longer validates falls back to the defaults. */
export function resolveCheckSettings(stored: unknown): CheckSettings {
  const parsed = checkSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : defaultCheckSettings;
}
