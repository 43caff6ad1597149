variable "name" {
  description = "Name of the distribution, WAF web ACL and policies."
  type        = string
}

variable "domain_name" {
  description = "Public name (alias) of the distribution; empty to use the *.cloudfront.net name."
  type        = string
  default     = ""
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 for domain_name (required when domain_name is set)."
  type        = string
  default     = ""
}

variable "app_origin_domain" {
  description = "Name CloudFront reaches the app at: origin.DOMAIN with a domain, else the ALB's DNS name."
  type        = string
}

variable "app_origin_protocol" {
  description = "https-only (ALB has a certificate) or http-only (no domain yet)."
  type        = string
  default     = "https-only"
}

variable "assets_bucket" {
  description = "Assets bucket name (its policy is written here)."
  type        = string
}

variable "assets_bucket_arn" {
  description = "Assets bucket ARN."
  type        = string
}

variable "assets_bucket_regional_domain_name" {
  description = "Assets bucket regional domain (origin)."
  type        = string
}

variable "price_class" {
  description = "CloudFront price class; PriceClass_200 includes the Middle East edge locations."
  type        = string
  default     = "PriceClass_200"
}

variable "waf_rate_limit_per_5min" {
  description = "Requests one IP may make in 5 minutes before WAF blocks it (carrier NAT puts many phones behind one IP: keep it generous)."
  type        = number
  default     = 3000
}

variable "origin_verify_header_name" {
  description = "Header added to every request to the app origin; the ALB forwards only requests that carry it."
  type        = string
  default     = "X-Origin-Verify"
}

variable "origin_verify_value" {
  description = "Secret value of the origin header (random_password in the root module)."
  type        = string
  sensitive   = true
}
