variable "name" {
  description = "Name prefix of the SMTP user and group."
  type        = string
}

variable "region" {
  description = "SES region (the SMTP endpoint is email-smtp.REGION.amazonaws.com)."
  type        = string
}

variable "domain_name" {
  description = "Domain to send from (identity + DKIM); empty to verify only sender_email."
  type        = string
  default     = ""
}

variable "hosted_zone_id" {
  description = "Route 53 zone of domain_name; when set, DKIM, MAIL FROM and DMARC records are created there."
  type        = string
  default     = ""
}

variable "sender_email" {
  description = "Address verified as an identity when no domain is used (SES mails it a link to click)."
  type        = string
  default     = ""
}

variable "dmarc_policy" {
  description = "DMARC policy published for the domain: none, quarantine or reject."
  type        = string
  default     = "none"
}

variable "smtp_url_secret_arn" {
  description = "Secrets Manager secret that receives SMTP_URL."
  type        = string
}
