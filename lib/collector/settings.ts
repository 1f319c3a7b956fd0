import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { Env } from "@/lib/env";

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
  schedule: string;
  /** Whether a hub identity is configured; with none, nothing calls AWS (not even instance metadata). */
  hubCredentials: "configured" | "instance-role" | "none";
  /** An AWS-compatible endpoint serving S3 Control, if one is configured. */
  s3ControlEndpoint?: string;
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
    schedule: env.POSTURE_SCHEDULE,
    s3ControlEndpoint: env.AWS_ENDPOINT_URL_S3_CONTROL ?? env.AWS_ENDPOINT_URL,
    hubCredentials: hubCredentialSource(env),
  };
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
