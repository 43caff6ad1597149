output "log_group_names" {
  description = "Log group per role: web, worker."
  value       = { for k, g in aws_cloudwatch_log_group.app : k => g.name }
}

output "log_group_arns" {
  description = "Log group ARNs per role."
  value       = { for k, g in aws_cloudwatch_log_group.app : k => g.arn }
}

output "ecs_exec_log_group_name" {
  description = "Log group for ECS Exec sessions (if ever enabled)."
  value       = aws_cloudwatch_log_group.ecs_exec.name
}

output "alarm_topic_arn" {
  description = "SNS topic the alarms publish to."
  value       = aws_sns_topic.alarms.arn
}

output "metrics_log_group_name" {
  description = "Log group the collector sidecars write the app's metrics to (embedded metric format)."
  value       = aws_cloudwatch_log_group.metrics.name
}

output "metrics_log_group_arn" {
  description = "ARN of the metrics log group (the task role may write to it)."
  value       = aws_cloudwatch_log_group.metrics.arn
}

output "metrics_namespace" {
  description = "CloudWatch namespace of the app's Prometheus metrics."
  value       = local.namespace
}
