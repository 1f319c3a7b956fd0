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
  };
}
