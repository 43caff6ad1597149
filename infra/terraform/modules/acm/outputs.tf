output "regional_certificate_arn" {
  description = "Validated certificate for the ALB (domain and origin.domain)."
  value       = aws_acm_certificate_validation.regional.certificate_arn
}

output "cloudfront_certificate_arn" {
  description = "Validated certificate in us-east-1 for CloudFront."
  value       = aws_acm_certificate_validation.cloudfront.certificate_arn
}
