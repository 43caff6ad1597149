output "app_fqdn" {
  description = "Name users open."
  value       = var.domain_name
}

output "origin_fqdn" {
  description = "Name CloudFront reaches the ALB at."
  value       = aws_route53_record.origin.fqdn
}
