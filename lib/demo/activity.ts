import type { GuardDutyAction, GuardDutyFinding, GuardDutySequence } from "@/lib/aws/guardduty/types";
import { seededRng } from "@/lib/random";

// The demo organization's activity outside the checks: daily cost per service, GuardDuty findings and
// a tripped canary key. Deterministic: the same day index always gives the same numbers.

export type DemoAccountRef = { id: string; name: string; environment: "prod" | "staging" | "dev" | "other" };

const BASE: Record<DemoAccountRef["environment"], Record<string, number>> = {
  prod: {
    "Amazon Elastic Compute Cloud - Compute": 210,
    "Amazon Relational Database Service": 120,
    "Amazon Simple Storage Service": 28,
    "Elastic Load Balancing": 22,
    "Amazon Simple Email Service": 2,
    "AWS Key Management Service": 3,
  },
  staging: {
    "Amazon Elastic Compute Cloud - Compute": 48,
    "Amazon Relational Database Service": 25,
    "Amazon Simple Storage Service": 6,
    "Elastic Load Balancing": 8,
  },
  dev: {
    "Amazon Elastic Compute Cloud - Compute": 30,
    "Amazon Simple Storage Service": 4,
    "Amazon Relational Database Service": 12,
  },
  other: { "AWS CloudTrail": 6, "Amazon Simple Storage Service": 9, "AWS Config": 4, "Amazon GuardDuty": 5 },
};

/** Days of cost history the demo holds: 13 months, as a first Cost Explorer backfill would. */
export const COST_DAYS = 395;

/**
 * An event written into the cost story: an account and service, from `ago` days before today for
 * `days` days (ongoing when it reaches today), adding `perDay` (or multiplying by `factor`), and the
 * usage type and region Cost Explorer would name as its cause.
 */
export type CostEvent = {
  account: string;
  service: string;
  ago: number;
  days: number;
  perDay?: number;
  factor?: number;
  usageType: string;
  region: string;
  note: string;
  /** The verdict someone gave it in the story. */
  verdict?: { verdict: "expected" | "not_anomaly"; note: string };
};

type ByName = (name: string) => string | undefined;

const EC2 = "Amazon Elastic Compute Cloud - Compute";
const RDS = "Amazon Relational Database Service";

export function demoCostEvents(byName: ByName, unusedRegion: string, homeRegion: string): CostEvent[] {
  const event = (name: string, e: Omit<CostEvent, "account">): CostEvent[] => {
    const account = byName(name);
    return account ? [{ account, ...e }] : [];
  };
  return [
    // A leaked key mining on GPU instances in a region nobody uses (GuardDuty sees it too).
    ...event("data-dev", {
      service: EC2,
      ago: 19,
      days: 20,
      perDay: 1870,
      usageType: `${unusedRegion === "ap-southeast-2" ? "APS2" : unusedRegion}-BoxUsage:g5.12xlarge`,
      region: unusedRegion,
      note: "GPU instances in an unused region",
    }),
    // A 256 GB database someone started in dev a month ago and forgot: still running.
    ...event("sandbox-dev", {
      service: RDS,
      ago: 33,
      days: 34,
      perDay: 270,
      usageType: "Multi-AZUsage:db.r6i.8xlarge",
      region: homeRegion,
      note: "forgotten 256 GB database",
    }),
    // A planned migration: both stacks ran for three weeks, and the team said so.
    ...event("payments-prod", {
      service: EC2,
      ago: 120,
      days: 21,
      perDay: 160,
      usageType: "BoxUsage:m7g.4xlarge",
      region: homeRegion,
      note: "migration to Graviton, both stacks running",
      verdict: {
        verdict: "expected",
        note: "Planned: Graviton migration, old and new stacks run side by side for 3 weeks.",
      },
    }),
    // A compromised SMTP credential sending spam: SES volume jumps for three days.
    ...event("web-prod", {
      service: "Amazon Simple Email Service",
      ago: 10,
      days: 3,
      factor: 45,
      usageType: "Recipients",
      region: homeRegion,
      note: "SES sending spike",
    }),
    // A runaway batch job re-reading a table.
    ...event("payments-prod", {
      service: RDS,
      ago: 35,
      days: 1,
      factor: 3.2,
      usageType: "Aurora:StorageIOUsage",
      region: homeRegion,
      note: "runaway job",
    }),
  ];
}

/** A one-day credit (a refund of last month's overcharge): a negative line, as Cost Explorer shows it. */
const CREDIT = { env: "prod" as const, ago: 200, amount: -650, service: EC2 };

const addedOn = (e: CostEvent, ago: number, amount: number) =>
  ago <= e.ago && ago > e.ago - e.days ? (e.perDay ?? 0) + amount * ((e.factor ?? 1) - 1) : 0;

/** Daily cost per service for one account over `days` days (index 0 is the oldest, `days - 1` today). */
export function demoCosts(
  account: DemoAccountRef,
  days: number,
  events: readonly CostEvent[],
): { day: number; service: string; amount: number }[] {
  const rand = seededRng(Number(account.id.slice(-6)));
  const out: { day: number; service: string; amount: number }[] = [];
  for (let d = 0; d < days; d++) {
    const ago = days - 1 - d;
    const weekend = d % 7 === 5 || d % 7 === 6;
    for (const [service, base] of Object.entries(BASE[account.environment])) {
      const growth = 1 + (0.3 * d) / days;
      let amount = base * growth * (weekend && account.environment !== "other" ? 0.8 : 1) * (0.93 + 0.14 * rand());
      for (const e of events) if (e.account === account.id && e.service === service) amount += addedOn(e, ago, amount);
      if (account.environment === CREDIT.env && service === CREDIT.service && ago === CREDIT.ago)
        amount += CREDIT.amount;
      out.push({ day: d, service, amount: Math.round(amount * 100) / 100 });
    }
  }
  return out;
}

/** What Cost Explorer would name as the cause of an account's spend over days [fromAgo, toAgo]. */
export function demoRootCause(
  accountId: string,
  fromAgo: number,
  toAgo: number,
  events: readonly CostEvent[],
  baseOf: (service: string) => number,
) {
  const lines = events
    .filter((e) => e.account === accountId)
    .map((e) => {
      let delta = 0;
      for (let ago = fromAgo; ago >= toAgo; ago--) delta += addedOn(e, ago, baseOf(e.service));
      return { service: e.service, usageType: e.usageType, region: e.region, amount: delta, delta };
    })
    .filter((l) => l.delta > 0)
    .map((l) => ({ ...l, amount: Math.round(l.amount * 100) / 100, delta: Math.round(l.delta * 100) / 100 }));
  return lines.length ? { lines, source: "demo" as const } : null;
}

export const demoBaseCost = (environment: DemoAccountRef["environment"], service: string) =>
  BASE[environment][service] ?? 0;

type DemoFindingSpec = {
  account: string;
  region: string;
  type: string;
  title: string;
  description: string;
  severity: number;
  resource: GuardDutyFinding["resource"];
  days: [number, number];
  count: number;
  action?: GuardDutyAction;
  key?: { accessKeyId: string; principalId: string; userName: string; userType: string };
  archived?: boolean;
  sequence?: (idOf: (n: number) => string, arnOf: (n: number) => string) => GuardDutySequence;
};

/** The instance role key whose credentials the demo's attack sequence shows exfiltrated. */
const airflowKey = {
  accessKeyId: "ASIAEXAMPLEDEMO00042",
  principalId: "AROAEXAMPLEDEMO00042:i-0a1rf10w5ched",
  userName: "airflow-scheduler",
  userType: "AssumedRole",
};
const airflowKeyResource = { type: "AccessKey", id: airflowKey.accessKeyId, tags: {} };

/**
 * The demo organization's GuardDuty findings as its delegated administrator (security-tooling) reads
 * them: the findings listed in issue 19 and an attack sequence of compromised credentials. Every one
 * comes from a region whose detector is on. `at(day)` is the instant of that demo day.
 */
export function demoGuardDuty(
  byName: ByName,
  unusedRegion: string,
  at: (day: number) => Date,
  detectorOf: (accountId: string, region: string) => string,
): GuardDutyFinding[] {
  const specs: DemoFindingSpec[] = [
    {
      account: "data-dev",
      region: unusedRegion,
      type: "CryptoCurrency:EC2/BitcoinTool.B!DNS",
      title: "EC2 instance i-0d3m0c01n5 is querying a domain name associated with Bitcoin mining",
      description:
        "EC2 instance i-0d3m0c01n5 is querying a domain name that is associated with Bitcoin-related activity.",
      severity: 8.0,
      resource: { type: "Instance", id: "i-0d3m0c01n5", tags: { Name: "gpu-experiment" } },
      days: [71, 89],
      count: 412,
      action: { type: "DNS_REQUEST", domain: "pool.example-mining.invalid", protocol: "UDP" },
    },
    {
      account: "data-dev",
      region: "us-east-1",
      type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
      title: "Credentials of the instance role airflow-scheduler were used from outside AWS",
      description:
        "Credentials created exclusively for an EC2 instance through the instance launch role airflow-scheduler are being used from the external IP address 198.51.100.23.",
      severity: 8.5,
      resource: airflowKeyResource,
      days: [69, 70],
      count: 3,
      key: airflowKey,
      action: {
        type: "AWS_API_CALL",
        api: "GetCallerIdentity",
        serviceName: "sts.amazonaws.com",
        callerType: "Remote IP",
        remoteIp: "198.51.100.23",
        country: "Netherlands",
        city: "Amsterdam",
        asn: "64501",
        asnOrg: "Example Bulletproof Hosting",
        userAgent: "aws-cli/2.15.0 Python/3.11",
      },
    },
    {
      account: "data-dev",
      region: "us-east-1",
      type: "Discovery:IAMUser/AnomalousBehavior",
      title: "Unusual discovery calls by the instance role airflow-scheduler",
      description:
        "APIs commonly used to discover the resources of an account were invoked in an unusual way by airflow-scheduler.",
      severity: 5.0,
      resource: airflowKeyResource,
      days: [69, 70],
      count: 27,
      key: airflowKey,
      action: {
        type: "AWS_API_CALL",
        api: "ListBuckets",
        serviceName: "s3.amazonaws.com",
        remoteIp: "198.51.100.23",
        country: "Netherlands",
        asn: "64501",
        asnOrg: "Example Bulletproof Hosting",
        userAgent: "Boto3/1.34.0",
      },
    },
    {
      account: "data-dev",
      region: "us-east-1",
      type: "AttackSequence:IAM/CompromisedCredentials",
      title: "Potential credential compromise of airflow-scheduler indicated by a sequence of actions",
      description:
        "A sequence of actions involving the instance role airflow-scheduler: its credentials were used from outside AWS, then to discover and read the account's S3 buckets.",
      severity: 9.2,
      resource: airflowKeyResource,
      days: [69, 70],
      count: 1,
      key: airflowKey,
      sequence: (idOf, arnOf) => {
        const t = (day: number, minutes: number) => new Date(at(day).getTime() + minutes * 60_000).toISOString();
        const actor = "actor-airflow-scheduler";
        const endpoint = "endpoint-198.51.100.23";
        return {
          uid: "demo-sequence-compromised-credentials",
          description:
            "Credentials of airflow-scheduler exfiltrated and used from 198.51.100.23: identity check, discovery, then reads of the exports bucket.",
          signals: [
            {
              uid: arnOf(2),
              type: "FINDING",
              name: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
              description: "Instance credentials used from outside AWS",
              firstSeenAt: t(69, 12),
              lastSeenAt: t(70, 40),
              severity: 8.5,
              count: 3,
              resourceUids: [],
              actorIds: [actor],
              endpointIds: [endpoint],
            },
            {
              uid: "cloudtrail-getcalleridentity",
              type: "CLOUD_TRAIL",
              name: "sts:GetCallerIdentity",
              firstSeenAt: t(69, 10),
              lastSeenAt: t(69, 10),
              count: 1,
              resourceUids: [],
              actorIds: [actor],
              endpointIds: [endpoint],
            },
            {
              uid: idOf(3),
              type: "FINDING",
              name: "Discovery:IAMUser/AnomalousBehavior",
              description: "Unusual discovery calls",
              firstSeenAt: t(69, 25),
              lastSeenAt: t(70, 30),
              severity: 5.0,
              count: 27,
              resourceUids: [],
              actorIds: [actor],
              endpointIds: [endpoint],
            },
            {
              uid: "s3-getobject-exports",
              type: "S3_DATA_EVENTS",
              name: "s3:GetObject",
              description: "Objects read from the exports bucket",
              firstSeenAt: t(70, 5),
              lastSeenAt: t(70, 50),
              count: 148,
              resourceUids: ["arn:aws:s3:::acme-data-dev-exports"],
              actorIds: [actor],
              endpointIds: [endpoint],
            },
          ],
          actors: [
            {
              id: actor,
              userName: "airflow-scheduler",
              userType: "AssumedRole",
              credentialUid: "ASIAEXAMPLEDEMO00042",
              mfa: "UNAUTHENTICATED",
            },
          ],
          endpoints: [
            {
              id: endpoint,
              ip: "198.51.100.23",
              country: "Netherlands",
              city: "Amsterdam",
              asn: "AS64501 Example Bulletproof Hosting",
            },
          ],
          resources: [
            {
              uid: "arn:aws:s3:::acme-data-dev-exports",
              name: "acme-data-dev-exports",
              type: "S3_BUCKET",
              region: "us-east-1",
            },
          ],
          indicators: [
            { key: "ATTACK_TACTIC", values: ["Credential Access", "Discovery", "Collection"] },
            { key: "MALICIOUS_IP", values: ["198.51.100.23"] },
          ],
        };
      },
    },
    {
      account: "sandbox-dev",
      region: "eu-west-1",
      type: "UnauthorizedAccess:EC2/SSHBruteForce",
      title: "i-05andb0x0001 is being probed by SSH brute-force attempts",
      description: "203.0.113.77 is performing SSH brute force attacks against i-05andb0x0001.",
      severity: 2.0,
      resource: { type: "Instance", id: "i-05andb0x0001", tags: { Owner: "jdoe" } },
      days: [3, 89],
      count: 1893,
      action: {
        type: "NETWORK_CONNECTION",
        remoteIp: "203.0.113.77",
        country: "Brazil",
        asn: "64502",
        asnOrg: "Example Telecom",
        port: 22,
        protocol: "TCP",
        direction: "INBOUND",
      },
    },
    {
      account: "web-staging",
      region: "us-east-1",
      type: "Policy:S3/BucketAnonymousAccessGranted",
      title: "S3 bucket web-staging-assets now allows anonymous access",
      description: "The S3 bucket web-staging-assets was made public by a bucket policy change.",
      severity: 5.0,
      resource: { type: "S3Bucket", id: "web-staging-assets", arn: "arn:aws:s3:::web-staging-assets", tags: {} },
      days: [40, 40],
      count: 1,
      action: { type: "AWS_API_CALL", api: "PutBucketPolicy", serviceName: "s3.amazonaws.com" },
    },
    {
      account: "web-staging",
      region: "us-east-1",
      type: "Discovery:S3/AnomalousBehavior",
      title: "Unusual listing of web-staging-assets by an anonymous caller",
      description: "An anonymous caller listed web-staging-assets in an unusual way.",
      severity: 5.0,
      resource: { type: "S3Bucket", id: "web-staging-assets", arn: "arn:aws:s3:::web-staging-assets", tags: {} },
      days: [44, 88],
      count: 37,
      action: { type: "AWS_API_CALL", api: "ListObjects", serviceName: "s3.amazonaws.com", remoteIp: "192.0.2.45" },
    },
    {
      account: "payments-prod",
      region: "eu-west-1",
      type: "Recon:IAMUser/MaliciousIPCaller",
      title: "API calls from a known malicious IP address to payments-prod",
      description: "API ListBuckets was invoked from the known malicious IP address 203.0.113.200.",
      severity: 5.0,
      resource: { type: "AccessKey", id: "AKIAEXAMPLEDEMO00007", tags: {} },
      days: [85, 86],
      count: 6,
      key: {
        accessKeyId: "AKIAEXAMPLEDEMO00007",
        principalId: "AIDAEXAMPLEDEMO00007",
        userName: "payments-ci",
        userType: "IAMUser",
      },
      action: {
        type: "AWS_API_CALL",
        api: "ListBuckets",
        serviceName: "s3.amazonaws.com",
        remoteIp: "203.0.113.200",
        country: "Russia",
        asn: "64503",
        asnOrg: "Example Threat Net",
        userAgent: "python-requests/2.31",
      },
    },
    {
      account: "management",
      region: "us-east-1",
      type: "Stealth:IAMUser/CloudTrailLoggingDisabled",
      title: "CloudTrail logging was disabled on the organization trail",
      description: "The org-trail trail was stopped during a planned migration (archived as expected).",
      severity: 2.0,
      resource: { type: "AccessKey", id: "AKIAEXAMPLEDEMO00001", tags: {} },
      days: [12, 12],
      count: 1,
      key: {
        accessKeyId: "AKIAEXAMPLEDEMO00001",
        principalId: "AIDAEXAMPLEDEMO00001",
        userName: "terraform-org-bootstrap",
        userType: "IAMUser",
      },
      action: {
        type: "AWS_API_CALL",
        api: "StopLogging",
        serviceName: "cloudtrail.amazonaws.com",
        userAgent: "Terraform/1.7.5",
      },
      archived: true,
    },
    {
      account: "web-prod",
      region: "us-east-1",
      type: "Recon:EC2/PortProbeUnprotectedPort",
      title: "Unprotected port on EC2 instance web-legacy-cron is being probed",
      description: "Port 8080 of the legacy cron instance was probed by a known scanner (archived: instance replaced).",
      severity: 2.0,
      resource: { type: "Instance", id: "i-0web1egacycr0n", tags: { Name: "web-legacy-cron" } },
      days: [20, 49],
      count: 214,
      action: { type: "PORT_PROBE", remoteIp: "192.0.2.99", country: "United States", port: 8080 },
      archived: true,
    },
  ];
  const arnOf = (accountId: string, region: string, id: string) =>
    `arn:aws:guardduty:${region}:${accountId}:detector/${detectorOf(accountId, region)}/finding/${id}`;
  const ids = specs.map((sp, n) => {
    const accountId = byName(sp.account) ?? "000000000000";
    return `d3m0${accountId.slice(-4)}${String(n + 1).padStart(4, "0")}aa11bb22cc33dd44`;
  });
  return specs.flatMap((sp, n) => {
    const accountId = byName(sp.account);
    if (!accountId) return [];
    const id = ids[n]!;
    const first = at(sp.days[0]).toISOString();
    const last = new Date(at(sp.days[1]).getTime() + 3 * 3600_000).toISOString();
    const sequence = sp.sequence?.(
      (k) => ids[k - 1]!,
      (k) => arnOf(byName(specs[k - 1]!.account) ?? "", specs[k - 1]!.region, ids[k - 1]!),
    );
    const finding: GuardDutyFinding = {
      id,
      arn: arnOf(accountId, sp.region, id),
      accountId,
      region: sp.region,
      detectorId: detectorOf(accountId, sp.region),
      type: sp.type,
      title: sp.title,
      description: sp.description,
      severity: sp.severity,
      createdAt: first,
      updatedAt: last,
      firstSeenAt: first,
      lastSeenAt: last,
      count: sp.count,
      archived: sp.archived ?? false,
      resource: sp.resource,
      ...(sp.action ? { action: sp.action } : {}),
      ...(sp.key ?? {}),
      ...(sequence ? { sequence } : {}),
      raw: {},
    };
    finding.raw = rawFinding(finding);
    return [finding];
  });
}

/** The finding as GetFindings would show it (the subset the demo knows), for the raw JSON view. */
function rawFinding(f: GuardDutyFinding) {
  return {
    AccountId: f.accountId,
    Arn: f.arn,
    CreatedAt: f.createdAt,
    Description: f.description,
    Id: f.id,
    Partition: "aws",
    Region: f.region,
    Resource: {
      ResourceType: f.resource.type,
      ...(f.accessKeyId
        ? {
            AccessKeyDetails: {
              AccessKeyId: f.accessKeyId,
              PrincipalId: f.principalId,
              UserName: f.userName,
              UserType: f.userType,
            },
          }
        : {}),
    },
    SchemaVersion: "2.0",
    Service: {
      Action: f.action
        ? {
            ActionType: f.action.type,
            RemoteIpDetails: f.action.remoteIp ? { IpAddressV4: f.action.remoteIp } : undefined,
          }
        : undefined,
      Archived: f.archived,
      Count: f.count,
      DetectorId: f.detectorId,
      EventFirstSeen: f.firstSeenAt,
      EventLastSeen: f.lastSeenAt,
      ServiceName: "guardduty",
      ...(f.sequence ? { Detection: { Sequence: { Uid: f.sequence.uid, Description: f.sequence.description } } } : {}),
    },
    Severity: f.severity,
    Title: f.title,
    Type: f.type,
    UpdatedAt: f.updatedAt,
  };
}

/** Decoy keys: one planted in a CI environment file and used from the internet on day 85, one never touched. */
export function demoCanaries(byName: ByName) {
  const owner = byName("security-tooling") ?? byName("management");
  return {
    tripped: {
      accessKeyId: "AKIAEXAMPLECANARY001",
      label: "Deploy pipeline CI config",
      plantedIn: ".github/workflows/deploy.yml (AWS_ACCESS_KEY_ID)",
      system: "GitHub Actions",
      repository: "acme/deploy-pipeline",
      environment: "prod" as const,
      owner: "platform-team@acme.example",
      ownerAccountId: owner,
      iamUserName: "svc-deploy-legacy",
    },
    quiet: {
      accessKeyId: "AKIAEXAMPLECANARY002",
      label: "Wiki page: onboarding",
      plantedIn: "wiki/engineering/onboarding",
      system: "Confluence",
      repository: null,
      environment: "dev" as const,
      owner: "security@acme.example",
      ownerAccountId: owner,
      iamUserName: "svc-readonly-docs",
    },
    // The day the CI canary trips; its calls are in lib/demo/cloudtrail.ts.
    day: 85,
  };
}

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * What AWS Budgets would report for a monthly budget on the day at `index` of `daily` (that day's
 * date `date`): the spend since the 1st, and a forecast at the last seven days' daily rate.
 */
export function demoMonthSpend(
  daily: readonly number[],
  index: number,
  date: Date,
): { actual: number; forecast: number } {
  const dayOfMonth = date.getUTCDate();
  const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  const sum = (from: number, to: number) => {
    let s = 0;
    for (let i = Math.max(0, from); i <= to; i++) s += daily[i] ?? 0;
    return s;
  };
  const actual = sum(index - dayOfMonth + 1, index);
  const perDay = sum(index - 6, index) / 7;
  return { actual: cents(actual), forecast: cents(actual + perDay * (daysInMonth - dayOfMonth)) };
}
