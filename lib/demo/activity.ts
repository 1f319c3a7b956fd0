import { guardDutySeverityLabel } from "@/lib/aws/guardduty/guardduty";
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

export type DemoGuardDutyFinding = {
  accountId: string;
  region: string;
  id: string;
  type: string;
  title: string;
  severity: number;
  severityLabel: ReturnType<typeof guardDutySeverityLabel>;
  resourceType: string;
  resourceId: string;
  firstDay: number;
  lastDay: number;
  count: number;
  archived: boolean;
  details: Record<string, unknown>;
};

export function demoGuardDuty(byName: ByName, unusedRegion: string): DemoGuardDutyFinding[] {
  let n = 0;
  const f = (
    name: string,
    region: string,
    type: string,
    title: string,
    severity: number,
    resource: [string, string],
    days: [number, number],
    count: number,
    details: Record<string, unknown>,
    archived = false,
  ): DemoGuardDutyFinding[] => {
    n += 1;
    const accountId = byName(name);
    if (!accountId) return [];
    const id = `d3m0${accountId.slice(-4)}${String(n).padStart(4, "0")}aa11bb22cc33dd44`;
    return [
      {
        accountId,
        region,
        id,
        type,
        title,
        severity,
        severityLabel: guardDutySeverityLabel(severity),
        resourceType: resource[0],
        resourceId: resource[1],
        firstDay: days[0],
        lastDay: days[1],
        count,
        archived,
        details,
      },
    ];
  };
  return [
    ...f(
      "data-dev",
      unusedRegion,
      "CryptoCurrency:EC2/BitcoinTool.B!DNS",
      "EC2 instance i-0d3m0c01n5 is querying a domain name associated with Bitcoin mining",
      8.0,
      ["Instance", "i-0d3m0c01n5"],
      [71, 89],
      412,
      {
        action: "DNS_REQUEST",
        domain: "pool.example-mining.invalid",
      },
    ),
    ...f(
      "data-dev",
      "us-east-1",
      "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
      "Credentials of an instance role were used from outside AWS",
      8.5,
      ["AccessKey", "ASIAEXAMPLEDEMO00042"],
      [69, 70],
      3,
      {
        remoteIp: "198.51.100.23",
        api: "RunInstances",
      },
    ),
    ...f(
      "sandbox-dev",
      "eu-west-1",
      "UnauthorizedAccess:EC2/SSHBruteForce",
      "i-05andb0x0001 is being probed by SSH brute-force attempts",
      2.0,
      ["Instance", "i-05andb0x0001"],
      [3, 89],
      1893,
      {
        remoteIp: "203.0.113.77",
        port: 22,
      },
    ),
    ...f(
      "web-staging",
      "us-east-1",
      "Policy:S3/BucketAnonymousAccessGranted",
      "S3 bucket web-staging-assets now allows anonymous access",
      5.0,
      ["S3Bucket", "web-staging-assets"],
      [40, 40],
      1,
      {
        bucket: "web-staging-assets",
      },
    ),
    ...f(
      "web-staging",
      "us-east-1",
      "Discovery:S3/AnomalousBehavior",
      "Unusual listing of web-staging-assets by an anonymous caller",
      5.0,
      ["S3Bucket", "web-staging-assets"],
      [44, 88],
      37,
      {
        remoteIp: "192.0.2.45",
      },
    ),
    ...f(
      "payments-prod",
      "eu-west-1",
      "Recon:IAMUser/MaliciousIPCaller",
      "API calls from a known malicious IP address to payments-prod",
      5.0,
      ["AccessKey", "AKIAEXAMPLEDEMO00007"],
      [85, 86],
      6,
      {
        remoteIp: "203.0.113.200",
        api: "ListBuckets",
      },
    ),
    ...f(
      "management",
      "us-east-1",
      "Stealth:IAMUser/CloudTrailLoggingDisabled",
      "CloudTrail logging was disabled on the organization trail",
      2.0,
      ["AccessKey", "AKIAEXAMPLEDEMO00001"],
      [12, 12],
      1,
      { trail: "org-trail" },
      true,
    ),
  ];
}

/** Decoy keys: one planted in a CI environment file and used from the internet on day 85, one never touched. */
export function demoCanaries(byName: ByName) {
  const owner = byName("security-tooling") ?? byName("management");
  return {
    tripped: {
      accessKeyId: "AKIAEXAMPLECANARY001",
      label: "CI .env on build-runner-3",
      plantedIn: "build-runner-3:/srv/ci/.env",
      ownerAccountId: owner,
      iamUserName: "svc-deploy-legacy",
    },
    quiet: {
      accessKeyId: "AKIAEXAMPLECANARY002",
      label: "Wiki page: onboarding",
      plantedIn: "wiki/engineering/onboarding",
      ownerAccountId: owner,
      iamUserName: "svc-readonly-docs",
    },
    day: 85,
    events: [
      {
        minutes: 0,
        eventName: "GetCallerIdentity",
        eventSource: "sts.amazonaws.com",
        sourceIp: "198.51.100.23",
        userAgent: "aws-cli/2.15.0 Python/3.11",
        errorCode: null,
      },
      {
        minutes: 2,
        eventName: "ListBuckets",
        eventSource: "s3.amazonaws.com",
        sourceIp: "198.51.100.23",
        userAgent: "aws-cli/2.15.0 Python/3.11",
        errorCode: "AccessDenied",
      },
      {
        minutes: 3,
        eventName: "DescribeInstances",
        eventSource: "ec2.amazonaws.com",
        sourceIp: "198.51.100.23",
        userAgent: "Boto3/1.34.0",
        errorCode: "UnauthorizedOperation",
      },
    ],
  };
}
