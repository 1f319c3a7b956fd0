# Onboard a whole AWS organization to Posture with Terraform.
#
# Run with credentials for the organization's MANAGEMENT account. It creates:
#   1. the hub role in the hub account (module ../../posture-hub, through the aws.hub provider);
#   2. the Organizations delegation policy that lets the hub account read the organization
#      (skipped when the hub account is the management account);
#   3. a service-managed StackSet with automatic deployment that puts the audit role
#      (deploy/cloudformation/posture-audit-role.yaml) into every account of the target OUs,
#      including accounts that join them later;
#   4. the audit role in the management account itself (module ../../posture-audit-role, with
#      Cost Explorer), because service-managed StackSets never deploy to the management account.
#
# Before the first apply, trusted access for StackSets must be on:
#   aws cloudformation activate-organizations-access
#
# The ExternalId ends up in the Terraform state (and in each audit role's trust policy): keep the
# state somewhere only administrators can read.
#
#   terraform init
#   terraform apply -var hub_account_id=111122223333 -var 'target_ou_ids=["r-abcd"]' \
#     -var external_id="$POSTURE_EXTERNAL_ID"

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "region" {
  description = "Region for the providers and for the StackSet's instances. IAM is global: one region is enough."
  type        = string
  default     = "us-east-1"
}

variable "hub_account_id" {
  description = "Account Posture runs in (a security-tooling account, or the management account)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.hub_account_id))
    error_message = "hub_account_id must be a 12-digit account id."
  }
}

variable "hub_access_role_name" {
  description = "Role the management account can assume in the hub account to create the hub role. Organizations creates OrganizationAccountAccessRole in accounts it creates."
  type        = string
  default     = "OrganizationAccountAccessRole"
}

variable "external_id" {
  description = "POSTURE_EXTERNAL_ID (openssl rand -hex 32)."
  type        = string
  sensitive   = true
}

variable "target_ou_ids" {
  description = "OUs (or the root, r-xxxx) whose accounts get the audit role. The root covers every account."
  type        = list(string)
}

variable "audit_role_name" {
  description = "Name of the audit role (POSTURE_ROLE_NAME)."
  type        = string
  default     = "PostureAuditRole"
}

# The management account (default provider).
provider "aws" {
  region = var.region
}

data "aws_caller_identity" "management" {}
data "aws_partition" "current" {}

# The hub account, reached from the management account.
provider "aws" {
  alias  = "hub"
  region = var.region

  assume_role {
    role_arn     = "arn:${data.aws_partition.current.partition}:iam::${var.hub_account_id}:role/${var.hub_access_role_name}"
    session_name = "posture-onboarding"
  }
}

locals {
  hub_is_management = var.hub_account_id == data.aws_caller_identity.management.account_id
}

# 1. The hub role. Use trust_ecs_tasks / trust_ec2 to match where Posture runs.
module "hub" {
  source = "../../posture-hub"
  providers = {
    aws = aws.hub
  }

  audit_role_name = var.audit_role_name
}

# 2. Let the hub account read the organization's structure. An organization has a single
#    delegation policy: if yours already has one, add this statement to it instead.
resource "aws_organizations_resource_policy" "posture_hub_read" {
  count = local.hub_is_management ? 0 : 1

  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PostureHubReadsOrganization"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${var.hub_account_id}:root" }
      Action = [
        "organizations:DescribeOrganization",
        "organizations:ListAccounts",
        "organizations:ListRoots",
        "organizations:ListOrganizationalUnitsForParent",
        "organizations:ListAccountsForParent",
        "organizations:ListTagsForResource",
      ]
      Resource = "*"
    }]
  })
}

# 3. The audit role in every account of the target OUs, now and later.
resource "aws_cloudformation_stack_set" "audit_role" {
  name             = "posture-audit-role"
  description      = "Posture read-only audit role"
  permission_model = "SERVICE_MANAGED"
  capabilities     = ["CAPABILITY_NAMED_IAM"]
  template_body    = file("${path.module}/../../../cloudformation/posture-audit-role.yaml")

  parameters = {
    HubPrincipalArn = module.hub.role_arn
    ExternalId      = var.external_id
    RoleName        = var.audit_role_name
  }

  auto_deployment {
    enabled                          = true  # accounts that join a target OU get the role
    retain_stacks_on_account_removal = false # accounts that leave lose it
  }

  managed_execution {
    active = true
  }

  operation_preferences {
    failure_tolerance_percentage = 25
    max_concurrent_percentage    = 25
  }

  tags = {
    app = "posture"
  }

  lifecycle {
    # AWS fills this in for service-managed StackSets; ignoring it avoids a permanent diff.
    # ExternalId is NoEcho: if your provider version shows a permanent change to it, the apply only
    # re-sends the same value.
    ignore_changes = [administration_role_arn]
  }
}

# Instances are created in the provider's region (var.region). The argument naming the region was
# renamed between provider v5 (region) and v6 (stack_set_instance_region); leaving it out works
# with both.
resource "aws_cloudformation_stack_set_instance" "audit_role" {
  stack_set_name = aws_cloudformation_stack_set.audit_role.name

  deployment_targets {
    organizational_unit_ids = var.target_ou_ids
  }

  operation_preferences {
    failure_tolerance_percentage = 25
    max_concurrent_percentage    = 25
  }

  retain_stack = false
}

# 4. The management account, with Cost Explorer.
module "management_audit_role" {
  source = "../../posture-audit-role"

  hub_principal_arn     = module.hub.role_arn
  external_id           = var.external_id
  role_name             = var.audit_role_name
  include_cost_explorer = true
}

output "hub_role_arn" {
  description = "Run Posture as this role (ECS task role, or the instance profile below on EC2)."
  value       = module.hub.role_arn
}

output "hub_instance_profile_name" {
  description = "Instance profile for an EC2 instance running Posture."
  value       = module.hub.instance_profile_name
}

output "management_audit_role_arn" {
  description = "Audit role in the management account."
  value       = module.management_audit_role.role_arn
}

output "posture_environment" {
  description = "Settings for the hub (POSTURE_EXTERNAL_ID is the value you passed as external_id)."
  value = {
    AWS_REGION        = var.region
    POSTURE_ROLE_NAME = var.audit_role_name
  }
}
