variable "cluster_name" {
  description = "ECS cluster name (also the prefix of roles, task families and the app security group)."
  type        = string
}

variable "web_service_name" {
  description = "Name of the web service."
  type        = string
}

variable "worker_service_name" {
  description = "Name of the worker service."
  type        = string
}

variable "account_id" {
  description = "AWS account id (scopes the task roles' trust)."
  type        = string
}

variable "region" {
  description = "AWS region (logs, S3_REGION)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets the tasks run in."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer (admitted on the container port)."
  type        = string
}

variable "database_security_group_id" {
  description = "Security group of Aurora (the tasks may reach it on 5432)."
  type        = string
}

variable "redis_security_group_id" {
  description = "Security group of ElastiCache (the tasks may reach it on 6379)."
  type        = string
}

variable "target_group_arn" {
  description = "ALB target group of the web service."
  type        = string
}

variable "listener_arns" {
  description = "ALB listeners and listener rules that use the target group (the web service waits for them)."
  type        = list(string)
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (request-count scaling)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group (request-count scaling)."
  type        = string
}

variable "repository_url" {
  description = "ECR repository URL of the image."
  type        = string
}

variable "image_tag" {
  description = "Image tag for the task definitions Terraform registers; deploys register newer revisions themselves. Empty: \"initial\"."
  type        = string
  default     = ""
}

variable "container_port" {
  description = "Port the app listens on inside the task."
  type        = number
  default     = 3000
}

variable "metrics_port" {
  description = "Port of the app's internal metrics listener (METRICS_ADDR=127.0.0.1:PORT): reached only by the collector sidecar over the task's loopback."
  type        = number
  default     = 9100
}

variable "metrics_log_group_name" {
  description = "Log group the collector sidecar writes the app's metrics to (embedded metric format)."
  type        = string
}

variable "metrics_log_group_arn" {
  description = "ARN of the metrics log group (the task role may write to it)."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the app's metrics."
  type        = string
}

variable "collector_image" {
  description = "Image of the metrics collector sidecar (AWS Distro for OpenTelemetry Collector), pinned."
  type        = string
  default     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1"
}

variable "collector_memory" {
  description = "Hard memory limit (MiB) of the collector sidecar, taken from the task's memory."
  type        = number
  default     = 256
}

variable "kms_key_arn" {
  description = "Stack KMS key (secrets, objects, ECS Exec logs)."
  type        = string
}

variable "ecs_exec_log_group_name" {
  description = "Log group for ECS Exec sessions."
  type        = string
}

variable "log_group_names" {
  description = "Log group per role (keys web, worker)."
  type        = map(string)
}

variable "secret_arns" {
  description = "Map of setting name → Secrets Manager secret ARN."
  type        = map(string)
}

variable "always_injected_secrets" {
  description = "Settings every task receives from Secrets Manager."
  type        = list(string)
}

variable "optional_secrets_enabled" {
  description = "Operator-filled settings (provider and payment keys) to inject as well."
  type        = list(string)
  default     = []
}

variable "objects_bucket" {
  description = "Objects bucket name (S3_BUCKET)."
  type        = string
}

variable "objects_bucket_arn" {
  description = "Objects bucket ARN (task role permissions)."
  type        = string
}

variable "public_url" {
  description = "The address users reach (PUBLIC_URL)."
  type        = string
}

variable "mail_from" {
  description = "From header of outgoing mail (MAIL_FROM)."
  type        = string
}

variable "admin_emails" {
  description = "Accounts that become admins when they sign in (ADMIN_EMAILS)."
  type        = list(string)
  default     = []
}

variable "extra_environment" {
  description = "More non-secret settings from .env.example (e.g. TRIAL_DAYS, RATE_LIMIT_REQUESTS, DB_MAX_CONNECTIONS, RUST_LOG)."
  type        = map(string)
  default     = {}
}

variable "web_cpu" {
  description = "CPU units of a web task (1024 = 1 vCPU)."
  type        = number
  default     = 512
}

variable "web_memory" {
  description = "Memory (MiB) of a web task."
  type        = number
  default     = 1024
}

variable "worker_cpu" {
  description = "CPU units of a worker task (video and exports run here)."
  type        = number
  default     = 1024
}

variable "worker_memory" {
  description = "Memory (MiB) of a worker task."
  type        = number
  default     = 2048
}

variable "web_min_count" {
  description = "Fewest web tasks (2+ spreads them over zones)."
  type        = number
  default     = 2
}

variable "web_max_count" {
  description = "Most web tasks autoscaling may run."
  type        = number
  default     = 10
}

variable "worker_min_count" {
  description = "Fewest worker tasks."
  type        = number
  default     = 1
}

variable "worker_max_count" {
  description = "Most worker tasks autoscaling may run."
  type        = number
  default     = 4
}

variable "cpu_target_percent" {
  description = "Average CPU the services scale to keep."
  type        = number
  default     = 60
}

variable "web_requests_per_target" {
  description = "ALB requests per web task per minute the web service scales to keep."
  type        = number
  default     = 1000
}
