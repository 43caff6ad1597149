# Two DNS-validated certificates when a domain is used:
#   regional   (ALB)        DOMAIN and origin.DOMAIN (CloudFront → ALB over HTTPS)
#   us-east-1  (CloudFront) DOMAIN
# ACM gives the same validation record for the same name in one account, so the records
# are written once (allow_overwrite covers the overlap).

terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.us_east_1]
    }
  }
}

resource "aws_acm_certificate" "regional" {
  domain_name               = var.domain_name
  subject_alternative_names = ["origin.${var.domain_name}"]
  validation_method         = "DNS"
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "cloudfront" {
  provider          = aws.us_east_1
  domain_name       = var.domain_name
  validation_method = "DNS"
  lifecycle {
    create_before_destroy = true
  }
}

locals {
  validation = merge(
    { for o in aws_acm_certificate.regional.domain_validation_options : o.domain_name => o },
    { for o in aws_acm_certificate.cloudfront.domain_validation_options : o.domain_name => o },
  )
}

resource "aws_route53_record" "validation" {
  for_each        = local.validation
  zone_id         = var.hosted_zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "regional" {
  certificate_arn         = aws_acm_certificate.regional.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}

resource "aws_acm_certificate_validation" "cloudfront" {
  provider                = aws.us_east_1
  certificate_arn         = aws_acm_certificate.cloudfront.arn
  validation_record_fqdns = [for k, r in aws_route53_record.validation : r.fqdn if k == var.domain_name]
}
