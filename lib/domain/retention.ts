import { z } from "zod";

// How long each kind of history is kept. The settings row is validated here; the purge job, its
// preview on the Settings page and the route share these rules. Daily rollups are not a kind: never purged.

export const RETENTION_SETTINGS_KEY = "retention";
/** The purge's run record: what the last (or current) purge deleted, updated with each batch. */
export const RETENTION_LAST_PURGE_KEY = "retention-last-purge";

export const retentionKinds = ["runs", "resolvedFindings", "guardduty", "activity", "audit"] as const;
export type RetentionKind = (typeof retentionKinds)[number];

export type RetentionKindInfo = {
  label: string;
  /** What the purge deletes, in words. */
  covers: string;
  /** What is never deleted, whatever the setting. */
  keeps: string;
  defaultDays: number;
  minDays: number;
};

export const MAX_RETENTION_DAYS = 3650;

export const retentionKindInfo: Record<RetentionKind, RetentionKindInfo> = {
  runs: {
    label: "Collection runs",
    covers: "finished posture and cost runs, their units (errors, timings) and any inventory kept with them",
    keeps: "each account's latest run and any run a finding still names as its last",
    defaultDays: 180,
    minDays: 30,
  },
  resolvedFindings: {
    label: "Long-resolved findings",
    covers: "findings resolved longer ago than this, with their history (events, comments)",
    keeps: "every open, acknowledged or suppressed finding, and findings that reopened since",
    defaultDays: 365,
    minDays: 90,
  },
  guardduty: {
    label: "GuardDuty findings",
    covers: "GuardDuty findings and attack sequences GuardDuty last updated before this, and their security events",
    keeps: "findings GuardDuty updated within the period",
    defaultDays: 365,
    minDays: 90,
  },
  activity: {
    label: "CloudTrail and canary events",
    covers:
      "stored CloudTrail events, canary key events, on-demand lookups and security events of detections no longer open",
    keeps: "security events of open detections (tripped canaries, risky activity, possible hijacks)",
    defaultDays: 365,
    minDays: 90,
  },
  audit: {
    label: "Audit log",
    covers: "audit entries older than this",
    keeps: "at least a year of entries: the audit log cannot be kept for less than 365 days",
    defaultDays: 730,
    minDays: 365,
  },
};

const kindDays = (kind: RetentionKind) => {
  const { minDays } = retentionKindInfo[kind];
  return z
    .int({ error: "must be a whole number of days" })
    .min(minDays, { error: `must be at least ${minDays} days` })
    .max(MAX_RETENTION_DAYS, { error: `must be at most ${MAX_RETENTION_DAYS} days` })
    .nullable();
};

/** Days to keep each kind; null keeps it forever. */
export const retentionSettingsSchema = z.strictObject(
  Object.fromEntries(retentionKinds.map((k) => [k, kindDays(k)])) as Record<RetentionKind, ReturnType<typeof kindDays>>,
);
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const defaultRetentionSettings: RetentionSettings = Object.fromEntries(
  retentionKinds.map((k) => [k, retentionKindInfo[k].defaultDays]),
) as RetentionSettings;

/** The stored settings, or the defaults when none were saved or they no longer validate. */
export function resolveRetentionSettings(stored: unknown): RetentionSettings {
  if (stored === undefined || stored === null) return defaultRetentionSettings;
  const parsed = retentionSettingsSchema.safeParse({ ...defaultRetentionSettings, ...(stored as object) });
  return parsed.success ? parsed.data : defaultRetentionSettings;
}

const DAY = 86_400_000;

/** Rows of `kind` older than this instant go; null when the kind is kept forever. */
export function retentionCutoff(settings: RetentionSettings, kind: RetentionKind, now: Date): Date | null {
  const days = settings[kind];
  return days === null ? null : new Date(now.getTime() - days * DAY);
}

/** Daily at 03:40 UTC, away from the hour marks other schedules use. */
export const RETENTION_CRON = "40 3 * * *";

export const purgeTriggers = ["schedule", "manual"] as const;

/** The run record of a purge (the `retention-last-purge` setting). */
export const purgeRecordSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  trigger: z.enum(purgeTriggers),
  requestedBy: z.string().nullable(),
  /** Rows deleted so far, per table. */
  deleted: z.record(z.string(), z.number().int()),
  batches: z.number().int(),
  error: z.string().nullable(),
});
export type PurgeRecord = z.infer<typeof purgeRecordSchema>;
