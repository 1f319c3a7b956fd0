import { DescribeVpcsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountClients } from "../factory";
import { ec2Readers } from "./readers";

const ec2Mock = mockClient(EC2Client);
afterEach(() => ec2Mock.reset());

describe("EC2 readers", () => {
  it("are regional", () => {
    expect(ec2Readers.every((r) => r.scope === "regional")).toBe(true);
  });

  it("read with the unit region's EC2 client", async () => {
    const asked: string[] = [];
    const clients = {
      ec2: (region: string) => {
        asked.push(region);
        return new EC2Client({ region, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
      },
    } as unknown as AccountClients;
    ec2Mock.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: "vpc-1", CidrBlock: "10.0.0.0/16" }] });
    const ctx = {
      clients,
      accountId: "111122223333",
      region: "eu-west-3",
      homeRegion: "us-east-1",
      signal: new AbortController().signal,
    };
    const read = (key: string) => ec2Readers.find((r) => r.key === key)!.collect(ctx);
    expect(await read("ebsEncryptionByDefault")).toEqual({ enabled: true });
    expect(await read("vpcs")).toEqual([
      { vpcId: "vpc-1", ownerId: undefined, isDefault: false, cidrBlocks: ["10.0.0.0/16"], name: undefined },
    ]);
    expect(asked).toEqual(["eu-west-3", "eu-west-3"]);
  });
});
