# ElastiCache (Valkey by default, Redis OSS-compatible) for the rate limiter shared by all
# replicas. TLS in transit and an AUTH token; REDIS_URL (rediss://) goes to Secrets Manager.

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    random = { source = "hashicorp/random" }
  }
}

resource "random_password" "auth" {
  length  = 48
  special = false # AUTH tokens forbid @ " / and the token sits in a URL
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "ElastiCache: 6379 from the app tasks only"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.name}-redis" }
}

resource "aws_vpc_security_group_ingress_rule" "from_app" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis protocol from app tasks"
  referenced_security_group_id = var.app_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

resource "aws_elasticache_replication_group" "this" {
  #checkov:skip=CKV2_AWS_50:Automatic failover and Multi-AZ are on whenever node_count > 1 (default 2); AWS forbids them with one node.
  replication_group_id       = var.name
  description                = "${var.name} rate limits"
  engine                     = var.engine
  engine_version             = var.engine_version
  node_type                  = var.node_type
  num_cache_clusters         = var.node_count
  automatic_failover_enabled = var.node_count > 1
  multi_az_enabled           = var.node_count > 1
  port                       = 6379
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [aws_security_group.redis.id]
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result
  snapshot_retention_limit   = 1
  maintenance_window         = "fri:02:30-fri:03:30"
  apply_immediately          = false
  auto_minor_version_upgrade = true
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = var.redis_url_secret_arn
  secret_string = "rediss://:${random_password.auth.result}@${aws_elasticache_replication_group.this.primary_endpoint_address}:6379/"
}
