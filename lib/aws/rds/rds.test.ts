import {
  DBParameterGroupNotFoundFault,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { getRdsParameterGroups, listRdsInstances } from "./rds";

const rdsMock = mockClient(RDSClient);
afterEach(() => rdsMock.reset());
const client = () => new RDSClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const denied = () =>
  Object.assign(new Error("User is not authorized to perform rds:Describe*"), {
    name: "AccessDenied",
    $metadata: { httpStatusCode: 403 },
  });

describe("listRdsInstances", () => {
  it("maps every page of DescribeDBInstances to plain instances", async () => {
    rdsMock
      .on(DescribeDBInstancesCommand, { Marker: undefined })
      .resolves({
        DBInstances: [
          {
            DBInstanceArn: "arn:aws:rds:us-east-1:111122223333:db:pg",
            DBInstanceIdentifier: "pg",
            Engine: "postgres",
            EngineVersion: "14.10",
            PubliclyAccessible: true,
            StorageEncrypted: false,
            BackupRetentionPeriod: 0,
            DeletionProtection: false,
            AutoMinorVersionUpgrade: true,
            DBParameterGroups: [{ DBParameterGroupName: "default.postgres14", ParameterApplyStatus: "in-sync" }],
          },
        ],
        Marker: "page-2",
      })
      .on(DescribeDBInstancesCommand, { Marker: "page-2" })
      .resolves({
        DBInstances: [
          {
            DBInstanceArn: "arn:aws:rds:us-east-1:111122223333:db:aurora-1",
            DBInstanceIdentifier: "aurora-1",
            Engine: "aurora-mysql",
            StorageEncrypted: true,
            BackupRetentionPeriod: 7,
            DBClusterIdentifier: "aurora",
            ReadReplicaSourceDBInstanceIdentifier: "primary",
          },
        ],
      });

    const out = await listRdsInstances(client());
    expect(out).toEqual([
      {
        arn: "arn:aws:rds:us-east-1:111122223333:db:pg",
        identifier: "pg",
        engine: "postgres",
        engineVersion: "14.10",
        publiclyAccessible: true,
        storageEncrypted: false,
        backupRetentionPeriod: 0,
        deletionProtection: false,
        autoMinorVersionUpgrade: true,
        parameterGroup: "default.postgres14",
        clusterIdentifier: undefined,
        replicaSource: undefined,
      },
      {
        arn: "arn:aws:rds:us-east-1:111122223333:db:aurora-1",
        identifier: "aurora-1",
        engine: "aurora-mysql",
        engineVersion: undefined,
        publiclyAccessible: false,
        storageEncrypted: true,
        backupRetentionPeriod: 7,
        deletionProtection: false,
        autoMinorVersionUpgrade: false,
        parameterGroup: undefined,
        clusterIdentifier: "aurora",
        replicaSource: "primary",
      },
    ]);
    expect(rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(2);
  });

  it("lets AccessDenied through for the unit to record", async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(denied());
    await expect(listRdsInstances(client())).rejects.toMatchObject({ name: "AccessDenied" });
  });
});

describe("getRdsParameterGroups", () => {
  it("reads each distinct group once, across pages, keeping only the TLS parameters", async () => {
    rdsMock
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "pg-custom", Marker: undefined })
      .resolves({ Parameters: [{ ParameterName: "max_connections", ParameterValue: "100" }], Marker: "p2" })
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "pg-custom", Marker: "p2" })
      .resolves({ Parameters: [{ ParameterName: "rds.force_ssl", ParameterValue: "1", Source: "user" }] })
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "mysql-default" })
      .resolves({ Parameters: [{ ParameterName: "require_secure_transport", Source: "engine-default" }] })
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "default.postgres14" })
      .resolves({ Parameters: [] });

    const out = await getRdsParameterGroups(client(), [
      "pg-custom",
      "mysql-default",
      "pg-custom",
      "default.postgres14",
    ]);
    expect(out).toEqual({
      "pg-custom": { "rds.force_ssl": "1" },
      "mysql-default": { require_secure_transport: null },
      "default.postgres14": {},
    });
    const calls = rdsMock.commandCalls(DescribeDBParametersCommand).map((c) => c.args[0].input);
    expect(calls.filter((i) => i.DBParameterGroupName === "pg-custom")).toHaveLength(2);
    // No Source filter: unmodified parameters (engine-default/system) count too.
    expect(calls.every((i) => i.Source === undefined)).toBe(true);
  });

  it("leaves out a group deleted since the listing, but lets AccessDenied through", async () => {
    rdsMock
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "gone" })
      .rejects(new DBParameterGroupNotFoundFault({ message: "DBParameterGroup not found: gone", $metadata: {} }))
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "ok" })
      .resolves({ Parameters: [{ ParameterName: "rds.force_ssl", ParameterValue: "0" }] });
    await expect(getRdsParameterGroups(client(), ["gone", "ok"])).resolves.toEqual({ ok: { "rds.force_ssl": "0" } });

    rdsMock.reset();
    rdsMock.on(DescribeDBParametersCommand).rejects(denied());
    await expect(getRdsParameterGroups(client(), ["ok"])).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
