variable "hub_principal_arn" {
  description = "ARN of the IAM role Posture runs as (the hub), e.g. arn:aws:iam::111122223333:role/PostureHub. Only this principal can assume the audit role."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.hub_principal_arn))
    error_message = "hub_principal_arn must be an IAM role ARN."
  }
}

variable "external_id" {
  description = "The value Posture sends as sts:ExternalId (POSTURE_EXTERNAL_ID). Generate it with `openssl rand -hex 32`."
  type        = string
  sensitive   = true

  validation {
    # RE2 caps counted repetition at 1000, so the length is checked separately.
    condition     = can(regex("^[\\w+=,.@:/-]+$", var.external_id)) && length(var.external_id) >= 16 && length(var.external_id) <= 1224
    error_message = "external_id must be 16-1224 characters of A-Z a-z 0-9 + = , . @ : / _ -."
  }
}

variable "previous_external_id" {
  description = "Only while rotating the ExternalId: the old value, accepted alongside external_id until the hub has switched. Leave null otherwise."
  type        = string
  default     = null
  sensitive   = true

  validation {
    # Terraform < 1.12 does not short-circuit ||, so the right-hand side must not fail on null.
    condition     = var.previous_external_id == null || try(can(regex("^[\\w+=,.@:/-]{16,}$", var.previous_external_id)) && length(var.previous_external_id) <= 1224, false)
    error_message = "previous_external_id must be null or 16-1224 characters of A-Z a-z 0-9 + = , . @ : / _ -."
  }
}

variable "role_name" {
  description = "Name of the audit role (POSTURE_ROLE_NAME on the hub). Must match the hub's sts:AssumeRole permission."
  type        = string
  default     = "PostureAuditRole"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "role_name must be a valid IAM role name (1-64 characters)."
  }
}

variable "include_cost_explorer" {
  description = "true only in the management account: adds ce:GetCostAndUsage so Posture can read the organization's daily costs."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for the role."
  type        = map(string)
  default     = {}
}
