variable "name" {
  description = "Cluster identifier and name prefix."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the cluster's subnet group."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the app tasks (admitted on 5432)."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for storage and Performance Insights."
  type        = string
}

variable "engine_version" {
  description = "Aurora PostgreSQL version (one that supports Serverless v2)."
  type        = string
  default     = "16.6"
}

variable "database_name" {
  description = "Name of the app's database."
  type        = string
  default     = "pulse"
}

variable "master_username" {
  description = "Master user name (the app connects as this user)."
  type        = string
  default     = "pulse"
}

variable "min_acu" {
  description = "Minimum Aurora capacity units (0.5 is the smallest that never pauses)."
  type        = number
  default     = 0.5
}

variable "max_acu" {
  description = "Maximum Aurora capacity units."
  type        = number
  default     = 8
}

variable "instance_count" {
  description = "Serverless v2 instances: 1 writer, plus readers in other zones for fast failover (2 for production)."
  type        = number
  default     = 2
}

variable "backup_retention_days" {
  description = "Days of continuous backup (point-in-time restore window)."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster."
  type        = bool
  default     = true
}

variable "database_url_secret_arn" {
  description = "Secrets Manager secret that receives DATABASE_URL."
  type        = string
}
