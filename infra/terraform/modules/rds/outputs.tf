output "cluster_identifier" {
  description = "Aurora cluster identifier (CloudWatch dimension, restore commands)."
  value       = aws_rds_cluster.this.cluster_identifier
}

output "endpoint" {
  description = "Writer endpoint."
  value       = aws_rds_cluster.this.endpoint
}

output "security_group_id" {
  description = "Security group of the cluster."
  value       = aws_security_group.db.id
}

output "cluster_arn" {
  description = "Aurora cluster ARN (RDS Data API --resource-arn)."
  value       = aws_rds_cluster.this.arn
}

output "master_secret_arn" {
  description = "Secret with the master credentials as JSON (RDS Data API --secret-arn)."
  value       = aws_secretsmanager_secret.master.arn
}
