# infra/scripts/deploy-ecs.sh reads these with `terraform output -json`; docs/DEPLOY.md
# copies some of them into GitHub repository variables.

output "public_url" {
  description = "The address users open (PUBLIC_URL)."
  value       = local.public_url
}

output "cluster_name" {
  description = "ECS cluster (ECS_CLUSTER)."
  value       = module.ecs.cluster_name
}

output "web_service_name" {
  description = "ECS web service (ECS_WEB_SERVICE)."
  value       = module.ecs.web_service_name
}

output "worker_service_name" {
  description = "ECS worker service (ECS_WORKER_SERVICE)."
  value       = module.ecs.worker_service_name
}

output "task_families" {
  description = "Task definition family per role."
  value       = module.ecs.task_families
}

output "web_min_count" {
  description = "Fewest web tasks."
  value       = var.web_min_count
}

output "ecr_repository_url" {
  description = "Where images are pushed (ECR_REPOSITORY_URL)."
  value       = module.ecr.repository_url
}

output "alb_dns_name" {
  description = "Load balancer DNS name (reachable from CloudFront only)."
  value       = module.alb.dns_name
}

output "cloudfront_domain_name" {
  description = "The distribution's *.cloudfront.net name."
  value       = module.cloudfront.domain_name
}

output "cloudfront_distribution_id" {
  description = "Distribution id (for invalidations)."
  value       = module.cloudfront.distribution_id
}

output "private_subnet_ids" {
  description = "Subnets for one-off tasks such as migrate (ECS_SUBNETS, comma-separated)."
  value       = module.vpc.private_subnet_ids
}

output "app_security_group_id" {
  description = "Security group for one-off tasks (ECS_SECURITY_GROUP)."
  value       = module.ecs.app_security_group_id
}

output "log_group_names" {
  description = "App log groups per role."
  value       = module.observability.log_group_names
}

output "nat_public_ips" {
  description = "Addresses the app calls out from (for gateways that allow-list IPs)."
  value       = module.vpc.nat_public_ips
}

output "objects_bucket" {
  description = "Objects bucket (S3_BUCKET)."
  value       = module.s3.objects_bucket
}

output "assets_bucket" {
  description = "Assets bucket, served under /assets/."
  value       = module.s3.assets_bucket
}

output "secret_names" {
  description = "Secrets Manager names of the app's settings (fill the provider and payment ones)."
  value       = { for k, arn in module.secrets.arns : k => "${local.name}/${k}" }
}

output "aurora_cluster_identifier" {
  description = "Aurora cluster (restores, alarms)."
  value       = module.rds.cluster_identifier
}

output "waf_blocked_ip_set" {
  description = "WAF IP set (us-east-1) for blocking addresses by hand (docs/RUNBOOK.md)."
  value       = module.cloudfront.blocked_ip_set
}

output "aurora_cluster_arn" {
  description = "Aurora cluster ARN (RDS Data API, docs/RUNBOOK.md)."
  value       = module.rds.cluster_arn
}

output "db_master_secret_arn" {
  description = "Master credentials for the RDS Data API (docs/RUNBOOK.md)."
  value       = module.rds.master_secret_arn
}

output "ses_dkim_records" {
  description = "DKIM CNAMEs (already in Route 53 when hosted_zone_id is set)."
  value       = module.ses.dkim_records
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.observability.alarm_topic_arn
}

output "gha_infra_role_arn" {
  description = "GitHub variable AWS_INFRA_ROLE_ARN."
  value       = module.iam.infra_role_arn
}

output "gha_plan_role_arn" {
  description = "GitHub variable AWS_PLAN_ROLE_ARN."
  value       = module.iam.plan_role_arn
}

output "gha_deploy_role_arn" {
  description = "GitHub variable AWS_DEPLOY_ROLE_ARN."
  value       = module.iam.deploy_role_arn
}
