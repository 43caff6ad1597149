variable "name" {
  description = "Name prefix of the buckets (NAME-objects-ACCOUNT, NAME-assets-ACCOUNT, NAME-logs-ACCOUNT)."
  type        = string
}

variable "account_id" {
  description = "AWS account id; part of the bucket names (which are global) and of the log-delivery policy."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for the objects and assets buckets."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep ALB and S3 access logs."
  type        = number
  default     = 365
}

variable "noncurrent_version_days" {
  description = "Days to keep overwritten or deleted object versions (undo window)."
  type        = number
  default     = 30
}

variable "alb_logs_legacy_account_principal" {
  description = "Also grant the region's ELB account (regions opened before August 2022, e.g. eu-central-1) write access for ALB logs. Set false in newer regions, where that account does not exist."
  type        = bool
  default     = true
}
