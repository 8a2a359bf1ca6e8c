"""Slack channels that AWS Chatbot posts alerts to, with a read-only channel role."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.chatbot_slack_channel_configuration import (
    ChatbotSlackChannelConfiguration,
)
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from ..shared import AccountContext
from ..shared.alerts import Severity
from ..shared.iam import service_trust_policy
from .settings import SlackSettings

CHATBOT_PRINCIPAL = "chatbot.amazonaws.com"
GUARDRAIL_POLICY = "CloudWatchReadOnlyAccess"
"""AWS managed policy bounding what anyone may do through the channel: read CloudWatch
(without guardrails Chatbot applies ``AdministratorAccess``; AWS Chatbot API Reference,
SlackChannelConfiguration ``GuardrailPolicyArns``)."""
METRIC_READ_ACTIONS = (
    "cloudwatch:GetMetricData",
    "cloudwatch:GetMetricStatistics",
    "cloudwatch:GetMetricWidgetImage",
    "cloudwatch:ListMetrics",
)
"""Metric reads for the graphs of alarm notifications; they take no resource ARN (Service
Authorization Reference, Amazon CloudWatch, as carried by parliament's
iam_definition.json: no resource type), hence ``*``."""
ALARM_READ_ACTIONS = ("cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory")
"""Alarm reads, limited to the alarms of this account and Region (resource type
``alarm``). Together: AWS Chatbot's "Notification permissions" template (Administrator
Guide, "IAM policies for AWS Chatbot": CloudWatch Describe, Get and List), narrowed to
what a notification shows."""


class SlackChannels(Construct):
    """One AWS Chatbot Slack channel configuration per channel, subscribed to the topics of
    the severities posted to it, all sharing one read-only channel role.

    The configurations are created through ``provider``, an AWS provider in a Region with
    the Chatbot API (the stack creates it: modules never create providers).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        settings: SlackSettings,
        channels: Mapping[str, tuple[Severity, ...]],
        topic_arns: Mapping[Severity, str],
        provider: TerraformProvider | None,
    ) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        self.role = IamRole(
            self,
            "role",
            name=f"{name}-chatbot",
            description="AWS Chatbot channel role: renders alert notifications, read-only",
            assume_role_policy=service_trust_policy(
                self, "trust", service=CHATBOT_PRINCIPAL, same_account_only=False
            ),
        )
        document = DataAwsIamPolicyDocument(
            self,
            "policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="ReadMetricsForGraphs",
                    effect="Allow",
                    actions=list(METRIC_READ_ACTIONS),
                    resources=["*"],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="ReadAlarmsOfThisAccount",
                    effect="Allow",
                    actions=list(ALARM_READ_ACTIONS),
                    resources=[
                        f"arn:{account.partition}:cloudwatch:{account.region}:"
                        f"{account.account_id}:alarm:*"
                    ],
                ),
            ],
        )
        IamRolePolicy(
            self, "role_policy", name="notifications", role=self.role.id, policy=document.json
        )
        self.configurations = {
            channel: ChatbotSlackChannelConfiguration(
                self,
                f"channel_{channel.lower()}",
                # Letters, digits and hyphens, starting with a letter (Chatbot's
                # ConfigurationName pattern [A-Za-z][-A-Za-z0-9]*).
                configuration_name=f"{name}-{channel.lower()}",
                iam_role_arn=self.role.arn,
                slack_team_id=settings.workspace_id,
                slack_channel_id=channel,
                sns_topic_arns=[topic_arns[severity] for severity in severities],
                guardrail_policy_arns=[account.aws_managed_policy_arn(GUARDRAIL_POLICY)],
                logging_level=settings.logging_level,
                provider=provider,
            )
            for channel, severities in channels.items()
        }
