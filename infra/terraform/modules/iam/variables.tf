variable "name" {
  description = "Stack name: prefix of the roles, and the only IAM names the infra role may write."
  type        = string
}

variable "account_id" {
  description = "AWS account id."
  type        = string
}

variable "region" {
  description = "AWS region of the stack."
  type        = string
}

variable "partition" {
  description = "AWS partition, normally \"aws\"."
  type        = string
  default     = "aws"
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false if the account already has one: there can be only one per URL)."
  type        = bool
  default     = true
}

variable "github_repository" {
  description = "GitHub repository allowed to assume the roles, as OWNER/NAME."
  type        = string
}

variable "github_branch" {
  description = "Branch whose pushes may run plans."
  type        = string
  default     = "main"
}

variable "github_environment" {
  description = "GitHub environment whose jobs may apply and deploy (protect it to the main branch)."
  type        = string
  default     = "production"
}

variable "state_bucket_arn" {
  description = "ARN of the Terraform state bucket."
  type        = string
}

variable "lock_table_arn" {
  description = "ARN of the Terraform lock table."
  type        = string
}

variable "state_kms_key_arn" {
  description = "KMS key of the state bucket."
  type        = string
}

variable "stack_kms_key_arn" {
  description = "The stack's KMS key (secrets are encrypted with it)."
  type        = string
}

variable "ecr_repository_arn" {
  description = "Repository the deploy role pushes to."
  type        = string
}

variable "cluster_name" {
  description = "ECS cluster the deploy role works in."
  type        = string
}

variable "service_names" {
  description = "ECS services the deploy role may roll."
  type        = list(string)
}

variable "task_families" {
  description = "Task definition families the deploy role may run (the migrate task)."
  type        = list(string)
}

variable "passable_role_arns" {
  description = "The only roles the deploy role may pass to ECS: the task role and the execution role."
  type        = list(string)
}

variable "log_group_arns" {
  description = "Log groups the deploy role may read (to show the migrate task's output)."
  type        = list(string)
}
