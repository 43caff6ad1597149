# Names for the stack in an existing hosted zone (only when a domain is used):
#   DOMAIN          A/AAAA alias → CloudFront (what users open)
#   origin.DOMAIN   A alias → ALB (what CloudFront connects to over HTTPS)
# Certificate validation and mail records live in the acm and ses modules.

resource "aws_route53_record" "app" {
  for_each = toset(["A", "AAAA"])
  zone_id  = var.hosted_zone_id
  name     = var.domain_name
  type     = each.key
  alias {
    name                   = var.cloudfront_domain_name
    zone_id                = var.cloudfront_hosted_zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "origin" {
  zone_id = var.hosted_zone_id
  name    = "origin.${var.domain_name}"
  type    = "A"
  alias {
    name                   = var.alb_dns_name
    zone_id                = var.alb_zone_id
    evaluate_target_health = true
  }
}
