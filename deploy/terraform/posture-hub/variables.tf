variable "name" {
  description = "Name of the hub role (and of its instance profile). Its ARN is the hub_principal_arn of every audit role."
  type        = string
  default     = "PostureHub"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.name))
    error_message = "name must be a valid IAM role name (1-64 characters)."
  }
}

variable "audit_role_name" {
  description = "Name of the audit role in member accounts (POSTURE_ROLE_NAME)."
  type        = string
  default     = "PostureAuditRole"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.audit_role_name))
    error_message = "audit_role_name must be a valid IAM role name (1-64 characters)."
  }
}

variable "trust_ecs_tasks" {
  description = "Let ECS tasks in this account use the role (as their task role)."
  type        = bool
  default     = true
}

variable "trust_ec2" {
  description = "Let EC2 instances in this account use the role (creates an instance profile)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for the role and instance profile."
  type        = map(string)
  default     = {}
}
