# One Secrets Manager secret per setting the app reads in production, named NAME/KEY and
# injected by ECS as the environment variable KEY (see the ecs module).
#   generated  JWT_SECRET, STORAGE_SIGNING_KEY: random values written once; rotate them
#              with `aws secretsmanager put-secret-value` (docs/RUNBOOK.md) — Terraform
#              ignores later changes.
#   assembled  DATABASE_URL, REDIS_URL, SMTP_URL: written by the rds, redis and ses modules
#              from what they create (Terraform keeps them current).
#   operator   provider and payment keys: created holding the placeholder "unset";
#              operators put the real value by CLI (Terraform ignores later changes), then
#              list the key in optional_secrets_enabled so the tasks receive it.

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    random = { source = "hashicorp/random" }
  }
}

locals {
  generated = ["JWT_SECRET", "STORAGE_SIGNING_KEY"]
  assembled = ["DATABASE_URL", "REDIS_URL", "SMTP_URL"]
  operator = [
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "REPLICATE_API_TOKEN", "STABILITY_API_KEY",
    "HYPERPAY_ACCESS_TOKEN", "HYPERPAY_ENTITY_ID", "HYPERPAY_WEBHOOK_KEY",
    "PAYTABS_PROFILE_ID", "PAYTABS_SERVER_KEY",
    "ZAINCASH_MERCHANT_ID", "ZAINCASH_SECRET", "ZAINCASH_MSISDN",
  ]
  all = toset(concat(local.generated, local.assembled, local.operator))
}

resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:No rotation Lambda can rotate third-party keys, app signing keys or the assembled URLs; docs/RUNBOOK.md describes rotating each by hand.
  for_each                = local.all
  name                    = "${var.name}/${each.key}"
  description             = "Pulse AI Studio setting ${each.key} (injected into the app tasks as an environment variable)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_days
}

resource "random_password" "generated" {
  for_each = toset(local.generated)
  length   = 64
  special  = false
}

resource "aws_secretsmanager_secret_version" "generated" {
  for_each      = toset(local.generated)
  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = random_password.generated[each.key].result
  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_version" "placeholder" {
  for_each      = toset(local.operator)
  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = "unset"
  lifecycle {
    ignore_changes = [secret_string]
  }
}
