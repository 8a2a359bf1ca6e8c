"""The account's AWS Config recorder, its delivery channel and the platform's managed
rules, with non-compliance routed to an alert topic through EventBridge."""

from __future__ import annotations

import json

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
from cdktf_cdktf_provider_aws.config_config_rule import ConfigConfigRule, ConfigConfigRuleSource
from cdktf_cdktf_provider_aws.config_configuration_recorder import (
    ConfigConfigurationRecorder,
    ConfigConfigurationRecorderRecordingGroup,
)
from cdktf_cdktf_provider_aws.config_configuration_recorder_status import (
    ConfigConfigurationRecorderStatus,
)
from cdktf_cdktf_provider_aws.config_delivery_channel import (
    ConfigDeliveryChannel,
    ConfigDeliveryChannelSnapshotDeliveryProperties,
)
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from ..audit_trail.archive import (
    ArchiveBucket,
    ArchiveBucketProps,
    bucket_arn,
    delivery_statement,
)
from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps
from ..shared.iam import service_trust_policy
from .props import ComplianceProps

CONFIG_PRINCIPAL = "config.amazonaws.com"
"""AWS Config's service principal."""
CONFIG_MANAGED_POLICY = "service-role/AWS_ConfigRole"
"""The AWS managed policy that lets the recorder read resource configurations
(``arn:aws:iam::aws:policy/service-role/AWS_ConfigRole``; AWS Config Developer Guide,
"Permissions for the IAM Role Assigned to AWS Config")."""
KEY_PREFIX = "config"
"""Key prefix of the delivered files in the bucket."""


def rule_name(prefix: str, identifier: str) -> str:
    """Name of the config rule checking ``identifier``: ``<prefix>-<identifier in
    kebab case>``, e.g. ``platform-main-encrypted-volumes``."""
    return f"{prefix}-{identifier.lower().replace('_', '-')}"


def non_compliance_pattern(rule_names: list[str]) -> dict[str, object]:
    """EventBridge pattern of ``rule_names`` turning NON_COMPLIANT (AWS Config Developer
    Guide, "Monitoring AWS Config with Amazon EventBridge": source ``aws.config``, detail
    type ``Config Rules Compliance Change``; the detail is the compliance change
    notification, "Example Compliance Change Notification": ``configRuleName``,
    ``messageType`` ``ComplianceChangeNotification``,
    ``newEvaluationResult.complianceType``)."""
    return {
        "source": ["aws.config"],
        "detail-type": ["Config Rules Compliance Change"],
        "detail": {
            "messageType": ["ComplianceChangeNotification"],
            "configRuleName": rule_names,
            "newEvaluationResult": {"complianceType": ["NON_COMPLIANT"]},
        },
    }


class Compliance(Construct):
    """The configuration recorder (every supported resource type; global types as the
    settings say), its role (the AWS managed ``AWS_ConfigRole`` plus writing to its own
    bucket only), a delivery channel to an :class:`ArchiveBucket` of its own, the recorder
    turned on, one AWS managed rule per setting turned on, and an EventBridge rule sending
    their NON_COMPLIANT changes to the alert topic of the settings' severity.

    The bucket is Config's own, not the trail's: a baseline of a second Region records
    configuration without holding the account's (single, multi-Region) trail, and the
    history's retention is set independently. Config writes to it with its role (a
    bucket in the same account; AWS Config Developer Guide, "Permissions for the Amazon
    S3 Bucket"); the bucket policy also holds the documented statements for the service
    principal, limited to this account (``aws:SourceAccount``).
    """

    def __init__(self, scope: Construct, id_: str, *, props: ComplianceProps) -> None:
        super().__init__(scope, id_)
        settings = props.settings
        account = AccountContext.of(self)
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=f"{props.name}-config",
                description=f"AWS Config history and snapshots of {props.name}",
                deletion_window_days=settings.key_deletion_window_days,
            ),
        )
        name = f"{props.name}-config-{account.account_id}"
        arn = bucket_arn(account.partition, name)
        me = account.account_id
        objects = f"{arn}/{KEY_PREFIX}/AWSLogs/{account.account_id}/Config/*"
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
                        "AWSConfigBucketPermissionsCheck",
                        CONFIG_PRINCIPAL,
                        ["s3:GetBucketAcl"],
                        arn,
                        ("aws:SourceAccount", me),
                    ),
                    delivery_statement(
                        "AWSConfigBucketExistenceCheck",
                        CONFIG_PRINCIPAL,
                        ["s3:ListBucket"],
                        arn,
                        ("aws:SourceAccount", me),
                    ),
                    delivery_statement(
                        "AWSConfigBucketDelivery",
                        CONFIG_PRINCIPAL,
                        ["s3:PutObject"],
                        objects,
                        ("aws:SourceAccount", me),
                        acl=True,
                    ),
                ],
            ),
        )
        self.role = IamRole(
            self,
            "role",
            name=f"{props.name}-config",
            description="AWS Config records the account's resources and delivers them",
            assume_role_policy=service_trust_policy(self, "trust", service=CONFIG_PRINCIPAL),
        )
        IamRolePolicyAttachment(
            self,
            "managed_policy",
            role=self.role.name,
            policy_arn=account.aws_managed_policy_arn(CONFIG_MANAGED_POLICY),
        )
        delivery = DataAwsIamPolicyDocument(
            self,
            "delivery_policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="CheckBucket",
                    effect="Allow",
                    actions=["s3:GetBucketAcl", "s3:ListBucket"],
                    resources=[self.bucket.arn],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="DeliverFiles",
                    effect="Allow",
                    actions=["s3:PutObject"],
                    resources=[f"{self.bucket.arn}/{KEY_PREFIX}/AWSLogs/{me}/Config/*"],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals",
                            variable="s3:x-amz-acl",
                            values=["bucket-owner-full-control"],
                        )
                    ],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="EncryptFiles",
                    effect="Allow",
                    actions=["kms:GenerateDataKey", "kms:Decrypt"],
                    resources=[self.key.arn],
                ),
            ],
        )
        self.delivery_policy = IamRolePolicy(
            self,
            "delivery_policy",
            name="deliver-to-config-bucket",
            role=self.role.id,
            policy=delivery.json,
        )
        self.recorder = ConfigConfigurationRecorder(
            self,
            "recorder",
            name=f"{props.name}-recorder",
            role_arn=self.role.arn,
            recording_group=ConfigConfigurationRecorderRecordingGroup(
                all_supported=True,
                include_global_resource_types=settings.include_global_resource_types,
            ),
        )
        depends: list[ITerraformDependable] = [self.recorder, self.delivery_policy]
        if self.bucket.policy is not None:
            depends.append(self.bucket.policy)
        self.delivery_channel = ConfigDeliveryChannel(
            self,
            "delivery_channel",
            name=f"{props.name}-delivery",
            s3_bucket_name=self.bucket.name,
            s3_key_prefix=KEY_PREFIX,
            s3_kms_key_arn=self.key.arn,
            snapshot_delivery_properties=ConfigDeliveryChannelSnapshotDeliveryProperties(
                delivery_frequency=settings.delivery_frequency
            ),
            # A delivery channel needs its recorder (AWS Config API, PutDeliveryChannel).
            depends_on=depends,
        )
        self.recorder_status = ConfigConfigurationRecorderStatus(
            self,
            "recorder_status",
            name=self.recorder.name,
            is_enabled=True,
            depends_on=[self.delivery_channel],
        )
        self.rules = {
            field: ConfigConfigRule(
                self,
                f"rule_{field}",
                name=rule_name(props.name, identifier),
                source=ConfigConfigRuleSource(owner="AWS", source_identifier=identifier),
                # Rules evaluate what the recorder records: create them after it.
                depends_on=[self.recorder],
            )
            for field, identifier in settings.rules.identifiers().items()
        }
        self.alert_rule: CloudwatchEventRule | None = None
        if self.rules:
            self.alert_rule = CloudwatchEventRule(
                self,
                "non_compliant",
                name=f"{props.name}-config-non-compliant",
                description="An AWS Config rule of the platform turned NON_COMPLIANT",
                event_pattern=json.dumps(
                    non_compliance_pattern(
                        [rule_name(props.name, i) for i in settings.rules.identifiers().values()]
                    )
                ),
            )
            CloudwatchEventTarget(
                self,
                "non_compliant_target",
                rule=self.alert_rule.name,
                target_id="alert-topic",
                arn=props.alerts.topic_arn_of(settings.non_compliance_severity),
            )
