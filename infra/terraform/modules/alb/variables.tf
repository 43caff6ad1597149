variable "name" {
  description = "Name of the load balancer and prefix of its target group and security group."
  type        = string
}

variable "vpc_id" {
  description = "VPC the load balancer lives in."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC (the ALB may reach tasks there)."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets, one per availability zone."
  type        = list(string)
}

variable "container_port" {
  description = "Port the web tasks listen on (LEPTOS_SITE_ADDR)."
  type        = number
  default     = 3000
}

variable "https_enabled" {
  description = "Serve HTTPS with certificate_arn (true when a domain is configured); false: HTTP only, for a first try-out without a domain."
  type        = bool
  default     = true
}

variable "certificate_arn" {
  description = "Regional ACM certificate for the HTTPS listener (required when https_enabled)."
  type        = string
  default     = ""
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer (turn off before `terraform destroy`)."
  type        = bool
  default     = true
}

variable "idle_timeout" {
  description = "Seconds a connection may be idle; long enough for streamed chat answers between tokens."
  type        = number
  default     = 120
}

variable "logs_bucket" {
  description = "S3 bucket for access logs (under alb/)."
  type        = string
}

variable "origin_verify_header_name" {
  description = "Header CloudFront adds to every origin request; the listener forwards only requests that carry it with an accepted value."
  type        = string
  default     = "X-Origin-Verify"
}

variable "origin_verify_values" {
  description = "Accepted values of the origin header: the one CloudFront sends, plus the previous one while a rotation propagates (at most 5)."
  type        = list(string)
  sensitive   = true
  validation {
    condition     = length(var.origin_verify_values) >= 1 && length(var.origin_verify_values) <= 5 && alltrue([for v in var.origin_verify_values : length(v) >= 32 && length(v) <= 128 && can(regex("^[A-Za-z0-9]+$", v))])
    error_message = "origin_verify_values: 1 to 5 values of 32-128 letters and digits (no ALB wildcards * or ?)."
  }
}
