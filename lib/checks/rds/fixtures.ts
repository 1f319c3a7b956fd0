// Inventory builders for the RDS checks' tests: a compliant resource unless overridden.
import type { RdsInstance } from "@/lib/aws/rds/types";
import { ACCOUNT } from "../fixtures";

export const REGION = "eu-west-1";

export function db(id: string, p: Partial<RdsInstance> = {}): RdsInstance {
  return {
    arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:${id}`,
    identifier: id,
    engine: "postgres",
    engineVersion: "16.3",
    publiclyAccessible: false,
    storageEncrypted: true,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    autoMinorVersionUpgrade: true,
    parameterGroup: `${id}-params`,
    ...p,
  };
}
