# Aurora PostgreSQL Serverless v2 in the private subnets. The master password is generated
# here (not RDS-managed: RDS rotates its managed secret every 7 days, which would silently
# break the DATABASE_URL the app reads) and kept with the URL in Secrets Manager.
# The RDS Data API is on, so operators can run SQL without a bastion:
#   aws rds-data execute-statement --resource-arn CLUSTER_ARN --secret-arn MASTER_SECRET_ARN \
#     --database pulse --sql "SELECT count(*) FROM users"

terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    random = { source = "hashicorp/random" }
  }
}

resource "random_password" "master" {
  length  = 40
  special = false # the password goes into a URL unescaped
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_security_group" "db" {
  name        = "${var.name}-db"
  description = "Aurora: PostgreSQL from the app tasks only"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.name}-db" }
}

resource "aws_vpc_security_group_ingress_rule" "from_app" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from app tasks"
  referenced_security_group_id = var.app_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_rds_cluster_parameter_group" "this" {
  name        = "${var.name}-aurora-pg${split(".", var.engine_version)[0]}"
  family      = "aurora-postgresql${split(".", var.engine_version)[0]}"
  description = "${var.name}: TLS only, slow-query and connection logging"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
  parameter {
    name  = "log_statement"
    value = "ddl"
  }
  parameter {
    name  = "log_connections"
    value = "1"
  }
  parameter {
    name  = "log_disconnections"
    value = "1"
  }
}

resource "aws_rds_cluster" "this" {
  #checkov:skip=CKV2_AWS_8:Aurora's continuous backups (point-in-time restore within backup_retention_days) and its snapshots are the backup plan; AWS Backup would duplicate them.
  #checkov:skip=CKV2_AWS_27:Statement logging of every query (log_statement=all) would write users' prompts into the logs; DDL and slow queries are logged instead.
  cluster_identifier                  = var.name
  engine                              = "aurora-postgresql"
  engine_mode                         = "provisioned"
  engine_version                      = var.engine_version
  database_name                       = var.database_name
  master_username                     = var.master_username
  master_password                     = random_password.master.result
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.db.id]
  db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.this.name
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  backup_retention_period             = var.backup_retention_days
  preferred_backup_window             = "00:00-01:00" # 03:00-04:00 in Amman
  preferred_maintenance_window        = "fri:01:30-fri:02:30"
  copy_tags_to_snapshot               = true
  deletion_protection                 = var.deletion_protection
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${var.name}-final"
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  enable_http_endpoint                = true # RDS Data API (docs/RUNBOOK.md)
  apply_immediately                   = false

  serverlessv2_scaling_configuration {
    min_capacity = var.min_acu
    max_capacity = var.max_acu
  }

  lifecycle {
    ignore_changes = [final_snapshot_identifier]
  }
}

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  name               = "${var.name}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_rds_cluster_instance" "this" {
  count                                 = var.instance_count
  identifier                            = "${var.name}-${count.index + 1}"
  cluster_identifier                    = aws_rds_cluster.this.id
  instance_class                        = "db.serverless"
  engine                                = aws_rds_cluster.this.engine
  engine_version                        = aws_rds_cluster.this.engine_version
  db_subnet_group_name                  = aws_db_subnet_group.this.name
  publicly_accessible                   = false
  auto_minor_version_upgrade            = true
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.monitoring.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = 7
  copy_tags_to_snapshot                 = true
}

# The app reads one URL. TLS is required by the parameter group, so sslmode=require.
resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id = var.database_url_secret_arn
  secret_string = format(
    "postgres://%s:%s@%s:%d/%s?sslmode=require",
    var.master_username, random_password.master.result,
    aws_rds_cluster.this.endpoint, aws_rds_cluster.this.port, var.database_name,
  )
}

# The Data API signs in with a secret holding username and password as JSON.
resource "aws_secretsmanager_secret" "master" {
  #checkov:skip=CKV2_AWS_57:Rotating the master password must also rewrite DATABASE_URL; docs/RUNBOOK.md does both by hand.
  name                    = "${var.name}/db-master"
  description             = "Aurora master credentials for the RDS Data API (operators only)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "master" {
  secret_id = aws_secretsmanager_secret.master.id
  secret_string = jsonencode({
    engine   = "postgres"
    username = var.master_username
    password = random_password.master.result
    host     = aws_rds_cluster.this.endpoint
    port     = aws_rds_cluster.this.port
    dbname   = var.database_name
  })
}
