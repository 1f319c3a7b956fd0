import { DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountClients } from "../factory";
import type { CollectContext } from "../inventory";
import { rdsReaders } from "./readers";

const rdsMock = mockClient(RDSClient);
afterEach(() => rdsMock.reset());

function context(signal: AbortSignal): CollectContext & { built: string[] } {
  const built: string[] = [];
  const clients = {
    client: (Ctor: new (cfg: object) => unknown, region: string) => {
      built.push(`${Ctor.name}@${region}`);
      return new Ctor({ region, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    },
  } as unknown as AccountClients;
  return { clients, accountId: "111122223333", region: "eu-west-1", homeRegion: "us-east-1", signal, built };
}

const reader = (key: string) => rdsReaders.find((r) => r.key === key)!;

describe("RDS readers", () => {
  it("lists RDS instances once per unit and reads the parameter groups they use, in the unit's region", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceArn: "arn:aws:rds:eu-west-1:111122223333:db:a",
          DBInstanceIdentifier: "a",
          Engine: "postgres",
          DBParameterGroups: [{ DBParameterGroupName: "pg-tls" }],
        },
        {
          DBInstanceArn: "arn:aws:rds:eu-west-1:111122223333:db:b",
          DBInstanceIdentifier: "b",
          Engine: "postgres",
          DBParameterGroups: [{ DBParameterGroupName: "pg-tls" }],
        },
      ],
    });
    rdsMock
      .on(DescribeDBParametersCommand, { DBParameterGroupName: "pg-tls" })
      .resolves({ Parameters: [{ ParameterName: "rds.force_ssl", ParameterValue: "1" }] });

    const ctx = context(new AbortController().signal);
    const [instances, groups] = await Promise.all([
      reader("rdsInstances").collect(ctx),
      reader("rdsParameterGroups").collect(ctx),
    ]);
    expect(instances).toHaveLength(2);
    expect(groups).toEqual({ "pg-tls": { "rds.force_ssl": "1" } });
    expect(rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(1);
    expect(rdsMock.commandCalls(DescribeDBParametersCommand)).toHaveLength(1);
    expect(new Set(ctx.built)).toEqual(new Set(["RDSClient@eu-west-1"]));

    // A later unit (its own signal) lists again rather than reusing an old answer.
    await reader("rdsInstances").collect(context(new AbortController().signal));
    expect(rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(2);
  });

  it("fails both RDS readers when the listing is denied", async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    const ctx = context(new AbortController().signal);
    await expect(reader("rdsInstances").collect(ctx)).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(reader("rdsParameterGroups").collect(ctx)).rejects.toMatchObject({ name: "AccessDenied" });
  });
});
