"""CloudWatch alarms of the data layer, notifying an encrypted SNS topic."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
)
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_policy import SnsTopicPolicy
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct
from pydantic import BaseModel

from ..aurora_postgres import AuroraPostgres
from ..redis import Redis
from ..shared import AccountContext, EncryptionKey, EncryptionKeyProps, ServiceGrant
from ..shared.alerts import Severity
from ..shared.iam import deny_insecure_transport
from .metrics import AURORA_CLUSTER, AURORA_INSTANCE, REDIS_NODE, REDIS_REPLICA, MetricAlarm
from .props import AlarmsProps
from .settings import subscription_label

CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com"

TOPIC_KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey*")
"""What CloudWatch needs on the topic key to publish to an encrypted topic."""


SERVICES = {"aurora": ("Aurora", "AWS/RDS"), "redis": ("Redis", "AWS/ElastiCache")}
"""Label in descriptions and CloudWatch namespace, by the service part of alarm ids."""


def _address(name: str) -> str:
    """A resource name as a construct id part (Terraform addresses use underscores)."""
    return name.replace("-", "_")


class Alarms(Construct):
    """An SNS topic for alarm notifications and the alarms of the data layer.

    The topic is encrypted with a rotating customer-managed key whose policy lets
    CloudWatch use it (an alarm cannot publish to a topic encrypted with the AWS managed
    SNS key). The topic policy lets only CloudWatch alarms of this account publish, and
    only over TLS. The e-mail addresses of the settings are subscribed (each confirms
    once); subscribe a pager or chat integration to :attr:`topic_arn` as well.

    Alarms are added by passing the constructs to watch::

        alarms = Alarms(
            stack, "alarms", props=AlarmsProps(name="platform-prod", settings=AlarmsSettings())
        )
        alarms.watch_aurora(aurora)
        alarms.watch_redis(redis)

    Readers added by Aurora auto scaling are not alarmed one by one (their ids are not
    known to Terraform); the cluster-wide replica lag alarm covers them.
    """

    def __init__(self, scope: Construct, id_: str, *, props: AlarmsProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = settings = props.settings
        account = AccountContext.of(self)
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=f"{props.name}-alarms",
                description=f"Alarm notification topic of {props.name}",
                deletion_window_days=settings.key_deletion_window_days,
                service_grants=[
                    ServiceGrant(service=CLOUDWATCH_PRINCIPAL, actions=TOPIC_KEY_ACTIONS)
                ],
            ),
        )
        self.topic = SnsTopic(
            self, "topic", name=f"{props.name}-alarms", kms_master_key_id=self.key.arn
        )
        policy = DataAwsIamPolicyDocument(
            self,
            "topic_policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="AccountAdministersTopic",
                    effect="Allow",
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="AWS", identifiers=[account.root_arn]
                        )
                    ],
                    actions=[
                        "sns:GetTopicAttributes",
                        "sns:SetTopicAttributes",
                        "sns:AddPermission",
                        "sns:RemovePermission",
                        "sns:DeleteTopic",
                        "sns:Subscribe",
                        "sns:ListSubscriptionsByTopic",
                        "sns:Publish",
                    ],
                    resources=[self.topic.arn],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="CloudWatchAlarmsPublish",
                    effect="Allow",
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Service", identifiers=[CLOUDWATCH_PRINCIPAL]
                        )
                    ],
                    actions=["sns:Publish"],
                    resources=[self.topic.arn],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="ArnLike",
                            variable="aws:SourceArn",
                            values=[
                                f"arn:{account.partition}:cloudwatch:{account.region}:"
                                f"{account.account_id}:alarm:*"
                            ],
                        )
                    ],
                ),
                deny_insecure_transport(["sns:Publish"], [self.topic.arn]),
            ],
        )
        SnsTopicPolicy(self, "topic_policy", arn=self.topic.arn, policy=policy.json)
        # Keyed by the address, not its position: removing one subscriber leaves the
        # others' Terraform addresses (and confirmations) alone.
        self.subscriptions = [
            SnsTopicSubscription(
                self,
                f"email_{subscription_label(address)}",
                topic_arn=self.topic.arn,
                protocol="email",
                endpoint=address,
            )
            for address in settings.email_endpoints
        ]
        self.alarms: list[CloudwatchMetricAlarm] = []
        self._names: list[str] = []

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN of the topic of ``severity`` (placeholder, issue 15: one topic for all)."""
        del severity
        return self.topic.arn

    # -- behaviour ----------------------------------------------------------------

    def watch_aurora(self, cluster: AuroraPostgres) -> list[CloudwatchMetricAlarm]:
        """CPU, freeable memory and connections of every managed instance, and the
        replica lag of the cluster if it has (or may scale to) readers."""
        limits = self.settings.aurora.for_instance_class(cluster.settings.instance_class)
        created = [
            self._alarm("aurora", instance, {"DBInstanceIdentifier": instance}, alarm, limits)
            for instance in cluster.instance_identifiers
            for alarm in AURORA_INSTANCE
        ]
        if cluster.settings.instance_count > 1 or cluster.settings.reader_autoscaling:
            name = cluster.props.name
            created += [
                self._alarm("aurora", name, {"DBClusterIdentifier": name}, alarm, limits)
                for alarm in AURORA_CLUSTER
            ]
        return created

    def watch_redis(self, redis: Redis) -> list[CloudwatchMetricAlarm]:
        """Engine CPU, memory use, evictions, replication lag (with replicas) and the
        cache hit ratio of every node."""
        per_node = REDIS_NODE + (REDIS_REPLICA if redis.settings.replicas_per_shard > 0 else ())
        created: list[CloudwatchMetricAlarm] = []
        for node in redis.member_cluster_ids:
            created += [
                self._alarm("redis", node, {"CacheClusterId": node}, alarm, self.settings.redis)
                for alarm in per_node
            ]
            created.append(self._hit_ratio_alarm(node))
        return created

    # -- construction -------------------------------------------------------------

    @property
    def _ok_actions(self) -> list[str]:
        return [self.topic.arn] if self.settings.notify_on_ok else []

    def _alarm(
        self,
        service: str,
        subject: str,
        dimensions: Mapping[str, str],
        alarm: MetricAlarm,
        limits: BaseModel,
    ) -> CloudwatchMetricAlarm:
        settings = self.settings
        label, namespace = SERVICES[service]
        alarm_name = f"{subject}-{alarm.suffix}"
        created = CloudwatchMetricAlarm(
            self,
            f"{service}_{_address(subject)}_{_address(alarm.suffix)}",
            alarm_name=alarm_name,
            alarm_description=alarm.describe(label, subject, limits),
            namespace=namespace,
            metric_name=alarm.metric_name,
            dimensions=dict(dimensions),
            statistic=alarm.statistic,
            comparison_operator=alarm.comparison,
            threshold=alarm.threshold_of(limits),
            period=settings.period_seconds,
            evaluation_periods=settings.evaluation_periods,
            datapoints_to_alarm=settings.datapoints_to_alarm,
            treat_missing_data=alarm.treat_missing_data,
            alarm_actions=[self.topic.arn],
            ok_actions=self._ok_actions,
        )
        self.alarms.append(created)
        self._names.append(alarm_name)
        return created

    def _hit_ratio_alarm(self, node: str) -> CloudwatchMetricAlarm:
        """Hits as a share of lookups, computed with metric math from two counters."""
        settings = self.settings
        threshold = settings.redis.cache_hit_ratio_percent
        alarm_name = f"{node}-hit-ratio-low"

        def counter(query_id: str, metric_name: str) -> CloudwatchMetricAlarmMetricQuery:
            return CloudwatchMetricAlarmMetricQuery(
                id=query_id,
                return_data=False,
                metric=CloudwatchMetricAlarmMetricQueryMetric(
                    namespace="AWS/ElastiCache",
                    metric_name=metric_name,
                    dimensions={"CacheClusterId": node},
                    stat="Sum",
                    period=settings.period_seconds,
                ),
            )

        alarm = CloudwatchMetricAlarm(
            self,
            f"redis_{_address(node)}_hit_ratio_low",
            alarm_name=alarm_name,
            alarm_description=f"Redis {node}: cache hit ratio below {threshold} %",
            comparison_operator="LessThanThreshold",
            threshold=threshold,
            evaluation_periods=settings.evaluation_periods,
            datapoints_to_alarm=settings.datapoints_to_alarm,
            metric_query=[
                counter("hits", "CacheHits"),
                counter("misses", "CacheMisses"),
                CloudwatchMetricAlarmMetricQuery(
                    id="hit_ratio",
                    # A period without lookups divides by zero and yields no datapoint,
                    # which notBreaching below treats as healthy.
                    expression="100 * hits / (hits + misses)",
                    label="Cache hit ratio (%)",
                    return_data=True,
                ),
            ],
            treat_missing_data="notBreaching",
            alarm_actions=[self.topic.arn],
            ok_actions=self._ok_actions,
        )
        self.alarms.append(alarm)
        self._names.append(alarm_name)
        return alarm

    # -- outputs ------------------------------------------------------------------

    @property
    def topic_arn(self) -> str:
        """ARN of the notification topic (subscribe people or an incident tool)."""
        return self.topic.arn

    @property
    def kms_key_arn(self) -> str:
        """ARN of the key encrypting the topic."""
        return self.key.arn

    @property
    def alarm_names(self) -> list[str]:
        """Names of every alarm created so far."""
        return list(self._names)
