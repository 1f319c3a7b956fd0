import { paginateDescribeDBInstances, paginateDescribeDBParameters, type RDSClient } from "@aws-sdk/client-rds";
import type { RdsInstance, RdsParameterGroups, RdsTlsParameter } from "./types";
import { RDS_TLS_PARAMETERS } from "./types";

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
        autoMinorVersionUpgrade: db.AutoMinorVersionUpgrade === true,
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
