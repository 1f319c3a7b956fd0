import { paginateDescribeSecurityGroups, type EC2Client } from "@aws-sdk/client-ec2";
import type { SecurityGroup } from "../types";

export async function listSecurityGroups(ec2: EC2Client, signal?: AbortSignal): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {})) {
    if (signal?.aborted) throw Object.assign(new Error("unit deadline reached"), { name: "AbortError" });
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
          ipv4Ranges: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
          ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
        })),
      });
    }
  }
  return groups;
}
