# --- account and naming --------------------------------------------------------------------
variable "aws_account_id" {
  description = "AWS account to deploy into; the provider refuses any other (guards against the wrong credentials)."
  type        = string
}

variable "aws_region" {
  description = "Region of the stack. eu-central-1 (Frankfurt) is close to Jordan and has every service used here."
  type        = string
  default     = "eu-central-1"
}

variable "project_name" {
  description = "Name of the stack: prefix of every resource name (lowercase letters, digits, dashes)."
  type        = string
  default     = "pulse"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project_name))
    error_message = "project_name: 2-21 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, used in tags (production, staging)."
  type        = string
  default     = "production"
}

variable "tags" {
  description = "Extra tags on every resource (e.g. CostCenter)."
  type        = map(string)
  default     = {}
}

# --- domain, mail, people ------------------------------------------------------------------
variable "domain_name" {
  description = "Public name of the app, e.g. studio.example.jo. Empty: no domain, the app is reached at its *.cloudfront.net name (try-out only)."
  type        = string
  default     = ""
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone that holds domain_name (required with a domain: certificates, aliases and mail records go there)."
  type        = string
  default     = ""
}

variable "sender_email" {
  description = "Without a domain: an address you can receive at, verified in SES and used as MAIL_FROM."
  type        = string
  default     = ""
}

variable "mail_from" {
  description = "MAIL_FROM of the app. Empty: \"Pulse AI Studio <no-reply@DOMAIN>\" (or sender_email without a domain)."
  type        = string
  default     = ""
}

variable "dmarc_policy" {
  description = "DMARC policy published for the domain (none while warming up, then quarantine or reject)."
  type        = string
  default     = "none"
}

variable "admin_emails" {
  description = "Accounts that become admins when they sign in (ADMIN_EMAILS)."
  type        = list(string)
  default     = []
}

variable "alarm_email" {
  description = "Address that receives CloudWatch alarms (confirm the subscription mail). Empty: alarms go to the SNS topic only."
  type        = string
  default     = ""
}

# --- GitHub --------------------------------------------------------------------------------
variable "github_repository" {
  description = "GitHub repository (OWNER/NAME) whose workflows may assume the deploy roles."
  type        = string
}

variable "github_branch" {
  description = "Default branch (plans on its pushes)."
  type        = string
  default     = "main"
}

variable "github_environment" {
  description = "GitHub environment of the apply and deploy jobs; restrict it to the default branch."
  type        = string
  default     = "production"
}

variable "create_github_oidc_provider" {
  description = "Create the GitHub OIDC provider (false when the account already has one)."
  type        = bool
  default     = true
}

# --- Terraform state (from bootstrap/) -----------------------------------------------------
variable "state_bucket" {
  description = "Name of the state bucket (bootstrap output state_bucket); the CI roles get access to it."
  type        = string
}

variable "state_lock_table" {
  description = "Name of the DynamoDB lock table (bootstrap output lock_table)."
  type        = string
}

variable "state_kms_key_arn" {
  description = "KMS key of the state bucket (bootstrap output kms_key_arn)."
  type        = string
}

# --- app -----------------------------------------------------------------------------------
variable "image_tag" {
  description = "Image tag Terraform's task definitions name. Deploys (app.yml / deploy-ecs.sh) register their own revisions, so this matters only before the first deploy. Empty: \"initial\"."
  type        = string
  default     = ""
}

variable "optional_secrets_enabled" {
  description = "Provider and payment keys to inject into the tasks, once their secrets hold real values (e.g. [\"OPENAI_API_KEY\"])."
  type        = list(string)
  default     = []
  validation {
    condition = alltrue([for k in var.optional_secrets_enabled : contains([
      "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "REPLICATE_API_TOKEN", "STABILITY_API_KEY",
      "HYPERPAY_ACCESS_TOKEN", "HYPERPAY_ENTITY_ID", "HYPERPAY_WEBHOOK_KEY", "PAYTABS_PROFILE_ID",
      "PAYTABS_SERVER_KEY", "ZAINCASH_MERCHANT_ID", "ZAINCASH_SECRET", "ZAINCASH_MSISDN",
    ], k)])
    error_message = "optional_secrets_enabled: only provider and payment keys of the secrets module."
  }
}

variable "extra_environment" {
  description = "Other non-secret settings from .env.example for the tasks (e.g. { TRIAL_DAYS = \"0\", RATE_LIMIT_REQUESTS = \"60\", DB_MAX_CONNECTIONS = \"10\", PAYMENTS_PROVIDER = \"hyperpay\" })."
  type        = map(string)
  default     = {}
}

variable "web_cpu" {
  description = "CPU units per web task (1024 = 1 vCPU)."
  type        = number
  default     = 512
}

variable "web_memory" {
  description = "Memory (MiB) per web task."
  type        = number
  default     = 1024
}

variable "web_min_count" {
  description = "Fewest web tasks (2 or more for zone redundancy)."
  type        = number
  default     = 2
}

variable "web_max_count" {
  description = "Most web tasks."
  type        = number
  default     = 10
}

variable "worker_cpu" {
  description = "CPU units per worker task (video renders and exports)."
  type        = number
  default     = 1024
}

variable "worker_memory" {
  description = "Memory (MiB) per worker task."
  type        = number
  default     = 2048
}

variable "worker_min_count" {
  description = "Fewest worker tasks."
  type        = number
  default     = 1
}

variable "worker_max_count" {
  description = "Most worker tasks."
  type        = number
  default     = 4
}

variable "cpu_target_percent" {
  description = "Average CPU both services scale to keep."
  type        = number
  default     = 60
}

variable "web_requests_per_target" {
  description = "Requests per web task per minute the web service scales to keep."
  type        = number
  default     = 1000
}

# --- network -------------------------------------------------------------------------------
variable "vpc_cidr" {
  description = "IPv4 range of the VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones to use."
  type        = number
  default     = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (saves about 2 × 32 USD a month; egress then depends on one zone)."
  type        = bool
  default     = false
}

# --- data ----------------------------------------------------------------------------------
variable "aurora_engine_version" {
  description = "Aurora PostgreSQL engine version."
  type        = string
  default     = "16.6"
}

variable "aurora_min_acu" {
  description = "Aurora Serverless v2 minimum capacity (ACU)."
  type        = number
  default     = 0.5
}

variable "aurora_max_acu" {
  description = "Aurora Serverless v2 maximum capacity (ACU)."
  type        = number
  default     = 8
}

variable "aurora_instance_count" {
  description = "Aurora instances (1 writer + readers for failover)."
  type        = number
  default     = 2
}

variable "aurora_backup_retention_days" {
  description = "Point-in-time restore window in days."
  type        = number
  default     = 14
}

variable "redis_engine" {
  description = "ElastiCache engine: valkey or redis."
  type        = string
  default     = "valkey"
}

variable "redis_engine_version" {
  description = "ElastiCache engine version."
  type        = string
  default     = "8.0"
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.micro"
}

variable "redis_node_count" {
  description = "ElastiCache nodes (2+ for automatic failover)."
  type        = number
  default     = 2
}

variable "deletion_protection" {
  description = "Protect the load balancer and the database from deletion (set false, apply, then destroy)."
  type        = bool
  default     = true
}

# --- edge and logs -------------------------------------------------------------------------
variable "cloudfront_price_class" {
  description = "CloudFront price class (PriceClass_200 covers the Middle East)."
  type        = string
  default     = "PriceClass_200"
}

variable "waf_rate_limit_per_5min" {
  description = "Requests one IP may send in 5 minutes before WAF blocks it."
  type        = number
  default     = 3000
}

variable "origin_verify_generation" {
  description = "Generation of the secret origin header CloudFront sends and the ALB requires (X-Origin-Verify). Add 1 to rotate it: the ALB accepts this generation and the one before, so nothing is refused while CloudFront deploys (docs/RUNBOOK.md)."
  type        = number
  default     = 1
  validation {
    condition     = var.origin_verify_generation >= 1 && floor(var.origin_verify_generation) == var.origin_verify_generation
    error_message = "origin_verify_generation: a whole number from 1."
  }
}

variable "alb_logs_legacy_account_principal" {
  description = "Grant the region's ELB account write access to the log bucket (true for regions older than August 2022 such as eu-central-1; false in newer ones such as me-central-1)."
  type        = bool
  default     = true
}

variable "alb_5xx_threshold" {
  description = "5xx answers in 5 minutes that raise an alarm."
  type        = number
  default     = 10
}

variable "jobs_failed_threshold" {
  description = "Background jobs ending `failed` in 15 minutes that raise an alarm (from the app's Prometheus metrics)."
  type        = number
  default     = 5
}

variable "payment_refused_threshold" {
  description = "Payment notifications refused (bad signature) in 15 minutes that raise an alarm."
  type        = number
  default     = 3
}

variable "log_retention_days" {
  description = "Days to keep app, flow and access logs."
  type        = number
  default     = 365
}
