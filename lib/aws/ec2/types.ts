// What the ec2 readers return: plain types, no SDK types.

export type IpPermission = {
  /** "-1" for all protocols. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
};

export type SecurityGroup = {
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
  ingress: IpPermission[];
};

/** An EC2 instance that is not terminated (terminated ones run nothing and are dropped). */
export type Ec2Instance = {
  instanceId: string;
  /** pending | running | stopping | stopped */
  state: string;
  instanceProfileArn?: string;
  publicIp?: string;
  securityGroupIds: string[];
  vpcId?: string;
  subnetId?: string;
  /** As DescribeInstances reports them; absent when it reported none. */
  metadataOptions?: { httpTokens?: string; httpEndpoint?: string };
};

export type Vpc = {
  vpcId: string;
  /** The account owning the VPC; differs from the caller's for a VPC shared through RAM. */
  ownerId?: string;
  isDefault: boolean;
  /** IPv4 blocks currently associated: the primary and secondary ones. */
  cidrBlocks: string[];
  name?: string;
};

export type FlowLog = {
  flowLogId: string;
  /** The VPC, subnet or ENI it is attached to. */
  resourceId?: string;
  /** ACTIVE when it is logging. */
  status?: string;
  deliverLogsStatus?: string;
  trafficType?: string;
};

export type NetworkAclEntry = {
  ruleNumber: number;
  egress: boolean;
  action: "allow" | "deny";
  /** Protocol number as a string; "-1" for all. */
  protocol: string;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
};

export type NetworkAcl = {
  networkAclId: string;
  vpcId?: string;
  ownerId?: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
};

/** A security-group rule with every kind of source, not only CIDRs: a default group's built-in rule references the group itself. */
export type SecurityGroupRule = IpPermission & { referencedGroupIds: string[]; prefixListIds: string[] };

export type DefaultSecurityGroup = {
  groupId: string;
  vpcId?: string;
  ownerId?: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
};

/** What runs in a default VPC, seen through its network interfaces. */
export type DefaultVpcUsage = {
  vpcId: string;
  ownerId?: string;
  networkInterfaceCount: number;
  /** The first few interfaces, for evidence. */
  sample: {
    networkInterfaceId: string;
    interfaceType?: string;
    description?: string;
    instanceId?: string;
    requesterId?: string;
  }[];
};

export type EbsEncryptionByDefault = { enabled: boolean };
