"""What the account's AWS Config recorder records and which managed rules judge it
(cdktf-free settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..audit_trail.settings import ArchiveSettings
from ..shared.alerts import Severity
from ..shared.settings import Settings
from ..shared.validation import KeyDeletionWindowDays

DeliveryFrequency = Literal[
    "One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"
]
"""How often AWS Config delivers a configuration snapshot (AWS Config API,
ConfigSnapshotDeliveryProperties.deliveryFrequency)."""

MANAGED_RULES: dict[str, str] = {
    "encrypted_volumes": "ENCRYPTED_VOLUMES",
    "rds_storage_encrypted": "RDS_STORAGE_ENCRYPTED",
    "rds_cluster_encrypted_at_rest": "RDS_CLUSTER_ENCRYPTED_AT_REST",
    "eks_endpoint_no_public_access": "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
    "eks_secrets_encrypted": "EKS_SECRETS_ENCRYPTED",
    "s3_account_level_public_access_blocks": "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
    "s3_bucket_level_public_access_prohibited": "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
    "s3_bucket_ssl_requests_only": "S3_BUCKET_SSL_REQUESTS_ONLY",
    "ec2_imdsv2_check": "EC2_IMDSV2_CHECK",
    "elasticache_encrypted_at_rest": "ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST",
    "elasticache_encrypted_in_transit": "ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT",
    "vpc_flow_logs_enabled": "VPC_FLOW_LOGS_ENABLED",
    "cloudtrail_enabled": "CLOUD_TRAIL_ENABLED",
    "cloudtrail_log_file_validation": "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
    "kms_key_rotation": "CMK_BACKING_KEY_ROTATION_ENABLED",
    "guardduty_enabled": "GUARDDUTY_ENABLED_CENTRALIZED",
    "ecr_scan_on_push": "ECR_PRIVATE_IMAGE_SCANNING_ENABLED",
    "ecr_tag_immutability": "ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED",
}
"""Managed-rule identifier (the ``SourceIdentifier`` of an AWS-owned rule) of each field
of :class:`ComplianceRules`. Each is listed in the AWS Config Developer Guide, "List of
AWS Config Managed Rules" (page per rule, e.g. ``eks-endpoint-no-public-access``:
"Identifier: EKS_ENDPOINT_NO_PUBLIC_ACCESS"), and in the managed-rule list moto ships
(``moto/config/resources/aws_managed_rules.json.gz``); tests check the latter."""


class ComplianceRules(Settings):
    """The AWS Config managed rules that check what the platform promises; each can be
    turned off (a rule costs per evaluation)."""

    encrypted_volumes: bool = True
    """Attached EBS volumes are encrypted (``ENCRYPTED_VOLUMES``). Default: on."""
    rds_storage_encrypted: bool = True
    """RDS and Aurora DB instances have storage encryption (``RDS_STORAGE_ENCRYPTED``).
    Default: on."""
    rds_cluster_encrypted_at_rest: bool = True
    """Aurora clusters are encrypted at rest (``RDS_CLUSTER_ENCRYPTED_AT_REST``).
    Default: on."""
    eks_endpoint_no_public_access: bool = True
    """EKS cluster endpoints are not public (``EKS_ENDPOINT_NO_PUBLIC_ACCESS``).
    Default: on."""
    eks_secrets_encrypted: bool = True
    """EKS clusters encrypt Kubernetes secrets with KMS (``EKS_SECRETS_ENCRYPTED``).
    Default: on."""
    s3_account_level_public_access_blocks: bool = True
    """The account blocks S3 public access
    (``S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC``). Default: on."""
    s3_bucket_level_public_access_prohibited: bool = True
    """Every bucket blocks public access (``S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED``).
    Default: on."""
    s3_bucket_ssl_requests_only: bool = True
    """Every bucket policy denies requests without TLS (``S3_BUCKET_SSL_REQUESTS_ONLY``).
    Default: on."""
    ec2_imdsv2_check: bool = True
    """EC2 instances (the EKS nodes) require IMDSv2 (``EC2_IMDSV2_CHECK``). Default: on."""
    elasticache_encrypted_at_rest: bool = True
    """ElastiCache replication groups are encrypted at rest
    (``ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST``). Default: on."""
    elasticache_encrypted_in_transit: bool = True
    """ElastiCache replication groups encrypt in transit
    (``ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT``). Default: on."""
    vpc_flow_logs_enabled: bool = True
    """Every VPC has flow logs (``VPC_FLOW_LOGS_ENABLED``). Default: on."""
    cloudtrail_enabled: bool = True
    """A CloudTrail trail records the account (``CLOUD_TRAIL_ENABLED``). Default: on."""
    cloudtrail_log_file_validation: bool = True
    """Trails validate their log files (``CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED``).
    Default: on."""
    kms_key_rotation: bool = True
    """Customer-managed KMS keys rotate (``CMK_BACKING_KEY_ROTATION_ENABLED``).
    Default: on."""
    guardduty_enabled: bool = True
    """GuardDuty is enabled in the account and Region, by its own detector or an
    organization's (``GUARDDUTY_ENABLED_CENTRALIZED``). Default: on."""
    ecr_scan_on_push: bool = True
    """Private ECR repositories scan images on push
    (``ECR_PRIVATE_IMAGE_SCANNING_ENABLED``). Default: on."""
    ecr_tag_immutability: bool = True
    """Private ECR repositories have immutable tags
    (``ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED``). Default: on."""

    def identifiers(self) -> dict[str, str]:
        """Field name -> managed-rule identifier of every rule turned on, in field order."""
        return {
            field: MANAGED_RULES[field] for field in type(self).model_fields if getattr(self, field)
        }


class ComplianceSettings(Settings):
    """What the account's AWS Config recorder records, where it delivers, which managed
    rules judge the resources and where their non-compliance goes."""

    enabled: bool = True
    """Create the account's configuration recorder in this baseline's Region. Default:
    true. Turn off where an organization already records the account (one recorder per
    account and Region)."""
    include_global_resource_types: bool = True
    """Record global resources (IAM users, groups, roles, policies) too. Default: true.
    AWS Config records them in every Region that asks: record them in one Region only (AWS
    Config Developer Guide, "Recording global resource types"), so a second baseline of
    the same account turns this off."""
    delivery_frequency: DeliveryFrequency = "TwentyFour_Hours"
    """How often a configuration snapshot is delivered to the bucket. Default: daily."""
    archive: ArchiveSettings = Field(default_factory=ArchiveSettings)
    """Lifecycle of the configuration history bucket. Default: colder class after 90
    days, expiry after seven years."""
    rules: ComplianceRules = Field(default_factory=ComplianceRules)
    """The managed rules. Default: all on."""
    non_compliance_severity: Severity = "warning"
    """Severity (alert topic) of a rule turning NON_COMPLIANT. Default: ``warning``."""
    key_deletion_window_days: KeyDeletionWindowDays = 30
    """Waiting period of the bucket key's scheduled deletion, 7 to 30 days. Default: 30."""
