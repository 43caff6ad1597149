# Pulse AI Studio on AWS: one image, two ECS services (web, worker), Aurora PostgreSQL
# Serverless v2, ElastiCache, S3, CloudFront + WAF, SES, Secrets Manager.
#
#   users → CloudFront (+WAF) → ALB (origin header) → web tasks ─┬→ Aurora
#                  └ /assets/* → S3 assets (OAC)   worker tasks ─┼→ ElastiCache
#                                                                ├→ S3 objects
#                                                                └→ SES, AI providers, gateways (NAT)
# Each task: the app, plus a metrics collector sidecar scraping its loopback METRICS_ADDR.
# docs/DEPLOY.md walks through the first deploy; infra/README.md lists the modules.

data "aws_partition" "current" {}

locals {
  name           = var.project_name
  has_domain     = var.domain_name != ""
  cluster_name   = local.name
  web_service    = "${local.name}-web"
  worker_service = "${local.name}-worker"
  public_url     = local.has_domain ? "https://${var.domain_name}" : "https://${module.cloudfront.domain_name}"
  mail_from = var.mail_from != "" ? var.mail_from : (
    local.has_domain ? "Pulse AI Studio <no-reply@${var.domain_name}>" : "Pulse AI Studio <${var.sender_email}>"
  )
  state_bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.state_bucket}"
  lock_table_arn   = "arn:${data.aws_partition.current.partition}:dynamodb:${var.aws_region}:${var.aws_account_id}:table/${var.state_lock_table}"
}

# The secret origin header: CloudFront sends the current generation, the ALB accepts it
# and the previous one, so a rotation (origin_verify_generation + 1) refuses nothing while
# CloudFront deploys. Letters and digits only: the ALB reads * and ? as wildcards.
resource "random_password" "origin_verify" {
  for_each = toset([for g in [var.origin_verify_generation - 1, var.origin_verify_generation] : tostring(g)])
  length   = 48
  special  = false
}

locals {
  origin_verify_value    = random_password.origin_verify[tostring(var.origin_verify_generation)].result
  origin_verify_accepted = [for g in sort(keys(random_password.origin_verify)) : random_password.origin_verify[g].result]
}

resource "terraform_data" "inputs" {
  lifecycle {
    precondition {
      condition     = !local.has_domain || var.hosted_zone_id != ""
      error_message = "domain_name needs hosted_zone_id (the Route 53 zone that holds it)."
    }
    precondition {
      condition     = local.has_domain || var.sender_email != ""
      error_message = "Without domain_name, set sender_email (the address mail is sent from)."
    }
  }
}

module "kms" {
  source     = "./modules/kms"
  name       = local.name
  account_id = var.aws_account_id
  region     = var.aws_region
  partition  = data.aws_partition.current.partition
}

module "vpc" {
  source             = "./modules/vpc"
  name               = local.name
  region             = var.aws_region
  account_id         = var.aws_account_id
  cidr_block         = var.vpc_cidr
  az_count           = var.az_count
  single_nat_gateway = var.single_nat_gateway
  kms_key_arn        = module.kms.key_arn
  log_retention_days = var.log_retention_days
}

module "ecr" {
  source      = "./modules/ecr"
  name        = local.name
  kms_key_arn = module.kms.key_arn
}

module "s3" {
  source                            = "./modules/s3"
  name                              = local.name
  account_id                        = var.aws_account_id
  kms_key_arn                       = module.kms.key_arn
  log_retention_days                = var.log_retention_days
  alb_logs_legacy_account_principal = var.alb_logs_legacy_account_principal
}

module "secrets" {
  source      = "./modules/secrets"
  name        = local.name
  kms_key_arn = module.kms.key_arn
}

module "acm" {
  source         = "./modules/acm"
  count          = local.has_domain ? 1 : 0
  domain_name    = var.domain_name
  hosted_zone_id = var.hosted_zone_id
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
}

module "alb" {
  source               = "./modules/alb"
  name                 = local.name
  vpc_id               = module.vpc.vpc_id
  vpc_cidr             = module.vpc.vpc_cidr
  public_subnet_ids    = module.vpc.public_subnet_ids
  https_enabled        = local.has_domain
  certificate_arn      = local.has_domain ? module.acm[0].regional_certificate_arn : ""
  deletion_protection  = var.deletion_protection
  logs_bucket          = module.s3.logs_bucket
  origin_verify_values = local.origin_verify_accepted
}

module "cloudfront" {
  source                             = "./modules/cloudfront"
  name                               = local.name
  domain_name                        = var.domain_name
  certificate_arn                    = local.has_domain ? module.acm[0].cloudfront_certificate_arn : ""
  app_origin_domain                  = local.has_domain ? "origin.${var.domain_name}" : module.alb.dns_name
  app_origin_protocol                = module.alb.origin_protocol
  assets_bucket                      = module.s3.assets_bucket
  assets_bucket_arn                  = module.s3.assets_bucket_arn
  assets_bucket_regional_domain_name = module.s3.assets_bucket_regional_domain_name
  price_class                        = var.cloudfront_price_class
  waf_rate_limit_per_5min            = var.waf_rate_limit_per_5min
  origin_verify_value                = local.origin_verify_value
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
}

module "route53" {
  source                    = "./modules/route53"
  count                     = local.has_domain ? 1 : 0
  domain_name               = var.domain_name
  hosted_zone_id            = var.hosted_zone_id
  cloudfront_domain_name    = module.cloudfront.domain_name
  cloudfront_hosted_zone_id = module.cloudfront.hosted_zone_id
  alb_dns_name              = module.alb.dns_name
  alb_zone_id               = module.alb.zone_id
}

module "ses" {
  source              = "./modules/ses"
  name                = local.name
  region              = var.aws_region
  domain_name         = var.domain_name
  hosted_zone_id      = var.hosted_zone_id
  sender_email        = var.sender_email
  dmarc_policy        = var.dmarc_policy
  smtp_url_secret_arn = module.secrets.arns["SMTP_URL"]
}

module "observability" {
  source                    = "./modules/observability"
  name                      = local.name
  kms_key_arn               = module.kms.key_arn
  log_retention_days        = var.log_retention_days
  alarm_email               = var.alarm_email
  alb_arn_suffix            = module.alb.arn_suffix
  target_group_arn_suffix   = module.alb.target_group_arn_suffix
  alb_5xx_threshold         = var.alb_5xx_threshold
  cluster_name              = local.cluster_name
  web_service_name          = local.web_service
  worker_service_name       = local.worker_service
  web_min_count             = var.web_min_count
  worker_min_count          = var.worker_min_count
  db_cluster_identifier     = module.rds.cluster_identifier
  db_max_acu                = var.aurora_max_acu
  redis_member_ids          = module.redis.member_cluster_ids
  jobs_failed_threshold     = var.jobs_failed_threshold
  payment_refused_threshold = var.payment_refused_threshold
}

module "ecs" {
  source                     = "./modules/ecs"
  cluster_name               = local.cluster_name
  web_service_name           = local.web_service
  worker_service_name        = local.worker_service
  account_id                 = var.aws_account_id
  region                     = var.aws_region
  vpc_id                     = module.vpc.vpc_id
  private_subnet_ids         = module.vpc.private_subnet_ids
  alb_security_group_id      = module.alb.security_group_id
  database_security_group_id = module.rds.security_group_id
  redis_security_group_id    = module.redis.security_group_id
  target_group_arn           = module.alb.target_group_arn
  listener_arns              = [module.alb.forward_listener_arn, module.alb.forward_rule_arn]
  alb_arn_suffix             = module.alb.arn_suffix
  target_group_arn_suffix    = module.alb.target_group_arn_suffix
  repository_url             = module.ecr.repository_url
  image_tag                  = var.image_tag
  kms_key_arn                = module.kms.key_arn
  ecs_exec_log_group_name    = module.observability.ecs_exec_log_group_name
  log_group_names            = module.observability.log_group_names
  metrics_log_group_name     = module.observability.metrics_log_group_name
  metrics_log_group_arn      = module.observability.metrics_log_group_arn
  metrics_namespace          = module.observability.metrics_namespace
  secret_arns                = module.secrets.arns
  always_injected_secrets    = module.secrets.always_injected
  optional_secrets_enabled   = var.optional_secrets_enabled
  objects_bucket             = module.s3.objects_bucket
  objects_bucket_arn         = module.s3.objects_bucket_arn
  public_url                 = local.public_url
  mail_from                  = local.mail_from
  admin_emails               = var.admin_emails
  extra_environment          = var.extra_environment
  web_cpu                    = var.web_cpu
  web_memory                 = var.web_memory
  worker_cpu                 = var.worker_cpu
  worker_memory              = var.worker_memory
  web_min_count              = var.web_min_count
  web_max_count              = var.web_max_count
  worker_min_count           = var.worker_min_count
  worker_max_count           = var.worker_max_count
  cpu_target_percent         = var.cpu_target_percent
  web_requests_per_target    = var.web_requests_per_target
}

module "rds" {
  source                  = "./modules/rds"
  name                    = local.name
  vpc_id                  = module.vpc.vpc_id
  private_subnet_ids      = module.vpc.private_subnet_ids
  app_security_group_id   = module.ecs.app_security_group_id
  kms_key_arn             = module.kms.key_arn
  engine_version          = var.aurora_engine_version
  min_acu                 = var.aurora_min_acu
  max_acu                 = var.aurora_max_acu
  instance_count          = var.aurora_instance_count
  backup_retention_days   = var.aurora_backup_retention_days
  deletion_protection     = var.deletion_protection
  database_url_secret_arn = module.secrets.arns["DATABASE_URL"]
}

module "redis" {
  source                = "./modules/redis"
  name                  = local.name
  vpc_id                = module.vpc.vpc_id
  private_subnet_ids    = module.vpc.private_subnet_ids
  app_security_group_id = module.ecs.app_security_group_id
  kms_key_arn           = module.kms.key_arn
  engine                = var.redis_engine
  engine_version        = var.redis_engine_version
  node_type             = var.redis_node_type
  node_count            = var.redis_node_count
  redis_url_secret_arn  = module.secrets.arns["REDIS_URL"]
}

module "iam" {
  source                      = "./modules/iam"
  name                        = local.name
  account_id                  = var.aws_account_id
  region                      = var.aws_region
  partition                   = data.aws_partition.current.partition
  create_github_oidc_provider = var.create_github_oidc_provider
  github_repository           = var.github_repository
  github_branch               = var.github_branch
  github_environment          = var.github_environment
  state_bucket_arn            = local.state_bucket_arn
  lock_table_arn              = local.lock_table_arn
  state_kms_key_arn           = var.state_kms_key_arn
  stack_kms_key_arn           = module.kms.key_arn
  ecr_repository_arn          = module.ecr.repository_arn
  cluster_name                = local.cluster_name
  service_names               = [local.web_service, local.worker_service]
  task_families               = values(module.ecs.task_families)
  passable_role_arns          = [module.ecs.task_role_arn, module.ecs.execution_role_arn]
  log_group_arns              = values(module.observability.log_group_arns)
}
