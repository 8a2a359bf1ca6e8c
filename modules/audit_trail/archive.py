"""A private, versioned, KMS-encrypted S3 bucket that AWS services deliver audit logs to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketLifecycleConfigurationRuleTransition,
)
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from constructs import Construct

from ..guardrails.marks import suppress
from ..shared.iam import deny_insecure_transport
from .settings import ArchiveSettings


@dataclass(frozen=True, kw_only=True)
class ArchiveBucketProps:
    """An audit archive bucket."""

    bucket: str
    """Bucket name (may hold the account id token)."""
    key_arn: str
    """ARN of the customer-managed KMS key encrypting the objects."""
    settings: ArchiveSettings
    """Transition, expiry and retention of old versions."""
    service_statements: Sequence[DataAwsIamPolicyDocumentStatement] = ()
    """Bucket-policy statements letting the delivering service write (use
    :attr:`ArchiveBucket.arn`-free values: build them from the bucket name)."""
    force_destroy: bool = False
    """Let ``terraform destroy`` delete the bucket with its objects. Default: false; only
    throw-away targets (the local emulator) turn it on."""
    bucket_policy: bool = True
    """Attach the bucket policy (TLS only, plus the service statements). Default: true.
    Only a local emulator that cannot evaluate policy conditions turns it off."""


def bucket_arn(partition: str, bucket: str) -> str:
    """ARN of the S3 bucket ``bucket``."""
    return f"arn:{partition}:s3:::{bucket}"


def delivery_statement(
    sid: str,
    service: str,
    actions: list[str],
    resource: str,
    source: tuple[str, str],
    *,
    acl: bool = False,
) -> DataAwsIamPolicyDocumentStatement:
    """A bucket-policy statement letting the delivering ``service`` principal do
    ``actions`` on ``resource`` only on behalf of ``source`` (a condition key and its
    value: ``aws:SourceArn`` of a trail, ``aws:SourceAccount`` of the account); with
    ``acl``, only writing objects as ``bucket-owner-full-control``."""
    variable, value = source
    conditions = [
        DataAwsIamPolicyDocumentStatementCondition(
            test="StringEquals", variable=variable, values=[value]
        )
    ]
    if acl:
        conditions.append(
            DataAwsIamPolicyDocumentStatementCondition(
                test="StringEquals",
                variable="s3:x-amz-acl",
                values=["bucket-owner-full-control"],
            )
        )
    return DataAwsIamPolicyDocumentStatement(
        sid=sid,
        effect="Allow",
        principals=[
            DataAwsIamPolicyDocumentStatementPrincipals(type="Service", identifiers=[service])
        ],
        actions=actions,
        resources=[resource],
        condition=conditions,
    )


class ArchiveBucket(Construct):
    """A bucket for log files delivered by an AWS service (CloudTrail, AWS Config).

    All public access blocked and ACLs disabled (``BucketOwnerEnforced``: the delivered
    objects belong to the account), versioned, SSE-KMS with the given customer key and an
    S3 Bucket Key (fewer KMS requests), a policy denying every request without TLS plus
    the delivering service's statements, and a lifecycle that moves log files to a colder
    class, expires them after the retention and removes old versions.
    """

    def __init__(self, scope: Construct, id_: str, *, props: ArchiveBucketProps) -> None:
        super().__init__(scope, id_)
        settings = props.settings
        self.bucket = S3Bucket(
            self, "bucket", bucket=props.bucket, force_destroy=props.force_destroy
        )
        S3BucketVersioningA(
            self,
            "versioning",
            bucket=self.bucket.id,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
        )
        S3BucketServerSideEncryptionConfigurationA(
            self,
            "encryption",
            bucket=self.bucket.id,
            rule=[
                S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=(
                        S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                            sse_algorithm="aws:kms", kms_master_key_id=props.key_arn
                        )
                    ),
                    bucket_key_enabled=True,
                )
            ],
        )
        self.public_access = S3BucketPublicAccessBlock(
            self,
            "public_access",
            bucket=self.bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
        )
        S3BucketOwnershipControls(
            self,
            "ownership",
            bucket=self.bucket.id,
            rule=S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced"),
        )
        self.policy: S3BucketPolicy | None = None
        if props.bucket_policy:
            statements = [
                deny_insecure_transport(["s3:*"], [self.bucket.arn, f"{self.bucket.arn}/*"]),
                *props.service_statements,
            ]
            document = DataAwsIamPolicyDocument(self, "policy_document", statement=statements)
            # After the public access block: S3 rejects policy writes while it is created.
            self.policy = S3BucketPolicy(
                self,
                "policy",
                bucket=self.bucket.id,
                policy=document.json,
                depends_on=[self.public_access],
            )
        else:
            suppress(
                self.bucket,
                "ENC-02",
                "the bucket policy is off only for throw-away targets such as the local "
                "emulator, which cannot evaluate policy conditions and serves plain HTTP.",
            )
        S3BucketLifecycleConfiguration(
            self,
            "lifecycle",
            bucket=self.bucket.id,
            rule=[
                S3BucketLifecycleConfigurationRule(
                    id="archive-then-expire",
                    status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                    transition=[
                        S3BucketLifecycleConfigurationRuleTransition(
                            days=settings.transition_after_days,
                            storage_class=settings.storage_class,
                        )
                    ],
                    expiration=[
                        S3BucketLifecycleConfigurationRuleExpiration(days=settings.retention_days)
                    ],
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=settings.noncurrent_version_retention_days
                        )
                    ],
                    abort_incomplete_multipart_upload=[
                        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
                            days_after_initiation=7
                        )
                    ],
                )
            ],
        )

    @property
    def name(self) -> str:
        """Name of the bucket."""
        return self.bucket.bucket

    @property
    def arn(self) -> str:
        """ARN of the bucket."""
        return self.bucket.arn
