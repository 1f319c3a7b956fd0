// The inventory: every key a check may require, its type and which unit reads it, assembled here from
// each service's types. A new service adds its keys here and its readers in lib/aws/readers.ts.
import type { AccessAnalyzer } from "./accessanalyzer/types";
import type { AccountAlternateContacts } from "./account/types";
import type { BillingAlarm, Budget } from "./billing/types";
import type { CloudTrailTrail } from "./cloudtrail/types";
import type { ConfigRecorder } from "./config/types";
import type {
  DefaultSecurityGroup,
  DefaultVpcUsage,
  EbsEncryptionByDefault,
  Ec2Instance,
  FlowLog,
  NetworkAcl,
  SecurityGroup,
  Vpc,
} from "./ec2/types";
import type { EcrRegistryScanning, EcrRepository } from "./ecr/types";
import type { EcsTaskDefinition } from "./ecs/types";
import type { LoadBalancer } from "./elbv2/types";
import type { AccountClients } from "./factory";
import type { SesRegion } from "./ses/types";
import type { GuardDutyDetector, GuardDutyFindingsRead, GuardDutyOrganization } from "./guardduty/types";
import type { EfsFileSystem } from "./efs/types";
import type {
  IamAccountSummary,
  IamAuthorizationDetails,
  IamCredentialReport,
  IamPasswordPolicy,
  IamServerCertificate,
} from "./iam/types";
import type { KmsKey } from "./kms/types";
import type { RdsInstance, RdsParameterGroups } from "./rds/types";
import type { S3AccountPublicAccessBlock, S3Bucket } from "./s3/types";
import type { SecurityHubStatus } from "./securityhub/types";

/** What an account's global unit reads (global services, read once per account). */
export type GlobalInventory = {
  iamAccountSummary: IamAccountSummary;
  iamCredentialReport: IamCredentialReport;
  iamAuthorizationDetails: IamAuthorizationDetails;
  iamPasswordPolicy: IamPasswordPolicy;
  iamServerCertificates: IamServerCertificate[];
  accountAlternateContacts: AccountAlternateContacts;
  s3AccountPublicAccessBlock: S3AccountPublicAccessBlock;
  s3Buckets: S3Bucket[];
  cloudTrails: CloudTrailTrail[];
  budgets: Budget[];
  billingAlarms: BillingAlarm[];
};

/** What an account × region unit reads. */
export type RegionalInventory = {
  accessAnalyzers: AccessAnalyzer[];
  configRecorders: ConfigRecorder[];
  guardDutyDetectors: GuardDutyDetector[];
  guardDutyOrganization: GuardDutyOrganization;
  guardDutyFindings: GuardDutyFindingsRead;
  securityHub: SecurityHubStatus;
  kmsKeys: KmsKey[];
  securityGroups: SecurityGroup[];
  defaultSecurityGroups: DefaultSecurityGroup[];
  ec2Instances: Ec2Instance[];
  vpcs: Vpc[];
  flowLogs: FlowLog[];
  networkAcls: NetworkAcl[];
  defaultVpcUsage: DefaultVpcUsage[];
  ebsEncryptionByDefault: EbsEncryptionByDefault;
  rdsInstances: RdsInstance[];
  rdsParameterGroups: RdsParameterGroups;
  /** Every ACTIVE task definition revision (older ones can still be run). */
  ecsTaskDefinitions: EcsTaskDefinition[];
  ecrRepositories: EcrRepository[];
  ecrRegistryScanning: EcrRegistryScanning;
  elbv2LoadBalancers: LoadBalancer[];
  efsFileSystems: EfsFileSystem[];
  ses: SesRegion;
};

export type Inventory = GlobalInventory & RegionalInventory;
export type GlobalKey = keyof GlobalInventory;
export type RegionalKey = keyof RegionalInventory;
export type InventoryKey = keyof Inventory;

/** What one unit read: a key is absent when its reader failed or no enabled check needed it. */
export type CollectedInventory = Partial<Inventory>;

/** Which unit reads each key, for code that must tell at run time (organization-wide checks). */
export const INVENTORY_SCOPE = {
  iamAccountSummary: "global",
  iamCredentialReport: "global",
  iamAuthorizationDetails: "global",
  iamPasswordPolicy: "global",
  iamServerCertificates: "global",
  accountAlternateContacts: "global",
  s3AccountPublicAccessBlock: "global",
  s3Buckets: "global",
  cloudTrails: "global",
  budgets: "global",
  billingAlarms: "global",
  accessAnalyzers: "regional",
  configRecorders: "regional",
  guardDutyDetectors: "regional",
  guardDutyOrganization: "regional",
  guardDutyFindings: "regional",
  securityHub: "regional",
  kmsKeys: "regional",
  securityGroups: "regional",
  defaultSecurityGroups: "regional",
  ec2Instances: "regional",
  vpcs: "regional",
  flowLogs: "regional",
  networkAcls: "regional",
  defaultVpcUsage: "regional",
  ebsEncryptionByDefault: "regional",
  rdsInstances: "regional",
  rdsParameterGroups: "regional",
  ecsTaskDefinitions: "regional",
  ecrRepositories: "regional",
  ecrRegistryScanning: "regional",
  elbv2LoadBalancers: "regional",
  efsFileSystems: "regional",
  ses: "regional",
} as const satisfies { [K in GlobalKey]: "global" } & { [K in RegionalKey]: "regional" };

/** Keys the collector stores for pages of their own (not for checks), read whenever their service is. */
export const STORED_WITH: Partial<Record<InventoryKey, readonly InventoryKey[]>> = {
  guardDutyDetectors: ["guardDutyOrganization", "guardDutyFindings"],
};

export type CollectContext = {
  clients: AccountClients;
  accountId: string;
  region: string;
  homeRegion: string;
  signal: AbortSignal;
  /** The organization's management account: only it may ask for delegated administrators. */
  isManagement?: boolean;
  /** What readers resume from: GuardDuty's last successful findings read per "region/detectorId". */
  resume?: ReaderResume;
};

export type ReaderResume = {
  guardDutyFindingsSince?: Readonly<Record<string, string>>;
  /** Accounts this run collects: a member whose GuardDuty administrator is one of them skips its own read. */
  collectedAccounts?: readonly string[];
};

/** Reads one inventory key, for the account's global unit or for one region. */
export type InventoryReader = {
  [K in InventoryKey]: {
    key: K;
    scope: (typeof INVENTORY_SCOPE)[K];
    collect: (ctx: CollectContext) => Promise<Inventory[K]>;
  };
}[InventoryKey];
