// The demo organization ("Acme"): each account's inventory on each of 90 simulated days, for the real checks
// to judge. Each account's function tells its part of the story; DEMO_STORY holds the days (0 = 89 days ago).
// GuardDuty (see withGuardDuty): on everywhere but web-prod's unused region, administered by security-tooling.

import type { GlobalInventory, RegionalInventory } from "@/lib/aws/inventory";
import type { S3AccountPublicAccessBlock } from "@/lib/aws/s3/types";
import type { AccountAlternateContacts } from "@/lib/aws/account/types";
import type { BillingAlarm, Budget } from "@/lib/aws/billing/types";
import type { CloudTrailTrail } from "@/lib/aws/cloudtrail/types";
import { secretValueHints } from "@/lib/aws/ecs/ecs";
import type { EcsContainer } from "@/lib/aws/ecs/types";
import type {
  IamAuthorizationDetails,
  IamGroupDetail,
  IamManagedPolicy,
  IamPasswordPolicy,
  IamServerCertificate,
  IamRoleDetail,
} from "@/lib/aws/iam/types";
import type { S3Bucket } from "@/lib/aws/s3/types";
import { checkSettingsSchema, type CheckSettings } from "@/lib/checks/settings";
import {
  ADMINISTRATOR_ACCESS,
  DEMO_DAYS,
  DEMO_TODAY,
  WORLD,
  addDefaultVpcUsage,
  addInstance,
  addVpc,
  allTraffic,
  allow,
  awsPolicy,
  bucket,
  customerKey,
  customerPolicy,
  demoDate,
  denyInsecureTransport,
  during,
  ecrRepository,
  fromGroup,
  group,
  loadBalancer,
  policyRef,
  publicRead,
  rdsInstance,
  regionBaseline,
  sesSending,
  reportEntry,
  role,
  rootEntry,
  securityGroup,
  serviceAllow,
  sseKms,
  taskDefinition,
  tcp,
  trail,
  userDetail,
  type DemoRegional,
  type RegionBaseline,
  type RootSpec,
  type UserSpec,
  efsFileSystem,
  managementSelector,
  serverCertificate,
} from "./builders";
import { hex, seededInt } from "./random";

export { DEMO_DAYS, DEMO_TODAY, demoDate } from "./builders";

export type DemoAccount = {
  id: string;
  name: string;
  email: string;
  ouPath: string;
  environment: "prod" | "staging" | "dev" | "other";
  tags: Record<string, string>;
};

const ORGANIZATION_ID = "o-demo4x7k2p9q";

export const DEMO_ACCOUNT_IDS = {
  management: "210987654321",
  logArchive: "310987654322",
  securityTooling: "410987654323",
  paymentsProd: "510987654324",
  webProd: "610987654325",
  webStaging: "710987654326",
  dataDev: "810987654327",
  sandboxDev: "910987654328",
} as const;

const ID = DEMO_ACCOUNT_IDS;

const PRIMARY = "us-east-1";
const EU = "eu-west-1";
/** Enabled in every account (it is a default region) but used by nobody. */
const UNUSED = "ap-southeast-2";
const REGIONS = [PRIMARY, EU, UNUSED];

const LOG_ARCHIVE_BUCKET = `acme-org-cloudtrail-logs-${ID.logArchive}`;
const ON_PREMISES = "10.0.0.0/16";

/** The day each event of the story happens (a problem appears on `…From` and is fixed on `…Until`). */
export const DEMO_STORY = {
  rootKeyRemovedDay: 60,
  sandboxRootMfaDay: 20,
  webProdExtraAdmins: { from: 15, until: 55 },
  /** Days whose collection sees the last two hours of spam through SES (cost: the SES spike). */
  webProdSesSpikeDays: [79, 80, 81],
  webProdCiKeyRotatedDay: 64,
  webProdVersioningDay: 45,
  webProdKmsRotationDay: 30,
  webProdLegacyCronReplacedDay: 50,
  paymentsDbOpen: { from: 30, until: 75 },
  paymentsSecretsMovedDay: 84,
  dataDevRdpOpen: { from: 20, until: 34 },
  dataDevMfaFixedDay: 45,
  dataDevAdminRemovedDay: 60,
  dataDevOldKeyDeletedDay: 50,
  dataDevConfigStopped: { from: 55, until: 62 },
  miningStartDay: 70,
  dataDevBudgetDay: 75,
  webStagingSecurityHubDay: 25,
  webStagingContactsDay: 35,
  publicBucketDay: 40,
  contractorRemovedDay: 82,
  logArchiveElbBucketFixedDay: 58,
  sandboxAllPorts: { from: 62, until: 85 },
  cfnBucketFixedDay: 12,
  webStagingDefaultSgDay: 66,
  webStagingAlbDay: 68,
  webStagingImdsV2Day: 72,
  dataDevAnalyzerDay: 77,
  dataDevAirflowFixedDay: 78,
  dataDevFlowLogsDay: 79,
  sandboxPolicyAndContactsDay: 80,
  /** Days whose collection of web-staging fails: its audit role was deleted, then redeployed. */
  webStagingRoleMissing: { from: 50, until: 53 },
} as const;
const S = DEMO_STORY;

const accounts: DemoAccount[] = [
  {
    id: ID.management,
    name: "management",
    email: "aws-management@acme-corp.example",
    ouPath: "Root",
    environment: "other",
    tags: { Environment: "shared", Owner: "cloud-platform", CostCenter: "CC-1000" },
  },
  {
    id: ID.logArchive,
    name: "log-archive",
    email: "aws-log-archive@acme-corp.example",
    ouPath: "Root/Security",
    environment: "other",
    tags: { Environment: "shared", Owner: "security", CostCenter: "CC-1100" },
  },
  {
    id: ID.securityTooling,
    name: "security-tooling",
    email: "aws-security-tooling@acme-corp.example",
    ouPath: "Root/Security",
    environment: "other",
    tags: { Environment: "shared", Owner: "security", CostCenter: "CC-1100" },
  },
  {
    id: ID.paymentsProd,
    name: "payments-prod",
    email: "aws-payments-prod@acme-corp.example",
    ouPath: "Root/Workloads/Prod",
    environment: "prod",
    tags: { Environment: "prod", Owner: "payments", CostCenter: "CC-2100", DataClassification: "confidential" },
  },
  {
    id: ID.webProd,
    name: "web-prod",
    email: "aws-web-prod@acme-corp.example",
    ouPath: "Root/Workloads/Prod",
    environment: "prod",
    tags: { Environment: "prod", Owner: "web", CostCenter: "CC-2200" },
  },
  {
    id: ID.webStaging,
    name: "web-staging",
    email: "aws-web-staging@acme-corp.example",
    ouPath: "Root/Workloads/Staging",
    environment: "staging",
    tags: { Environment: "staging", Owner: "web", CostCenter: "CC-2200" },
  },
  {
    id: ID.dataDev,
    name: "data-dev",
    email: "aws-data-dev@acme-corp.example",
    ouPath: "Root/Workloads/Dev",
    environment: "dev",
    tags: { Environment: "dev", Owner: "data-engineering", CostCenter: "CC-3100" },
  },
  {
    id: ID.sandboxDev,
    name: "sandbox-dev",
    email: "aws-sandbox-dev@acme-corp.example",
    ouPath: "Root/Sandbox",
    environment: "dev",
    tags: { Environment: "sandbox", Owner: "engineering", CostCenter: "CC-9000" },
  },
];

export const demoOrganization: {
  organizationId: string;
  managementAccountId: string;
  accounts: DemoAccount[];
  regions: string[];
  checkSettings: CheckSettings;
} = {
  organizationId: ORGANIZATION_ID,
  managementAccountId: ID.management,
  accounts,
  regions: REGIONS,
  checkSettings: checkSettingsSchema.parse({
    unusedRegions: [UNUSED],
    logArchiveBucket: LOG_ARCHIVE_BUCKET,
    logArchiveAccountId: ID.logArchive,
    onPremisesCidrs: [ON_PREMISES],
    adminUserThreshold: 2,
    prodSeverityRaise: 1,
    sensitiveDataTag: { key: "DataClassification", values: ["confidential", "restricted", "sensitive", "pii"] },
  }),
};

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** What every account's global unit collects. */
type DemoGlobal = Required<
  Pick<
    GlobalInventory,
    | "iamAccountSummary"
    | "s3AccountPublicAccessBlock"
    | "iamCredentialReport"
    | "iamAuthorizationDetails"
    | "iamPasswordPolicy"
    | "accountAlternateContacts"
    | "cloudTrails"
    | "s3Buckets"
    | "budgets"
    | "billingAlarms"
    | "iamServerCertificates"
  >
>;

type DemoUnitInventory = { global: DemoGlobal; regions: Record<string, DemoRegional> };

const STRONG_PASSWORD_POLICY: IamPasswordPolicy = {
  configured: true,
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

const BPA_ON: S3AccountPublicAccessBlock = {
  configured: true,
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

type ContactKind = keyof AccountAlternateContacts;

function contacts(...set: ContactKind[]): AccountAlternateContacts {
  const address: Record<ContactKind, string> = {
    security: "security@acme-corp.example",
    billing: "finance-ops@acme-corp.example",
    operations: "cloud-oncall@acme-corp.example",
  };
  return {
    security: set.includes("security") ? { email: address.security } : null,
    billing: set.includes("billing") ? { email: address.billing } : null,
    operations: set.includes("operations") ? { email: address.operations } : null,
  };
}

const ALL_CONTACTS: ContactKind[] = ["security", "billing", "operations"];

function monthlyBudget(name: string, amount: number): Budget {
  return { name, type: "COST", timeUnit: "MONTHLY", limitAmount: amount.toFixed(1), limitUnit: "USD" };
}

/** The KMS key that encrypts the organization trail (management account, us-east-1). */
const orgTrailKey = () => customerKey(ID.management, PRIMARY, "org-cloudtrail", true);

/** The organization trail, as its owner and every member see it (GetTrailStatus by ARN answers for members too). */
function organizationTrail(): CloudTrailTrail {
  return trail(ID.management, "acme-org-trail", {
    homeRegion: PRIMARY,
    isMultiRegion: true,
    isOrganizationTrail: true,
    s3BucketName: LOG_ARCHIVE_BUCKET,
    logFileValidationEnabled: true,
    kmsKeyId: orgTrailKey().arn,
    isLogging: true,
    // Management events, and S3 object writes on every bucket (reads are too costly organization-wide).
    eventSelectors: {
      basic: [],
      advanced: [
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
          name: "S3 object writes",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "readOnly", equals: ["false"] },
          ],
        },
      ],
    },
  });
}

/** Roles every account vended by Control Tower has, plus the CIS support role where it was created. */
function baseRoles(accountId: string, supportRole: boolean): IamRoleDetail[] {
  const sso = (permissionSet: string, policy: string) =>
    role(
      accountId,
      `AWSReservedSSO_${permissionSet}_${hex(`sso:${accountId}:${permissionSet}`, 16)}`,
      "/aws-reserved/sso.amazonaws.com/",
      [awsPolicy(policy)],
    );
  return [
    role(accountId, "AWSControlTowerExecution", "/", [ADMINISTRATOR_ACCESS]),
    role(accountId, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/", [
      awsPolicy("aws-service-role/AWSConfigServiceRolePolicy"),
    ]),
    role(accountId, "AWSServiceRoleForAmazonGuardDuty", "/aws-service-role/guardduty.amazonaws.com/", [
      awsPolicy("aws-service-role/AmazonGuardDutyServiceRolePolicy"),
    ]),
    sso("AdministratorAccess", "AdministratorAccess"),
    sso("ReadOnlyAccess", "ReadOnlyAccess"),
    role(accountId, "PostureReadOnly", "/", [awsPolicy("SecurityAudit"), awsPolicy("job-function/ViewOnlyAccess")]),
    ...(supportRole ? [role(accountId, "aws-support-access", "/", [awsPolicy("AWSSupportAccess")])] : []),
  ];
}

type AccountShell = {
  root: RootSpec;
  users: UserSpec[];
  groups?: IamGroupDetail[];
  roles?: IamRoleDetail[];
  policies?: IamManagedPolicy[];
  supportRole: boolean;
  passwordPolicy: IamPasswordPolicy;
  contacts: AccountAlternateContacts;
  accountBpa: S3AccountPublicAccessBlock;
  trails: CloudTrailTrail[];
  buckets: S3Bucket[];
  budgets: Budget[];
  billingAlarms?: BillingAlarm[];
  serverCertificates?: IamServerCertificate[];
  region: (region: string) => RegionBaseline;
};

/** The policies' attachment counts follow from who attaches them. */
function withAttachmentCounts(
  details: Omit<IamAuthorizationDetails, "policies">,
  policies: IamManagedPolicy[],
): IamAuthorizationDetails {
  const refs = [...details.users, ...details.groups, ...details.roles].flatMap((p) =>
    p.attachedPolicies.map((r) => r.arn),
  );
  return {
    ...details,
    policies: policies.map((p) => ({ ...p, attachmentCount: refs.filter((arn) => arn === p.arn).length })),
  };
}

function shell(accountId: string, day: number, a: AccountShell): DemoUnitInventory {
  const users = a.users.filter((u) => u.created <= day);
  const entries = [rootEntry(accountId, a.root, day), ...users.map((u) => reportEntry(accountId, u, day))];
  const rootKeys = entries[0]!.accessKeys.filter((k) => k.active).length;
  const details = withAttachmentCounts(
    {
      users: users.map((u) => userDetail(accountId, u)),
      groups: a.groups ?? [],
      roles: [...baseRoles(accountId, a.supportRole), ...(a.roles ?? [])],
    },
    a.policies ?? [],
  );
  const mfaUsers = users.filter((u) => u.console?.mfa).length;
  const raw: Record<string, number> = {
    Users: users.length,
    Groups: details.groups.length,
    Roles: details.roles.length,
    Policies: details.policies.length,
    AccountMFAEnabled: a.root.mfa ? 1 : 0,
    AccountAccessKeysPresent: rootKeys,
    MFADevices: mfaUsers + (a.root.mfa ? 1 : 0),
    MFADevicesInUse: mfaUsers + (a.root.mfa ? 1 : 0),
    AccessKeysPerUserQuota: 2,
    UsersQuota: 5000,
    GroupsQuota: 300,
    RolesQuota: 1000,
    PoliciesQuota: 1500,
  };
  return {
    global: {
      iamAccountSummary: {
        accountMfaEnabled: a.root.mfa,
        accountAccessKeysPresent: rootKeys > 0,
        users: users.length,
        raw,
      },
      s3AccountPublicAccessBlock: a.accountBpa,
      iamCredentialReport: { generatedAt: demoDate(day), entries },
      iamAuthorizationDetails: details,
      iamPasswordPolicy: a.passwordPolicy,
      accountAlternateContacts: a.contacts,
      cloudTrails: a.trails,
      s3Buckets: a.buckets,
      budgets: a.budgets,
      billingAlarms: a.billingAlarms ?? [],
      iamServerCertificates: a.serverCertificates ?? [],
    },
    regions: Object.fromEntries(
      REGIONS.map((r) => [r, regionBaseline(accountId, r, withGuardDuty(accountId, r, a.region(r)))]),
    ),
  };
}

/** The organization's GuardDuty, set up by its delegated administrator rather than account by account. */
function withGuardDuty(accountId: string, region: string, b: RegionBaseline): RegionBaseline {
  return {
    ...b,
    guardDuty: !(accountId === ID.webProd && region === UNUSED),
    guardDutyRuntime: accountId !== ID.sandboxDev,
    guardDutyAdmin: accountId === ID.securityTooling ? undefined : ID.securityTooling,
    guardDutyDelegated: accountId === ID.management ? ID.securityTooling : undefined,
  };
}

/** The governed baseline (Control Tower + StackSets): every detective control on, GuardDuty only where used. */
const governed =
  (p: Partial<RegionBaseline> = {}) =>
  (region: string): RegionBaseline => ({
    guardDuty: region !== UNUSED,
    securityHub: true,
    config: "recording",
    accessAnalyzer: true,
    ebsDefaultEncryption: true,
    ...p,
  });

const region = (inv: DemoUnitInventory, name: string): DemoRegional => inv.regions[name]!;

/** Plain environment variables as ECS returns them, passed through the reader's classifier: the values stay here. */
function plainEnvironment(vars: Record<string, string>): EcsContainer["environment"] {
  return Object.entries(vars).map(([name, value]) => ({ name, valueHints: secretValueHints(value) }));
}

/** The description the EC2 console's launch wizard gives the groups it creates. */
const wizardDescription = (n: number, day: number) =>
  `launch-wizard-${n} created ${demoDate(day).toISOString().replace("T", " ").slice(0, 19)}`;

// Obviously fake values (AWS documents the EXAMPLE convention): the classifier must still flag them.
const FAKE_ACCESS_KEY_ID = "AKIAEXAMPLEDEMO00001";
const FAKE_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// ---------------------------------------------------------------------------------------------
// Accounts

// management: a root access key until its removal, which took a root sign-in (so root is "recently used"
// from then on); the operations contact never set; CloudFormation's template bucket fixed early.
function management(day: number): DemoUnitInventory {
  const id = ID.management;
  const bootstrap = customerPolicy(
    id,
    "OrgBootstrap",
    [
      allow(["organizations:Describe*", "organizations:List*", "sso:*", "controltower:*", "cloudformation:*"]),
      allow(["iam:CreateRole", "iam:AttachRolePolicy", "iam:PassRole"], [`arn:aws:iam::*:role/acme-*`]),
    ],
    "v4",
  );
  const cfnBucket = `cf-templates-1x8k2m9d0q7z-${PRIMARY}`;
  const inv = shell(id, day, {
    root: {
      mfa: true,
      lastLogin: day >= S.rootKeyRemovedDay ? S.rootKeyRemovedDay : -150,
      accessKey: { created: -1100, deleted: S.rootKeyRemovedDay, lastUsed: -120 },
    },
    users: [
      { name: "finance-billing", created: -700, console: { mfa: true }, attached: [awsPolicy("job-function/Billing")] },
      // Rotated on day 50 with a one-day overlap of both keys.
      {
        name: "terraform-org-bootstrap",
        created: -500,
        keys: [{ created: -40, deleted: 51 }, { created: 50 }],
        attached: [policyRef(bootstrap)],
      },
    ],
    policies: [bootstrap],
    supportRole: true,
    passwordPolicy: STRONG_PASSWORD_POLICY,
    contacts: contacts("security", "billing"),
    accountBpa: BPA_ON,
    trails: [organizationTrail()],
    buckets: [
      bucket(`acme-cur-reports-${id}`, PRIMARY, {
        tags: { Purpose: "cost-and-usage-report" },
        policy: [
          serviceAllow(
            `acme-cur-reports-${id}`,
            "AllowBillingReports",
            "billingreports.amazonaws.com",
            ["s3:PutObject"],
            { StringEquals: { "aws:SourceAccount": [id] } },
          ),
          denyInsecureTransport(`acme-cur-reports-${id}`),
        ],
      }),
      // Created by the CloudFormation console: no policy, never versioned, until a clean-up on day 12.
      day >= S.cfnBucketFixedDay
        ? bucket(cfnBucket, PRIMARY)
        : bucket(cfnBucket, PRIMARY, { policy: null, versioning: "Off" }),
    ],
    budgets: [monthlyBudget("acme-org-monthly-total", 45000)],
    billingAlarms: [
      {
        name: "org-estimated-charges-over-40k",
        arn: `arn:aws:cloudwatch:${PRIMARY}:${id}:alarm:org-estimated-charges-over-40k`,
        metric: "EstimatedCharges (USD)",
        state: "OK",
        threshold: 40000,
        actionsEnabled: true,
        alarmActions: [`arn:aws:sns:${PRIMARY}:${id}:finance-alerts`],
      },
    ],
    region: governed(),
  });
  region(inv, PRIMARY).kmsKeys.push(orgTrailKey());
  return inv;
}

// log-archive: the organization trail's bucket, and an ELB access-log bucket with ACLs and no versioning
// until it is brought to the baseline.
function logArchive(day: number): DemoUnitInventory {
  const id = ID.logArchive;
  const key = customerKey(id, PRIMARY, "s3-log-archive", true);
  const elbLogs = `acme-elb-access-logs-${id}`;
  const configLogs = `acme-org-config-history-${id}`;
  const inv = shell(id, day, {
    root: { mfa: true, lastLogin: null },
    users: [],
    supportRole: true,
    passwordPolicy: STRONG_PASSWORD_POLICY,
    contacts: contacts(...ALL_CONTACTS),
    accountBpa: BPA_ON,
    trails: [organizationTrail()],
    buckets: [
      bucket(LOG_ARCHIVE_BUCKET, PRIMARY, {
        tags: { DataClassification: "restricted", Purpose: "cloudtrail" },
        encryption: sseKms(key.arn),
        policy: [
          serviceAllow(LOG_ARCHIVE_BUCKET, "AWSCloudTrailWrite", "cloudtrail.amazonaws.com", ["s3:PutObject"], {
            StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control"], "aws:SourceOrgID": [ORGANIZATION_ID] },
          }),
          denyInsecureTransport(LOG_ARCHIVE_BUCKET),
        ],
      }),
      bucket(configLogs, PRIMARY, {
        tags: { DataClassification: "restricted", Purpose: "config" },
        encryption: sseKms(key.arn),
        policy: [
          serviceAllow(configLogs, "AWSConfigWrite", "config.amazonaws.com", ["s3:PutObject"], {
            StringEquals: { "aws:SourceOrgID": [ORGANIZATION_ID] },
          }),
          denyInsecureTransport(configLogs),
        ],
      }),
      // Load balancer log delivery used to need ACLs; the bucket was brought to the baseline on day 58.
      bucket(elbLogs, PRIMARY, {
        tags: { Purpose: "elb-access-logs" },
        ...(day >= S.logArchiveElbBucketFixedDay
          ? {
              policy: [
                serviceAllow(
                  elbLogs,
                  "AllowELBLogDelivery",
                  "logdelivery.elasticloadbalancing.amazonaws.com",
                  ["s3:PutObject"],
                  {},
                ),
                denyInsecureTransport(elbLogs),
              ],
            }
          : {
              objectOwnership: "BucketOwnerPreferred",
              versioning: "Off",
              policy: [
                serviceAllow(
                  elbLogs,
                  "AllowELBLogDelivery",
                  "logdelivery.elasticloadbalancing.amazonaws.com",
                  ["s3:PutObject"],
                  {},
                ),
              ],
            }),
      }),
    ],
    budgets: [monthlyBudget("log-archive-monthly", 1200)],
    region: governed(),
  });
  region(inv, PRIMARY).kmsKeys.push(key);
  return inv;
}

// security-tooling: the clean account, delegated administrator; everything passes but the unused region.
function securityTooling(day: number): DemoUnitInventory {
  const id = ID.securityTooling;
  const key = customerKey(id, PRIMARY, "security-findings", true);
  const findings = `acme-security-findings-${id}`;
  const inv = shell(id, day, {
    root: { mfa: true, lastLogin: null },
    users: [],
    roles: [role(id, "siem-forwarder", "/", [awsPolicy("AWSSecurityHubReadOnlyAccess")])],
    supportRole: true,
    passwordPolicy: STRONG_PASSWORD_POLICY,
    contacts: contacts(...ALL_CONTACTS),
    accountBpa: BPA_ON,
    trails: [organizationTrail()],
    buckets: [
      bucket(findings, PRIMARY, {
        tags: { DataClassification: "sensitive", Purpose: "security-findings" },
        encryption: sseKms(key.arn),
      }),
    ],
    budgets: [monthlyBudget("security-tooling-monthly", 1500)],
    region: governed(),
  });
  for (const r of [PRIMARY, EU]) {
    // The organization's delegated administrator for IAM Access Analyzer.
    region(inv, r).accessAnalyzers.push({
      arn: `arn:aws:access-analyzer:${r}:${id}:analyzer/acme-organization`,
      name: "acme-organization",
      type: "ORGANIZATION",
      status: "ACTIVE",
    });
  }
  const us = region(inv, PRIMARY);
  us.kmsKeys.push(key);
  const net = addVpc(us, id, PRIMARY, {
    name: "security-tooling",
    cidr: "10.50.0.0/24",
    flowLogs: true,
    hardenedNacl: true,
    restrictDefaultSg: true,
    subnets: 2,
  });
  const forwarderSg = securityGroup(
    id,
    PRIMARY,
    net.vpc.vpcId,
    "siem-forwarder",
    "SIEM log forwarder: egress only",
    [],
  );
  us.securityGroups.push(forwarderSg);
  addInstance(us, id, PRIMARY, net, {
    name: "siem-forwarder-1",
    profile: "siem-forwarder",
    groups: [forwarderSg],
    subnet: 0,
    imds: "required",
  });
  return inv;
}

// payments-prod: mostly clean; PostgreSQL 5432 open to the world for a month and a half ("vendor debugging"), the
// payments-api task definition's keys in plain environment variables until the last week, and a VPC range
// that is also web-prod's.
function paymentsProd(day: number): DemoUnitInventory {
  const id = ID.paymentsProd;
  const dataKey = customerKey(id, PRIMARY, "payments-data", true);
  const deploy = customerPolicy(id, "PaymentsCiDeploy", [
    allow(["ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecs:DescribeServices", "ecr:GetAuthorizationToken"]),
    allow(
      [
        "ecr:BatchCheckLayerAvailability",
        "ecr:PutImage",
        "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload",
      ],
      [`arn:aws:ecr:${PRIMARY}:${id}:repository/payments-*`],
    ),
    allow(
      ["iam:PassRole"],
      [`arn:aws:iam::${id}:role/payments-api-task`, `arn:aws:iam::${id}:role/payments-ecs-execution`],
    ),
  ]);
  const statements = `acme-payments-prod-statements-${id}`;
  const inv = shell(id, day, {
    root: { mfa: true, lastLogin: null },
    users: [
      // Rotated every ~60 days; both keys live for a day while the pipeline switches.
      {
        name: "payments-ci",
        created: -400,
        keys: [{ created: -50, deleted: 11 }, { created: 10 }],
        attached: [policyRef(deploy)],
      },
    ],
    policies: [deploy],
    roles: [
      role(
        id,
        "payments-api-task",
        "/",
        [],
        [
          {
            name: "payments-api",
            document: {
              statements: [
                allow(
                  ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
                  [`arn:aws:dynamodb:${PRIMARY}:${id}:table/payments-*`],
                ),
                allow(["kms:Decrypt", "kms:GenerateDataKey"], [dataKey.arn]),
              ],
            },
          },
        ],
      ),
      role(id, "payments-ecs-execution", "/", [awsPolicy("service-role/AmazonECSTaskExecutionRolePolicy")]),
      role(id, "payments-worker", "/", [awsPolicy("AmazonSSMManagedInstanceCore")]),
    ],
    supportRole: true,
    passwordPolicy: STRONG_PASSWORD_POLICY,
    contacts: contacts(...ALL_CONTACTS),
    accountBpa: BPA_ON,
    // PCI: every read and write of cardholder objects is logged, by a trail of the account's own.
    trails: [
      organizationTrail(),
      trail(id, "payments-s3-data-events", {
        homeRegion: PRIMARY,
        isMultiRegion: true,
        isOrganizationTrail: false,
        s3BucketName: LOG_ARCHIVE_BUCKET,
        logFileValidationEnabled: true,
        kmsKeyId: dataKey.arn,
        isLogging: true,
        eventSelectors: {
          basic: [managementSelector([{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }])],
          advanced: [],
        },
      }),
    ],
    buckets: [
      bucket(statements, PRIMARY, {
        tags: { DataClassification: "confidential", Owner: "payments" },
        encryption: sseKms(dataKey.arn),
      }),
      bucket(`acme-payments-prod-artifacts-${id}`, PRIMARY, { tags: { Owner: "payments" } }),
    ],
    budgets: [monthlyBudget("payments-prod-monthly", 16000)],
    region: governed(),
  });
  const us = region(inv, PRIMARY);
  us.kmsKeys.push(
    dataKey,
    customerKey(id, PRIMARY, "payments-webhook-signing", null, { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
  );
  const net = addVpc(us, id, PRIMARY, {
    name: "payments-prod",
    cidr: "10.20.0.0/16",
    flowLogs: true,
    hardenedNacl: true,
    restrictDefaultSg: true,
    subnets: 3,
  });
  const albSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "payments-alb", "Payments API load balancer", [
    tcp(443, WORLD),
  ]);
  const apiSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "payments-api", "Payments API tasks, from the ALB", [
    fromGroup(8443),
  ]);
  const dbSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "payments-db", "Payments PostgreSQL", [
    tcp(5432, "10.20.0.0/16"),
    // "Temporarily" opened for a vendor's reconciliation tool, forgotten for six weeks.
    ...(during(day, S.paymentsDbOpen.from, S.paymentsDbOpen.until) ? [tcp(5432, WORLD)] : []),
  ]);
  us.securityGroups.push(albSg, apiSg, dbSg);
  for (const n of ["a", "b"])
    addInstance(us, id, PRIMARY, net, {
      name: `payments-worker-${n}`,
      profile: "payments-worker",
      groups: [apiSg],
      subnet: n === "a" ? 0 : 1,
      imds: "required",
    });
  us.elbv2LoadBalancers.push(
    loadBalancer(id, PRIMARY, "payments-api-public", "application", {
      "deletion_protection.enabled": "true",
      "routing.http.drop_invalid_header_fields.enabled": "true",
      "routing.http2.enabled": "true",
      "access_logs.s3.enabled": "true",
      "access_logs.s3.bucket": `acme-elb-access-logs-${ID.logArchive}`,
    }),
  );
  us.rdsInstances.push(
    rdsInstance(id, PRIMARY, "payments-core", {
      engine: "postgres",
      engineVersion: "15.7",
      publiclyAccessible: false,
      storageEncrypted: true,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      autoMinorVersionUpgrade: true,
      parameterGroup: "payments-postgres15",
    }),
    ...[1, 2].map((n) =>
      rdsInstance(id, PRIMARY, `payments-ledger-${n}`, {
        engine: "aurora-postgresql",
        engineVersion: "15.6",
        publiclyAccessible: false,
        storageEncrypted: true,
        backupRetentionPeriod: 14,
        deletionProtection: false,
        autoMinorVersionUpgrade: true,
        parameterGroup: "default.aurora-postgresql15",
        clusterIdentifier: "payments-ledger",
      }),
    ),
  );
  us.rdsParameterGroups = {
    "payments-postgres15": { "rds.force_ssl": "1" },
    "default.aurora-postgresql15": { "rds.force_ssl": "1" },
  };
  const taskRoles = {
    taskRoleArn: `arn:aws:iam::${id}:role/payments-api-task`,
    executionRoleArn: `arn:aws:iam::${id}:role/payments-ecs-execution`,
  };
  const leakyApi: EcsContainer = {
    name: "api",
    environment: plainEnvironment({
      NODE_ENV: "production",
      PAYMENTS_DB_HOST: `payments-core.c1a2b3c4d5e6.${PRIMARY}.rds.amazonaws.com`,
      PAYMENTS_DB_PASSWORD: "demo-only-not-a-real-password",
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
      LOG_LEVEL: "info",
    }),
    secretNames: [],
  };
  const cleanApi: EcsContainer = {
    name: "api",
    environment: plainEnvironment({
      NODE_ENV: "production",
      PAYMENTS_DB_HOST: `payments-core.c1a2b3c4d5e6.${PRIMARY}.rds.amazonaws.com`,
      LOG_LEVEL: "info",
    }),
    secretNames: ["PAYMENTS_DB_PASSWORD"],
  };
  const otel = {
    name: "otel-collector",
    environment: plainEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4317" }),
    secretNames: [],
  };
  // Revision 42 moved the secrets to Secrets Manager; nobody deregistered 41, which can still be run.
  const moved = day >= S.paymentsSecretsMovedDay;
  us.ecsTaskDefinitions.push(
    taskDefinition(id, PRIMARY, "payments-api", 41, { ...taskRoles, latest: !moved, containers: [leakyApi, otel] }),
    ...(moved ? [taskDefinition(id, PRIMARY, "payments-api", 42, { ...taskRoles, containers: [cleanApi, otel] })] : []),
    taskDefinition(id, PRIMARY, "payments-reconciler", 7, {
      ...taskRoles,
      containers: [
        {
          name: "reconciler",
          environment: plainEnvironment({
            BATCH_SIZE: "500",
            DB_PASSWORD_SECRET_ARN: `arn:aws:secretsmanager:${PRIMARY}:${id}:secret:payments/db-AbCdEf`,
          }),
          secretNames: [],
        },
      ],
    }),
  );
  us.ecrRepositories.push(
    ecrRepository(id, PRIMARY, "payments-api", false),
    ecrRepository(id, PRIMARY, "payments-reconciler", false),
  );
  us.ecrRegistryScanning = { scanType: "ENHANCED", rules: [{ frequency: "CONTINUOUS_SCAN", filters: ["*"] }] };
  return inv;
}

// web-prod: four administrators during an incident; the CI key passes 90 days and is rotated much later;
// bucket versioning, KMS rotation and an IMDSv1 cron host fixed along the way; an ALB that does not drop
// invalid headers, and an ECR repository without scan on push.
function webProd(day: number): DemoUnitInventory {
  const id = ID.webProd;
  const extraAdmins = during(day, S.webProdExtraAdmins.from, S.webProdExtraAdmins.until);
  const developer = customerPolicy(id, "WebDeveloperAccess", [
    allow([
      "ecs:Describe*",
      "ecs:List*",
      "logs:GetLogEvents",
      "logs:FilterLogEvents",
      "cloudwatch:GetMetricData",
      "s3:GetObject",
      "s3:ListBucket",
    ]),
    allow(["ecs:UpdateService"], [`arn:aws:ecs:${PRIMARY}:${id}:service/web-prod/*`]),
  ]);
  const deploy = customerPolicy(id, "WebCiDeploy", [
    allow([
      "ecs:RegisterTaskDefinition",
      "ecs:UpdateService",
      "ecr:GetAuthorizationToken",
      "s3:PutObject",
      "cloudfront:CreateInvalidation",
    ]),
    allow(["iam:PassRole"], [`arn:aws:iam::${id}:role/web-frontend-task`, `arn:aws:iam::${id}:role/web-ecs-execution`]),
  ]);
  const appKey = customerKey(id, PRIMARY, "web-prod-app", day >= S.webProdKmsRotationDay);
  const staticBucket = `acme-web-prod-static-${id}`;
  const inv = shell(id, day, {
    root: { mfa: true, lastLogin: null },
    users: [
      { name: "alice.ops", created: -900, console: { mfa: true }, groups: ["Admins"] },
      { name: "bob.ops", created: -640, console: { mfa: true }, groups: ["Admins"] },
      // Pulled into Admins for an incident and kept there for weeks.
      {
        name: "carol.oncall",
        created: -200,
        console: { mfa: true },
        groups: extraAdmins ? ["Developers", "Admins"] : ["Developers"],
      },
      ...(day < S.webProdExtraAdmins.until
        ? [{ name: "dave.contractor", created: S.webProdExtraAdmins.from, console: { mfa: true }, groups: ["Admins"] }]
        : []),
      {
        name: "ci-deploy",
        created: -500,
        keys: [{ created: -70, deleted: S.webProdCiKeyRotatedDay + 1 }, { created: S.webProdCiKeyRotatedDay }],
        attached: [policyRef(deploy)],
      },
      {
        name: "svc-apm-agent",
        created: -300,
        keys: [{ created: -25, deleted: 62 }, { created: 61 }],
        attached: [awsPolicy("CloudWatchReadOnlyAccess")],
      },
    ],
    groups: [group(id, "Admins", [ADMINISTRATOR_ACCESS]), group(id, "Developers", [policyRef(developer)])],
    policies: [developer, deploy],
    roles: [
      role(
        id,
        "web-frontend-task",
        "/",
        [],
        [
          {
            name: "web-frontend",
            document: { statements: [allow(["s3:GetObject"], [`arn:aws:s3:::acme-web-prod-uploads-${id}/*`])] },
          },
        ],
      ),
      role(id, "web-ecs-execution", "/", [awsPolicy("service-role/AmazonECSTaskExecutionRolePolicy")]),
      role(id, "web-prod-app", "/", [awsPolicy("AmazonSSMManagedInstanceCore")]),
    ],
    supportRole: true,
    passwordPolicy: STRONG_PASSWORD_POLICY,
    contacts: contacts(...ALL_CONTACTS),
    accountBpa: BPA_ON,
    // Uploaded to IAM before the move to ACM; the old one expired on day 10 and was left behind.
    serverCertificates: [
      serverCertificate(id, "www-acme-example-2025", demoDate(10), demoDate(-355)),
      serverCertificate(id, "api-acme-example-2026", demoDate(400), demoDate(-20)),
    ],
    trails: [organizationTrail()],
    buckets: [
      bucket(staticBucket, PRIMARY, {
        tags: { Owner: "web", Purpose: "cloudfront-origin" },
        versioning: day >= S.webProdVersioningDay ? "Enabled" : "Suspended",
        policy: [
          serviceAllow(staticBucket, "AllowCloudFrontOAC", "cloudfront.amazonaws.com", ["s3:GetObject"], {
            StringEquals: { "AWS:SourceArn": [`arn:aws:cloudfront::${id}:distribution/E2DEMO7WEBPROD`] },
          }),
          denyInsecureTransport(staticBucket),
        ],
      }),
      bucket(`acme-web-prod-uploads-${id}`, PRIMARY, {
        tags: { Owner: "web", DataClassification: "internal" },
        encryption: sseKms(appKey.arn),
      }),
      bucket(`acme-web-prod-eu-uploads-${id}`, EU, { tags: { Owner: "web" } }),
    ],
    // Set a year ago and never raised: AWS forecasts the month ends past it.
    budgets: [monthlyBudget("web-prod-monthly", 12500)],
    region: governed(),
  });
  const us = region(inv, PRIMARY);
  // A compromised SMTP credential: three evenings of spam (the cost story's SES spike), then AWS's review.
  us.ses = sesSending(day, { perInterval: 30, spikeDays: S.webProdSesSpikeDays, burst: 7_125, reviewFromDay: 81 });
  us.efsFileSystems.push(efsFileSystem(id, PRIMARY, "fs-0a1b2c3d4e5f60718", "web-prod-shared-media", true));
  us.kmsKeys.push(appKey);
  // 10.20.0.0/16: the range payments-prod chose too, which blocks peering the two.
  const net = addVpc(us, id, PRIMARY, {
    name: "web-prod",
    cidr: "10.20.0.0/16",
    flowLogs: true,
    hardenedNacl: true,
    restrictDefaultSg: true,
    subnets: 3,
  });
  const albSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "web-alb", "Public web load balancer", [
    tcp(80, WORLD),
    tcp(443, WORLD),
  ]);
  const appSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "web-app", "Web app instances, from the ALB", [
    fromGroup(8080),
  ]);
  const dbSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "web-db", "Web MySQL", [tcp(3306, "10.20.0.0/16")]);
  us.securityGroups.push(albSg, appSg, dbSg);
  // An auto-scaling group: four to six instances depending on the day's traffic.
  const appInstances = seededInt(`${id}:asg:${day}`, 4, 6);
  for (let n = 1; n <= appInstances; n++)
    addInstance(us, id, PRIMARY, net, {
      name: `web-app-${n}`,
      profile: "web-prod-app",
      groups: [appSg],
      subnet: n,
      imds: "required",
    });
  addInstance(
    us,
    id,
    PRIMARY,
    net,
    day < S.webProdLegacyCronReplacedDay
      ? { name: "web-legacy-cron", profile: "web-prod-app", groups: [appSg], subnet: 0, imds: "optional" }
      : { name: "web-cron", profile: "web-prod-app", groups: [appSg], subnet: 0, imds: "required" },
  );
  us.elbv2LoadBalancers.push(
    loadBalancer(id, PRIMARY, "web-prod-public", "application", {
      "deletion_protection.enabled": "true",
      "idle_timeout.timeout_seconds": "60",
      "routing.http2.enabled": "true",
      "access_logs.s3.enabled": "true",
      "access_logs.s3.bucket": `acme-elb-access-logs-${ID.logArchive}`,
    }),
    loadBalancer(id, PRIMARY, "web-prod-mqtt", "network"),
  );
  us.rdsInstances.push(
    rdsInstance(id, PRIMARY, "web-prod-mysql", {
      engine: "mysql",
      engineVersion: "8.0.36",
      publiclyAccessible: false,
      storageEncrypted: true,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      autoMinorVersionUpgrade: true,
      parameterGroup: "web-prod-mysql80",
    }),
  );
  us.rdsParameterGroups = { "web-prod-mysql80": { require_secure_transport: "ON" } };
  us.ecsTaskDefinitions.push(
    taskDefinition(id, PRIMARY, "web-frontend", 118, {
      taskRoleArn: `arn:aws:iam::${id}:role/web-frontend-task`,
      executionRoleArn: `arn:aws:iam::${id}:role/web-ecs-execution`,
      containers: [
        {
          name: "web",
          environment: plainEnvironment({
            NODE_ENV: "production",
            API_BASE_URL: "https://api.acme-corp.example",
            SESSION_SECRET_ARN: `arn:aws:secretsmanager:${PRIMARY}:${id}:secret:web/session-Q1w2E3`,
          }),
          secretNames: ["SESSION_SECRET"],
        },
      ],
    }),
  );
  us.ecrRepositories.push(
    ecrRepository(id, PRIMARY, "web-frontend", true),
    ecrRepository(id, PRIMARY, "legacy-nginx", false),
  );

  const eu = region(inv, EU);
  const euNet = addVpc(eu, id, EU, {
    name: "web-prod-eu",
    cidr: "10.40.0.0/16",
    flowLogs: true,
    hardenedNacl: true,
    restrictDefaultSg: true,
    subnets: 3,
  });
  const euAlbSg = securityGroup(id, EU, euNet.vpc.vpcId, "web-alb", "Public web load balancer (EU)", [tcp(443, WORLD)]);
  const euAppSg = securityGroup(id, EU, euNet.vpc.vpcId, "web-app", "Web app instances, from the ALB", [
    fromGroup(8080),
  ]);
  eu.securityGroups.push(euAlbSg, euAppSg);
  for (let n = 1; n <= 2; n++)
    addInstance(eu, id, EU, euNet, {
      name: `web-app-eu-${n}`,
      profile: "web-prod-app",
      groups: [euAppSg],
      subnet: n,
      imds: "required",
    });
  eu.elbv2LoadBalancers.push(
    loadBalancer(id, EU, "web-prod-eu-public", "application", {
      "routing.http.drop_invalid_header_fields.enabled": "true",
      "deletion_protection.enabled": "true",
    }),
  );
  return inv;
}

// web-staging: Block Public Access off and the assets bucket made public (still open); an idle contractor
// removed; unencrypted MySQL without TLS or deletion protection; Jenkins can escalate; Security Hub,
// contacts, the default security group, the ALB and IMDSv2 fixed one by one.
function webStaging(day: number): DemoUnitInventory {
  const id = ID.webStaging;
  const isPublic = day >= S.publicBucketDay;
  const assets = `acme-web-staging-assets-${id}`;
  const inv = shell(id, day, {
    root: { mfa: true, lastLogin: null },
    users: [
      // Left the company a month before the window; removed on day 82.
      ...(day < S.contractorRemovedDay
        ? [{ name: "jsmith-contractor", created: -240, console: { mfa: true, lastLogin: -30 }, groups: ["QA"] }]
        : []),
      { name: "qa-bot", created: -160, keys: [{ created: -30, deleted: 40 }, { created: 39 }], groups: ["QA"] },
    ],
    groups: [group(id, "QA", [awsPolicy("ReadOnlyAccess")])],
    roles: [
      // The Jenkins agents can launch instances with any role: a well-known escalation path.
      role(
        id,
        "jenkins-agent",
        "/",
        [],
        [
          {
            name: "jenkins-deploy",
            document: {
              statements: [
                allow([
                  "ec2:RunInstances",
                  "ec2:TerminateInstances",
                  "ec2:Describe*",
                  "iam:PassRole",
                  "ecs:*",
                  "ecr:*",
                ]),
              ],
            },
          },
        ],
      ),
      role(id, "web-staging-task", "/", [awsPolicy("service-role/AmazonECSTaskExecutionRolePolicy")]),
      role(id, "web-staging-app", "/", [awsPolicy("AmazonSSMManagedInstanceCore")]),
    ],
    supportRole: true,
    passwordPolicy: STRONG_PASSWORD_POLICY,
    contacts: day >= S.webStagingContactsDay ? contacts(...ALL_CONTACTS) : contacts(),
    // Switched off to let a marketing preview be shared by link.
    accountBpa: isPublic
      ? {
          configured: true,
          blockPublicAcls: false,
          ignorePublicAcls: false,
          blockPublicPolicy: false,
          restrictPublicBuckets: false,
        }
      : BPA_ON,
    trails: [organizationTrail()],
    buckets: [
      bucket(assets, PRIMARY, {
        tags: { Owner: "web", Purpose: "staging-assets" },
        versioning: "Off",
        policy: isPublic ? [publicRead(assets)] : null,
        policyIsPublic: isPublic,
        publicAccessBlock: isPublic
          ? null
          : { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      }),
      // The TLS-only statement names the bucket but not its objects (bucket/*): uploads still go over HTTP.
      bucket(`acme-web-staging-uploads-${id}`, PRIMARY, {
        tags: { Owner: "web" },
        policy: [denyInsecureTransport(`acme-web-staging-uploads-${id}`, true)],
      }),
    ],
    budgets: [monthlyBudget("web-staging-monthly", 4000)],
    region: governed({ securityHub: day >= S.webStagingSecurityHubDay }),
  });
  const us = region(inv, PRIMARY);
  const net = addVpc(us, id, PRIMARY, {
    name: "web-staging",
    cidr: "10.30.0.0/16",
    flowLogs: true,
    hardenedNacl: true,
    restrictDefaultSg: day >= S.webStagingDefaultSgDay,
    subnets: 2,
  });
  const albSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "web-alb-staging", "Staging load balancer", [
    tcp(443, WORLD),
  ]);
  const appSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "web-app-staging", "Staging app, from the ALB", [
    fromGroup(8080),
  ]);
  const dbSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "staging-db", "Staging MySQL", [tcp(3306, "10.30.0.0/16")]);
  us.securityGroups.push(albSg, appSg, dbSg);
  // Launched from a 2021 launch template that never required IMDSv2, replaced by a refreshed one on day 72.
  const imdsV2 = day >= S.webStagingImdsV2Day;
  for (let n = 1; n <= 2; n++) {
    addInstance(us, id, PRIMARY, net, {
      name: imdsV2 ? `web-staging-app-v2-${n}` : `web-staging-app-${n}`,
      profile: "web-staging-app",
      groups: [appSg],
      subnet: n,
      imds: imdsV2 ? "required" : "optional",
    });
  }
  us.elbv2LoadBalancers.push(
    loadBalancer(id, PRIMARY, "web-staging", "application", {
      "idle_timeout.timeout_seconds": "60",
      "routing.http2.enabled": "true",
      ...(day >= S.webStagingAlbDay ? { "routing.http.drop_invalid_header_fields.enabled": "true" } : {}),
    }),
  );
  us.rdsInstances.push(
    rdsInstance(id, PRIMARY, "web-staging-mysql", {
      engine: "mysql",
      engineVersion: "8.0.35",
      publiclyAccessible: false,
      storageEncrypted: false,
      backupRetentionPeriod: 1,
      deletionProtection: false,
      // Pinned during a MySQL upgrade scare and never unpinned.
      autoMinorVersionUpgrade: false,
      parameterGroup: "default.mysql8.0",
    }),
  );
  us.rdsParameterGroups = { "default.mysql8.0": { require_secure_transport: null } };
  const stagingRole = `arn:aws:iam::${id}:role/web-staging-task`;
  us.ecsTaskDefinitions.push(
    taskDefinition(id, PRIMARY, "web-frontend-staging", 96, {
      taskRoleArn: stagingRole,
      executionRoleArn: stagingRole,
      containers: [
        {
          name: "web",
          environment: plainEnvironment({ NODE_ENV: "staging", API_BASE_URL: "https://api.staging.acme-corp.example" }),
          secretNames: ["SESSION_SECRET"],
        },
      ],
    }),
  );
  us.ecrRepositories.push(ecrRepository(id, PRIMARY, "web-frontend", true));
  return inv;
}

// data-dev: admins without MFA, a *:* policy, two active keys then one ageing past 90 days, RDP open,
// Config stopped for a week, public PostgreSQL, a VPC overlapping on-premises; then crypto-mining in the
// unused region (in a default VPC the attacker created), still running, and post-incident hardening.
function dataDev(day: number): DemoUnitInventory {
  const id = ID.dataDev;
  const mining = day >= S.miningStartDay;
  const fullAccess = customerPolicy(id, "DataTeamFullAccess", [allow(["*"], ["*"])], "v3");
  const exportsKey = customerKey(id, PRIMARY, "data-dev-exports", false);
  const exportsBucket = `acme-data-dev-customer-exports-${id}`;
  const inv = shell(id, day, {
    root: { mfa: true, lastLogin: null },
    users: [
      {
        name: "alex.chen",
        created: -380,
        console: { mfa: false },
        attached: day >= S.dataDevAdminRemovedDay ? [awsPolicy("PowerUserAccess")] : [ADMINISTRATOR_ACCESS],
      },
      {
        name: "sam.patel",
        created: -150,
        console: { mfa: day >= S.dataDevMfaFixedDay },
        attached: [ADMINISTRATOR_ACCESS],
      },
      { name: "priya.nair", created: -90, console: { mfa: true }, groups: ["DataTeam"] },
      // The old key was kept "just in case" after the new one was created.
      {
        name: "etl-runner",
        created: -420,
        keys: [{ created: -200, deleted: S.dataDevOldKeyDeletedDay }, { created: -20 }],
        inline: [
          {
            name: "etl-access",
            document: {
              statements: [
                allow(
                  ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                  [`arn:aws:s3:::${exportsBucket}`, `arn:aws:s3:::${exportsBucket}/*`],
                ),
                allow(["glue:*", "athena:*"]),
              ],
            },
          },
        ],
      },
    ],
    groups: [group(id, "DataTeam", [policyRef(fullAccess)])],
    policies: [fullAccess],
    roles: [
      role(id, "etl-worker-execution", "/", [awsPolicy("service-role/AmazonECSTaskExecutionRolePolicy")]),
      role(id, "jupyter-hub", "/", [awsPolicy("AmazonSageMakerFullAccess")]),
      ...(day >= S.dataDevAirflowFixedDay
        ? [
            role(id, "airflow-scheduler", "/", [
              awsPolicy("AmazonSSMManagedInstanceCore"),
              awsPolicy("AmazonMWAAServiceRolePolicy"),
            ]),
          ]
        : []),
    ],
    supportRole: false,
    passwordPolicy: {
      configured: true,
      minimumPasswordLength: 8,
      passwordReusePrevention: null,
      requireUppercase: false,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: false,
    },
    contacts: contacts("billing"),
    accountBpa: BPA_ON,
    trails: [organizationTrail()],
    buckets: [
      bucket(exportsBucket, PRIMARY, {
        tags: { DataClassification: "pii", Owner: "data-engineering" },
        versioning: "Off",
        objectOwnership: "ObjectWriter",
        policy: null,
      }),
      bucket(`acme-data-dev-athena-results-${id}`, PRIMARY, {
        tags: { Owner: "data-engineering" },
        versioning: "Off",
        policy: null,
      }),
    ],
    // Created after the mining incident's bill.
    budgets: day >= S.dataDevBudgetDay ? [monthlyBudget("data-dev-monthly-cap", 3000)] : [],
    region: (r) => ({
      guardDuty: r !== UNUSED,
      securityHub: false,
      // EU records only buckets and instances: set up by hand "to try Config" and never widened.
      config: during(day, S.dataDevConfigStopped.from, S.dataDevConfigStopped.until)
        ? "stopped"
        : r === EU
          ? "partial"
          : "recording",
      // Turned on everywhere after the mining incident.
      accessAnalyzer: day >= S.dataDevAnalyzerDay,
      ebsDefaultEncryption: false,
    }),
  });
  const us = region(inv, PRIMARY);
  // Scratch space for notebooks, created with the console defaults of the time: unencrypted.
  us.efsFileSystems.push(efsFileSystem(id, PRIMARY, "fs-09f8e7d6c5b4a3921", "analytics-scratch", false));
  us.kmsKeys.push(exportsKey);
  // 10.0.0.0/20 sits inside the on-premises 10.0.0.0/16: the VPN route cannot work.
  const net = addVpc(us, id, PRIMARY, {
    name: "analytics",
    cidr: "10.0.0.0/20",
    flowLogs: day >= S.dataDevFlowLogsDay,
    hardenedNacl: false,
    restrictDefaultSg: false,
    subnets: 2,
  });
  const pgSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "analytics-pg", "Analytics PostgreSQL from the office VPN", [
    tcp(5432, ON_PREMISES),
  ]);
  const airflowSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "airflow", "Airflow UI from the office VPN", [
    tcp(8080, ON_PREMISES),
    tcp(22, ON_PREMISES),
  ]);
  us.securityGroups.push(pgSg, airflowSg);
  addInstance(
    us,
    id,
    PRIMARY,
    net,
    day >= S.dataDevAirflowFixedDay
      ? { name: "airflow-scheduler", profile: "airflow-scheduler", groups: [airflowSg], subnet: 0, imds: "required" }
      : { name: "airflow-scheduler", groups: [airflowSg], subnet: 0, imds: "optional" },
  );
  addInstance(us, id, PRIMARY, net, {
    name: "jupyter-hub",
    profile: "jupyter-hub",
    groups: [airflowSg],
    subnet: 1,
    imds: "required",
  });
  if (during(day, S.dataDevRdpOpen.from, S.dataDevRdpOpen.until)) {
    // A Windows box for a BI tool trial, reachable by RDP from anywhere for two weeks.
    const rdpSg = securityGroup(
      id,
      PRIMARY,
      net.vpc.vpcId,
      "windows-jumpbox",
      wizardDescription(2, S.dataDevRdpOpen.from),
      [tcp(3389, WORLD)],
    );
    us.securityGroups.push(rdpSg);
    addInstance(us, id, PRIMARY, net, {
      name: "windows-jumpbox",
      groups: [rdpSg],
      subnet: 0,
      imds: "optional",
      publicIp: "203.0.113.47",
    });
  }
  us.rdsInstances.push(
    // PostgreSQL 14: before 15, rds.force_ssl defaulted to 0.
    rdsInstance(id, PRIMARY, "analytics-pg", {
      engine: "postgres",
      engineVersion: "14.11",
      publiclyAccessible: true,
      storageEncrypted: true,
      backupRetentionPeriod: 1,
      deletionProtection: false,
      autoMinorVersionUpgrade: true,
      parameterGroup: "default.postgres14",
    }),
    rdsInstance(id, PRIMARY, "analytics-scratch", {
      engine: "mysql",
      engineVersion: "8.0.36",
      publiclyAccessible: false,
      storageEncrypted: true,
      backupRetentionPeriod: 0,
      deletionProtection: false,
      autoMinorVersionUpgrade: true,
      parameterGroup: "default.mysql8.0",
    }),
  );
  us.rdsParameterGroups = {
    "default.postgres14": { "rds.force_ssl": "0" },
    "default.mysql8.0": { require_secure_transport: null },
  };
  us.ecsTaskDefinitions.push(
    taskDefinition(id, PRIMARY, "etl-worker", 12, {
      executionRoleArn: `arn:aws:iam::${id}:role/etl-worker-execution`,
      containers: [
        {
          name: "etl",
          environment: plainEnvironment({
            WAREHOUSE_HOST: "warehouse.internal.acme-corp.example",
            BATCH_WINDOW_MINUTES: "30",
          }),
          secretNames: ["WAREHOUSE_PASSWORD"],
        },
      ],
    }),
  );
  us.ecrRepositories.push(ecrRepository(id, PRIMARY, "etl-jobs", true));

  if (mining) {
    // Stolen keys, a default VPC recreated in a region nobody watches, and a burst of t3.2xlarge.
    const ap = region(inv, UNUSED);
    const defaultNet = addVpc(ap, id, UNUSED, {
      name: "default",
      cidr: "172.31.0.0/16",
      isDefault: true,
      flowLogs: false,
      hardenedNacl: false,
      restrictDefaultSg: false,
      subnets: 3,
    });
    const minerSg = securityGroup(
      id,
      UNUSED,
      defaultNet.vpc.vpcId,
      "launch-wizard-1",
      wizardDescription(1, S.miningStartDay),
      [tcp(22, WORLD)],
    );
    ap.securityGroups.push(minerSg);
    for (let n = 1; n <= 4; n++)
      addInstance(ap, id, UNUSED, defaultNet, {
        name: `xmrig-${n}`,
        groups: [minerSg],
        subnet: n,
        imds: "optional",
        publicIp: `198.51.100.${20 + n}`,
      });
    addDefaultVpcUsage(ap, id, defaultNet);
  }
  return inv;
}

// sandbox-dev: SSH open throughout and all ports for three weeks; its own single-region trail to a local
// bucket without validation; no Config, Security Hub or budget; password policy, contacts and root MFA
// late; workloads in default VPCs.
function sandboxDev(day: number): DemoUnitInventory {
  const id = ID.sandboxDev;
  const trailBucket = `acme-sandbox-cloudtrail-${id}`;
  const inv = shell(id, day, {
    root: { mfa: day >= S.sandboxRootMfaDay, lastLogin: -40 },
    users: [
      { name: "sandbox-admin", created: -800, console: { mfa: true }, attached: [ADMINISTRATOR_ACCESS] },
      {
        name: "jdoe",
        created: -300,
        console: { mfa: true },
        keys: [{ created: -60 }],
        attached: [awsPolicy("PowerUserAccess")],
      },
    ],
    roles: [role(id, "sandbox-ssm", "/", [awsPolicy("AmazonSSMManagedInstanceCore")])],
    supportRole: false,
    passwordPolicy: day >= S.sandboxPolicyAndContactsDay ? STRONG_PASSWORD_POLICY : { configured: false },
    contacts: day >= S.sandboxPolicyAndContactsDay ? contacts("security", "operations") : contacts(),
    accountBpa: {
      configured: false,
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    },
    // Joined the organization before the organization trail existed and was exempted "for now".
    trails: [
      trail(id, "sandbox-trail", {
        homeRegion: PRIMARY,
        // Made multi-region, then switched to S3 data events only "to cut the bill": no management events.
        isMultiRegion: true,
        eventSelectors: {
          basic: [
            {
              readWriteType: "All",
              includeManagementEvents: false,
              excludeManagementEventSources: [],
              dataResources: [{ type: "AWS::S3::Object", values: [`arn:aws:s3:::jdoe-experiments-${id}/`] }],
            },
          ],
          advanced: [],
        },
        isOrganizationTrail: false,
        s3BucketName: trailBucket,
        logFileValidationEnabled: false,
        isLogging: true,
      }),
    ],
    buckets: [
      bucket(trailBucket, PRIMARY, {
        versioning: "Off",
        policy: [
          serviceAllow(trailBucket, "AWSCloudTrailWrite", "cloudtrail.amazonaws.com", ["s3:PutObject"], {
            StringEquals: { "s3:x-amz-acl": ["bucket-owner-full-control"] },
          }),
        ],
      }),
      bucket(`jdoe-experiments-${id}`, PRIMARY, {
        versioning: "Off",
        policy: null,
        objectOwnership: null,
        publicAccessBlock: null,
      }),
    ],
    budgets: [],
    region: (r) => ({
      guardDuty: r !== UNUSED,
      securityHub: false,
      config: "none",
      accessAnalyzer: false,
      ebsDefaultEncryption: false,
    }),
  });
  // Created before Control Tower: every region still has its default VPC, and the sandbox lives in them.
  const nets = Object.fromEntries(
    REGIONS.map((r) => [
      r,
      addVpc(region(inv, r), id, r, {
        name: "default",
        cidr: "172.31.0.0/16",
        isDefault: true,
        flowLogs: false,
        hardenedNacl: false,
        restrictDefaultSg: false,
        subnets: 3,
      }),
    ]),
  );
  const us = region(inv, PRIMARY);
  const net = nets[PRIMARY]!;
  const sshSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "bastion-ssh", "SSH to the sandbox bastion", [
    tcp(22, WORLD),
  ]);
  const webSg = securityGroup(id, PRIMARY, net.vpc.vpcId, "web-demo", "Demo web server", [
    tcp(80, WORLD),
    tcp(22, "192.0.2.10/32"),
  ]);
  us.securityGroups.push(sshSg, webSg);
  addInstance(us, id, PRIMARY, net, {
    name: "bastion",
    groups: [sshSg],
    subnet: 0,
    imds: "optional",
    publicIp: "203.0.113.10",
  });
  addInstance(us, id, PRIMARY, net, {
    name: "jdoe-web-demo",
    profile: "sandbox-ssm",
    groups: [webSg],
    subnet: 1,
    imds: "required",
    publicIp: "203.0.113.11",
  });
  addInstance(us, id, PRIMARY, net, {
    name: "old-experiment",
    state: "stopped",
    groups: [webSg],
    subnet: 2,
    imds: "optional",
  });
  if (during(day, S.sandboxAllPorts.from, S.sandboxAllPorts.until)) {
    const openSg = securityGroup(
      id,
      PRIMARY,
      net.vpc.vpcId,
      "launch-wizard-3",
      wizardDescription(3, S.sandboxAllPorts.from),
      [allTraffic(WORLD)],
    );
    us.securityGroups.push(openSg);
    addInstance(us, id, PRIMARY, net, {
      name: "gpu-test",
      groups: [openSg],
      subnet: 0,
      imds: "optional",
      publicIp: "203.0.113.12",
    });
  }
  for (const r of REGIONS) addDefaultVpcUsage(region(inv, r), id, nets[r]!);
  return inv;
}

const scenarios: Record<string, (day: number) => DemoUnitInventory> = {
  [ID.management]: management,
  [ID.logArchive]: logArchive,
  [ID.securityTooling]: securityTooling,
  [ID.paymentsProd]: paymentsProd,
  [ID.webProd]: webProd,
  [ID.webStaging]: webStaging,
  [ID.dataDev]: dataDev,
  [ID.sandboxDev]: sandboxDev,
};

const TIMESTAMP = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{3}Z)?/g;

/** Moves every timestamp (Date values and ISO timestamps inside strings) by `offsetMs`. */
function shiftTimestamps<T>(value: T, offsetMs: number): T {
  if (value instanceof Date) return new Date(value.getTime() + offsetMs) as T;
  if (typeof value === "string") {
    return value.replace(TIMESTAMP, (ts) => {
      const shifted = new Date(Date.parse(ts.includes("T") ? ts : `${ts.replace(" ", "T")}Z`) + offsetMs).toISOString();
      return ts.includes("T") ? shifted : shifted.replace("T", " ").slice(0, 19);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => shiftTimestamps(v, offsetMs)) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftTimestamps(v, offsetMs)])) as T;
  return value;
}

/**
 * The inventory of one account on a given day (0 = 89 days ago … 89 = today). Deterministic (seeded), pure.
 * Timestamps are anchored at DEMO_TODAY (day 89's collection); give `today` (the instant day 89 is
 * collected) to move every date of the inventory with it, so that evidence dates match the run's.
 */
export function demoInventory(
  accountId: string,
  day: number,
  today?: Date,
): { global: GlobalInventory; regions: Record<string, RegionalInventory> } {
  const scenario = scenarios[accountId];
  if (!scenario) throw new Error(`not a demo account: ${accountId}`);
  if (!Number.isInteger(day) || day < 0 || day >= DEMO_DAYS)
    throw new RangeError(`demo day must be an integer in [0, ${DEMO_DAYS - 1}], got ${day}`);
  const inventory = scenario(day);
  if (today === undefined) return inventory;
  if (Number.isNaN(today.getTime())) throw new RangeError("today must be a valid date");
  return shiftTimestamps(inventory, today.getTime() - Date.parse(DEMO_TODAY));
}
