terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # Remote state in S3 with a DynamoDB lock. Settings come from backend.hcl (copy
  # backend.hcl.example; bootstrap/ creates the bucket, table and key):
  #   terraform init -backend-config=backend.hcl
  backend "s3" {}
}
