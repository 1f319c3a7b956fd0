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

/** A spike written into the story: an account, a service, from which day, for how long, and how much bigger. */
export type CostSpike = {
  account: string;
  service: string;
  fromDay: number;
  days: number;
  factor: number;
  note: string;
};

type ByName = (name: string) => string | undefined;

export function demoCostSpikes(byName: ByName): CostSpike[] {
  const spike = (
    name: string,
    service: string,
    fromDay: number,
    days: number,
    factor: number,
    note: string,
  ): CostSpike[] => {
    const account = byName(name);
    return account ? [{ account, service, fromDay, days, factor, note }] : [];
  };
  return [
    // Instances started in a region nobody uses: the pattern of a leaked key used for mining.
    ...spike("data-dev", "Amazon Elastic Compute Cloud - Compute", 70, 20, 9, "instances in an unused region"),
    // A compromised SMTP credential sending spam: SES volume jumps for three days.
    ...spike("web-prod", "Amazon Simple Email Service", 80, 3, 45, "SES sending spike"),
    // A runaway batch job re-reading a table.
    ...spike("payments-prod", "Amazon Relational Database Service", 55, 1, 3.2, "runaway job"),
  ];
}

/** Daily cost per service for one account over `days` days (index 0 is the oldest). */
export function demoCosts(
  account: DemoAccountRef,
  days: number,
  spikes: readonly CostSpike[],
): { day: number; service: string; amount: number }[] {
  const rand = seededRng(Number(account.id.slice(-6)));
  const out: { day: number; service: string; amount: number }[] = [];
  for (let d = 0; d < days; d++) {
    const weekend = d % 7 === 5 || d % 7 === 6;
    for (const [service, base] of Object.entries(BASE[account.environment])) {
      const growth = 1 + (0.15 * d) / days;
      let amount = base * growth * (weekend && account.environment !== "other" ? 0.8 : 1) * (0.93 + 0.14 * rand());
      for (const s of spikes)
        if (s.account === account.id && s.service === service && d >= s.fromDay && d < s.fromDay + s.days)
          amount *= s.factor;
      out.push({ day: d, service, amount: Math.round(amount * 100) / 100 });
    }
  }
  return out;
}

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
