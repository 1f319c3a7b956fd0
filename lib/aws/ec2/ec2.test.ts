import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  getEbsEncryptionByDefault,
  listDefaultSecurityGroups,
  listDefaultVpcUsage,
  listFlowLogs,
  listInstances,
  listNetworkAcls,
  listSecurityGroups,
  listVpcs,
} from "./ec2";

const ec2Mock = mockClient(EC2Client);
afterEach(() => ec2Mock.reset());

const client = () => new EC2Client({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const denied = () =>
  Object.assign(new Error("You are not authorized to perform this operation."), {
    name: "UnauthorizedOperation",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
  });

describe("listInstances", () => {
  it("maps instances across pages and reservations, asking only for non-terminated ones", async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [
          {
            Instances: [
              {
                InstanceId: "i-1",
                State: { Name: "running" },
                IamInstanceProfile: { Arn: "arn:aws:iam::111122223333:instance-profile/app", Id: "AIPA" },
                PublicIpAddress: "203.0.113.9",
                SecurityGroups: [{ GroupId: "sg-1", GroupName: "web" }, { GroupName: "no-id" }],
                VpcId: "vpc-1",
                SubnetId: "subnet-1",
                MetadataOptions: { HttpTokens: "optional", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 1 },
              },
            ],
          },
        ],
        NextToken: "t1",
      })
      .resolvesOnce({
        Reservations: [
          {
            Instances: [
              { InstanceId: "i-2", State: { Name: "stopped" } },
              { InstanceId: "i-3", State: { Name: "terminated" } },
            ],
          },
        ],
      });

    expect(await listInstances(client())).toEqual([
      {
        instanceId: "i-1",
        state: "running",
        instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/app",
        publicIp: "203.0.113.9",
        securityGroupIds: ["sg-1"],
        vpcId: "vpc-1",
        subnetId: "subnet-1",
        metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled" },
      },
      {
        instanceId: "i-2",
        state: "stopped",
        instanceProfileArn: undefined,
        publicIp: undefined,
        securityGroupIds: [],
        vpcId: undefined,
        subnetId: undefined,
        metadataOptions: undefined,
      },
    ]);
    const calls = ec2Mock.commandCalls(DescribeInstancesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input).toMatchObject({
      NextToken: "t1",
      Filters: [{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }],
    });
  });

  it("propagates AccessDenied", async () => {
    ec2Mock.on(DescribeInstancesCommand).rejects(denied());
    await expect(listInstances(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });
});

describe("listVpcs", () => {
  it("keeps associated IPv4 blocks (primary and secondary), the default flag, owner and name, across pages", async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .resolvesOnce({
        Vpcs: [
          {
            VpcId: "vpc-1",
            OwnerId: "111122223333",
            IsDefault: false,
            CidrBlock: "10.0.0.0/16",
            CidrBlockAssociationSet: [
              { CidrBlock: "10.0.0.0/16", CidrBlockState: { State: "associated" } },
              { CidrBlock: "100.64.0.0/20", CidrBlockState: { State: "associated" } },
              { CidrBlock: "10.9.0.0/16", CidrBlockState: { State: "disassociated" } },
            ],
            Tags: [{ Key: "Name", Value: "main" }],
          },
        ],
        NextToken: "t1",
      })
      .resolvesOnce({ Vpcs: [{ VpcId: "vpc-d", IsDefault: true, CidrBlock: "172.31.0.0/16" }] });

    expect(await listVpcs(client())).toEqual([
      {
        vpcId: "vpc-1",
        ownerId: "111122223333",
        isDefault: false,
        cidrBlocks: ["10.0.0.0/16", "100.64.0.0/20"],
        name: "main",
      },
      { vpcId: "vpc-d", ownerId: undefined, isDefault: true, cidrBlocks: ["172.31.0.0/16"], name: undefined },
    ]);
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)[1]!.args[0].input).toMatchObject({ NextToken: "t1" });
  });

  it("propagates AccessDenied", async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(denied());
    await expect(listVpcs(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });
});

describe("listFlowLogs", () => {
  it("maps flow logs across pages", async () => {
    ec2Mock
      .on(DescribeFlowLogsCommand)
      .resolvesOnce({
        FlowLogs: [
          {
            FlowLogId: "fl-1",
            ResourceId: "vpc-1",
            FlowLogStatus: "ACTIVE",
            DeliverLogsStatus: "SUCCESS",
            TrafficType: "ALL",
          },
        ],
        NextToken: "t1",
      })
      .resolvesOnce({
        FlowLogs: [{ FlowLogId: "fl-2", ResourceId: "subnet-1", FlowLogStatus: "ACTIVE", TrafficType: "REJECT" }],
      });
    expect(await listFlowLogs(client())).toEqual([
      { flowLogId: "fl-1", resourceId: "vpc-1", status: "ACTIVE", deliverLogsStatus: "SUCCESS", trafficType: "ALL" },
      {
        flowLogId: "fl-2",
        resourceId: "subnet-1",
        status: "ACTIVE",
        deliverLogsStatus: undefined,
        trafficType: "REJECT",
      },
    ]);
  });

  it("answers an empty list when there are none, and propagates AccessDenied", async () => {
    ec2Mock.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    expect(await listFlowLogs(client())).toEqual([]);
    ec2Mock.on(DescribeFlowLogsCommand).rejects(denied());
    await expect(listFlowLogs(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });
});

describe("listNetworkAcls", () => {
  it("maps entries with their rule number, direction, action, protocol, ranges and ports, across pages", async () => {
    ec2Mock
      .on(DescribeNetworkAclsCommand)
      .resolvesOnce({
        NetworkAcls: [
          {
            NetworkAclId: "acl-1",
            VpcId: "vpc-1",
            OwnerId: "111122223333",
            IsDefault: true,
            Associations: [{ SubnetId: "subnet-1" }, { SubnetId: "subnet-2" }],
            Entries: [
              {
                RuleNumber: 100,
                Egress: false,
                RuleAction: "allow",
                Protocol: "6",
                CidrBlock: "0.0.0.0/0",
                PortRange: { From: 22, To: 22 },
              },
              { RuleNumber: 32767, Egress: false, RuleAction: "deny", Protocol: "-1", Ipv6CidrBlock: "::/0" },
            ],
          },
        ],
        NextToken: "t1",
      })
      .resolvesOnce({
        NetworkAcls: [
          {
            NetworkAclId: "acl-2",
            Entries: [{ RuleNumber: 100, Egress: true, RuleAction: "allow", Protocol: "-1", CidrBlock: "0.0.0.0/0" }],
          },
        ],
      });

    expect(await listNetworkAcls(client())).toEqual([
      {
        networkAclId: "acl-1",
        vpcId: "vpc-1",
        ownerId: "111122223333",
        isDefault: true,
        subnetIds: ["subnet-1", "subnet-2"],
        entries: [
          {
            ruleNumber: 100,
            egress: false,
            action: "allow",
            protocol: "6",
            cidrBlock: "0.0.0.0/0",
            ipv6CidrBlock: undefined,
            portRange: { from: 22, to: 22 },
          },
          {
            ruleNumber: 32767,
            egress: false,
            action: "deny",
            protocol: "-1",
            cidrBlock: undefined,
            ipv6CidrBlock: "::/0",
            portRange: undefined,
          },
        ],
      },
      {
        networkAclId: "acl-2",
        vpcId: undefined,
        ownerId: undefined,
        isDefault: false,
        subnetIds: [],
        entries: [
          {
            ruleNumber: 100,
            egress: true,
            action: "allow",
            protocol: "-1",
            cidrBlock: "0.0.0.0/0",
            ipv6CidrBlock: undefined,
            portRange: undefined,
          },
        ],
      },
    ]);
    expect(ec2Mock.commandCalls(DescribeNetworkAclsCommand)[0]!.args[0].input).toMatchObject({ MaxResults: 100 });
  });

  it("propagates AccessDenied", async () => {
    ec2Mock.on(DescribeNetworkAclsCommand).rejects(denied());
    await expect(listNetworkAcls(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });
});

describe("listSecurityGroups / listDefaultSecurityGroups", () => {
  const groups = [
    {
      GroupId: "sg-d",
      GroupName: "default",
      VpcId: "vpc-1",
      OwnerId: "111122223333",
      IpPermissions: [{ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-d" }] }],
      IpPermissionsEgress: [
        { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], PrefixListIds: [{ PrefixListId: "pl-1" }] },
      ],
    },
    {
      GroupId: "sg-web",
      GroupName: "web",
      VpcId: "vpc-1",
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: "::/0" }] }],
    },
  ];

  it("lists every group's inbound CIDR rules across pages", async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [groups[0]!], NextToken: "t1" })
      .resolvesOnce({ SecurityGroups: [groups[1]!] });
    const out = await listSecurityGroups(client());
    expect(out.map((g) => g.groupId)).toEqual(["sg-d", "sg-web"]);
    expect(out[1]!.ingress).toEqual([
      { protocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: [], ipv6Ranges: ["::/0"] },
    ]);
  });

  it("asks for default groups only and keeps both directions with group and prefix-list sources", async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [groups[0]!], NextToken: "t1" })
      .resolvesOnce({ SecurityGroups: [groups[1]!] });
    expect(await listDefaultSecurityGroups(client())).toEqual([
      {
        groupId: "sg-d",
        vpcId: "vpc-1",
        ownerId: "111122223333",
        ingress: [
          {
            protocol: "-1",
            fromPort: undefined,
            toPort: undefined,
            ipv4Ranges: [],
            ipv6Ranges: [],
            referencedGroupIds: ["sg-d"],
            prefixListIds: [],
          },
        ],
        egress: [
          {
            protocol: "-1",
            fromPort: undefined,
            toPort: undefined,
            ipv4Ranges: ["0.0.0.0/0"],
            ipv6Ranges: [],
            referencedGroupIds: [],
            prefixListIds: ["pl-1"],
          },
        ],
      },
    ]);
    const calls = ec2Mock.commandCalls(DescribeSecurityGroupsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({ Filters: [{ Name: "group-name", Values: ["default"] }] });
  });

  it("propagates AccessDenied", async () => {
    ec2Mock.on(DescribeSecurityGroupsCommand).rejects(denied());
    await expect(listDefaultSecurityGroups(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
    await expect(listSecurityGroups(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });
});

describe("listDefaultVpcUsage", () => {
  it("counts the network interfaces of each default VPC across pages, keeping a sample", async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .resolves({ Vpcs: [{ VpcId: "vpc-d", OwnerId: "111122223333", IsDefault: true, CidrBlock: "172.31.0.0/16" }] });
    ec2Mock
      .on(DescribeNetworkInterfacesCommand)
      .resolvesOnce({
        NetworkInterfaces: [
          {
            NetworkInterfaceId: "eni-1",
            VpcId: "vpc-d",
            InterfaceType: "interface",
            Description: "",
            Attachment: { InstanceId: "i-1" },
          },
        ],
        NextToken: "t1",
      })
      .resolvesOnce({
        NetworkInterfaces: [
          {
            NetworkInterfaceId: "eni-2",
            VpcId: "vpc-d",
            InterfaceType: "lambda",
            Description: "AWS Lambda VPC ENI-fn",
            RequesterId: "AROA:fn",
          },
        ],
      });

    expect(await listDefaultVpcUsage(client())).toEqual([
      {
        vpcId: "vpc-d",
        ownerId: "111122223333",
        networkInterfaceCount: 2,
        sample: [
          {
            networkInterfaceId: "eni-1",
            interfaceType: "interface",
            description: undefined,
            instanceId: "i-1",
            requesterId: undefined,
          },
          {
            networkInterfaceId: "eni-2",
            interfaceType: "lambda",
            description: "AWS Lambda VPC ENI-fn",
            instanceId: undefined,
            requesterId: "AROA:fn",
          },
        ],
      },
    ]);
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)[0]!.args[0].input).toMatchObject({
      Filters: [{ Name: "is-default", Values: ["true"] }],
    });
    const eniCalls = ec2Mock.commandCalls(DescribeNetworkInterfacesCommand);
    expect(eniCalls).toHaveLength(2);
    expect(eniCalls[0]!.args[0].input).toMatchObject({ Filters: [{ Name: "vpc-id", Values: ["vpc-d"] }] });
  });

  it("answers an empty list for a region without a default VPC, and an empty VPC as zero", async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    expect(await listDefaultVpcUsage(client())).toEqual([]);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)).toHaveLength(0);

    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: "vpc-d", IsDefault: true }] });
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    expect(await listDefaultVpcUsage(client())).toEqual([
      { vpcId: "vpc-d", ownerId: undefined, networkInterfaceCount: 0, sample: [] },
    ]);
  });

  it("propagates AccessDenied from the interface listing", async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: "vpc-d", IsDefault: true }] });
    ec2Mock.on(DescribeNetworkInterfacesCommand).rejects(denied());
    await expect(listDefaultVpcUsage(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });
});

describe("getEbsEncryptionByDefault", () => {
  it("maps the flag; off is a value, not an error", async () => {
    ec2Mock
      .on(GetEbsEncryptionByDefaultCommand)
      .resolvesOnce({ EbsEncryptionByDefault: true })
      .resolvesOnce({ EbsEncryptionByDefault: false });
    expect(await getEbsEncryptionByDefault(client())).toEqual({ enabled: true });
    expect(await getEbsEncryptionByDefault(client())).toEqual({ enabled: false });
  });

  it("propagates AccessDenied", async () => {
    ec2Mock.on(GetEbsEncryptionByDefaultCommand).rejects(denied());
    await expect(getEbsEncryptionByDefault(client())).rejects.toMatchObject({ name: "UnauthorizedOperation" });
  });

  it("passes the unit's abort signal to the call", async () => {
    ec2Mock.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const controller = new AbortController();
    await getEbsEncryptionByDefault(client(), controller.signal);
    expect((ec2Mock.commandCalls(GetEbsEncryptionByDefaultCommand)[0]!.args as unknown[])[1]).toMatchObject({
      abortSignal: controller.signal,
    });
  });
});
