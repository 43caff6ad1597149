variable "name" {
  description = "Replication group id and name prefix."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the cache's subnet group."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the app tasks (admitted on 6379)."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest."
  type        = string
}

variable "engine" {
  description = "\"valkey\" (cheaper, Redis-compatible) or \"redis\"."
  type        = string
  default     = "valkey"
}

variable "engine_version" {
  description = "Engine version, e.g. 8.0 for Valkey or 7.1 for Redis."
  type        = string
  default     = "8.0"
}

variable "node_type" {
  description = "Cache node type; the rate limiter needs little memory."
  type        = string
  default     = "cache.t4g.micro"
}

variable "node_count" {
  description = "Nodes (1 primary + replicas); 2 or more enables automatic failover across zones."
  type        = number
  default     = 2
}

variable "redis_url_secret_arn" {
  description = "Secrets Manager secret that receives REDIS_URL."
  type        = string
}
