"""The account's multi-Region CloudTrail trail: KMS-encrypted log files in an archive
bucket, events in an encrypted CloudWatch Logs group, and the state bucket's data events."""

from __future__ import annotations

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.cloudtrail import (
    Cloudtrail,
    CloudtrailAdvancedEventSelector,
    CloudtrailAdvancedEventSelectorFieldSelector,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps, ServiceGrant
from ..shared.iam import service_trust_policy
from .alarms import TrailAlarms
from .archive import ArchiveBucket, ArchiveBucketProps, bucket_arn, delivery_statement
from .props import AuditTrailProps

CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com"
"""CloudTrail's service principal (CloudTrail User Guide, "Amazon S3 bucket policy for
CloudTrail")."""


class AuditTrail(Construct):
    """A multi-Region trail with global service events and log file validation.

    - One customer-managed key (rotating) encrypts the log files, the bucket and the log
      group. CloudTrail may ``kms:GenerateDataKey*`` only for this trail
      (``aws:SourceArn``) and only for trails of this account
      (``kms:EncryptionContext:aws:cloudtrail:arn``), and ``kms:DescribeKey`` for this
      trail (CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail");
      CloudWatch Logs may use it for the trail's log group only.
    - The archive bucket (:class:`ArchiveBucket`) lets CloudTrail read its ACL and write
      below ``AWSLogs/<account>/`` with ``bucket-owner-full-control``, both only for this
      trail (``aws:SourceArn``; CloudTrail User Guide, "Amazon S3 bucket policy for
      CloudTrail").
    - Events also go to a CloudWatch Logs group (searchable, alarmed on) through a role
      CloudTrail assumes that may only create streams and put events in that group
      (CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch Logs
      for monitoring").
    - Advanced event selectors record every management event and, when
      ``props.state_bucket`` is set, the data events (``AWS::S3::Object``) of the state
      bucket's objects: who read or wrote which state, when (CloudTrail User Guide,
      "Filtering data events by using advanced event selectors").
    - With ``props.alerts``, CIS-style alarms on the log group (:class:`TrailAlarms`):
      root user activity, trail changes, refused calls.
    """

    def __init__(self, scope: Construct, id_: str, *, props: AuditTrailProps) -> None:
        super().__init__(scope, id_)
        settings = props.settings
        account = AccountContext.of(self)
        self.trail_name = f"{props.name}-trail"
        # Built from its parts, not read from the trail: the key and bucket policies the
        # trail depends on name it.
        self.trail_arn = (
            f"arn:{account.partition}:cloudtrail:{account.region}:{account.account_id}:"
            f"trail/{self.trail_name}"
        )
        self.log_group_name = f"/aws/cloudtrail/{props.name}"
        same_trail = ("StringEquals", "aws:SourceArn", [self.trail_arn])
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=f"{props.name}-cloudtrail",
                description=f"CloudTrail log files, bucket and log group of {props.name}",
                deletion_window_days=settings.key_deletion_window_days,
                service_grants=[
                    ServiceGrant(
                        service=CLOUDTRAIL_PRINCIPAL,
                        actions=("kms:GenerateDataKey*",),
                        condition_test="StringLike",
                        condition_variable="kms:EncryptionContext:aws:cloudtrail:arn",
                        condition_values=[
                            f"arn:{account.partition}:cloudtrail:*:{account.account_id}:trail/*"
                        ],
                        more_conditions=[same_trail],
                    ),
                    ServiceGrant(
                        service=CLOUDTRAIL_PRINCIPAL,
                        actions=("kms:DescribeKey",),
                        condition_test=same_trail[0],
                        condition_variable=same_trail[1],
                        condition_values=same_trail[2],
                    ),
                    ServiceGrant.for_log_groups(account, [self.log_group_name]),
                ],
            ),
        )
        name = f"{props.name}-cloudtrail-{account.account_id}"
        arn = bucket_arn(account.partition, name)
        self.bucket = ArchiveBucket(
            self,
            "archive",
            props=ArchiveBucketProps(
                bucket=name,
                key_arn=self.key.arn,
                settings=settings.archive,
                force_destroy=props.force_destroy,
                bucket_policy=props.bucket_policy,
                service_statements=[
                    delivery_statement(
                        "AWSCloudTrailAclCheck",
                        CLOUDTRAIL_PRINCIPAL,
                        ["s3:GetBucketAcl"],
                        arn,
                        ("aws:SourceArn", self.trail_arn),
                    ),
                    delivery_statement(
                        "AWSCloudTrailWrite",
                        CLOUDTRAIL_PRINCIPAL,
                        ["s3:PutObject"],
                        f"{arn}/AWSLogs/{account.account_id}/*",
                        ("aws:SourceArn", self.trail_arn),
                        acl=True,
                    ),
                ],
            ),
        )
        self.log_group = CloudwatchLogGroup(
            self,
            "log_group",
            name=self.log_group_name,
            retention_in_days=settings.log_retention_days,
            kms_key_id=self.key.arn,
        )
        self.logs_role = IamRole(
            self,
            "logs_role",
            name=f"{props.name}-cloudtrail-logs",
            description="CloudTrail delivers the trail's events to its log group",
            assume_role_policy=service_trust_policy(
                self, "logs_trust", service=CLOUDTRAIL_PRINCIPAL
            ),
        )
        # A multi-Region trail writes one stream per Region, <account>_CloudTrail_<region>.
        streams = f"{self.log_group.arn}:log-stream:{account.account_id}_CloudTrail_*"
        logs_policy = DataAwsIamPolicyDocument(
            self,
            "logs_policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="WriteTrailEvents",
                    effect="Allow",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[streams],
                )
            ],
        )
        self.logs_role_policy = IamRolePolicy(
            self,
            "logs_role_policy",
            name="write-trail-log-group",
            role=self.logs_role.id,
            policy=logs_policy.json,
        )
        depends_on: list[ITerraformDependable] = [self.logs_role_policy, self.key.key]
        if self.bucket.policy is not None:
            depends_on.append(self.bucket.policy)
        self.trail = Cloudtrail(
            self,
            "trail",
            name=self.trail_name,
            s3_bucket_name=self.bucket.name,
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_log_file_validation=True,
            kms_key_id=self.key.arn,
            # CloudTrail expects the log group ARN with its ":*" suffix.
            cloud_watch_logs_group_arn=f"{self.log_group.arn}:*",
            cloud_watch_logs_role_arn=self.logs_role.arn,
            advanced_event_selector=self._selectors(props.state_bucket, account.partition),
            depends_on=depends_on,
        )
        self.alarms: TrailAlarms | None = None
        if props.alerts is not None:
            self.alarms = TrailAlarms(
                self,
                "alarms",
                name=props.name,
                log_group_name=self.log_group.name,
                settings=settings.alarms,
                alerts=props.alerts,
            )

    @staticmethod
    def _selectors(
        state_bucket: str | None, partition: str
    ) -> list[CloudtrailAdvancedEventSelector]:
        """Every management event, plus the state bucket's object-level data events
        (CloudTrail API Reference, AdvancedFieldSelector: ``eventCategory`` and
        ``resources.type`` take Equals only; ``resources.ARN`` may use StartsWith)."""
        selectors = [
            CloudtrailAdvancedEventSelector(
                name="Management events",
                field_selector=[
                    CloudtrailAdvancedEventSelectorFieldSelector(
                        field="eventCategory", equal_to=["Management"]
                    )
                ],
            )
        ]
        if state_bucket is not None:
            selectors.append(
                CloudtrailAdvancedEventSelector(
                    name="Terraform state objects",
                    field_selector=[
                        CloudtrailAdvancedEventSelectorFieldSelector(
                            field="eventCategory", equal_to=["Data"]
                        ),
                        CloudtrailAdvancedEventSelectorFieldSelector(
                            field="resources.type", equal_to=["AWS::S3::Object"]
                        ),
                        CloudtrailAdvancedEventSelectorFieldSelector(
                            field="resources.ARN",
                            starts_with=[f"{bucket_arn(partition, state_bucket)}/"],
                        ),
                    ],
                )
            )
        return selectors

    @property
    def bucket_name(self) -> str:
        """Name of the trail's archive bucket."""
        return self.bucket.name
