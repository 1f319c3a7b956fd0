import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { CheckSettings } from "@/lib/checks/settings";
import type { Db } from "@/lib/db/types";
import type { Env } from "@/lib/env";
import { loadCheckSettings } from "@/lib/settings/check-settings";

export type CollectorSettings = {
  homeRegion: string;
  roleName: string;
  managementRoleName?: string;
  externalId?: string;
  accounts?: string[];
  roleOverrides: Record<string, string>;
  regions?: string[];
  environmentTag: string;
  accountConcurrency: number;
  regionConcurrency: number;
  callTimeoutMs: number;
  unitDeadlineMs: number;
  maxAttempts: number;
  stuckAfterMs: number;
  /** How long a worker's claim on an account job lives without a heartbeat (POSTURE_CLAIM_TIMEOUT_MS). */
  claimTimeoutMs: number;
  schedule: string;
  /** The Cost Explorer collection's own cron (UTC), or "off"; independent of the posture schedule. */
  costSchedule: string;
  costMetric: "UnblendedCost" | "AmortizedCost" | "NetUnblendedCost";
  /** Minutes between two looks of the canary job. */
  canaryIntervalMinutes: number;
  /** Whether a hub identity is configured; with none, nothing calls AWS (not even instance metadata). */
  hubCredentials: "configured" | "instance-role" | "none";
  /** An AWS-compatible endpoint serving S3 Control, if one is configured. */
  s3ControlEndpoint?: string;
  /** POSTURE_SETTINGS_FILE: check settings for headless runs, read when a collection needs them. */
  settingsFile?: string;
};

export function collectorSettings(env: Env): CollectorSettings {
  return {
    homeRegion: env.AWS_REGION,
    roleName: env.POSTURE_ROLE_NAME,
    managementRoleName: env.POSTURE_MANAGEMENT_ROLE_NAME,
    externalId: env.POSTURE_EXTERNAL_ID,
    accounts: env.POSTURE_ACCOUNTS,
    roleOverrides: env.POSTURE_ROLE_OVERRIDES ?? {},
    regions: env.POSTURE_REGIONS,
    environmentTag: env.POSTURE_ENVIRONMENT_TAG,
    accountConcurrency: env.POSTURE_ACCOUNT_CONCURRENCY,
    regionConcurrency: env.POSTURE_REGION_CONCURRENCY,
    callTimeoutMs: env.POSTURE_CALL_TIMEOUT_MS,
    unitDeadlineMs: env.POSTURE_UNIT_DEADLINE_MS,
    maxAttempts: env.POSTURE_MAX_ATTEMPTS,
    stuckAfterMs: env.POSTURE_STUCK_AFTER_MS,
    claimTimeoutMs: env.POSTURE_CLAIM_TIMEOUT_MS,
    schedule: env.POSTURE_SCHEDULE,
    costSchedule: env.POSTURE_COST_SCHEDULE,
    costMetric: env.POSTURE_COST_METRIC,
    canaryIntervalMinutes: env.POSTURE_CANARY_INTERVAL_MINUTES,
    s3ControlEndpoint: env.AWS_ENDPOINT_URL_S3_CONTROL ?? env.AWS_ENDPOINT_URL,
    hubCredentials: hubCredentialSource(env),
    settingsFile: env.POSTURE_SETTINGS_FILE,
  };
}

/** No check settings are in force (lib/checks/settings.ts says why): a collection refuses to start. */
export class SettingsInvalidError extends Error {
  override name = "SettingsInvalidError";
  readonly code = "SettingsInvalid" as const;
}

/** The check settings a collection runs with; throws SettingsInvalidError when there are none. */
export async function requireCheckSettings(
  db: Db,
  settings: Pick<CollectorSettings, "settingsFile">,
): Promise<CheckSettings> {
  const resolved = await loadCheckSettings(db, { file: settings.settingsFile });
  if (!resolved.ok) throw new SettingsInvalidError(resolved.message);
  return resolved.settings;
}

/** Environment variables, or a shared config/credentials file, that the SDK's default chain would use. */
export function hubCredentialSource(env: Env, home = homedir()): CollectorSettings["hubCredentials"] {
  const fromEnv =
    env.AWS_PROFILE ||
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const fromFiles = existsSync(path.join(home, ".aws", "credentials")) || existsSync(path.join(home, ".aws", "config"));
  if (fromEnv || fromFiles) return "configured";
  return env.POSTURE_USE_INSTANCE_ROLE ? "instance-role" : "none";
}
