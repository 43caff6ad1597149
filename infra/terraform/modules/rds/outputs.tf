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
