output "identity_arn" {
  description = "ARN of the SES identity mail is sent from."
  value       = local.identity_arn
}

output "dkim_records" {
  description = "DKIM CNAME records to publish when the domain's DNS is not in Route 53 (name → value)."
  value = local.use_domain ? {
    for t in aws_ses_domain_dkim.this[0].dkim_tokens : "${t}._domainkey.${var.domain_name}" => "${t}.dkim.amazonses.com"
  } : {}
}
