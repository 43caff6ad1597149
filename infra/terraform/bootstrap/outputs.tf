output "state_bucket" {
  description = "State bucket: `bucket` in backend.hcl, `state_bucket` in terraform.tfvars."
  value       = aws_s3_bucket.state.id
}

output "lock_table" {
  description = "Lock table: `dynamodb_table` in backend.hcl, `state_lock_table` in terraform.tfvars."
  value       = aws_dynamodb_table.lock.name
}

output "kms_key_arn" {
  description = "State key: `kms_key_id` in backend.hcl, `state_kms_key_arn` in terraform.tfvars."
  value       = aws_kms_key.state.arn
}

output "region" {
  description = "`region` in backend.hcl."
  value       = var.aws_region
}
