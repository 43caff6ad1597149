# Fargate cluster with two services running the same image:
#   web     `pulse serve --role web`    behind the ALB, scales on CPU and requests/target
#   worker  `pulse serve --role worker` background jobs and sweepers (answers /healthz)
# Every task also runs a metrics collector sidecar (AWS Distro for OpenTelemetry): it
# scrapes the app's internal metrics listener, METRICS_ADDR=127.0.0.1:9100, over the
# task's own loopback (containers of an awsvpc task share it) and writes the metrics to
# CloudWatch (observability module). So the metrics port is in no port mapping and no
# security group rule: nothing outside the task, in the VPC or beyond, can reach it, and
# the app port (the ALB's target) answers 404 for /metrics.
# Settings: non-secret ones as environment, secret ones from Secrets Manager through the
# container definition's `secrets` (ECS resolves them at task start).
#
# Deploys (infra/scripts/deploy-ecs.sh) register new revisions of these task definitions
# with a new image, so the services ignore `task_definition` here; after a Terraform change
# to a task definition (a setting, CPU, memory), roll it out with the next deploy.

locals {
  container = "pulse"
  image     = "${var.repository_url}:${var.image_tag != "" ? var.image_tag : "initial"}"
  secrets   = concat(var.always_injected_secrets, var.optional_secrets_enabled)

  environment = merge(
    {
      PULSE_ENV           = "production"
      PUBLIC_URL          = var.public_url
      LEPTOS_SITE_ADDR    = "0.0.0.0:${var.container_port}"
      METRICS_ADDR        = "127.0.0.1:${var.metrics_port}"
      STORAGE_DRIVER      = "s3"
      S3_BUCKET           = var.objects_bucket
      S3_REGION           = var.region
      TRUST_PROXY_HEADERS = "true"
      LOG_FORMAT          = "json"
      MAIL_FROM           = var.mail_from
      ADMIN_EMAILS        = join(",", var.admin_emails)
    },
    var.extra_environment,
  )

  roles = {
    web    = { cpu = var.web_cpu, memory = var.web_memory }
    worker = { cpu = var.worker_cpu, memory = var.worker_memory }
  }

  # The collector's pipeline per role: Prometheus scrape of METRICS_ADDR every minute →
  # CloudWatch embedded metric format. Only the declared metrics and dimensions become
  # CloudWatch metrics (each is billed); everything scraped stays in the log events.
  # Selectors are regular expressions anchored at the start only: the collector expands
  # `$` in its configuration.
  collector_config = {
    for role in keys(local.roles) : role => yamlencode({
      extensions = { health_check = {} }
      receivers = {
        prometheus = {
          config = {
            global = { scrape_interval = "60s", scrape_timeout = "10s" }
            scrape_configs = [{
              job_name       = "pulse"
              metrics_path   = "/metrics"
              static_configs = [{ targets = ["127.0.0.1:${var.metrics_port}"], labels = { role = role } }]
            }]
          }
        }
      }
      processors = { batch = { timeout = "60s" } }
      exporters = {
        awsemf = {
          namespace               = var.metrics_namespace
          log_group_name          = var.metrics_log_group_name
          log_stream_name         = role
          region                  = var.region
          dimension_rollup_option = "NoDimensionRollup"
          metric_declarations = [
            { dimensions = [["role"]], metric_name_selectors = ["^up", "^rate_limited_total", "^moderation_blocked_total"] },
            { dimensions = [["role", "status"]], metric_name_selectors = ["^http_requests_total", "^pulse_chat_answers_total"] },
            { dimensions = [["outcome"], ["kind", "outcome"]], metric_name_selectors = ["^pulse_jobs_ended_total"] },
            { dimensions = [["result"]], metric_name_selectors = ["^pulse_payment_notifications_total", "^pulse_uploads_total"] },
            { dimensions = [["feature"]], metric_name_selectors = ["^pulse_work_dropped_total"] },
          ]
        }
      }
      service = {
        extensions = ["health_check"]
        pipelines  = { metrics = { receivers = ["prometheus"], processors = ["batch"], exporters = ["awsemf"] } }
      }
    })
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.cluster_name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  configuration {
    execute_command_configuration {
      kms_key_id = var.kms_key_arn
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = var.ecs_exec_log_group_name
      }
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# --- network -----------------------------------------------------------------------------
resource "aws_security_group" "app" {
  name        = "${var.cluster_name}-app"
  description = "App tasks: ALB in; HTTPS, SMTP, PostgreSQL and Redis out"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.cluster_name}-app" }
}

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  security_group_id            = aws_security_group.app.id
  description                  = "HTTP from the load balancer"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS: AI providers, payment gateways, ECR, Secrets Manager, CloudWatch, S3"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "smtp" {
  security_group_id = aws_security_group.app.id
  description       = "SES SMTP with STARTTLS"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 587
  to_port           = 587
}

resource "aws_vpc_security_group_egress_rule" "postgres" {
  security_group_id            = aws_security_group.app.id
  description                  = "Aurora PostgreSQL"
  referenced_security_group_id = var.database_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_vpc_security_group_egress_rule" "redis" {
  security_group_id            = aws_security_group.app.id
  description                  = "ElastiCache"
  referenced_security_group_id = var.redis_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

# --- roles -------------------------------------------------------------------------------
data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

# Execution role: what ECS itself needs to start a task (pull, logs, secrets).
resource "aws_iam_role" "execution" {
  name               = "${var.cluster_name}-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "ReadAppSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [for k in local.secrets : var.secret_arns[k]]
  }
  statement {
    sid       = "DecryptWithStackKey"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Task role: what the app does with AWS (objects in S3).
resource "aws_iam_role" "task" {
  name               = "${var.cluster_name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid       = "ListObjects"
    actions   = ["s3:ListBucket"]
    resources = [var.objects_bucket_arn]
  }
  statement {
    sid       = "ReadWriteObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:GetObjectTagging", "s3:PutObjectTagging"]
    resources = ["${var.objects_bucket_arn}/*"]
  }
  statement {
    sid       = "UseStackKeyForObjects"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
  # The collector sidecar writes the app's metrics (embedded metric format) here only.
  statement {
    sid       = "WriteAppMetrics"
    actions   = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
    resources = [var.metrics_log_group_arn, "${var.metrics_log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "objects"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# --- task definitions --------------------------------------------------------------------
resource "aws_ecs_task_definition" "this" {
  for_each                 = local.roles
  family                   = "${var.cluster_name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # The root filesystem is read-only; these are the task's own scratch space.
  volume {
    name = "tmp"
  }
  volume {
    name = "data"
  }
  volume {
    name = "collector-tmp"
  }

  # extra_environment could override METRICS_ADDR: keep it on the task's loopback, where
  # only the collector sidecar reaches it, and off the app port.
  lifecycle {
    precondition {
      condition     = startswith(local.environment["METRICS_ADDR"], "127.0.0.1:") && var.metrics_port != var.container_port
      error_message = "METRICS_ADDR must stay 127.0.0.1:PORT (the collector sidecar scrapes it inside the task), on a port other than the app's."
    }
  }

  container_definitions = jsonencode([
    {
      name                   = local.container
      image                  = local.image
      essential              = true
      command                = ["serve", "--role", each.key]
      readonlyRootFilesystem = true
      stopTimeout            = 60
      portMappings           = [{ containerPort = var.container_port, protocol = "tcp" }]
      environment = [
        for k, v in merge(local.environment, { PULSE_ROLE = each.key }) : { name = k, value = v }
      ]
      secrets = [for k in local.secrets : { name = k, valueFrom = var.secret_arns[k] }]
      mountPoints = [
        { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
        { sourceVolume = "data", containerPath = "/app/data", readOnly = false },
      ]
      healthCheck = {
        command     = ["CMD-SHELL", "curl -fsS http://127.0.0.1:${var.container_port}/healthz >/dev/null || exit 1"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = var.log_group_names[each.key]
          awslogs-region        = var.region
          awslogs-stream-prefix = each.key
        }
      }
    },
    # Not essential: if it stops, the app keeps serving and the metrics-scrape alarm
    # (observability module) says so. No port mappings: it only dials out (loopback to
    # the app, HTTPS to CloudWatch Logs).
    {
      name                   = "metrics-collector"
      image                  = var.collector_image
      essential              = false
      readonlyRootFilesystem = true
      memory                 = var.collector_memory
      environment            = [{ name = "AOT_CONFIG_CONTENT", value = local.collector_config[each.key] }]
      mountPoints            = [{ sourceVolume = "collector-tmp", containerPath = "/tmp", readOnly = false }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = var.log_group_names[each.key]
          awslogs-region        = var.region
          awslogs-stream-prefix = "${each.key}-collector"
        }
      }
    }
  ])
}

# The target group must belong to a listener before a service can use it.
resource "terraform_data" "listener_ready" {
  input = var.listener_arns
}

resource "aws_ecs_service" "web" {
  name                               = var.web_service_name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this["web"].arn
  desired_count                      = var.web_min_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 30
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container
    container_port   = var.container_port
  }

  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [terraform_data.listener_ready, aws_iam_role_policy.execution]
}

resource "aws_ecs_service" "worker" {
  name                               = var.worker_service_name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this["worker"].arn
  desired_count                      = var.worker_min_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [aws_iam_role_policy.execution]
}

# --- autoscaling -------------------------------------------------------------------------
resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.web.name}"
  min_capacity       = var.web_min_count
  max_capacity       = var.web_max_count
}

resource "aws_appautoscaling_policy" "web_cpu" {
  name               = "${var.web_service_name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  resource_id        = aws_appautoscaling_target.web.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "web_requests" {
  name               = "${var.web_service_name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  resource_id        = aws_appautoscaling_target.web.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.web_requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${var.alb_arn_suffix}/${var.target_group_arn_suffix}"
    }
  }
}

resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.worker.name}"
  min_capacity       = var.worker_min_count
  max_capacity       = var.worker_max_count
}

resource "aws_appautoscaling_policy" "worker_cpu" {
  name               = "${var.worker_service_name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  resource_id        = aws_appautoscaling_target.worker.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
