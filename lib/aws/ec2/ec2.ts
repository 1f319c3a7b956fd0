import {
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcs,
  type EC2Client,
  type IpPermission as SdkIpPermission,
} from "@aws-sdk/client-ec2";
import { throwIfDeadline } from "../errors";
import type {
  DefaultSecurityGroup,
  DefaultVpcUsage,
  EbsEncryptionByDefault,
  Ec2Instance,
  FlowLog,
  IpPermission,
  NetworkAcl,
  SecurityGroup,
  SecurityGroupRule,
  Vpc,
} from "./types";

const SAMPLE_SIZE = 10;

const opts = (signal?: AbortSignal) => ({ abortSignal: signal });

function cidrs(p: SdkIpPermission): Pick<IpPermission, "ipv4Ranges" | "ipv6Ranges"> {
  return {
    ipv4Ranges: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
  };
}

function toRule(p: SdkIpPermission): SecurityGroupRule {
  return {
    protocol: p.IpProtocol ?? "-1",
    fromPort: p.FromPort,
    toPort: p.ToPort,
    ...cidrs(p),
    referencedGroupIds: (p.UserIdGroupPairs ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((l) => (l.PrefixListId ? [l.PrefixListId] : [])),
  };
}

export async function listSecurityGroups(ec2: EC2Client, signal?: AbortSignal): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {}, opts(signal))) {
    throwIfDeadline(signal);
    for (const g of page.SecurityGroups ?? []) {
      if (!g.GroupId) continue;
      groups.push({
        groupId: g.GroupId,
        groupName: g.GroupName ?? g.GroupId,
        vpcId: g.VpcId,
        description: g.Description,
        ingress: (g.IpPermissions ?? []).map((p) => ({
          protocol: p.IpProtocol ?? "-1",
          fromPort: p.FromPort,
          toPort: p.ToPort,
          ...cidrs(p),
        })),
      });
    }
  }
  return groups;
}

/** Every VPC's "default" security group, with inbound and outbound rules of any source. */
export async function listDefaultSecurityGroups(ec2: EC2Client, signal?: AbortSignal): Promise<DefaultSecurityGroup[]> {
  const groups: DefaultSecurityGroup[] = [];
  const input = { Filters: [{ Name: "group-name", Values: ["default"] }] };
  for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, input, opts(signal))) {
    throwIfDeadline(signal);
    for (const g of page.SecurityGroups ?? []) {
      // The filter is applied server-side; re-check so a looser emulator cannot widen the set.
      if (!g.GroupId || g.GroupName !== "default") continue;
      groups.push({
        groupId: g.GroupId,
        vpcId: g.VpcId,
        ownerId: g.OwnerId,
        ingress: (g.IpPermissions ?? []).map(toRule),
        egress: (g.IpPermissionsEgress ?? []).map(toRule),
      });
    }
  }
  return groups;
}

const LIVE_STATES = ["pending", "running", "stopping", "stopped"];

export async function listInstances(ec2: EC2Client, signal?: AbortSignal): Promise<Ec2Instance[]> {
  const instances: Ec2Instance[] = [];
  const input = { Filters: [{ Name: "instance-state-name", Values: LIVE_STATES }] };
  for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, input, opts(signal))) {
    throwIfDeadline(signal);
    for (const i of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      const state = i.State?.Name ?? "unknown";
      if (!i.InstanceId || !LIVE_STATES.includes(state)) continue;
      const meta = i.MetadataOptions;
      instances.push({
        instanceId: i.InstanceId,
        state,
        instanceProfileArn: i.IamInstanceProfile?.Arn,
        publicIp: i.PublicIpAddress,
        securityGroupIds: (i.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
        vpcId: i.VpcId,
        subnetId: i.SubnetId,
        metadataOptions: meta ? { httpTokens: meta.HttpTokens, httpEndpoint: meta.HttpEndpoint } : undefined,
      });
    }
  }
  return instances;
}

export async function listVpcs(ec2: EC2Client, signal?: AbortSignal, onlyDefault = false): Promise<Vpc[]> {
  const vpcs: Vpc[] = [];
  const input = onlyDefault ? { Filters: [{ Name: "is-default", Values: ["true"] }] } : {};
  for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: 1000 }, input, opts(signal))) {
    throwIfDeadline(signal);
    for (const v of page.Vpcs ?? []) {
      if (!v.VpcId) continue;
      if (onlyDefault && v.IsDefault !== true) continue;
      const associated = (v.CidrBlockAssociationSet ?? [])
        .filter((a) => a.CidrBlockState?.State === "associated")
        .flatMap((a) => (a.CidrBlock ? [a.CidrBlock] : []));
      // Older responses may lack the association set; the primary block is then the only one known.
      const blocks = associated.length > 0 ? associated : v.CidrBlock ? [v.CidrBlock] : [];
      vpcs.push({
        vpcId: v.VpcId,
        ownerId: v.OwnerId,
        isDefault: v.IsDefault === true,
        cidrBlocks: [...new Set(blocks)],
        name: v.Tags?.find((t) => t.Key === "Name")?.Value,
      });
    }
  }
  return vpcs;
}

export async function listFlowLogs(ec2: EC2Client, signal?: AbortSignal): Promise<FlowLog[]> {
  const logs: FlowLog[] = [];
  for await (const page of paginateDescribeFlowLogs({ client: ec2, pageSize: 1000 }, {}, opts(signal))) {
    throwIfDeadline(signal);
    for (const f of page.FlowLogs ?? []) {
      if (!f.FlowLogId) continue;
      logs.push({
        flowLogId: f.FlowLogId,
        resourceId: f.ResourceId,
        status: f.FlowLogStatus,
        deliverLogsStatus: f.DeliverLogsStatus,
        trafficType: f.TrafficType,
      });
    }
  }
  return logs;
}

export async function listNetworkAcls(ec2: EC2Client, signal?: AbortSignal): Promise<NetworkAcl[]> {
  const acls: NetworkAcl[] = [];
  for await (const page of paginateDescribeNetworkAcls({ client: ec2, pageSize: 100 }, {}, opts(signal))) {
    throwIfDeadline(signal);
    for (const a of page.NetworkAcls ?? []) {
      if (!a.NetworkAclId) continue;
      acls.push({
        networkAclId: a.NetworkAclId,
        vpcId: a.VpcId,
        ownerId: a.OwnerId,
        isDefault: a.IsDefault === true,
        subnetIds: (a.Associations ?? []).flatMap((s) => (s.SubnetId ? [s.SubnetId] : [])),
        entries: (a.Entries ?? []).flatMap((e) =>
          e.RuleNumber === undefined
            ? []
            : [
                {
                  ruleNumber: e.RuleNumber,
                  egress: e.Egress === true,
                  action: e.RuleAction === "allow" ? ("allow" as const) : ("deny" as const),
                  protocol: e.Protocol ?? "-1",
                  cidrBlock: e.CidrBlock,
                  ipv6CidrBlock: e.Ipv6CidrBlock,
                  portRange:
                    e.PortRange?.From !== undefined && e.PortRange.To !== undefined
                      ? { from: e.PortRange.From, to: e.PortRange.To }
                      : undefined,
                },
              ],
        ),
      });
    }
  }
  return acls;
}

/** For each default VPC of the region: how many network interfaces (instances, load balancers, Lambda ENIs …) live in it. */
export async function listDefaultVpcUsage(ec2: EC2Client, signal?: AbortSignal): Promise<DefaultVpcUsage[]> {
  const out: DefaultVpcUsage[] = [];
  for (const vpc of await listVpcs(ec2, signal, true)) {
    let count = 0;
    const sample: DefaultVpcUsage["sample"] = [];
    const input = { Filters: [{ Name: "vpc-id", Values: [vpc.vpcId] }] };
    for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize: 1000 }, input, opts(signal))) {
      throwIfDeadline(signal);
      for (const n of page.NetworkInterfaces ?? []) {
        if (!n.NetworkInterfaceId || (n.VpcId && n.VpcId !== vpc.vpcId)) continue;
        count++;
        if (sample.length < SAMPLE_SIZE) {
          sample.push({
            networkInterfaceId: n.NetworkInterfaceId,
            interfaceType: n.InterfaceType,
            description: n.Description || undefined,
            instanceId: n.Attachment?.InstanceId,
            requesterId: n.RequesterId,
          });
        }
      }
    }
    out.push({ vpcId: vpc.vpcId, ownerId: vpc.ownerId, networkInterfaceCount: count, sample });
  }
  return out;
}

export async function getEbsEncryptionByDefault(ec2: EC2Client, signal?: AbortSignal): Promise<EbsEncryptionByDefault> {
  const out = await ec2.send(new GetEbsEncryptionByDefaultCommand({}), opts(signal));
  return { enabled: out.EbsEncryptionByDefault === true };
}
