# Amazon SES for the sign-in and notification mail: a domain identity with DKIM (or, with
# no domain, a single verified address), an IAM user whose SES SMTP password AWS derives
# from its access key, and SMTP_URL in Secrets Manager.
# New accounts start in the SES sandbox: docs/DEPLOY.md says how to leave it.

locals {
  use_domain   = var.domain_name != ""
  manage_dns   = local.use_domain && var.hosted_zone_id != ""
  identity_arn = local.use_domain ? aws_ses_domain_identity.this[0].arn : aws_ses_email_identity.this[0].arn
}

resource "aws_ses_domain_identity" "this" {
  count  = local.use_domain ? 1 : 0
  domain = var.domain_name
}

resource "aws_ses_domain_dkim" "this" {
  count  = local.use_domain ? 1 : 0
  domain = aws_ses_domain_identity.this[0].domain
}

resource "aws_route53_record" "dkim" {
  count   = local.manage_dns ? 3 : 0
  zone_id = var.hosted_zone_id
  name    = "${aws_ses_domain_dkim.this[0].dkim_tokens[count.index]}._domainkey.${var.domain_name}"
  type    = "CNAME"
  ttl     = 1800
  records = ["${aws_ses_domain_dkim.this[0].dkim_tokens[count.index]}.dkim.amazonses.com"]
}

# Bounces go to mail.DOMAIN, which makes SPF align with the From domain for DMARC.
resource "aws_ses_domain_mail_from" "this" {
  count            = local.use_domain ? 1 : 0
  domain           = aws_ses_domain_identity.this[0].domain
  mail_from_domain = "mail.${var.domain_name}"
}

resource "aws_route53_record" "mail_from_mx" {
  count   = local.manage_dns ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = aws_ses_domain_mail_from.this[0].mail_from_domain
  type    = "MX"
  ttl     = 1800
  records = ["10 feedback-smtp.${var.region}.amazonses.com"]
}

resource "aws_route53_record" "mail_from_spf" {
  count   = local.manage_dns ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = aws_ses_domain_mail_from.this[0].mail_from_domain
  type    = "TXT"
  ttl     = 1800
  records = ["v=spf1 include:amazonses.com -all"]
}

resource "aws_route53_record" "dmarc" {
  count   = local.manage_dns ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = "_dmarc.${var.domain_name}"
  type    = "TXT"
  ttl     = 1800
  records = ["v=DMARC1; p=${var.dmarc_policy}; adkim=r; aspf=r"]
}

resource "aws_ses_email_identity" "this" {
  count = local.use_domain ? 0 : 1
  email = var.sender_email
}

# --- SMTP credentials ------------------------------------------------------------------
resource "aws_iam_group" "smtp" {
  name = "${var.name}-ses-smtp"
}

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendRawEmail", "ses:SendEmail"]
    resources = [local.identity_arn]
  }
}

resource "aws_iam_group_policy" "send" {
  name   = "send-from-identity"
  group  = aws_iam_group.smtp.name
  policy = data.aws_iam_policy_document.send.json
}

resource "aws_iam_user" "smtp" {
  #checkov:skip=CKV_AWS_273:SES's SMTP interface authenticates with an IAM user's derived SMTP password; SSO cannot do that. The user has no console access and may only send mail.
  name = "${var.name}-ses-smtp"
}

resource "aws_iam_user_group_membership" "smtp" {
  user   = aws_iam_user.smtp.name
  groups = [aws_iam_group.smtp.name]
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

resource "aws_secretsmanager_secret_version" "smtp_url" {
  secret_id = var.smtp_url_secret_arn
  secret_string = format(
    "smtp://%s:%s@email-smtp.%s.amazonaws.com:587?tls=required",
    aws_iam_access_key.smtp.id, urlencode(aws_iam_access_key.smtp.ses_smtp_password_v4), var.region,
  )
}
