import type { TrailEvent } from "@/lib/domain/activity";

// The demo's CloudTrail story as LookupEvents returns it: the tripped canary (a scanner, then aws-cli
// from abroad), SES abuse by a leaked developer key, a root sign-in, a security group opened to the
// world, and the instance credentials GuardDuty saw exfiltrated. Times are minutes from `at`.

type ByName = (name: string) => string | undefined;

const CANARY_KEY = "AKIAEXAMPLECANARY001";
export const DEMO_LEAKED_KEY = "AKIAEXAMPLEDEVKEY042";
const FOREIGN_IP = "185.220.101.47";
/** The airflow-scheduler instance role's credentials that GuardDuty reports used from outside AWS. */
export const DEMO_EXFIL_KEY = "ASIAEXAMPLEDEMO00042";
const DEMO_EXFIL_SESSION = "i-0a1rf10w5ched";

export function demoTrailEvents(
  byName: ByName,
  at: { canary: Date; ses: Date; root: Date; sg: Date; exfil?: Date },
): TrailEvent[] {
  const events: TrailEvent[] = [];
  const add = (base: Date, minutes: number, e: Omit<TrailEvent, "id" | "time">) =>
    events.push({ ...e, id: `demo-ct-${events.length + 1}`, time: new Date(base.getTime() + minutes * 60_000) });

  const owner = byName("security-tooling") ?? byName("management");
  if (owner) {
    const canary = {
      accountId: owner,
      userName: "svc-deploy-legacy",
      accessKeyId: CANARY_KEY,
      principalArn: `arn:aws:iam::${owner}:user/svc-deploy-legacy`,
      principalType: "IAMUser",
    };
    add(at.canary, 0, {
      ...canary,
      name: "GetCallerIdentity",
      source: "sts.amazonaws.com",
      region: "us-east-1",
      sourceIp: "140.82.115.10",
      userAgent: "TruffleHog",
    });
    const cli = { ...canary, sourceIp: FOREIGN_IP, userAgent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64" };
    add(at.canary, 41, { ...cli, name: "GetCallerIdentity", source: "sts.amazonaws.com", region: "us-east-1" });
    add(at.canary, 42, {
      ...cli,
      name: "ListBuckets",
      source: "s3.amazonaws.com",
      region: "us-east-1",
      errorCode: "AccessDenied",
    });
    add(at.canary, 43, {
      ...cli,
      name: "ListUsers",
      source: "iam.amazonaws.com",
      region: "us-east-1",
      errorCode: "AccessDenied",
    });
    add(at.canary, 44, {
      ...cli,
      name: "DescribeInstances",
      source: "ec2.amazonaws.com",
      region: "ap-southeast-2",
      errorCode: "UnauthorizedOperation",
    });
  }

  const web = byName("web-prod");
  if (web) {
    const dev = {
      accountId: web,
      userName: "j.doe",
      accessKeyId: DEMO_LEAKED_KEY,
      principalArn: `arn:aws:iam::${web}:user/j.doe`,
      principalType: "IAMUser",
      sourceIp: "45.133.1.88",
      region: "eu-west-1",
      source: "ses.amazonaws.com",
    };
    add(at.ses, 0, { ...dev, name: "ListIdentities", userAgent: "Boto3/1.34.11 md/Botocore#1.34.11 Python/3.10" });
    add(at.ses, 1, { ...dev, name: "GetSendQuota", userAgent: "Boto3/1.34.11 md/Botocore#1.34.11 Python/3.10" });
    add(at.ses, 2, { ...dev, name: "GetAccount", userAgent: "aws-cli/2.13.2 Python/3.11" });
    add(at.ses, 3, {
      ...dev,
      name: "UpdateAccountSendingEnabled",
      userAgent: "aws-cli/2.13.2 Python/3.11",
      errorCode: "AccessDenied",
    });
    for (let i = 0; i < 8; i++)
      add(at.ses, 10 + i * 7, {
        ...dev,
        name: "SendRawEmail",
        userAgent: "Boto3/1.34.11 md/Botocore#1.34.11 Python/3.10",
      });
  }

  const payments = byName("payments-prod");
  if (payments) {
    add(at.root, 0, {
      accountId: payments,
      name: "ConsoleLogin",
      source: "signin.amazonaws.com",
      region: "us-east-1",
      userName: "root",
      principalArn: `arn:aws:iam::${payments}:root`,
      principalType: "Root",
      sourceIp: "203.0.113.77",
      userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Safari/605.1.15",
    });
  }

  const staging = byName("web-staging");
  if (staging) {
    add(at.sg, 0, {
      accountId: staging,
      name: "AuthorizeSecurityGroupIngress",
      source: "ec2.amazonaws.com",
      region: "eu-west-1",
      userName: "AWSReservedSSO_Developer/m.smith",
      principalArn: `arn:aws:sts::${staging}:assumed-role/AWSReservedSSO_Developer/m.smith`,
      principalType: "AssumedRole",
      sourceIp: "198.51.100.14",
      userAgent: "console.amazonaws.com",
      requestParameters: {
        groupId: "sg-0demo5432staging",
        ipPermissions: {
          items: [{ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }],
        },
      },
    });
  }
  // The instance credentials GuardDuty saw exfiltrated (its finding and attack sequence in data-dev):
  // identity check and discovery from outside AWS, as the investigation of the key shows them.
  const data = byName("data-dev");
  if (data && at.exfil) {
    const outside = {
      accountId: data,
      userName: DEMO_EXFIL_SESSION,
      accessKeyId: DEMO_EXFIL_KEY,
      principalArn: `arn:aws:sts::${data}:assumed-role/airflow-scheduler/${DEMO_EXFIL_SESSION}`,
      principalType: "AssumedRole",
      sourceIp: "198.51.100.23",
      region: "us-east-1",
    };
    const cli = "aws-cli/2.15.0 Python/3.11";
    const boto = "Boto3/1.34.0 md/Botocore#1.34.0 Python/3.11";
    add(at.exfil, 0, { ...outside, name: "GetCallerIdentity", source: "sts.amazonaws.com", userAgent: cli });
    add(at.exfil, 15, { ...outside, name: "ListBuckets", source: "s3.amazonaws.com", userAgent: boto });
    add(at.exfil, 16, { ...outside, name: "GetBucketPolicy", source: "s3.amazonaws.com", userAgent: boto });
    add(at.exfil, 18, {
      ...outside,
      name: "ListRoles",
      source: "iam.amazonaws.com",
      userAgent: boto,
      errorCode: "AccessDenied",
    });
    add(at.exfil, 21, { ...outside, name: "DescribeInstances", source: "ec2.amazonaws.com", userAgent: boto });
    add(at.exfil, 24 * 60 + 20, { ...outside, name: "ListBuckets", source: "s3.amazonaws.com", userAgent: boto });
  }
  return events;
}
