# The application load balancer in the public subnets. Only *our* CloudFront distribution
# reaches the app through it, so the WAF in front of CloudFront sees every request:
#   - the security group admits CloudFront's origin-facing prefix list only — but that is
#     every distribution, an attacker's own (without our WAF) included; so
#   - the listener answers 403 by default, and one rule forwards to the web tasks only the
#     requests that carry the secret origin header (X-Origin-Verify) our distribution adds.
#     Two values are accepted while the secret is being rotated (docs/RUNBOOK.md).
# With a certificate: 443 is that listener, 80 redirects to 443.
# Without one (first try-out, no domain): 80 is that listener, CloudFront talks HTTP to it.

locals {
  # A plain bool (known at plan time), not derived from the certificate's ARN, which is
  # unknown until the certificate exists.
  https        = var.https_enabled
  ingress_port = local.https ? 443 : 80
}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "ALB: CloudFront in, web tasks out"
  vpc_id      = var.vpc_id
  tags        = { Name = "${var.name}-alb" }
}

# One rule only: the prefix list counts as ~55 rules against the group's quota of 60.
resource "aws_vpc_security_group_ingress_rule" "from_cloudfront" {
  security_group_id = aws_security_group.alb.id
  description       = "CloudFront origin-facing addresses"
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront.id
  ip_protocol       = "tcp"
  from_port         = local.ingress_port
  to_port           = local.ingress_port
}

resource "aws_vpc_security_group_egress_rule" "to_tasks" {
  security_group_id = aws_security_group.alb.id
  description       = "Web tasks in the VPC"
  cidr_ipv4         = var.vpc_cidr
  ip_protocol       = "tcp"
  from_port         = var.container_port
  to_port           = var.container_port
}

resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_20:With a certificate, aws_lb_listener.http_redirect sends 80 to 443; without one (no domain yet) there is no HTTPS listener to redirect to.
  #checkov:skip=CKV2_AWS_28:The WAF web ACL is attached to CloudFront; the security group admits only CloudFront and the listener forwards only requests with our distribution's secret origin header.
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = var.idle_timeout

  access_logs {
    bucket  = var.logs_bucket
    prefix  = "alb"
    enabled = true
  }
}

resource "aws_lb_target_group" "web" {
  #checkov:skip=CKV_AWS_378:TLS ends at the ALB; ALB → task traffic stays inside the VPC on the task's port.
  name                 = "${var.name}-web"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

# Requests without the origin header (not from our distribution) end here.
resource "aws_lb_listener" "https" {
  count             = local.https ? 1 : 0
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }
}

resource "aws_lb_listener" "http_redirect" {
  count             = local.https ? 1 : 0
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "http_forward" {
  #checkov:skip=CKV_AWS_2:Only without a certificate (no domain yet): CloudFront terminates TLS for viewers and reaches the origin over HTTP.
  #checkov:skip=CKV_AWS_103:Only without a certificate (no domain yet): an HTTP listener has no TLS policy.
  #checkov:skip=CKV2_AWS_20:Only without a certificate (no domain yet): there is no HTTPS listener to redirect to.
  count             = local.https ? 0 : 1
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }
}

# The only way to the web tasks: the secret header CloudFront adds to origin requests
# (a viewer's own header of that name is overwritten by CloudFront, never passed on).
resource "aws_lb_listener_rule" "from_our_cloudfront" {
  listener_arn = local.https ? aws_lb_listener.https[0].arn : aws_lb_listener.http_forward[0].arn
  priority     = 1

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }

  condition {
    http_header {
      http_header_name = var.origin_verify_header_name
      values           = var.origin_verify_values
    }
  }
}
