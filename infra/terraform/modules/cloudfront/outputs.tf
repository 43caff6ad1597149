output "domain_name" {
  description = "The distribution's *.cloudfront.net name."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone of CloudFront (for alias records)."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "distribution_id" {
  description = "Distribution id (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "web_acl_arn" {
  description = "WAF web ACL ARN."
  value       = aws_wafv2_web_acl.this.arn
}

output "blocked_ip_set" {
  description = "WAF IP set of addresses blocked by hand: name and id (us-east-1, scope CLOUDFRONT)."
  value       = { name = aws_wafv2_ip_set.blocked.name, id = aws_wafv2_ip_set.blocked.id }
}
