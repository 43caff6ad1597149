# Log groups for the app (one per role; the one-off `pulse migrate` task logs to web's),
# an SNS topic for alarms (mailed to alarm_email), and alarms on what needs a person:
# ALB 5xx, unhealthy targets, running tasks below the minimum, task CPU/memory, Aurora CPU
# and capacity, cache CPU — and, from the app's own Prometheus metrics, a scrape that
# stopped, failed jobs and refused payment notifications.
#
# App metrics: each task's collector sidecar (ecs module) scrapes the app's internal
# listener (METRICS_ADDR, 127.0.0.1:9100: never the app port, never the network) and
# writes them as CloudWatch embedded-metric logs to the metrics log group; CloudWatch
# turns the declared ones into metrics in the namespace NAME/app.

resource "aws_cloudwatch_log_group" "app" {
  for_each          = toset(["web", "worker"])
  name              = "/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_cloudwatch_log_group" "metrics" {
  name              = "/${var.name}/metrics"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_cloudwatch_log_group" "ecs_exec" {
  name              = "/${var.name}/ecs-exec"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alarm_email != "" ? 1 : 0
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  actions   = [aws_sns_topic.alarms.arn]
  alb_dims  = { LoadBalancer = var.alb_arn_suffix }
  tg_dims   = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  services  = { web = var.web_service_name, worker = var.worker_service_name }
  min_tasks = { web = var.web_min_count, worker = var.worker_min_count }
  namespace = "${var.name}/app"
}

resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_name          = "${var.name}-alb-5xx"
  alarm_description   = "The load balancer answered 5xx (its own, or the tasks') more than ${var.alb_5xx_threshold} times in 5 minutes, twice in a row."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = local.alb_dims
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.alb_5xx_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  alarm_name          = "${var.name}-web-5xx"
  alarm_description   = "The web tasks answered 5xx more than ${var.alb_5xx_threshold} times in 5 minutes, twice in a row."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = local.tg_dims
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.alb_5xx_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name          = "${var.name}-web-unhealthy-targets"
  alarm_description   = "A web task fails /healthz for 3 minutes."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = local.tg_dims
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "running_tasks" {
  for_each            = local.services
  alarm_name          = "${var.name}-${each.key}-tasks-below-minimum"
  alarm_description   = "Fewer ${each.key} tasks run than the minimum (${local.min_tasks[each.key]}) for 5 minutes: tasks crash or cannot start."
  namespace           = "ECS/ContainerInsights"
  metric_name         = "RunningTaskCount"
  dimensions          = { ClusterName = var.cluster_name, ServiceName = each.value }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 5
  threshold           = local.min_tasks[each.key]
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "ecs_cpu" {
  for_each            = local.services
  alarm_name          = "${var.name}-${each.key}-cpu-high"
  alarm_description   = "${each.key} tasks average above 85 % CPU for 15 minutes (autoscaling at its maximum?)."
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = { ClusterName = var.cluster_name, ServiceName = each.value }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 85
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "ecs_memory" {
  for_each            = local.services
  alarm_name          = "${var.name}-${each.key}-memory-high"
  alarm_description   = "${each.key} tasks average above 85 % of their memory for 15 minutes."
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  dimensions          = { ClusterName = var.cluster_name, ServiceName = each.value }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 85
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${var.name}-aurora-cpu-high"
  alarm_description   = "Aurora above 80 % CPU for 15 minutes."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBClusterIdentifier = var.db_cluster_identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "db_acu" {
  alarm_name          = "${var.name}-aurora-capacity-near-max"
  alarm_description   = "Aurora has used more than 90 % of its maximum capacity (${var.db_max_acu} ACU) for 15 minutes: raise aurora_max_acu."
  namespace           = "AWS/RDS"
  metric_name         = "ServerlessDatabaseCapacity"
  dimensions          = { DBClusterIdentifier = var.db_cluster_identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.db_max_acu * 0.9
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "redis_cpu" {
  for_each            = toset(var.redis_member_ids)
  alarm_name          = "${var.name}-cache-${each.key}-cpu-high"
  alarm_description   = "Cache node ${each.key}: engine CPU above 80 % for 15 minutes."
  namespace           = "AWS/ElastiCache"
  metric_name         = "EngineCPUUtilization"
  dimensions          = { CacheClusterId = each.key }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

# --- the app's Prometheus metrics (through the collector sidecar) ----------------------------
# `up` is the collector's own gauge: 1 when its last scrape of METRICS_ADDR answered. No
# data (collector not running, or not publishing) counts as a failure too.
resource "aws_cloudwatch_metric_alarm" "metrics_scrape" {
  for_each            = local.services
  alarm_name          = "${var.name}-${each.key}-metrics-scrape-failing"
  alarm_description   = "A ${each.key} task's collector could not scrape the app's internal metrics listener (METRICS_ADDR) for 5 minutes, or published nothing."
  namespace           = local.namespace
  metric_name         = "up"
  dimensions          = { role = each.key }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "jobs_failed" {
  alarm_name          = "${var.name}-jobs-failed"
  alarm_description   = "More than ${var.jobs_failed_threshold} background jobs ended `failed` in 15 minutes (pulse_jobs_ended_total{outcome=\"failed\"})."
  namespace           = local.namespace
  metric_name         = "pulse_jobs_ended_total"
  dimensions          = { outcome = "failed" }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = var.jobs_failed_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "payment_refused" {
  alarm_name          = "${var.name}-payment-notifications-refused"
  alarm_description   = "More than ${var.payment_refused_threshold} payment notifications were refused (bad signature) in 15 minutes: a wrong webhook key, or someone forging them."
  namespace           = local.namespace
  metric_name         = "pulse_payment_notifications_total"
  dimensions          = { result = "refused" }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = var.payment_refused_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}
