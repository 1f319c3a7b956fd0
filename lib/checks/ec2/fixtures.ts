// Inventory builders for the EC2 and VPC checks' tests.
import type { Ec2Instance, IpPermission, NetworkAcl, NetworkAclEntry, SecurityGroup, Vpc } from "@/lib/aws/ec2/types";

export function instance(instanceId: string, p: Partial<Ec2Instance> = {}): Ec2Instance {
  return {
    instanceId,
    state: "running",
    securityGroupIds: [],
    vpcId: "vpc-1",
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
    ...p,
  };
}

export function vpc(vpcId: string, cidrBlocks: string[], p: Partial<Vpc> = {}): Vpc {
  return { vpcId, isDefault: false, cidrBlocks, ...p };
}

export function naclEntry(
  ruleNumber: number,
  action: "allow" | "deny",
  p: Partial<NetworkAclEntry> = {},
): NetworkAclEntry {
  return { ruleNumber, action, egress: false, protocol: "6", cidrBlock: "0.0.0.0/0", ...p };
}

/** An ACL ending in the built-in "*" entries that deny everything. */
export function nacl(networkAclId: string, entries: NetworkAclEntry[], p: Partial<NetworkAcl> = {}): NetworkAcl {
  return {
    networkAclId,
    vpcId: "vpc-1",
    isDefault: false,
    subnetIds: ["subnet-1"],
    entries: [
      ...entries,
      naclEntry(32767, "deny", { protocol: "-1" }),
      naclEntry(32767, "deny", { protocol: "-1", cidrBlock: undefined, ipv6CidrBlock: "::/0" }),
    ],
    ...p,
  };
}

export function rule(p: Partial<IpPermission>): IpPermission {
  return { protocol: "tcp", ipv4Ranges: [], ipv6Ranges: [], ...p };
}

export function sg(groupId: string, ingress: IpPermission[]): SecurityGroup {
  return { groupId, groupName: groupId, vpcId: "vpc-1", ingress };
}
