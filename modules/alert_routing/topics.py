"""One encrypted SNS topic per alert severity, which CloudWatch alarms and EventBridge rules
of this account may publish to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_policy import SnsTopicPolicy
from constructs import Construct

from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps, ServiceGrant
from ..shared.alerts import SEVERITIES, Severity
from ..shared.iam import deny_insecure_transport

CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com"
EVENTS_PRINCIPAL = "events.amazonaws.com"
PUBLISHERS = (CLOUDWATCH_PRINCIPAL, EVENTS_PRINCIPAL)
"""The services that publish alerts: CloudWatch alarms and EventBridge rules."""

TOPIC_KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey*")
"""What a publishing AWS service needs on the key of an encrypted topic (Amazon SNS
Developer Guide, "Enable compatibility between event sources from AWS services and
encrypted topics": the key policy lets the service principal, among them
``cloudwatch.amazonaws.com`` and ``events.amazonaws.com``, call ``kms:Decrypt`` and
``kms:GenerateDataKey*``; sns-key-management.html#compatibility-with-aws-services).
Neither service can use the AWS managed SNS key. The grants carry no
``aws:SourceAccount``/``aws:SourceArn`` condition: the KMS requests made for EventBridge
deliveries do not carry those keys (same page), so a condition would drop every event;
the topic policies hold the confused-deputy conditions instead."""

TOPIC_ADMIN_ACTIONS = (
    "sns:GetTopicAttributes",
    "sns:SetTopicAttributes",
    "sns:AddPermission",
    "sns:RemovePermission",
    "sns:DeleteTopic",
    "sns:Subscribe",
    "sns:ListSubscriptionsByTopic",
    "sns:Publish",
)
"""What the account's own principals may do on a topic (through their IAM policies)."""


@dataclass(frozen=True, kw_only=True)
class SeverityTopicsProps:
    """The names of the topics and of their key."""

    topic_names: Mapping[Severity, str]
    """SNS topic name of each severity (every severity must have one)."""
    key_alias: str
    """Alias of the topics' key, without ``alias/``."""
    key_description: str
    """Description of the key (shown in the KMS console)."""
    key_deletion_window_days: int = 30
    """Waiting period of the key's scheduled deletion, 7 to 30 days. Default: 30."""
    topic_ids: Mapping[Severity, str] = field(default_factory=dict)
    """Construct id of a severity's topic, when not ``topic_<severity>`` (the topic
    policy's ids derive from it: ``<id>_policy_document``, ``<id>_policy``). Lets a
    topic that existed before keep its Terraform address."""

    def __post_init__(self) -> None:
        missing = [severity for severity in SEVERITIES if severity not in self.topic_names]
        if missing:
            raise ValueError(f"topic_names: expected a name for every severity, missing {missing}")

    def topic_id(self, severity: Severity) -> str:
        """Construct id of the topic of ``severity``."""
        return self.topic_ids.get(severity, f"topic_{severity}")


class SeverityTopics:
    """The topics of every severity and their key, created directly in ``scope`` (not in a
    construct of their own, so that a construct that already had a topic keeps its
    addresses: :class:`~platform_cdktf.modules.alarms.Alarms` passes its old ids).

    One rotating customer-managed key encrypts all topics; its policy lets CloudWatch
    and EventBridge use it. Each topic's policy lets the account administer it, lets
    CloudWatch alarms (``aws:SourceArn`` an alarm of this account and Region) and
    EventBridge rules (``aws:SourceArn`` a rule of this account and Region) publish, and
    refuses publishing without TLS.
    """

    def __init__(self, scope: Construct, *, props: SeverityTopicsProps) -> None:
        account = AccountContext.of(scope)
        self.props = props
        self.key = EncryptionKey(
            scope,
            "key",
            props=EncryptionKeyProps(
                alias=props.key_alias,
                description=props.key_description,
                deletion_window_days=props.key_deletion_window_days,
                service_grants=[
                    ServiceGrant(service=service, actions=TOPIC_KEY_ACTIONS)
                    for service in PUBLISHERS
                ],
            ),
        )
        self.topics: dict[Severity, SnsTopic] = {}
        # Each topic's ARN read once: every alarm of the stack names one (a jsii round trip
        # per read otherwise), and every read resolves to the same reference.
        self._topic_arns: dict[Severity, str] = {}
        for severity in SEVERITIES:
            topic_id = props.topic_id(severity)
            topic = SnsTopic(
                scope,
                topic_id,
                name=props.topic_names[severity],
                kms_master_key_id=self.key.arn,
            )
            topic_arn = topic.arn
            policy = _topic_policy(scope, f"{topic_id}_policy_document", topic_arn, account)
            SnsTopicPolicy(scope, f"{topic_id}_policy", arn=topic_arn, policy=policy)
            self.topics[severity] = topic
            self._topic_arns[severity] = topic_arn

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN of the topic of ``severity``."""
        return self._topic_arns[severity]

    @property
    def key_arn(self) -> str:
        """ARN of the key encrypting every topic."""
        return self.key.arn


def _publish_statement(
    sid: str, service: str, topic_arn: str, source_arn_pattern: str
) -> DataAwsIamPolicyDocumentStatement:
    # aws:SourceArn keeps the service from publishing on behalf of another account's
    # alarm or rule (confused deputy; Amazon SNS Developer Guide, "Amazon SNS access
    # control case examples", and EventBridge User Guide, "Amazon SNS permissions").
    return DataAwsIamPolicyDocumentStatement(
        sid=sid,
        effect="Allow",
        principals=[
            DataAwsIamPolicyDocumentStatementPrincipals(type="Service", identifiers=[service])
        ],
        actions=["sns:Publish"],
        resources=[topic_arn],
        condition=[
            DataAwsIamPolicyDocumentStatementCondition(
                test="ArnLike", variable="aws:SourceArn", values=[source_arn_pattern]
            )
        ],
    )


def _topic_policy(scope: Construct, id_: str, topic_arn: str, account: AccountContext) -> str:
    def arn_prefix(service: str) -> str:
        return f"arn:{account.partition}:{service}:{account.region}:{account.account_id}"

    document = DataAwsIamPolicyDocument(
        scope,
        id_,
        statement=[
            DataAwsIamPolicyDocumentStatement(
                sid="AccountAdministersTopic",
                effect="Allow",
                principals=[
                    DataAwsIamPolicyDocumentStatementPrincipals(
                        type="AWS", identifiers=[account.root_arn]
                    )
                ],
                actions=list(TOPIC_ADMIN_ACTIONS),
                resources=[topic_arn],
            ),
            _publish_statement(
                "CloudWatchAlarmsPublish",
                CLOUDWATCH_PRINCIPAL,
                topic_arn,
                f"{arn_prefix('cloudwatch')}:alarm:*",
            ),
            # Rule ARNs are rule/<name> on the default bus and rule/<bus>/<name> on
            # others (EventBridge User Guide, "Amazon EventBridge permissions reference");
            # ArnLike's * spans the slash.
            _publish_statement(
                "EventBridgeRulesPublish",
                EVENTS_PRINCIPAL,
                topic_arn,
                f"{arn_prefix('events')}:rule/*",
            ),
            deny_insecure_transport(["sns:Publish"], [topic_arn]),
        ],
    )
    return document.json
