"""The PagerDuty forwarder: a Lambda function subscribed to the topics that page, reading
the routing key from a Secrets Manager secret that Terraform creates without a value."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import AssetType, TerraformAsset
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.lambda_function import (
    LambdaFunction,
    LambdaFunctionDeadLetterConfig,
    LambdaFunctionEnvironment,
)
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from constructs import Construct

from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps, ServiceGrant
from ..shared.alerts import Severity
from ..shared.iam import service_trust_policy
from .package import HANDLER, build_package
from .settings import PagerDutySettings

LAMBDA_PRINCIPAL = "lambda.amazonaws.com"
SNS_PRINCIPAL = "sns.amazonaws.com"
RUNTIME = "python3.12"
"""A Lambda Python runtime with Boto3 included (AWS Lambda Developer Guide, "Lambda
runtimes": python3.12, supported)."""
DLQ_RETENTION_SECONDS = 14 * 24 * 3600
"""The longest an SQS message may be kept, 14 days (SQS CreateQueue,
``MessageRetentionPeriod``)."""


class PagerDutyForwarder(Construct):
    """Forwards the alerts of ``topic_arns`` to PagerDuty (Events API v2).

    - ``routing_key``: a Secrets Manager secret created *without a value*, so that the
      integration key is never in code or in Terraform state. An operator puts it once:
      ``aws secretsmanager put-secret-value --secret-id <arn> --secret-string <key>``.
      Until then every invocation fails with a message saying so (and the alarm on the
      function's errors fires).
    - ``function``: Python, standard library and the runtime's Boto3; reads the secret
      at run time; reserved concurrency caps it; failed invocations (after Lambda's two
      retries of an asynchronous invocation) go to the ``dead_letters`` queue, where
      nothing is lost for 14 days.
    - ``role``: writes its own log group, reads that one secret, decrypts with the
      forwarder's key, sends to its dead-letter queue; nothing else.
    - ``key``: one rotating customer-managed key for the secret, the log group, the
      queue and the function's environment.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        settings: PagerDutySettings,
        topic_arns: Mapping[Severity, str],
        error_topic_arn: str,
    ) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        self.function_name = function_name = f"{name}-pagerduty"
        log_group_name = f"/aws/lambda/{function_name}"
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=f"{name}-pagerduty",
                description=f"PagerDuty forwarder of {name}: routing key, logs, queue",
                service_grants=[ServiceGrant.for_log_groups(account, [log_group_name])],
            ),
        )
        self.secret = SecretsmanagerSecret(
            self,
            "routing_key",
            name=f"{name}/pagerduty-routing-key",
            description=(
                "PagerDuty Events API v2 integration key (put by an operator, "
                "docs/alerting.md; Terraform never holds the value)"
            ),
            kms_key_id=self.key.arn,
            recovery_window_in_days=7,
        )
        self.log_group = CloudwatchLogGroup(
            self,
            "log_group",
            name=log_group_name,
            retention_in_days=settings.log_retention_days,
            kms_key_id=self.key.arn,
        )
        self.dead_letters = SqsQueue(
            self,
            "dead_letters",
            name=f"{function_name}-dead-letters",
            kms_master_key_id=self.key.arn,
            message_retention_seconds=DLQ_RETENTION_SECONDS,
        )
        self.role = IamRole(
            self,
            "role",
            name=function_name,
            description="PagerDuty forwarder: reads its routing key, writes its logs",
            assume_role_policy=service_trust_policy(
                self, "trust", service=LAMBDA_PRINCIPAL, same_account_only=False
            ),
        )
        self.policy_document = DataAwsIamPolicyDocument(
            self,
            "policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="WriteOwnLogs",
                    effect="Allow",
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[f"{self.log_group.arn}:*"],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="ReadRoutingKey",
                    effect="Allow",
                    actions=["secretsmanager:GetSecretValue"],
                    resources=[self.secret.arn],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="SendToDeadLetterQueue",
                    effect="Allow",
                    actions=["sqs:SendMessage"],
                    resources=[self.dead_letters.arn],
                ),
                # Decrypt: the secret and the environment; GenerateDataKey: messages to
                # the encrypted queue (SQS Developer Guide, "Key management": a producer
                # needs kms:GenerateDataKey and kms:Decrypt).
                DataAwsIamPolicyDocumentStatement(
                    sid="UseForwarderKey",
                    effect="Allow",
                    actions=["kms:Decrypt", "kms:GenerateDataKey"],
                    resources=[self.key.arn],
                ),
            ],
        )
        self.role_policy = IamRolePolicy(
            self,
            "role_policy",
            name="forward-to-pagerduty",
            role=self.role.id,
            policy=self.policy_document.json,
        )
        package = build_package()
        asset = TerraformAsset(
            self,
            "package",
            path=str(package.path),
            type=AssetType.FILE,
            asset_hash=package.sha256_hex,
        )
        severities = ",".join(f"{arn}={severity}" for severity, arn in topic_arns.items())
        self.function = LambdaFunction(
            self,
            "function",
            function_name=function_name,
            description="Forwards alerts to PagerDuty (Events API v2)",
            role=self.role.arn,
            runtime=RUNTIME,
            handler=HANDLER,
            filename=asset.path,
            source_code_hash=package.sha256_base64,
            timeout=settings.timeout_seconds,
            memory_size=128,
            reserved_concurrent_executions=settings.reserved_concurrency,
            kms_key_arn=self.key.arn,
            dead_letter_config=LambdaFunctionDeadLetterConfig(target_arn=self.dead_letters.arn),
            environment=LambdaFunctionEnvironment(
                variables={
                    "ROUTING_KEY_SECRET_ARN": self.secret.arn,
                    "TOPIC_SEVERITIES": severities,
                    "SOURCE": name,
                }
            ),
            depends_on=[self.log_group, self.role_policy],
        )
        self.subscriptions: dict[Severity, SnsTopicSubscription] = {}
        for severity, topic_arn in topic_arns.items():
            # SNS invokes the function asynchronously, as sns.amazonaws.com for this
            # topic (Lambda Developer Guide, "Invoking Lambda functions with Amazon SNS").
            permission = LambdaPermission(
                self,
                f"invoke_from_{severity}",
                statement_id=f"InvokeFrom{severity.capitalize()}Topic",
                action="lambda:InvokeFunction",
                function_name=self.function.function_name,
                principal=SNS_PRINCIPAL,
                source_arn=topic_arn,
            )
            self.subscriptions[severity] = SnsTopicSubscription(
                self,
                f"subscription_{severity}",
                topic_arn=topic_arn,
                protocol="lambda",
                endpoint=self.function.arn,
                depends_on=[permission],
            )
        # A forwarder that fails (no routing key yet, PagerDuty refusing it) pages nobody:
        # say so on a topic that does not page. Errors counts invocations that ended in a
        # function error, per FunctionName (Lambda Developer Guide, "Types of metrics
        # for Lambda functions").
        self.errors_alarm = CloudwatchMetricAlarm(
            self,
            "errors_alarm",
            alarm_name=f"{function_name}-errors",
            alarm_description=(
                f"PagerDuty forwarder {function_name} failed: alerts are not paged "
                "(see its log group and dead-letter queue)"
            ),
            namespace="AWS/Lambda",
            metric_name="Errors",
            dimensions={"FunctionName": function_name},
            statistic="Sum",
            comparison_operator="GreaterThanThreshold",
            threshold=0,
            period=300,
            evaluation_periods=1,
            treat_missing_data="notBreaching",
            alarm_actions=[error_topic_arn],
            ok_actions=[error_topic_arn],
        )

    @property
    def secret_arn(self) -> str:
        """ARN of the secret to put the routing key into."""
        return self.secret.arn
