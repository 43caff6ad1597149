output "replication_group_id" {
  description = "Replication group id."
  value       = aws_elasticache_replication_group.this.id
}

output "member_cluster_ids" {
  description = "Node ids (CloudWatch dimension CacheClusterId): REPLICATION_GROUP-001, -002, …"
  value       = [for i in range(var.node_count) : format("%s-%03d", var.name, i + 1)]
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.redis.id
}
