variable "name" {
  description = "Name prefix of the stack (the key alias becomes alias/NAME)."
  type        = string
}

variable "account_id" {
  description = "AWS account id that owns the key."
  type        = string
}

variable "region" {
  description = "AWS region of the key (CloudWatch Logs of this region may use it)."
  type        = string
}

variable "partition" {
  description = "AWS partition, normally \"aws\"."
  type        = string
  default     = "aws"
}
