// What the rds readers return: plain types, no SDK types.

export type RdsInstance = {
  arn: string;
  identifier: string;
  /** e.g. "postgres", "mysql", "aurora-postgresql", "sqlserver-se". */
  engine: string;
  engineVersion?: string;
  publiclyAccessible: boolean;
  storageEncrypted: boolean;
  backupRetentionPeriod: number;
  deletionProtection: boolean;
  autoMinorVersionUpgrade: boolean;
  /** The DB parameter group the instance uses. */
  parameterGroup?: string;
  /** Set for Aurora (and Multi-AZ cluster) members: backups and deletion protection live on the cluster. */
  clusterIdentifier?: string;
  /** Set for read replicas. */
  replicaSource?: string;
};

/** Parameters that decide whether an instance forces TLS. */
export const RDS_TLS_PARAMETERS = ["rds.force_ssl", "require_secure_transport"] as const;

export type RdsTlsParameter = (typeof RDS_TLS_PARAMETERS)[number];

/**
 * Parameter group name → the TLS parameters it lists: a string value, null when the group lists the
 * parameter without a value (left at the engine default), absent when it does not list it at all.
 */
export type RdsParameterGroups = Record<string, Partial<Record<RdsTlsParameter, string | null>>>;
