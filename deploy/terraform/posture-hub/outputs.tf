output "role_arn" {
  description = "ARN of the hub role; the hub_principal_arn of every audit role."
  value       = aws_iam_role.hub.arn
}

output "role_name" {
  description = "Name of the hub role."
  value       = aws_iam_role.hub.name
}

output "instance_profile_arn" {
  description = "Instance profile for the EC2 instance running Posture (null when trust_ec2 is false)."
  value       = one(aws_iam_instance_profile.hub[*].arn)
}

output "instance_profile_name" {
  description = "Name of the instance profile (null when trust_ec2 is false)."
  value       = one(aws_iam_instance_profile.hub[*].name)
}
