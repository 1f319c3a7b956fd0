// Builders for the demo organization's inventory: plain inventory objects, exactly as the readers in
// lib/aws/<service> return them, with ids derived from the account and the resource's name.

import type { SesRegion } from "@/lib/aws/ses/types";
import type { IpPermission, SecurityGroup } from "@/lib/aws/ec2/types";
import type { AccessAnalyzer } from "@/lib/aws/accessanalyzer/types";
import type { CloudTrailTrail } from "@/lib/aws/cloudtrail/types";
import type { ConfigRecorder } from "@/lib/aws/config/types";
import type { EfsFileSystem } from "@/lib/aws/efs/types";
import type {
  DefaultSecurityGroup,
  DefaultVpcUsage,
  Ec2Instance,
  EbsEncryptionByDefault,
  FlowLog,
  NetworkAcl,
  NetworkAclEntry,
  SecurityGroupRule,
  Vpc,
} from "@/lib/aws/ec2/types";
import type { EcrRegistryScanning, EcrRepository } from "@/lib/aws/ecr/types";
import type { EcsTaskDefinition } from "@/lib/aws/ecs/types";
import type { LoadBalancer } from "@/lib/aws/elbv2/types";
import type { GuardDutyDetector, GuardDutyFindingsRead, GuardDutyOrganization } from "@/lib/aws/guardduty/types";
import type {
  CredentialReportEntry,
  CredentialReportKey,
  IamGroupDetail,
  IamInlinePolicy,
  IamManagedPolicy,
  IamPolicyRef,
  IamRoleDetail,
  IamUserDetail,
  PolicyStatement as IamStatement,
} from "@/lib/aws/iam/types";
import type { KmsKey } from "@/lib/aws/kms/types";
import type { RdsInstance, RdsParameterGroups } from "@/lib/aws/rds/types";
import type { PolicyStatement as S3Statement, S3Bucket } from "@/lib/aws/s3/types";
import type { SecurityHubStatus } from "@/lib/aws/securityhub/types";
import { ec2Id, hex, rng, uuid } from "./random";

// ---------------------------------------------------------------------------------------------
// Clock

export const DEMO_DAYS = 90;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The instant the last simulated day's collection ran ("today" of the demo). Fixed: the demo is pure. */
export const DEMO_TODAY = "2025-06-30T06:00:00.000Z";

/** The collection instant of simulated day `day` (0 = 89 days before today); days before 0 are the organization's past. */
export function demoDate(day: number, hoursLater = 0): Date {
  return new Date(Date.parse(DEMO_TODAY) - (DEMO_DAYS - 1 - day) * DAY_MS + hoursLater * HOUR_MS);
}

/** Some moment within the 36 hours before day `day`'s collection, seeded: "last used" noise. */
export function recently(day: number, seed: string): Date {
  return demoDate(day, -(1 + rng(`${seed}:${day}`)() * 35));
}

/** True on days in [from, until): a problem that appears on `from` and is fixed on `until`. */
export const during = (day: number, from: number, until = Infinity) => day >= from && day < until;

// ---------------------------------------------------------------------------------------------
// Regional inventory, every key collected

/** A unit's regional inventory with every key read (an empty list means "read, none found"). */
export type DemoRegional = {
  securityGroups: SecurityGroup[];
  ec2Instances: Ec2Instance[];
  vpcs: Vpc[];
  flowLogs: FlowLog[];
  networkAcls: NetworkAcl[];
  defaultSecurityGroups: DefaultSecurityGroup[];
  defaultVpcUsage: DefaultVpcUsage[];
  ebsEncryptionByDefault: EbsEncryptionByDefault;
  accessAnalyzers: AccessAnalyzer[];
  configRecorders: ConfigRecorder[];
  guardDutyDetectors: GuardDutyDetector[];
  guardDutyOrganization: GuardDutyOrganization;
  guardDutyFindings: GuardDutyFindingsRead;
  securityHub: SecurityHubStatus;
  kmsKeys: KmsKey[];
  rdsInstances: RdsInstance[];
  rdsParameterGroups: RdsParameterGroups;
  ecsTaskDefinitions: EcsTaskDefinition[];
  ecrRepositories: EcrRepository[];
  ecrRegistryScanning: EcrRegistryScanning;
  elbv2LoadBalancers: LoadBalancer[];
  efsFileSystems: EfsFileSystem[];
  ses: SesRegion;
};

export type RegionBaseline = {
  guardDuty: boolean;
  /** Runtime monitoring (agents on EKS, ECS and EC2); on unless said otherwise. */
  guardDutyRuntime?: boolean;
  /** The delegated GuardDuty administrator managing this detector (absent in that account itself). */
  guardDutyAdmin?: string;
  /** Set in the management account: the delegated administrator it designated. */
  guardDutyDelegated?: string;
  securityHub: boolean;
  /** "recording", "partial" (only S3 buckets and EC2 instances), "stopped" (role deleted) or "none". */
  config: "recording" | "partial" | "stopped" | "none";
  accessAnalyzer: boolean;
  ebsDefaultEncryption: boolean;
  /** The region's registry scanning configuration; BASIC without rules when not given. */
  ecrScanning?: EcrRegistryScanning;
};

export const demoDetectorId = (accountId: string, region: string) => hex(`gd:${accountId}:${region}`, 32);

export function regionBaseline(accountId: string, region: string, b: RegionBaseline): DemoRegional {
  return {
    securityGroups: [],
    ec2Instances: [],
    vpcs: [],
    flowLogs: [],
    networkAcls: [],
    defaultSecurityGroups: [],
    defaultVpcUsage: [],
    ebsEncryptionByDefault: { enabled: b.ebsDefaultEncryption },
    accessAnalyzers: b.accessAnalyzer
      ? [
          {
            arn: `arn:aws:access-analyzer:${region}:${accountId}:analyzer/account-analyzer-${region}`,
            name: `account-analyzer-${region}`,
            type: "ACCOUNT",
            status: "ACTIVE",
          },
        ]
      : [],
    configRecorders:
      b.config === "none"
        ? []
        : [
            {
              name: "default",
              roleArn: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
              allSupported: b.config !== "partial",
              includeGlobalResourceTypes: region === "us-east-1" && b.config !== "partial",
              strategy: b.config === "partial" ? "INCLUSION_BY_RESOURCE_TYPES" : "ALL_SUPPORTED_RESOURCE_TYPES",
              resourceTypes: b.config === "partial" ? ["AWS::S3::Bucket", "AWS::EC2::Instance"] : [],
              excludedResourceTypes: [],
              recording: b.config !== "stopped",
              lastStatus: b.config !== "stopped" ? "SUCCESS" : "FAILURE",
            },
          ],
    guardDutyDetectors: b.guardDuty
      ? [
          {
            detectorId: demoDetectorId(accountId, region),
            status: "ENABLED",
            findingPublishingFrequency: "FIFTEEN_MINUTES",
            features: [
              { name: "CLOUD_TRAIL", status: "ENABLED" },
              { name: "DNS_LOGS", status: "ENABLED" },
              { name: "FLOW_LOGS", status: "ENABLED" },
              { name: "S3_DATA_EVENTS", status: "ENABLED" },
              { name: "EKS_AUDIT_LOGS", status: "ENABLED" },
              { name: "EBS_MALWARE_PROTECTION", status: "ENABLED" },
              { name: "RDS_LOGIN_EVENTS", status: "ENABLED" },
              {
                name: "RUNTIME_MONITORING",
                status: b.guardDutyRuntime === false ? "DISABLED" : "ENABLED",
                additional: ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"].map(
                  (name) => ({ name, status: b.guardDutyRuntime === false ? "DISABLED" : "ENABLED" }),
                ),
              },
              { name: "LAMBDA_NETWORK_LOGS", status: "ENABLED" },
            ],
            malwareProtectionPlans: 0,
            ...(b.guardDutyAdmin ? { administrator: { accountId: b.guardDutyAdmin, relationship: "Enabled" } } : {}),
          },
        ]
      : [],
    guardDutyOrganization: b.guardDutyDelegated
      ? { managementAccount: true, delegatedAdministrators: [b.guardDutyDelegated] }
      : { managementAccount: false, delegatedAdministrators: [] },
    guardDutyFindings: {
      mode: !b.guardDuty ? "no-detector" : b.guardDutyAdmin ? "delegated" : "own",
      ...(b.guardDuty ? { detectorId: demoDetectorId(accountId, region) } : {}),
      ...(b.guardDuty && b.guardDutyAdmin ? { administratorAccountId: b.guardDutyAdmin } : {}),
      readAt: demoDate(0).toISOString(),
      findings: [],
      calls: { listFindings: 0, getFindings: 0 },
    },
    securityHub: b.securityHub
      ? {
          enabled: true,
          hubArn: `arn:aws:securityhub:${region}:${accountId}:hub/default`,
          subscribedAt: demoDate(-420).toISOString(),
          autoEnableControls: true,
        }
      : { enabled: false },
    kmsKeys: [awsManagedKey(accountId, region, "aws/ebs"), awsManagedKey(accountId, region, "aws/s3")],
    rdsInstances: [],
    rdsParameterGroups: {},
    ecsTaskDefinitions: [],
    ecrRepositories: [],
    ecrRegistryScanning: b.ecrScanning ?? { scanType: "BASIC", rules: [] },
    elbv2LoadBalancers: [],
    efsFileSystems: [],
    ses: { account: null, points: [], used: false },
  };
}

/**
 * A region's SES as read on day `day`: two weeks of quarter-hour send points (office hours), and the two
 * hours before each spike day's collection sending `burst` a quarter hour at a spammer's bounce rates.
 */
export function sesSending(
  day: number,
  p: { perInterval: number; spikeDays: readonly number[]; burst: number; reviewFromDay: number },
): SesRegion {
  const end = demoDate(day).getTime();
  const quarter = 15 * 60_000;
  const points: SesRegion["points"] = [];
  for (let t = end - 14 * DAY_MS; t < end; t += quarter) {
    const hour = new Date(t).getUTCHours();
    // A spike day's burst fills the two hours before that day's collection.
    const spam = p.spikeDays.some((d) => t >= demoDate(d).getTime() - 2 * HOUR_MS && t < demoDate(d).getTime());
    const sends = spam ? p.burst : hour >= 8 && hour < 18 ? p.perInterval : 0;
    if (sends === 0) continue;
    points.push({
      timestamp: new Date(t).toISOString(),
      deliveryAttempts: sends,
      bounces: Math.round(sends * (spam ? 0.09 : 0.004)),
      complaints: Math.round(sends * (spam ? 0.004 : 0)),
      rejects: 0,
    });
  }
  return {
    account: {
      sendingEnabled: true,
      productionAccess: true,
      enforcementStatus: day >= p.reviewFromDay ? "PROBATION" : "HEALTHY",
      max24HourSend: 100_000,
      maxSendRate: 50,
      sentLast24Hours: points
        .filter((x) => Date.parse(x.timestamp) >= end - DAY_MS)
        .reduce((a, x) => a + x.deliveryAttempts, 0),
    },
    points,
    used: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Network

export const WORLD = "0.0.0.0/0";

export function tcp(port: number | [number, number], ...cidrs: string[]): IpPermission {
  const [from, to] = typeof port === "number" ? [port, port] : port;
  return { protocol: "tcp", fromPort: from, toPort: to, ipv4Ranges: cidrs, ipv6Ranges: [] };
}

/** A rule whose source is another security group: no CIDR, so it never opens anything to the world. */
export function fromGroup(port: number | [number, number]): IpPermission {
  return tcp(port);
}

export function allTraffic(...cidrs: string[]): IpPermission {
  return { protocol: "-1", ipv4Ranges: cidrs, ipv6Ranges: [] };
}

export function securityGroup(
  accountId: string,
  region: string,
  vpcId: string,
  name: string,
  description: string,
  ingress: IpPermission[],
): SecurityGroup {
  return { groupId: ec2Id("sg", `${accountId}:${region}:${name}`), groupName: name, vpcId, description, ingress };
}

export type VpcSpec = {
  name: string;
  cidr: string;
  isDefault?: boolean;
  /** An ACTIVE flow log to CloudWatch Logs. */
  flowLogs: boolean;
  /** The baseline NACL denying 22 and 3389 from the internet ahead of the allow-all rule. */
  hardenedNacl: boolean;
  /** The default security group's rules removed (CIS 5.4). */
  restrictDefaultSg: boolean;
  subnets: number;
};

export type VpcBundle = { vpc: Vpc; subnetIds: string[]; defaultSg: SecurityGroup };

function naclEntry(
  ruleNumber: number,
  egress: boolean,
  action: "allow" | "deny",
  protocol: string,
  port?: number,
): NetworkAclEntry {
  return {
    ruleNumber,
    egress,
    action,
    protocol,
    cidrBlock: WORLD,
    ...(port !== undefined ? { portRange: { from: port, to: port } } : {}),
  };
}

/** Adds a VPC with its subnets' network ACL, default security group and flow logs to the region. */
export function addVpc(inv: DemoRegional, accountId: string, region: string, spec: VpcSpec): VpcBundle {
  const seed = `${accountId}:${region}:${spec.name}`;
  const vpcId = ec2Id("vpc", seed);
  const subnetIds = Array.from({ length: spec.subnets }, (_, i) => ec2Id("subnet", `${seed}:${i}`));
  inv.vpcs.push({
    vpcId,
    ownerId: accountId,
    isDefault: spec.isDefault === true,
    cidrBlocks: [spec.cidr],
    ...(spec.isDefault ? {} : { name: spec.name }),
  });
  if (spec.flowLogs) {
    inv.flowLogs.push({
      flowLogId: ec2Id("fl", seed),
      resourceId: vpcId,
      status: "ACTIVE",
      deliverLogsStatus: "SUCCESS",
      trafficType: "ALL",
    });
  }
  const allowAll = [
    naclEntry(100, false, "allow", "-1"),
    naclEntry(32767, false, "deny", "-1"),
    naclEntry(100, true, "allow", "-1"),
    naclEntry(32767, true, "deny", "-1"),
  ];
  const hardening = [naclEntry(50, false, "deny", "6", 22), naclEntry(60, false, "deny", "6", 3389)];
  inv.networkAcls.push({
    networkAclId: ec2Id("acl", seed),
    vpcId,
    ownerId: accountId,
    isDefault: true,
    subnetIds,
    entries: spec.hardenedNacl ? [...hardening, ...allowAll] : allowAll,
  });
  const defaultSgId = ec2Id("sg", `${seed}:default`);
  const selfRule: SecurityGroupRule = {
    protocol: "-1",
    ipv4Ranges: [],
    ipv6Ranges: [],
    referencedGroupIds: [defaultSgId],
    prefixListIds: [],
  };
  const egressRule: SecurityGroupRule = {
    protocol: "-1",
    ipv4Ranges: [WORLD],
    ipv6Ranges: [],
    referencedGroupIds: [],
    prefixListIds: [],
  };
  const ingress = spec.restrictDefaultSg ? [] : [selfRule];
  const egress = spec.restrictDefaultSg ? [] : [egressRule];
  inv.defaultSecurityGroups.push({ groupId: defaultSgId, vpcId, ownerId: accountId, ingress, egress });
  const defaultSg: SecurityGroup = {
    groupId: defaultSgId,
    groupName: "default",
    vpcId,
    description: "default VPC security group",
    ingress: ingress.map(({ protocol, ipv4Ranges, ipv6Ranges }) => ({ protocol, ipv4Ranges, ipv6Ranges })),
  };
  inv.securityGroups.push(defaultSg);
  return { vpc: inv.vpcs[inv.vpcs.length - 1]!, subnetIds, defaultSg };
}

export type InstanceSpec = {
  name: string;
  state?: "running" | "stopped" | "pending";
  profile?: string;
  publicIp?: string;
  groups: SecurityGroup[];
  subnet: number;
  /** "required" (IMDSv2 only) or "optional" (IMDSv1 allowed). */
  imds: "required" | "optional";
};

export function addInstance(
  inv: DemoRegional,
  accountId: string,
  region: string,
  net: VpcBundle,
  spec: InstanceSpec,
): Ec2Instance {
  const instance: Ec2Instance = {
    instanceId: ec2Id("i", `${accountId}:${region}:${spec.name}`),
    state: spec.state ?? "running",
    ...(spec.profile ? { instanceProfileArn: `arn:aws:iam::${accountId}:instance-profile/${spec.profile}` } : {}),
    ...(spec.publicIp ? { publicIp: spec.publicIp } : {}),
    securityGroupIds: spec.groups.map((g) => g.groupId),
    vpcId: net.vpc.vpcId,
    subnetId: net.subnetIds[spec.subnet % net.subnetIds.length],
    metadataOptions: { httpTokens: spec.imds, httpEndpoint: "enabled" },
  };
  inv.ec2Instances.push(instance);
  return instance;
}

/** What DescribeNetworkInterfaces shows in a default VPC: one interface per instance living there. */
export function addDefaultVpcUsage(inv: DemoRegional, accountId: string, net: VpcBundle): void {
  const instances = inv.ec2Instances.filter((i) => i.vpcId === net.vpc.vpcId && i.state !== "terminated");
  inv.defaultVpcUsage.push({
    vpcId: net.vpc.vpcId,
    ownerId: accountId,
    networkInterfaceCount: instances.length,
    sample: instances.slice(0, 5).map((i) => ({
      networkInterfaceId: ec2Id("eni", `${accountId}:${i.instanceId}`),
      interfaceType: "interface",
      description: "",
      instanceId: i.instanceId,
    })),
  });
}

// ---------------------------------------------------------------------------------------------
// KMS, RDS, containers, load balancers

export function awsManagedKey(accountId: string, region: string, alias: string): KmsKey {
  const keyId = uuid(`kms:${accountId}:${region}:${alias}`);
  return {
    keyId,
    arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
    manager: "AWS",
    state: "Enabled",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    origin: "AWS_KMS",
    multiRegion: false,
    rotationEnabled: null,
  };
}

export function customerKey(
  accountId: string,
  region: string,
  name: string,
  rotation: boolean | null,
  p: Partial<KmsKey> = {},
): KmsKey {
  const keyId = uuid(`kms:${accountId}:${region}:${name}`);
  return {
    keyId,
    arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
    manager: "CUSTOMER",
    state: "Enabled",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    origin: "AWS_KMS",
    multiRegion: false,
    rotationEnabled: rotation,
    ...(rotation ? { rotationPeriodInDays: 365 } : {}),
    ...p,
  };
}

export function rdsInstance(
  accountId: string,
  region: string,
  identifier: string,
  p: Omit<RdsInstance, "arn" | "identifier">,
): RdsInstance {
  return { arn: `arn:aws:rds:${region}:${accountId}:db:${identifier}`, identifier, ...p };
}

export function taskDefinition(
  accountId: string,
  region: string,
  family: string,
  revision: number,
  p: Omit<EcsTaskDefinition, "arn" | "family" | "revision" | "latest"> & { latest?: boolean },
): EcsTaskDefinition {
  const arn = `arn:aws:ecs:${region}:${accountId}:task-definition/${family}:${revision}`;
  return { arn, family, revision, latest: true, ...p };
}

export function ecrRepository(accountId: string, region: string, name: string, scanOnPush: boolean): EcrRepository {
  return { arn: `arn:aws:ecr:${region}:${accountId}:repository/${name}`, name, scanOnPush };
}

export function loadBalancer(
  accountId: string,
  region: string,
  name: string,
  type: "application" | "network",
  attributes?: Record<string, string>,
): LoadBalancer {
  const kind = type === "application" ? "app" : "net";
  return {
    arn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${kind}/${name}/${hex(`elb:${accountId}:${name}`, 16)}`,
    name,
    type,
    scheme: "internet-facing",
    ...(attributes ? { attributes } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// CloudTrail

export function trail(
  owner: string,
  name: string,
  p: Omit<CloudTrailTrail, "name" | "arn" | "ownerAccountId" | "eventSelectors"> &
    Partial<Pick<CloudTrailTrail, "eventSelectors">>,
): CloudTrailTrail {
  return {
    name,
    arn: `arn:aws:cloudtrail:${p.homeRegion}:${owner}:trail/${name}`,
    ownerAccountId: owner,
    eventSelectors: { basic: [managementSelector()], advanced: [] },
    ...p,
  };
}

/** A basic event selector: every management event, read and write, and the data resources given. */
export function managementSelector(dataResources: { type: string; values: string[] }[] = []) {
  return {
    readWriteType: "All" as const,
    includeManagementEvents: true,
    excludeManagementEventSources: [],
    dataResources,
  };
}

// ---------------------------------------------------------------------------------------------
// S3

const s3Arn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** The TLS-only statement; `bucketOnly` leaves the objects out (the near miss CIS fails). */
export function denyInsecureTransport(bucket: string, bucketOnly = false): S3Statement {
  return {
    sid: "DenyInsecureTransport",
    effect: "Deny",
    principal: "*",
    notPrincipal: false,
    actions: ["s3:*"],
    notActions: [],
    resources: bucketOnly ? [s3Arn(bucket)] : [s3Arn(bucket), `${s3Arn(bucket)}/*`],
    notResources: [],
    condition: { Bool: { "aws:SecureTransport": ["false"] } },
  };
}

export function publicRead(bucket: string): S3Statement {
  return {
    sid: "PublicReadGetObject",
    effect: "Allow",
    principal: "*",
    notPrincipal: false,
    actions: ["s3:GetObject"],
    notActions: [],
    resources: [`${s3Arn(bucket)}/*`],
    notResources: [],
    condition: {},
  };
}

export function serviceAllow(
  bucket: string,
  sid: string,
  service: string,
  actions: string[],
  condition: S3Statement["condition"],
): S3Statement {
  return {
    sid,
    effect: "Allow",
    principal: { Service: [service] },
    notPrincipal: false,
    actions,
    notActions: [],
    resources: [`${s3Arn(bucket)}/*`],
    notResources: [],
    condition,
  };
}

/** A private, versioned, ACL-less bucket with SSE-S3 and a TLS-only policy; override what the story is about. */
export function bucket(name: string, region: string, p: Partial<Omit<S3Bucket, "name" | "region">> = {}): S3Bucket {
  return {
    name,
    region,
    tags: {},
    policy: [denyInsecureTransport(name)],
    policyIsPublic: false,
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    aclGrants: [],
    objectOwnership: "BucketOwnerEnforced",
    versioning: "Enabled",
    mfaDelete: false,
    encryption: [{ algorithm: "AES256", bucketKeyEnabled: false }],
    ...p,
  };
}

export const sseKms = (keyArn: string) => [{ algorithm: "aws:kms", kmsKeyId: keyArn, bucketKeyEnabled: true }];

// ---------------------------------------------------------------------------------------------
// IAM

export const awsPolicy = (path: string): IamPolicyRef => ({
  name: path.split("/").pop()!,
  arn: `arn:aws:iam::aws:policy/${path}`,
});
export const ADMINISTRATOR_ACCESS = awsPolicy("AdministratorAccess");

export function allow(
  actions: string[],
  resources: string[] = ["*"],
  condition: IamStatement["condition"] = {},
): IamStatement {
  return { effect: "Allow", actions, resources, condition };
}

/** A customer-managed policy; its attachment count is filled in from who attaches it. */
export function customerPolicy(
  accountId: string,
  name: string,
  statements: IamStatement[],
  version = "v1",
): IamManagedPolicy {
  return {
    name,
    arn: `arn:aws:iam::${accountId}:policy/${name}`,
    attachmentCount: 0,
    defaultVersionId: version,
    document: { statements },
  };
}

export const policyRef = (p: IamManagedPolicy): IamPolicyRef => ({ name: p.name, arn: p.arn });

export function role(
  accountId: string,
  name: string,
  path: string,
  attached: IamPolicyRef[],
  inline: IamInlinePolicy[] = [],
): IamRoleDetail {
  return {
    name,
    arn: `arn:aws:iam::${accountId}:role${path}${name}`,
    path,
    attachedPolicies: attached,
    inlinePolicies: inline,
  };
}

export function group(
  accountId: string,
  name: string,
  attached: IamPolicyRef[],
  inline: IamInlinePolicy[] = [],
): IamGroupDetail {
  return { name, arn: `arn:aws:iam::${accountId}:group/${name}`, attachedPolicies: attached, inlinePolicies: inline };
}

/** An access key: created on `created`, deleted on `deleted`; `used` false for a key nobody ever called with. */
export type KeySpec = { created: number; deleted?: number; used?: boolean };

/** An IAM user as both the credential report and GetAccountAuthorizationDetails see it. */
export type UserSpec = {
  name: string;
  created: number;
  /** Console access; `lastLogin` pins the last sign-in to a day (else the user signs in daily). */
  console?: { mfa: boolean; lastLogin?: number };
  keys?: [KeySpec?, KeySpec?];
  groups?: string[];
  attached?: IamPolicyRef[];
  inline?: IamInlinePolicy[];
};

const NO_KEY: CredentialReportKey = { active: false, lastRotated: null, lastUsed: null };

function reportKey(spec: KeySpec | undefined, day: number, seed: string): CredentialReportKey {
  if (!spec || spec.created > day || (spec.deleted !== undefined && day >= spec.deleted)) return NO_KEY;
  const created = demoDate(spec.created);
  if (spec.used === false) return { active: true, lastRotated: created, lastUsed: null };
  const used = recently(day, seed);
  return { active: true, lastRotated: created, lastUsed: used < created ? created : used };
}

export function reportEntry(accountId: string, u: UserSpec, day: number): CredentialReportEntry {
  const seed = `${accountId}:${u.name}`;
  return {
    user: u.name,
    arn: `arn:aws:iam::${accountId}:user/${u.name}`,
    root: false,
    userCreatedAt: demoDate(u.created),
    passwordEnabled: u.console !== undefined,
    passwordLastUsed: u.console
      ? u.console.lastLogin !== undefined
        ? demoDate(u.console.lastLogin, -7)
        : recently(day, `${seed}:console`)
      : null,
    passwordLastChanged: u.console ? demoDate(u.created) : null,
    mfaActive: u.console?.mfa ?? false,
    accessKeys: [reportKey(u.keys?.[0], day, `${seed}:key1`), reportKey(u.keys?.[1], day, `${seed}:key2`)],
  };
}

export function userDetail(accountId: string, u: UserSpec): IamUserDetail {
  return {
    name: u.name,
    arn: `arn:aws:iam::${accountId}:user/${u.name}`,
    groups: u.groups ?? [],
    attachedPolicies: u.attached ?? [],
    inlinePolicies: u.inline ?? [],
  };
}

export type RootSpec = { mfa: boolean; lastLogin: number | null; accessKey?: KeySpec & { lastUsed: number } };

export function rootEntry(accountId: string, r: RootSpec, day: number): CredentialReportEntry {
  const key = r.accessKey;
  const keyPresent = key !== undefined && key.created <= day && (key.deleted === undefined || day < key.deleted);
  return {
    user: "<root_account>",
    arn: `arn:aws:iam::${accountId}:root`,
    root: true,
    userCreatedAt: demoDate(-1400 + (Number(accountId.slice(-3)) % 300)),
    passwordEnabled: null,
    passwordLastUsed: r.lastLogin === null ? null : demoDate(r.lastLogin, -3),
    passwordLastChanged: null,
    mfaActive: r.mfa,
    accessKeys: [
      keyPresent ? { active: true, lastRotated: demoDate(key.created), lastUsed: demoDate(key.lastUsed) } : NO_KEY,
      NO_KEY,
    ],
  };
}

export function serverCertificate(accountId: string, name: string, expiration: Date, uploadDate: Date) {
  return { name, arn: `arn:aws:iam::${accountId}:server-certificate/${name}`, expiration, uploadDate };
}

export function efsFileSystem(accountId: string, region: string, id: string, name: string, encrypted: boolean) {
  return {
    fileSystemId: id,
    arn: `arn:aws:elasticfilesystem:${region}:${accountId}:file-system/${id}`,
    name,
    encrypted,
    kmsKeyId: encrypted ? `arn:aws:kms:${region}:${accountId}:alias/aws/elasticfilesystem` : undefined,
    lifeCycleState: "available",
    ownerId: accountId,
  };
}
