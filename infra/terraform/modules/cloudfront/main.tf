# The one public entry point. Behaviours:
#   /pkg/*      the hashed WASM/JS/CSS bundle from the app: cached for as long as CloudFront
#               allows (names change with content)
#   /assets/*   the assets bucket through Origin Access Control
#   default     the app: nothing cached, every cookie, header and query string forwarded
# A WAF web ACL (us-east-1) in front: addresses blocked by hand, /metrics refused (the app
# serves metrics on an internal listener only; this is a second fence), a per-IP rate
# limit, and AWS managed rules.
# Requests to the app origin carry a secret header (X-Origin-Verify): the ALB forwards
# only those, so no other distribution — without this WAF — can reach the app.

terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.us_east_1]
    }
  }
}

locals {
  app_origin    = "app"
  assets_origin = "assets"
  # AWS managed policies (the same ids in every account).
  caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  caching_disabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  # Origin request: all viewer headers, cookies and query strings, plus CloudFront's own
  # headers — CloudFront-Viewer-Address is the client's address, which the client cannot
  # forge (the first X-Forwarded-For entry it can).
  all_viewer          = "33f36d7e-f396-46d9-90e0-52428a34d9dc" # Managed-AllViewerAndCloudFrontHeaders-2022-06
  cors_s3_origin      = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
  custom_cert_enabled = var.domain_name != ""
}

# --- WAF -------------------------------------------------------------------------------
# Addresses operators block by hand (docs/RUNBOOK.md, "Throttle an abuser"); Terraform
# creates the set empty and leaves its contents alone.
resource "aws_wafv2_ip_set" "blocked" {
  provider           = aws.us_east_1
  name               = "${var.name}-blocked"
  description        = "Blocked by an operator (see docs/RUNBOOK.md)"
  scope              = "CLOUDFRONT"
  ip_address_version = "IPV4"
  addresses          = []
  lifecycle {
    ignore_changes = [addresses]
  }
}

resource "aws_wafv2_web_acl" "this" {
  #checkov:skip=CKV2_AWS_31:WAF logging to CloudWatch needs a log group in us-east-1 with its own KMS key; sampled requests and CloudWatch metrics are kept instead.
  provider = aws.us_east_1
  name     = var.name
  scope    = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "blocked-by-operator"
    priority = 0
    action {
      block {}
    }
    statement {
      ip_set_reference_statement {
        arn = aws_wafv2_ip_set.blocked.arn
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-blocked-by-operator"
      sampled_requests_enabled   = true
    }
  }

  # Prometheus metrics are for the collector inside each task, not for the internet: the
  # app port answers 404 for /metrics anyway; this keeps it so if that ever changed.
  rule {
    name     = "internal-paths"
    priority = 1
    action {
      block {}
    }
    statement {
      byte_match_statement {
        positional_constraint = "STARTS_WITH"
        search_string         = "/metrics"
        field_to_match {
          uri_path {}
        }
        text_transformation {
          priority = 0
          type     = "LOWERCASE"
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-internal-paths"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 2
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit_per_5min
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-ip-reputation"
    priority = 3
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesAmazonIpReputationList"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-ip-reputation"
      sampled_requests_enabled   = true
    }
  }

  # Common rules, minus two that misfire on this app: uploads and long prompts exceed the
  # 8 KB body limit, and users paste code and HTML into chat. They are counted, not blocked.
  rule {
    name     = "aws-common"
    priority = 4
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
        rule_action_override {
          name = "SizeRestrictions_BODY"
          action_to_use {
            count {}
          }
        }
        rule_action_override {
          name = "CrossSiteScripting_BODY"
          action_to_use {
            count {}
          }
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 5
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }
}

# --- response headers ----------------------------------------------------------------------
# The app sets its own CSP (with a per-page nonce) and security headers; these only fill
# gaps (override = false keeps the app's values), except HSTS, which is the same everywhere.
resource "aws_cloudfront_response_headers_policy" "this" {
  #checkov:skip=CKV_AWS_259:HSTS is sent for a year; includeSubDomains and preload would bind every other name under the owner's domain (domain_name may be the company apex), so they stay the domain owner's decision.
  name = "${var.name}-security-headers"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = false
      preload                    = false
      override                   = true
    }
    content_type_options {
      override = false
    }
    frame_options {
      frame_option = "DENY"
      override     = false
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = false
    }
  }
}

# --- assets bucket through OAC -------------------------------------------------------------
resource "aws_cloudfront_origin_access_control" "assets" {
  name                              = "${var.name}-assets"
  description                       = "CloudFront reads the assets bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_86:CloudFront standard logs need an ACL-enabled bucket; requests that reach the app are logged by the ALB (S3) and by the app (JSON, with request id).
  #checkov:skip=CKV_AWS_310:One app origin; the ALB spans three zones, and failover to a second origin would need a second deployment.
  #checkov:skip=CKV_AWS_305:The app renders / itself; a default root object would bypass it.
  #checkov:skip=CKV_AWS_374:Users are in Jordan and abroad; no country is blocked.
  #checkov:skip=CKV2_AWS_42:Without a domain (first try-out) the *.cloudfront.net certificate is used; with domain_name set, the ACM certificate is.
  #checkov:skip=CKV2_AWS_47:The Log4j rule group (KnownBadInputs) is attached; the check also wants AnonymousIpList, which would block users on VPNs.
  #checkov:skip=CKV_AWS_174:Without a domain the default certificate decides the protocol; with domain_name set, TLSv1.2_2021 is the minimum.
  enabled         = true
  is_ipv6_enabled = true
  comment         = var.name
  aliases         = local.custom_cert_enabled ? [var.domain_name] : []
  price_class     = var.price_class
  web_acl_id      = aws_wafv2_web_acl.this.arn
  http_version    = "http2and3"

  origin {
    origin_id   = local.app_origin
    domain_name = var.app_origin_domain
    # Proves to the ALB that the request came through this distribution (and its WAF).
    # CloudFront overwrites a viewer's header of the same name.
    custom_header {
      name  = var.origin_verify_header_name
      value = var.origin_verify_value
    }
    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = var.app_origin_protocol
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 60
      origin_keepalive_timeout = 60
    }
  }

  origin {
    origin_id                = local.assets_origin
    domain_name              = var.assets_bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
  }

  default_cache_behavior {
    target_origin_id           = local.app_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_disabled
    origin_request_policy_id   = local.all_viewer
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id
  }

  ordered_cache_behavior {
    path_pattern               = "/pkg/*"
    target_origin_id           = local.app_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_optimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id
  }

  ordered_cache_behavior {
    path_pattern               = "/assets/*"
    target_origin_id           = local.assets_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_optimized
    origin_request_policy_id   = local.cors_s3_origin
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = local.custom_cert_enabled ? null : true
    acm_certificate_arn            = local.custom_cert_enabled ? var.certificate_arn : null
    ssl_support_method             = local.custom_cert_enabled ? "sni-only" : null
    minimum_protocol_version       = local.custom_cert_enabled ? "TLSv1.2_2021" : "TLSv1"
  }
}

data "aws_iam_policy_document" "assets" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [var.assets_bucket_arn, "${var.assets_bucket_arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    sid       = "CloudFrontReadsAssets"
    actions   = ["s3:GetObject"]
    resources = ["${var.assets_bucket_arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = var.assets_bucket
  policy = data.aws_iam_policy_document.assets.json
}
