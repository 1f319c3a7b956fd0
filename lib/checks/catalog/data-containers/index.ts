import type { Check, OrgCheck } from "../../types";
import albInvalidHeadersNotDropped from "./alb-invalid-headers-not-dropped";
import ecrScanOnPushOff from "./ecr-scan-on-push-off";
import ecsTaskRoleEqualsExecutionRole from "./ecs-task-role-equals-execution-role";
import ecsTaskdefSecretsInEnv from "./ecs-taskdef-secrets-in-env";
import rdsNoBackups from "./rds-no-backups";
import rdsNoDeletionProtection from "./rds-no-deletion-protection";
import rdsPubliclyAccessible from "./rds-publicly-accessible";
import rdsTlsNotForced from "./rds-tls-not-forced";
import rdsUnencrypted from "./rds-unencrypted";

/** The data-containers checks: one file each, its tests beside it. */
export const dataContainerChecks: readonly (Check | OrgCheck)[] = [
  rdsPubliclyAccessible,
  rdsUnencrypted,
  rdsNoBackups,
  rdsTlsNotForced,
  rdsNoDeletionProtection,
  ecsTaskdefSecretsInEnv,
  ecsTaskRoleEqualsExecutionRole,
  ecrScanOnPushOff,
  albInvalidHeadersNotDropped,
];
