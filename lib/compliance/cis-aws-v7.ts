// CIS Amazon Web Services Foundations Benchmark v7.0: every recommendation, as published (ids, titles,
// automated or manual, section, profile). The checks that evaluate each are found through the
// `frameworks` references on the checks themselves (mappedChecks below), so the two cannot drift.

export const CIS_AWS_V7 = "CIS AWS Foundations v7.0";

export type CisRecommendation = {
  id: string;
  title: string;
  assessment: "automated" | "manual";
  section: string;
  subsection?: string;
  profile: string;
};

export const cisAwsV7: readonly CisRecommendation[] = [
  {
    id: "2.1.1",
    title: "Ensure centralized root access in AWS Organizations",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.1.2",
    title: "Ensure authorization guardrails for all AWS Organization accounts",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.1.3",
    title: "Ensure Organizations management account is not used for workloads",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.1.4",
    title: "Ensure Organizational Units are structured by environment and sensitivity",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.1.5",
    title: "Ensure delegated admin manages AWS Organizations policies",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.1.6",
    title: "Ensure delegated admins manage AWS Organizations-integrated services",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.2",
    title: "Maintain current AWS account contact details",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.3",
    title: "Ensure security contact information is registered",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.4",
    title: "Ensure no 'root' user account access key exists",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.5",
    title: "Ensure MFA is enabled for the 'root' user account",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.6",
    title: "Ensure hardware MFA is enabled for the 'root' user account",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.7",
    title: "Eliminate use of the 'root' user for administrative and daily tasks",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.8",
    title: "Ensure IAM password policy requires minimum length of 14 or greater",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.9",
    title: "Ensure IAM password policy prevents password reuse",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.10",
    title: "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.11",
    title: "Ensure credentials unused for 45 days or more are disabled",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.12",
    title: "Ensure access keys are rotated every 90 days or less",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.13",
    title: "Ensure IAM users receive permissions only through groups",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.14",
    title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.15",
    title: "Ensure a support role has been created to manage incidents with AWS Support",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.16",
    title: "Ensure IAM instance roles are used for AWS resource access from instances",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.17",
    title: "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.18",
    title: "Ensure that IAM External Access Analyzer is enabled for all regions",
    assessment: "automated",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.19",
    title:
      "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 2",
  },
  {
    id: "2.20",
    title: "Ensure access to AWSCloudShellFullAccess is restricted",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "2.21",
    title: "Ensure AWS resource policies do not allow unrestricted access using 'Principal': '*'",
    assessment: "manual",
    section: "2 Identity and Access Management",
    profile: "Level 1",
  },
  {
    id: "3.1.1",
    title: "Ensure S3 Bucket Policy is set to deny HTTP requests",
    assessment: "automated",
    section: "3 Storage",
    subsection: "3.1 Simple Storage Service (S3)",
    profile: "Level 2",
  },
  {
    id: "3.1.2",
    title: "Ensure MFA Delete is enabled on S3 buckets",
    assessment: "manual",
    section: "3 Storage",
    subsection: "3.1 Simple Storage Service (S3)",
    profile: "Level 2",
  },
  {
    id: "3.1.3",
    title: "Ensure all data in Amazon S3 has been discovered, classified, and secured when necessary",
    assessment: "manual",
    section: "3 Storage",
    subsection: "3.1 Simple Storage Service (S3)",
    profile: "Level 2",
  },
  {
    id: "3.1.4",
    title: "Ensure that S3 is configured with 'Block Public Access' enabled",
    assessment: "automated",
    section: "3 Storage",
    subsection: "3.1 Simple Storage Service (S3)",
    profile: "Level 1",
  },
  {
    id: "3.2.1",
    title: "Ensure that encryption-at-rest is enabled for RDS instances",
    assessment: "automated",
    section: "3 Storage",
    subsection: "3.2 Relational Database Service (RDS)",
    profile: "Level 1",
  },
  {
    id: "3.2.2",
    title: "Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances",
    assessment: "automated",
    section: "3 Storage",
    subsection: "3.2 Relational Database Service (RDS)",
    profile: "Level 1",
  },
  {
    id: "3.2.3",
    title: "Ensure that RDS instances are not publicly accessible",
    assessment: "automated",
    section: "3 Storage",
    subsection: "3.2 Relational Database Service (RDS)",
    profile: "Level 1",
  },
  {
    id: "3.2.4",
    title: "Ensure Multi-AZ deployments are used for enhanced availability in Amazon RDS",
    assessment: "manual",
    section: "3 Storage",
    subsection: "3.2 Relational Database Service (RDS)",
    profile: "Level 1",
  },
  {
    id: "3.3.1",
    title: "Ensure that encryption is enabled for EFS file systems",
    assessment: "automated",
    section: "3 Storage",
    subsection: "3.3 Elastic File System (EFS)",
    profile: "Level 1",
  },
  {
    id: "4.1",
    title: "Ensure CloudTrail is enabled in all regions",
    assessment: "manual",
    section: "4 Logging",
    profile: "Level 1",
  },
  {
    id: "4.2",
    title: "Ensure CloudTrail log file validation is enabled",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.3",
    title: "Ensure AWS Config is enabled in all regions",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.4",
    title: "Ensure that server access logging is enabled on the CloudTrail S3 bucket",
    assessment: "manual",
    section: "4 Logging",
    profile: "Level 1",
  },
  {
    id: "4.5",
    title: "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.6",
    title: "Ensure rotation for customer-created symmetric CMKs is enabled",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.7",
    title: "Ensure VPC flow logging is enabled in all VPCs",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.8",
    title: "Ensure that object-level logging for write events is enabled for S3 buckets",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.9",
    title: "Ensure that object-level logging for read events is enabled for S3 buckets",
    assessment: "automated",
    section: "4 Logging",
    profile: "Level 2",
  },
  {
    id: "4.10",
    title: "Ensure all AWS-managed web front-end services have access logging enabled",
    assessment: "manual",
    section: "4 Logging",
    profile: "Level 1",
  },
  {
    id: "5.1",
    title: "Ensure unauthorized API calls are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "5.2",
    title: "Ensure management console sign-in without MFA is monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.3",
    title: "Ensure usage of the 'root' account is monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.4",
    title: "Ensure IAM policy changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.5",
    title: "Ensure CloudTrail configuration changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.6",
    title: "Ensure AWS Management Console authentication failures are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "5.7",
    title: "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "5.8",
    title: "Ensure S3 bucket policy changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.9",
    title: "Ensure AWS Config configuration changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "5.10",
    title: "Ensure security group changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "5.11",
    title: "Ensure Network Access Control List (NACL) changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "5.12",
    title: "Ensure changes to network gateways are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.13",
    title: "Ensure route table changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.14",
    title: "Ensure VPC changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.15",
    title: "Ensure AWS Organizations changes are monitored",
    assessment: "manual",
    section: "5 Monitoring",
    profile: "Level 1",
  },
  {
    id: "5.16",
    title: "Ensure AWS Security Hub is enabled",
    assessment: "automated",
    section: "5 Monitoring",
    profile: "Level 2",
  },
  {
    id: "6.1.1",
    title: "Ensure EBS volume encryption is enabled in all regions",
    assessment: "automated",
    section: "6 Networking",
    subsection: "6.1 Elastic Compute Cloud (EC2)",
    profile: "Level 1",
  },
  {
    id: "6.1.2",
    title: "Ensure CIFS access is restricted to trusted networks to prevent unauthorized access",
    assessment: "automated",
    section: "6 Networking",
    subsection: "6.1 Elastic Compute Cloud (EC2)",
    profile: "Level 1",
  },
  {
    id: "6.2",
    title: "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
    assessment: "automated",
    section: "6 Networking",
    profile: "Level 1",
  },
  {
    id: "6.3",
    title: "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
    assessment: "automated",
    section: "6 Networking",
    profile: "Level 1",
  },
  {
    id: "6.4",
    title: "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
    assessment: "automated",
    section: "6 Networking",
    profile: "Level 1",
  },
  {
    id: "6.5",
    title: "Ensure the default security group of every VPC restricts all traffic",
    assessment: "automated",
    section: "6 Networking",
    profile: "Level 2",
  },
  {
    id: "6.6",
    title: 'Ensure routing tables for VPC peering are "least access"',
    assessment: "manual",
    section: "6 Networking",
    profile: "Level 2",
  },
  {
    id: "6.7",
    title: "Ensure that the EC2 Metadata Service only allows IMDSv2",
    assessment: "automated",
    section: "6 Networking",
    profile: "Level 1",
  },
  {
    id: "6.8",
    title: "Ensure VPC Endpoints are used for access to AWS Services",
    assessment: "manual",
    section: "6 Networking",
    profile: "Level 2",
  },
];

export type FrameworkControl = {
  id: string;
  title: string;
  assessment: "automated" | "manual";
  section: string;
  /** Ids of the checks whose `frameworks` name this control. */
  checks: string[];
};

type CheckRefs = { id: string; frameworks: readonly { framework: string; control: string }[] };

/** The checks that name `framework` / `control` among their references, in catalogue order. */
export function mappedChecks(checks: readonly CheckRefs[], framework: string, control: string): string[] {
  return checks
    .filter((c) => c.frameworks.some((f) => f.framework === framework && f.control === control))
    .map((c) => c.id);
}

/** Every CIS v7.0 recommendation with the checks that evaluate it (none for most manual ones). */
export function cisAwsV7Controls(checks: readonly CheckRefs[]): FrameworkControl[] {
  return cisAwsV7.map((r) => ({
    id: r.id,
    title: r.title,
    assessment: r.assessment,
    section: r.subsection ? `${r.section} · ${r.subsection}` : r.section,
    checks: mappedChecks(checks, CIS_AWS_V7, r.id),
  }));
}
