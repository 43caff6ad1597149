output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.this.arn
}

output "web_service_name" {
  description = "Web service name."
  value       = aws_ecs_service.web.name
}

output "worker_service_name" {
  description = "Worker service name."
  value       = aws_ecs_service.worker.name
}

output "task_families" {
  description = "Task definition family per role."
  value       = { for k, t in aws_ecs_task_definition.this : k => t.family }
}

output "task_role_arn" {
  description = "Role the app runs as."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "Role ECS starts tasks with."
  value       = aws_iam_role.execution.arn
}

output "app_security_group_id" {
  description = "Security group of the tasks (also for one-off tasks such as migrate)."
  value       = aws_security_group.app.id
}
