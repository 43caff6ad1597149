# GitHub Actions reaches AWS through OIDC; no access keys are stored in GitHub.
#   NAME-gha-infra-plan-role  `terraform plan` on pull requests: read-only, plus the
#                             state lock (and the state, which holds generated secrets)
#   NAME-gha-infra-role       `terraform apply` from the `production` environment only
#   NAME-gha-deploy-role      push the image, register task definitions, run the migrate
#                             task, roll the two services — from `production` only
# Branch protection for `production` (Settings → Environments: deployment branch main)
# is what ties the last two to main; docs/DEPLOY.md sets it up.

locals {
  oidc_host = "token.actions.githubusercontent.com"
  oidc_arn = var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : (
    "arn:${var.partition}:iam::${var.account_id}:oidc-provider/${local.oidc_host}"
  )
  repo        = var.github_repository
  environment = "repo:${local.repo}:environment:${var.github_environment}"
  iam_prefix  = "arn:${var.partition}:iam::${var.account_id}"
  ecs_prefix  = "arn:${var.partition}:ecs:${var.region}:${var.account_id}"
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_github_oidc_provider ? 1 : 0
  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS trusts GitHub's OIDC endpoint by its CA now; the thumbprints are only required
  # by older provider versions.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

data "aws_iam_policy_document" "trust" {
  for_each = {
    plan   = ["repo:${local.repo}:pull_request", "repo:${local.repo}:ref:refs/heads/${var.github_branch}"]
    infra  = [local.environment]
    deploy = [local.environment]
  }
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.oidc_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = each.value
    }
  }
}

# --- plan ----------------------------------------------------------------------------------
resource "aws_iam_role" "plan" {
  name                 = "${var.name}-gha-infra-plan-role"
  assume_role_policy   = data.aws_iam_policy_document.trust["plan"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${var.partition}:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "state" {
  statement {
    sid       = "StateBucket"
    actions   = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [var.state_bucket_arn, "${var.state_bucket_arn}/*"]
  }
  statement {
    sid       = "StateLock"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"]
    resources = [var.lock_table_arn]
  }
  statement {
    sid       = "StateKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [var.state_kms_key_arn]
  }
}

# Refreshing secret versions needs their values (they are in the state anyway).
data "aws_iam_policy_document" "plan_secrets" {
  source_policy_documents = [data.aws_iam_policy_document.state.json]
  statement {
    sid       = "ReadStackSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:${var.partition}:secretsmanager:${var.region}:${var.account_id}:secret:${var.name}/*"]
  }
  statement {
    sid       = "DecryptWithStackKey"
    actions   = ["kms:Decrypt"]
    resources = [var.stack_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "plan" {
  name   = "terraform-state"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan_secrets.json
}

# --- apply ---------------------------------------------------------------------------------
data "aws_iam_policy_document" "infra" {
  #checkov:skip=CKV_AWS_107:Terraform creates the SES SMTP user's access key and IAM roles; this role is the stack's administrator, usable only from the protected production environment.
  #checkov:skip=CKV_AWS_108:Terraform must read what it manages (secrets, buckets); usable only from the protected production environment.
  #checkov:skip=CKV_AWS_109:Terraform manages resource policies (buckets, keys); IAM writes are limited to NAME-* names.
  #checkov:skip=CKV_AWS_110:Terraform creates roles and passes them to services; IAM writes are limited to NAME-* names.
  #checkov:skip=CKV_AWS_111:Terraform creates resources whose ARNs do not exist yet, so most service actions cannot name them.
  #checkov:skip=CKV_AWS_356:Terraform creates resources whose ARNs do not exist yet, so most service actions cannot name them.
  source_policy_documents = [data.aws_iam_policy_document.state.json]

  statement {
    sid = "StackServices"
    actions = [
      "acm:*", "application-autoscaling:*", "cloudfront:*", "cloudwatch:*", "ec2:*", "ecr:*", "ecs:*",
      "elasticache:*", "elasticloadbalancing:*", "kms:*", "logs:*", "rds:*", "route53:*", "s3:*",
      "secretsmanager:*", "ses:*", "sns:*", "wafv2:*", "sts:GetCallerIdentity",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "IamReadAnything"
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }

  statement {
    sid     = "IamWriteStackNamesOnly"
    actions = ["iam:*"]
    resources = [
      "${local.iam_prefix}:role/${var.name}-*",
      "${local.iam_prefix}:policy/${var.name}-*",
      "${local.iam_prefix}:user/${var.name}-*",
      "${local.iam_prefix}:group/${var.name}-*",
      "${local.iam_prefix}:oidc-provider/${local.oidc_host}",
    ]
  }

  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["${local.iam_prefix}:role/aws-service-role/*"]
  }
}

resource "aws_iam_role" "infra" {
  name                 = "${var.name}-gha-infra-role"
  assume_role_policy   = data.aws_iam_policy_document.trust["infra"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "infra" {
  name   = "terraform-apply"
  role   = aws_iam_role.infra.id
  policy = data.aws_iam_policy_document.infra.json
}

# --- deploy --------------------------------------------------------------------------------
data "aws_iam_policy_document" "deploy" {
  #checkov:skip=CKV_AWS_356:ecr:GetAuthorizationToken and ecs:RegisterTaskDefinition/DescribeTaskDefinition do not support resource-level permissions.
  #checkov:skip=CKV_AWS_111:ecs:RegisterTaskDefinition does not support resource-level permissions; what it registers can only run with the two roles PassRole allows.
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "EcrPushPull"
    actions = [
      "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
      "ecr:DescribeImages",
    ]
    resources = [var.ecr_repository_arn]
  }
  statement {
    sid       = "TaskDefinitions"
    actions   = ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"]
    resources = ["*"]
  }
  statement {
    sid       = "RollServices"
    actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
    resources = [for s in var.service_names : "${local.ecs_prefix}:service/${var.cluster_name}/${s}"]
  }
  statement {
    sid       = "RunMigrateTask"
    actions   = ["ecs:RunTask"]
    resources = [for f in var.task_families : "${local.ecs_prefix}:task-definition/${f}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = ["${local.ecs_prefix}:cluster/${var.cluster_name}"]
    }
  }
  statement {
    sid       = "WatchTasks"
    actions   = ["ecs:DescribeTasks"]
    resources = ["${local.ecs_prefix}:task/${var.cluster_name}/*"]
  }
  statement {
    sid       = "PassOnlyTheTaskRoles"
    actions   = ["iam:PassRole"]
    resources = var.passable_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
  statement {
    sid       = "ReadMigrateLogs"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents"]
    resources = [for a in var.log_group_arns : "${a}:*"]
  }
}

resource "aws_iam_role" "deploy" {
  name                 = "${var.name}-gha-deploy-role"
  assume_role_policy   = data.aws_iam_policy_document.trust["deploy"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy-app"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}
