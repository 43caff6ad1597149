output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 zone of the load balancer (for alias records)."
  value       = aws_lb.this.zone_id
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (CloudWatch dimension)."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn" {
  description = "Target group of the web service."
  value       = aws_lb_target_group.web.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (CloudWatch dimension, request-count scaling)."
  value       = aws_lb_target_group.web.arn_suffix
}

output "security_group_id" {
  description = "Security group of the load balancer (the web tasks admit it)."
  value       = aws_security_group.alb.id
}

output "origin_protocol" {
  description = "How CloudFront reaches this origin: https-only with a certificate, else http-only."
  value       = local.https ? "https-only" : "http-only"
}

output "forward_listener_arn" {
  description = "The listener whose rule forwards to the web target group (HTTPS, or HTTP without a certificate)."
  value       = local.https ? aws_lb_listener.https[0].arn : aws_lb_listener.http_forward[0].arn
}

output "forward_rule_arn" {
  description = "The listener rule that forwards requests carrying the origin header (the target group's only way in)."
  value       = aws_lb_listener_rule.from_our_cloudfront.arn
}
