import { paginateDescribeDBInstances, paginateDescribeDBParameters, type RDSClient } from "@aws-sdk/client-rds";

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

declare module "@/lib/aws/types" {
  interface RegionalInventory {
    rdsInstances?: RdsInstance[];
    rdsParameterGroups?: RdsParameterGroups;
  }
}

export async function listRdsInstances(rds: RDSClient, signal?: AbortSignal): Promise<RdsInstance[]> {
  const out: RdsInstance[] = [];
  for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 100 }, {}, { abortSignal: signal })) {
    for (const db of page.DBInstances ?? []) {
      if (!db.DBInstanceArn || !db.DBInstanceIdentifier) continue;
      out.push({
        arn: db.DBInstanceArn,
        identifier: db.DBInstanceIdentifier,
        engine: db.Engine ?? "unknown",
        engineVersion: db.EngineVersion,
        publiclyAccessible: db.PubliclyAccessible === true,
        storageEncrypted: db.StorageEncrypted === true,
        backupRetentionPeriod: db.BackupRetentionPeriod ?? 0,
        deletionProtection: db.DeletionProtection === true,
        parameterGroup: db.DBParameterGroups?.[0]?.DBParameterGroupName,
        clusterIdentifier: db.DBClusterIdentifier,
        replicaSource: db.ReadReplicaSourceDBInstanceIdentifier ?? db.ReadReplicaSourceDBClusterIdentifier,
      });
    }
  }
  return out;
}

/** The TLS parameters of each named group, read once per group. A group deleted meanwhile is left out. */
export async function getRdsParameterGroups(
  rds: RDSClient,
  groupNames: readonly string[],
  signal?: AbortSignal,
): Promise<RdsParameterGroups> {
  const out: RdsParameterGroups = {};
  // Sequential: few distinct groups per region, and each has several pages of parameters.
  for (const name of new Set(groupNames)) {
    try {
      const found: Partial<Record<RdsTlsParameter, string | null>> = {};
      // No Source filter: an unmodified parameter has source engine-default/system and still counts.
      for await (const page of paginateDescribeDBParameters(
        { client: rds, pageSize: 100 },
        { DBParameterGroupName: name },
        { abortSignal: signal },
      )) {
        for (const p of page.Parameters ?? []) {
          if (p.ParameterName && (RDS_TLS_PARAMETERS as readonly string[]).includes(p.ParameterName)) {
            found[p.ParameterName as RdsTlsParameter] = p.ParameterValue ?? null;
          }
        }
      }
      out[name] = found;
    } catch (err) {
      if (
        (err as { name?: string }).name === "DBParameterGroupNotFoundFault" ||
        (err as { name?: string }).name === "DBParameterGroupNotFound"
      )
        continue;
      throw err;
    }
  }
  return out;
}
