variable "name" {
  description = "Name prefix of log groups, topic and alarms."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for the log groups and the alarm topic."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep app logs."
  type        = number
  default     = 365
}

variable "alarm_email" {
  description = "Address that receives alarms (confirm the SNS mail once); empty for none."
  type        = string
  default     = ""
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the load balancer."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the web target group."
  type        = string
}

variable "alb_5xx_threshold" {
  description = "5xx answers per 5 minutes that raise the alarm."
  type        = number
  default     = 10
}

variable "cluster_name" {
  description = "ECS cluster name."
  type        = string
}

variable "web_service_name" {
  description = "ECS web service name."
  type        = string
}

variable "worker_service_name" {
  description = "ECS worker service name."
  type        = string
}

variable "web_min_count" {
  description = "Minimum web tasks (the running-task alarm's threshold)."
  type        = number
}

variable "worker_min_count" {
  description = "Minimum worker tasks (the running-task alarm's threshold)."
  type        = number
}

variable "db_cluster_identifier" {
  description = "Aurora cluster identifier."
  type        = string
}

variable "db_max_acu" {
  description = "Aurora maximum capacity (ACU), for the near-maximum alarm."
  type        = number
}

variable "redis_member_ids" {
  description = "ElastiCache node ids to watch."
  type        = list(string)
}

variable "jobs_failed_threshold" {
  description = "Jobs ending `failed` in 15 minutes that raise the alarm."
  type        = number
  default     = 5
}

variable "payment_refused_threshold" {
  description = "Refused payment notifications in 15 minutes that raise the alarm."
  type        = number
  default     = 3
}
