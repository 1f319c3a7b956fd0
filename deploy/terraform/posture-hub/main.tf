# Posture hub role: the identity Posture runs as on AWS (ECS task role or EC2 instance profile).
# Equivalent to deploy/cloudformation/posture-hub-role.yaml. It may assume the audit role by name,
# read the organization's structure, and ask STS who it is. Nothing else.
#
# Organizations answers the discovery calls only in the management account or in a member account
# the management account delegated to (deploy/policies/organizations-delegation-policy.json).

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  tags = merge(var.tags, {
    "app"               = "posture"
    "posture:component" = "hub-role"
  })
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.trust_ecs_tasks ? [1] : []
    content {
      sid     = "EcsTasksInThisAccount"
      effect  = "Allow"
      actions = ["sts:AssumeRole"]

      principals {
        type        = "Service"
        identifiers = ["ecs-tasks.amazonaws.com"]
      }

      # Confused-deputy guard: only tasks of this account's ECS clusters.
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = ["arn:${local.partition}:ecs:*:${local.account_id}:*"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.trust_ec2 ? [1] : []
    content {
      sid     = "Ec2Instances"
      effect  = "Allow"
      actions = ["sts:AssumeRole"]

      principals {
        type        = "Service"
        identifiers = ["ec2.amazonaws.com"]
      }
    }
  }
}

data "aws_iam_policy_document" "hub" {
  statement {
    sid       = "AssumePostureAuditRole"
    effect    = "Allow"
    actions   = ["sts:AssumeRole"]
    resources = ["arn:${local.partition}:iam::*:role/${var.audit_role_name}"]
  }

  # Account discovery: accounts, OUs (for grouping) and account tags (environment).
  statement {
    sid    = "OrganizationsDiscovery"
    effect = "Allow"
    actions = [
      "organizations:DescribeOrganization",
      "organizations:ListAccounts",
      "organizations:ListRoots",
      "organizations:ListOrganizationalUnitsForParent",
      "organizations:ListAccountsForParent",
      "organizations:ListTagsForResource",
    ]
    resources = ["*"]
  }

  # Needs no permission; listed so the policy says everything Posture calls as the hub.
  statement {
    sid       = "WhoAmI"
    effect    = "Allow"
    actions   = ["sts:GetCallerIdentity"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "hub" {
  name        = var.name
  path        = "/"
  description = "Posture hub identity (assumes the read-only Posture audit role in each account)"

  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600

  tags = local.tags

  lifecycle {
    precondition {
      condition     = var.trust_ecs_tasks || var.trust_ec2
      error_message = "trust_ecs_tasks or trust_ec2 (or both) must be true."
    }
  }
}

resource "aws_iam_role_policy" "hub" {
  name   = "PostureHub"
  role   = aws_iam_role.hub.id
  policy = data.aws_iam_policy_document.hub.json
}

resource "aws_iam_instance_profile" "hub" {
  count = var.trust_ec2 ? 1 : 0

  name = var.name
  path = "/"
  role = aws_iam_role.hub.name

  tags = local.tags
}
