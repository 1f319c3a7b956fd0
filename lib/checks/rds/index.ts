import type { Check, OrgCheck } from "../types";
import rdsNoBackups from "./rds-no-backups";
import rdsNoDeletionProtection from "./rds-no-deletion-protection";
import rdsPubliclyAccessible from "./rds-publicly-accessible";
import rdsTlsNotForced from "./rds-tls-not-forced";
import rdsUnencrypted from "./rds-unencrypted";
import rdsMinorUpgradeOff from "./rds-minor-upgrade-off";

/** The RDS checks: one file each, its tests beside it. */
export const rdsChecks: readonly (Check | OrgCheck)[] = [
  rdsPubliclyAccessible,
  rdsUnencrypted,
  rdsNoBackups,
  rdsTlsNotForced,
  rdsNoDeletionProtection,
  rdsMinorUpgradeOff,
];
