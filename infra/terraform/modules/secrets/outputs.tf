output "arns" {
  description = "Map of setting name → secret ARN."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "always_injected" {
  description = "Settings every task receives (generated or assembled by Terraform)."
  value       = concat(local.generated, local.assembled)
}

output "optional" {
  description = "Settings operators fill in; injected only when listed in optional_secrets_enabled."
  value       = local.operator
}
