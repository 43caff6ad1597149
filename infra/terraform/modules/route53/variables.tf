variable "domain_name" {
  description = "Public name users reach."
  type        = string
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone holding domain_name."
  type        = string
}

variable "cloudfront_domain_name" {
  description = "The distribution's *.cloudfront.net name."
  type        = string
}

variable "cloudfront_hosted_zone_id" {
  description = "CloudFront's Route 53 zone id."
  type        = string
}

variable "alb_dns_name" {
  description = "DNS name of the load balancer."
  type        = string
}

variable "alb_zone_id" {
  description = "Route 53 zone id of the load balancer."
  type        = string
}
