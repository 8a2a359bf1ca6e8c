"""State bucket (versioned, SSE-KMS, TLS-only, private) and lock table (PITR, KMS)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.dynamodb_resource_policy import DynamodbResourcePolicy
from cdktf_cdktf_provider_aws.dynamodb_table import (
    DynamodbTable,
    DynamodbTableAttribute,
    DynamodbTablePointInTimeRecovery,
    DynamodbTableServerSideEncryption,
)
from cdktf_cdktf_provider_aws.kms_grant import KmsGrant
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
)
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLoggingA
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
from ..shared import EncryptionKey, EncryptionKeyProps
from ..shared.iam import deny_everyone_unless, deny_insecure_transport
from .settings import StateBackendSettings


@dataclass(frozen=True, kw_only=True)
class StateBackendProps:
    """The state bucket and lock table to create."""

    settings: StateBackendSettings
    """Bucket, table, Region and the retention of superseded state versions."""
    key_alias: str
    """Alias (without ``alias/``) of the CMK that encrypts both."""
    access_log_bucket: str | None = None
    """Existing bucket that receives S3 server access logs. Default: no access logging
    (the bootstrap runs before any log archive exists; see the checkov allow-list)."""
    prevent_destroy: bool = True
    """Terraform refuses to destroy the bucket and table. Default: true. Turn off only
    for throw-away targets such as a local emulator."""
    force_destroy: bool = False
    """Let ``terraform destroy`` delete the bucket with its state versions inside.
    Default: false. Only throw-away targets (a local emulator) turn it on."""
    tls_only_policy: bool = True
    """Attach the bucket policy denying requests without TLS 1.2+. Default: true. Only a
    local emulator that cannot evaluate policy conditions (moto denies on every
    conditional Deny) turns it off."""


class StateBackend(Construct):
    """An S3 bucket and DynamoDB table for Terraform remote state with locking.

    Bucket: versioned (every apply's state can be restored), encrypted with a rotating
    customer-managed key, all public access blocked, ACLs disabled, a policy denying any
    request without TLS 1.2+, superseded versions expiring after a retention period.
    Table: on-demand, point-in-time recovery, encrypted with the same key, deletion
    protection. Both carry ``prevent_destroy`` unless the props turn it off.
    """

    def __init__(self, scope: Construct, id_: str, *, props: StateBackendProps) -> None:
        super().__init__(scope, id_)
        lifecycle = TerraformResourceLifecycle(prevent_destroy=props.prevent_destroy)
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=props.key_alias,
                description=f"Terraform state in s3://{props.settings.bucket} and its lock table",
            ),
        )
        self.bucket = S3Bucket(
            self,
            "bucket",
            bucket=props.settings.bucket,
            force_destroy=props.force_destroy,
            lifecycle=lifecycle,
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
                            sse_algorithm="aws:kms", kms_master_key_id=self.key.arn
                        )
                    ),
                    bucket_key_enabled=True,
                )
            ],
        )
        public_access = S3BucketPublicAccessBlock(
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
        self._bucket_policy_document: DataAwsIamPolicyDocument | None = None
        self._lock_statements: list[DataAwsIamPolicyDocumentStatement] = []
        self._lock_policy_document: DataAwsIamPolicyDocument | None = None
        if props.tls_only_policy:
            self._tls_only_policy(public_access)
        else:
            suppress(
                self.bucket,
                "ENC-02",
                "tls_only_policy is off only for throw-away targets such as the local "
                "emulator, which cannot evaluate policy conditions and serves plain HTTP.",
            )
        S3BucketLifecycleConfiguration(
            self,
            "lifecycle",
            bucket=self.bucket.id,
            rule=[
                S3BucketLifecycleConfigurationRule(
                    id="expire-superseded-state",
                    status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=props.settings.noncurrent_version_retention_days
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
        if props.access_log_bucket:
            S3BucketLoggingA(
                self,
                "access_logging",
                bucket=self.bucket.id,
                target_bucket=props.access_log_bucket,
                target_prefix=f"s3/{props.settings.bucket}/",
            )
        self.lock_table = DynamodbTable(
            self,
            "lock_table",
            name=props.settings.lock_table,
            billing_mode="PAY_PER_REQUEST",
            hash_key="LockID",
            attribute=[DynamodbTableAttribute(name="LockID", type="S")],
            point_in_time_recovery=DynamodbTablePointInTimeRecovery(enabled=True),
            server_side_encryption=DynamodbTableServerSideEncryption(
                enabled=True, kms_key_arn=self.key.arn
            ),
            deletion_protection_enabled=props.prevent_destroy,
            lifecycle=lifecycle,
        )

    def _tls_only_policy(self, public_access: S3BucketPublicAccessBlock) -> None:
        """Deny every request that is not HTTPS with TLS 1.2 or newer."""
        resources = [self.bucket.arn, f"{self.bucket.arn}/*"]
        self._bucket_statements = [
            deny_insecure_transport(["s3:*"], resources),
            deny_everyone_unless(
                sid="DenyOutdatedTls",
                actions=["s3:*"],
                resources=resources,
                test="NumericLessThan",
                variable="s3:TlsVersion",
                value="1.2",
            ),
        ]
        document = DataAwsIamPolicyDocument(self, "tls_only", statement=self._bucket_statements)
        self._bucket_policy_document = document
        # The public access block must exist first: S3 rejects policy writes while it
        # is being created, and ordering them avoids a flaky first apply.
        S3BucketPolicy(
            self,
            "policy",
            bucket=self.bucket.id,
            policy=document.json,
            depends_on=[public_access],
        )

    def grant_prefix(self, prefix: str, *, readers: list[str], writers: list[str]) -> None:
        """Let principals of another account use the state below ``prefix/``: readers
        list the bucket, read the objects, the key's decrypt and the lock ids'
        digest items; writers also write objects and take locks. Resource policies are
        needed across accounts (an IAM policy in the other account is not enough): the
        bucket policy, KMS grants and the lock table's resource policy
        (``aws_dynamodb_resource_policy``, hashicorp/aws >= 5.42; 5.100 is pinned)."""
        if self._bucket_policy_document is None:
            raise ValueError(
                "grant_prefix needs the bucket policy (tls_only_policy=True): a target "
                "without it has no cross-account state access"
            )
        principals = readers + writers
        objects = f"{self.bucket.arn}/{prefix}/*"
        sid = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", prefix))
        lock_ids = f"{self.bucket.bucket}/{prefix}/*"
        self._bucket_statements += [
            _allow(f"{sid}List", principals, ["s3:ListBucket"], [self.bucket.arn]),
            _allow(f"{sid}Read", principals, ["s3:GetObject"], [objects]),
        ]
        if writers:
            self._bucket_statements.append(
                _allow(f"{sid}Write", writers, ["s3:PutObject", "s3:DeleteObject"], [objects])
            )
        self._bucket_policy_document.put_statement(self._bucket_statements)
        grants = (
            ("reader", "read", readers, ["Decrypt", "DescribeKey"]),
            ("writer", "write", writers, ["Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey"]),
        )
        for role, verb, grantees, operations in grants:
            for index, grantee in enumerate(grantees):
                KmsGrant(
                    self,
                    f"{prefix}_{role}_grant_{index}",
                    name=f"terraform-state-{prefix}-{verb}-{index}",
                    key_id=self.key.key_id,
                    grantee_principal=grantee,
                    operations=operations,
                )
        leading = DataAwsIamPolicyDocumentStatementCondition(
            test="ForAllValues:StringLike", variable="dynamodb:LeadingKeys", values=[lock_ids]
        )
        self._lock_statements.append(
            _allow(f"{sid}Digest", principals, ["dynamodb:GetItem"], [self.lock_table.arn], leading)
        )
        if writers:
            self._lock_statements.append(
                _allow(
                    f"{sid}Locks",
                    writers,
                    ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"],
                    [self.lock_table.arn],
                    leading,
                )
            )
        if self._lock_policy_document is None:
            self._lock_policy_document = DataAwsIamPolicyDocument(
                self, "lock_table_access", statement=self._lock_statements
            )
            DynamodbResourcePolicy(
                self,
                "lock_table_policy",
                resource_arn=self.lock_table.arn,
                policy=self._lock_policy_document.json,
            )
        else:
            self._lock_policy_document.put_statement(self._lock_statements)

    @property
    def bucket_name(self) -> str:
        """Name of the state bucket."""
        return self.bucket.bucket

    @property
    def bucket_arn(self) -> str:
        """ARN of the state bucket."""
        return self.bucket.arn

    @property
    def lock_table_name(self) -> str:
        """Name of the lock table."""
        return self.lock_table.name

    @property
    def lock_table_arn(self) -> str:
        """ARN of the lock table."""
        return self.lock_table.arn

    @property
    def kms_key_arn(self) -> str:
        """ARN of the CMK encrypting bucket and table."""
        return self.key.arn


def _allow(
    sid: str,
    principals: list[str],
    actions: list[str],
    resources: list[str],
    condition: DataAwsIamPolicyDocumentStatementCondition | None = None,
) -> DataAwsIamPolicyDocumentStatement:
    """An Allow statement of a resource policy for AWS principals (role ARNs)."""
    return DataAwsIamPolicyDocumentStatement(
        sid=sid,
        effect="Allow",
        principals=[
            DataAwsIamPolicyDocumentStatementPrincipals(type="AWS", identifiers=principals)
        ],
        actions=actions,
        resources=resources,
        condition=[condition] if condition else None,
    )
