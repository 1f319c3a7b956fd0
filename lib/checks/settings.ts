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
  onPremisesCidrs: z.array(z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "must be an IPv4 CIDR such as 10.0.0.0/8")).default([]),
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

/**
 * The settings in force: the admin-edited value (stored) over the headless base (a settings file)
 * over the defaults. A stored value that no longer validates is ignored rather than half applied.
 */
export function resolveCheckSettings(stored: unknown, base: CheckSettings = defaultCheckSettings): CheckSettings {
  if (stored === undefined || stored === null) return base;
  const parsed = checkSettingsSchema.safeParse({ ...base, ...(stored as object) });
  return parsed.success ? parsed.data : base;
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
    throw new Error(`${source}: invalid settings:\n${parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`);
  }
  return parsed.data;
}
