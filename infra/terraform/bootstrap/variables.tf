variable "aws_account_id" {
  description = "AWS account the state lives in (the provider refuses any other)."
  type        = string
}

variable "aws_region" {
  description = "Region of the state bucket and lock table (use the stack's region)."
  type        = string
  default     = "eu-central-1"
}

variable "project_name" {
  description = "Prefix of the bucket, table and key alias (match project_name of the main configuration)."
  type        = string
  default     = "pulse"
}
