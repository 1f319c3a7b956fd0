# Posture audit role: the read-only role Posture assumes in an AWS account. Equivalent to
# deploy/cloudformation/posture-audit-role.yaml (the comments there explain each permission).
#
# This module creates the role in the account of the provider it is given. To reach every account
# of an organization, including future ones, deploy the CloudFormation template with a
# service-managed StackSet instead (deploy/terraform/examples/organization) and use this module for
# the management account, which StackSets do not reach.

data "aws_partition" "current" {}

locals {
  external_ids = var.previous_external_id == null ? [var.external_id] : [var.external_id, var.previous_external_id]

  tags = merge(var.tags, {
    "app"               = "posture"
    "posture:component" = "audit-role"
  })
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "PostureHubWithExternalId"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [var.hub_principal_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = local.external_ids
    }
  }
}

resource "aws_iam_role" "audit" {
  name        = var.role_name
  path        = "/" # the hub may assume arn:<partition>:iam::*:role/<name>, i.e. root path only
  description = "Read-only role assumed by the Posture security posture dashboard"

  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "security_audit" {
  role       = aws_iam_role.audit.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_role_policy_attachment" "view_only" {
  role       = aws_iam_role.audit.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/job-function/ViewOnlyAccess"
}

data "aws_iam_policy_document" "extra" {
  # Read actions Posture calls that neither SecurityAudit nor ViewOnlyAccess grants.
  statement {
    sid    = "ReadsMissingFromManagedPolicies"
    effect = "Allow"
    actions = [
      "budgets:ViewBudget",
      "ses:GetSendQuota",
      "ses:GetSendStatistics",
      "ses:GetAccount",
    ]
    resources = ["*"]
  }

  # Every other read the readers call, granted by the managed policies today; pinned so collection
  # and the CloudTrail readers keep working if AWS trims them (lib/aws/deploy-policy.test.ts).
  statement {
    sid    = "ReadsPinnedFromManagedPolicies"
    effect = "Allow"
    actions = [
      "access-analyzer:ListAnalyzers",
      "account:GetAlternateContact",
      "cloudtrail:DescribeTrails",
      "cloudtrail:GetEventSelectors",
      "cloudtrail:GetTrailStatus",
      "cloudtrail:ListTrails",
      "cloudtrail:LookupEvents",
      "cloudwatch:DescribeAlarms",
      "config:DescribeConfigurationRecorderStatus",
      "config:DescribeConfigurationRecorders",
      "ec2:DescribeFlowLogs",
      "ec2:DescribeInstances",
      "ec2:DescribeNetworkAcls",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeRegions",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeVpcs",
      "ec2:GetEbsEncryptionByDefault",
      "ecr:DescribeRepositories",
      "ecr:GetRegistryScanningConfiguration",
      "ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitions",
      "elasticfilesystem:DescribeFileSystems",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeLoadBalancers",
      "guardduty:GetAdministratorAccount",
      "guardduty:GetDetector",
      "guardduty:GetFindings",
      "guardduty:ListDetectors",
      "guardduty:ListFindings",
      "guardduty:ListMalwareProtectionPlans",
      "guardduty:ListOrganizationAdminAccounts",
      "iam:GenerateCredentialReport",
      "iam:GetAccountAuthorizationDetails",
      "iam:GetAccountPasswordPolicy",
      "iam:GetAccountSummary",
      "iam:GetCredentialReport",
      "iam:ListServerCertificates",
      "kms:DescribeKey",
      "kms:GetKeyRotationStatus",
      "kms:ListKeys",
      "rds:DescribeDBInstances",
      "rds:DescribeDBParameters",
      "s3:GetAccountPublicAccessBlock",
      "s3:GetBucketAcl",
      "s3:GetBucketLocation",
      "s3:GetBucketOwnershipControls",
      "s3:GetBucketPolicy",
      "s3:GetBucketPolicyStatus",
      "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketTagging",
      "s3:GetBucketVersioning",
      "s3:GetEncryptionConfiguration",
      "s3:ListAllMyBuckets",
      "securityhub:DescribeHub",
    ]
    resources = ["*"]
  }

  # Management account only: the organization's daily cost and usage.
  dynamic "statement" {
    for_each = var.include_cost_explorer ? [1] : []
    content {
      sid       = "CostExplorerInManagementAccount"
      effect    = "Allow"
      actions   = ["ce:GetCostAndUsage", "ce:GetAnomalyMonitors", "ce:GetAnomalies"]
      resources = ["*"]
    }
  }

  # Data-plane reads Posture never makes. An explicit Deny wins over the managed policies (and
  # whatever AWS adds to them) and over resource policies that admit the whole account or
  # organization. See the CloudFormation template for the reason behind each action.
  statement {
    sid    = "DenyDataPlaneReads"
    effect = "Deny"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:GetObjectTorrent",
      "s3:GetObjectVersionTorrent",
      "s3-object-lambda:GetObject",
      "s3-object-lambda:GetObjectVersion",
      "secretsmanager:GetSecretValue",
      "secretsmanager:BatchGetSecretValue",
      "ssm:GetParameter*",
      "kms:Decrypt",
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:PartiQLSelect",
      "dynamodb:GetRecords",
      "lambda:GetFunction",
      "lambda:GetLayerVersion",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "sqs:ReceiveMessage",
      "rds:DownloadDBLogFilePortion",
      "rds:DownloadCompleteDBLogFile",
    ]
    resources = ["*"]
  }

  # Posture never goes further than this role.
  statement {
    sid       = "DenyRoleChaining"
    effect    = "Deny"
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "extra" {
  name   = "PostureAuditExtra"
  role   = aws_iam_role.audit.id
  policy = data.aws_iam_policy_document.extra.json
}
