output "objects_bucket" {
  description = "Name of the objects bucket (S3_BUCKET)."
  value       = aws_s3_bucket.this["objects"].id
}

output "objects_bucket_arn" {
  description = "ARN of the objects bucket."
  value       = aws_s3_bucket.this["objects"].arn
}

output "assets_bucket" {
  description = "Name of the assets bucket."
  value       = aws_s3_bucket.this["assets"].id
}

output "assets_bucket_arn" {
  description = "ARN of the assets bucket."
  value       = aws_s3_bucket.this["assets"].arn
}

output "assets_bucket_regional_domain_name" {
  description = "Regional domain of the assets bucket (CloudFront origin)."
  value       = aws_s3_bucket.this["assets"].bucket_regional_domain_name
}

output "logs_bucket" {
  description = "Name of the access-log bucket (ready: its policy admits the ALB's log delivery)."
  value       = aws_s3_bucket.logs.id
  # The ALB checks that it may write when access logs are switched on.
  depends_on = [aws_s3_bucket_policy.logs]
}
