"""CKV_PULSE_3: every custom (non-S3) origin of a CloudFront distribution gets the secret
X-Origin-Verify header, which the ALB requires before it forwards anything (see
modules/alb). Without it the ALB answers 403; with it missing from the ALB side, any
CloudFront distribution (an attacker's, without our WAF) could reach the app."""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

HEADER = "x-origin-verify"


class CloudFrontSendsOriginHeader(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="CloudFront custom origins must send the secret X-Origin-Verify header",
            id="CKV_PULSE_3",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("aws_cloudfront_distribution",),
        )

    def scan_resource_conf(self, conf):
        custom_origins = [o for o in conf.get("origin") or [] if isinstance(o, dict) and o.get("custom_origin_config")]
        if not custom_origins:
            return CheckResult.UNKNOWN
        for origin in custom_origins:
            names = [
                str(n).lower()
                for header in origin.get("custom_header") or []
                if isinstance(header, dict)
                for n in header.get("name") or []
            ]
            if HEADER not in names:
                return CheckResult.FAILED
        return CheckResult.PASSED


check = CloudFrontSendsOriginHeader()
