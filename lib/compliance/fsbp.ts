import { mappedChecks, type FrameworkControl } from "./cis-aws-v7";

// AWS Foundational Security Best Practices: the controls the catalogue evaluates, with AWS's titles.
// FSBP has some 300 controls; only those a check references are listed.

export const FSBP = "AWS Foundational Security Best Practices";

export const fsbpControls: readonly { id: string; title: string }[] = [
  { id: "Account.1", title: "Security contact information should be provided for an AWS account" },
  { id: "CloudTrail.1", title: "CloudTrail should be enabled and configured with at least one multi-Region trail" },
  { id: "CloudTrail.2", title: "CloudTrail should have encryption at rest enabled" },
  { id: "CloudTrail.4", title: "CloudTrail log file validation should be enabled" },
  { id: "Config.1", title: "AWS Config should be enabled and use the service-linked role for resource recording" },
  { id: "EC2.2", title: "VPC default security groups should not allow inbound or outbound traffic" },
  { id: "EC2.6", title: "VPC flow logging should be enabled in all VPCs" },
  { id: "EC2.7", title: "EBS default encryption should be enabled" },
  { id: "EC2.8", title: "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)" },
  { id: "EC2.9", title: "EC2 instances should not have a public IPv4 address" },
  { id: "EC2.13", title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22" },
  { id: "EC2.14", title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389" },
  { id: "EC2.18", title: "Security groups should only allow unrestricted incoming traffic for authorized ports" },
  { id: "EC2.19", title: "Security groups should not allow unrestricted access to ports with high risk" },
  { id: "EC2.21", title: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389" },
  { id: "ECR.1", title: "ECR private repositories should have image scanning configured" },
  { id: "ECS.8", title: "Secrets should not be passed as container environment variables" },
  { id: "EFS.1", title: "Elastic File System should be configured to encrypt file data at rest using AWS KMS" },
  { id: "ELB.4", title: "Application Load Balancer should be configured to drop invalid HTTP headers" },
  { id: "GuardDuty.1", title: "GuardDuty should be enabled" },
  { id: "GuardDuty.5", title: "GuardDuty EKS Audit Log Monitoring should be enabled" },
  { id: "GuardDuty.6", title: "GuardDuty Lambda Protection should be enabled" },
  { id: "GuardDuty.7", title: "GuardDuty EKS Runtime Monitoring should be enabled" },
  { id: "GuardDuty.8", title: "GuardDuty Malware Protection for EC2 should be enabled" },
  { id: "GuardDuty.9", title: "GuardDuty RDS Protection should be enabled" },
  { id: "GuardDuty.10", title: "GuardDuty S3 Protection should be enabled" },
  { id: "GuardDuty.11", title: "GuardDuty Runtime Monitoring should be enabled" },
  { id: "GuardDuty.12", title: "GuardDuty ECS Runtime Monitoring should be enabled" },
  { id: "IAM.1", title: 'IAM policies should not allow full "*" administrative privileges' },
  { id: "IAM.2", title: "IAM users should not have IAM policies attached" },
  { id: "IAM.3", title: "IAM users' access keys should be rotated every 90 days or less" },
  { id: "IAM.4", title: "IAM root user access key should not exist" },
  { id: "IAM.5", title: "MFA should be enabled for all IAM users that have a console password" },
  { id: "IAM.7", title: "Password policies for IAM users should have strong configurations" },
  { id: "IAM.9", title: "MFA should be enabled for the root user" },
  { id: "IAM.18", title: "Ensure a support role has been created to manage incidents with AWS Support" },
  { id: "IAM.22", title: "IAM user credentials unused for 45 days should be removed" },
  { id: "IAM.28", title: "IAM Access Analyzer external access analyzer should be enabled" },
  { id: "KMS.4", title: "AWS KMS key rotation should be enabled" },
  { id: "RDS.2", title: "RDS DB instances should prohibit public access" },
  { id: "RDS.3", title: "RDS DB instances should have encryption at-rest enabled" },
  { id: "RDS.8", title: "RDS DB instances should have deletion protection enabled" },
  { id: "RDS.11", title: "RDS instances should have automatic backups enabled" },
  { id: "RDS.13", title: "RDS automatic minor version upgrades should be enabled" },
  { id: "S3.1", title: "S3 general purpose buckets should have block public access settings enabled" },
  { id: "S3.2", title: "S3 general purpose buckets should block public read access" },
  { id: "S3.3", title: "S3 general purpose buckets should block public write access" },
  { id: "S3.5", title: "S3 general purpose buckets should require requests to use SSL" },
  { id: "S3.12", title: "ACLs should not be used to manage user access to S3 general purpose buckets" },
  { id: "S3.14", title: "S3 general purpose buckets should have versioning enabled" },
  { id: "S3.22", title: "S3 general purpose buckets should log object-level write events" },
  { id: "S3.23", title: "S3 general purpose buckets should log object-level read events" },
];

/** The FSBP controls the catalogue covers, each with its checks; FSBP controls are all automated. */
export function fsbpControlsWithChecks(
  checks: readonly { id: string; frameworks: readonly { framework: string; control: string }[] }[],
): FrameworkControl[] {
  return fsbpControls.map((c) => ({
    id: c.id,
    title: c.title,
    assessment: "automated",
    section: c.id.split(".")[0]!,
    checks: mappedChecks(checks, FSBP, c.id),
  }));
}
