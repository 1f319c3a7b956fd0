import { describe, expect, it } from "vitest";
import ebs from "./ebs-default-encryption-off";
import flowLogs from "./vpc-flow-logs-disabled";
import defaultVpc from "./default-vpc-in-use";
import { vpc } from "./fixtures";
import { ACCOUNT, ctx } from "../fixtures";
import { evaluateUnit } from "../evaluate";
import type { DefaultVpcUsage, FlowLog, Vpc } from "@/lib/aws/ec2/types";

const REGION = "eu-central-1";
const vpcArn = (id: string) => `arn:aws:ec2:${REGION}:111122223333:vpc/${id}`;

describe("ebs_default_encryption_off", () => {
  it("fails when encryption by default is off", () => {
    expect(ebs.evaluate(ctx({ ebsEncryptionByDefault: { enabled: false } }, REGION))).toEqual([
      {
        resourceId: `${ACCOUNT}/${REGION}/ebs-encryption-by-default`,
        resourceType: "AWS::::Account",
        status: "fail",
        evidence: { ebsEncryptionByDefault: false },
      },
    ]);
  });
  it("passes when it is on", () => {
    expect(ebs.evaluate(ctx({ ebsEncryptionByDefault: { enabled: true } }, REGION))[0]?.status).toBe("pass");
  });
  it("yields no result at all when the setting could not be read", () => {
    expect(evaluateUnit([ebs], ctx({}, REGION))).toEqual([]);
    const read = evaluateUnit([ebs], ctx({ ebsEncryptionByDefault: { enabled: false } }, REGION));
    expect(read.map((e) => e.results.map((r) => r.status))).toEqual([["fail"]]);
  });
});

describe("vpc_flow_logs_disabled", () => {
  const run = (vpcs: Vpc[], logs: FlowLog[]) => flowLogs.evaluate(ctx({ vpcs, flowLogs: logs }, REGION));
  it("fails a VPC without flow logs, and one whose only flow log is not active", () => {
    const rs = run(
      [vpc("vpc-1", ["10.0.0.0/16"]), vpc("vpc-2", ["10.1.0.0/16"])],
      [
        { flowLogId: "fl-1", resourceId: "vpc-2", status: "INACTIVE", deliverLogsStatus: "FAILED", trafficType: "ALL" },
        { flowLogId: "fl-9", resourceId: "subnet-1", status: "ACTIVE" },
      ],
    );
    expect(rs.map((r) => [r.resourceId, r.status])).toEqual([
      [vpcArn("vpc-1"), "fail"],
      [vpcArn("vpc-2"), "fail"],
    ]);
    expect(rs[1]?.evidence.flowLogs).toEqual([
      { flowLogId: "fl-1", status: "INACTIVE", deliverLogsStatus: "FAILED", trafficType: "ALL" },
    ]);
  });
  it("fails a VPC whose only active flow log records accepted traffic alone", () => {
    const rs = run(
      [{ vpcId: "vpc-1", cidrBlocks: ["10.0.0.0/16"], isDefault: false }],
      [{ flowLogId: "fl-1", resourceId: "vpc-1", status: "ACTIVE", trafficType: "ACCEPT" }],
    );
    expect(rs[0]?.status).toBe("fail");
  });
  it("passes a VPC with an active flow log", () => {
    const rs = run(
      [vpc("vpc-1", ["10.0.0.0/16"])],
      [
        { flowLogId: "fl-0", resourceId: "vpc-1", status: "INACTIVE" },
        { flowLogId: "fl-1", resourceId: "vpc-1", status: "ACTIVE", trafficType: "REJECT" },
      ],
    );
    expect(rs[0]).toMatchObject({ resourceType: "AWS::EC2::VPC", status: "pass" });
  });
  it("leaves a VPC shared in from another account to its owner, and has nothing to say without VPCs", () => {
    expect(run([vpc("vpc-1", ["10.0.0.0/16"], { ownerId: "999988887777" })], [])[0]?.status).toBe("not_applicable");
    expect(run([], [])).toEqual([]);
  });
});

describe("default_vpc_in_use", () => {
  const run = (usage: DefaultVpcUsage[]) => defaultVpc.evaluate(ctx({ defaultVpcUsage: usage }, REGION));
  it("fails a default VPC with network interfaces in it, listing them", () => {
    const sample = [{ networkInterfaceId: "eni-1", interfaceType: "interface", instanceId: "i-1" }];
    expect(run([{ vpcId: "vpc-d", networkInterfaceCount: 3, sample }])).toEqual([
      {
        resourceId: vpcArn("vpc-d"),
        resourceType: "AWS::EC2::VPC",
        status: "fail",
        evidence: { networkInterfaceCount: 3, networkInterfaces: sample },
      },
    ]);
  });
  it("passes an empty default VPC", () => {
    expect(run([{ vpcId: "vpc-d", ownerId: ACCOUNT, networkInterfaceCount: 0, sample: [] }])[0]?.status).toBe("pass");
  });
  it("has nothing to say in a region without a default VPC, nor about one owned elsewhere", () => {
    expect(run([])).toEqual([]);
    expect(run([{ vpcId: "vpc-d", ownerId: "999988887777", networkInterfaceCount: 2, sample: [] }])[0]?.status).toBe(
      "not_applicable",
    );
  });
});
