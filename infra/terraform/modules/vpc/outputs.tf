output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (tasks, database, cache)."
  value       = aws_subnet.private[*].id
}

output "nat_public_ips" {
  description = "Public addresses the tasks reach the internet from (for payment gateways' IP allow lists)."
  value       = aws_eip.nat[*].public_ip
}
