output "infra_role_arn" {
  description = "Role for terraform apply (GitHub variable AWS_INFRA_ROLE_ARN)."
  value       = aws_iam_role.infra.arn
}

output "plan_role_arn" {
  description = "Role for terraform plan on pull requests (GitHub variable AWS_PLAN_ROLE_ARN)."
  value       = aws_iam_role.plan.arn
}

output "deploy_role_arn" {
  description = "Role for the app deploy (GitHub variable AWS_DEPLOY_ROLE_ARN)."
  value       = aws_iam_role.deploy.arn
}
