variable "name" {
  description = "Name prefix for the VPC and everything in it."
  type        = string
}

variable "region" {
  description = "AWS region (for the S3 gateway endpoint's service name)."
  type        = string
}

variable "account_id" {
  description = "AWS account id (scopes the flow-log role's trust)."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 range of the VPC; /16 recommended (each subnet gets a /20)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones to spread over (3 for production)."
  type        = number
  default     = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (cheaper, one zone's outage cuts egress) instead of one per zone."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the flow-log group."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep the flow logs."
  type        = number
  default     = 365
}
