"""CloudWatch alarms of the data layer, notifying an encrypted SNS topic."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
)
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct
from pydantic import BaseModel

from ..alert_routing.construct import AlertRouting
from ..alert_routing.props import AlertRoutingProps
from ..alert_routing.topics import SeverityTopics, SeverityTopicsProps
from ..aurora_postgres import AuroraPostgres
from ..redis import Redis
from ..shared.alerts import SEVERITIES, Severity
from .metrics import (
    AURORA_CLUSTER,
    AURORA_INSTANCE,
    HIT_RATIO_SEVERITY,
    REDIS_NODE,
    REDIS_REPLICA,
    MetricAlarm,
)
from .props import AlarmsProps
from .settings import subscription_label

SERVICES = {"aurora": ("Aurora", "AWS/RDS"), "redis": ("Redis", "AWS/ElastiCache")}
"""Label in descriptions and CloudWatch namespace, by the service part of alarm ids."""


def _address(name: str) -> str:
    """A resource name as a construct id part (Terraform addresses use underscores)."""
    return name.replace("-", "_")


class Alarms(Construct):
    """The environment's alert topics, one per severity, and the alarms of the data layer.

    The topics (:class:`~platform_cdktf.modules.alert_routing.SeverityTopics`: critical
    ``<name>-alarms``, the topic that existed before severities, then ``<name>-warning``
    and ``<name>-info``) are encrypted with one rotating customer-managed key that
    CloudWatch and EventBridge may use; their policies let only CloudWatch alarms and
    EventBridge rules of this account publish, and only over TLS. Each alarm notifies the
    topic of its severity (modules/alarms/metrics.py). ``props.routing`` subscribes
    e-mail, PagerDuty and Slack per severity (``routing``); the addresses of
    ``settings.email_endpoints`` hear of every severity.

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
        # The topic that existed before severities keeps its name and its addresses
        # (topic, topic_policy_document, topic_policy, key): it is the critical topic.
        self.topics = SeverityTopics(
            self,
            props=SeverityTopicsProps(
                topic_names={
                    "critical": f"{props.name}-alarms",
                    "warning": f"{props.name}-warning",
                    "info": f"{props.name}-info",
                },
                topic_ids={"critical": "topic"},
                key_alias=f"{props.name}-alarms",
                key_description=f"Alarm notification topic of {props.name}",
                key_deletion_window_days=settings.key_deletion_window_days,
            ),
        )
        self.key = self.topics.key
        self.topic = self.topics.topics["critical"]
        # Keyed by the address, not its position: removing one subscriber leaves the
        # others' Terraform addresses (and confirmations) alone. These addresses hear of
        # every alarm, as before severities: the critical subscription keeps its old
        # address, the others are named after their severity.
        self.subscriptions = [
            SnsTopicSubscription(
                self,
                f"email_{subscription_label(address)}"
                + ("" if severity == "critical" else f"_{severity}"),
                topic_arn=self.topic_arn_of(severity),
                protocol="email",
                endpoint=address,
            )
            for address in settings.email_endpoints
            for severity in SEVERITIES
        ]
        self.routing = (
            AlertRouting(
                self,
                "routing",
                props=AlertRoutingProps(
                    name=props.name,
                    settings=props.routing,
                    topic_arns={severity: self.topic_arn_of(severity) for severity in SEVERITIES},
                    chatbot_provider=props.chatbot_provider,
                    chat=props.chat,
                    pagerduty=props.pagerduty,
                ),
            )
            if props.routing is not None
            else None
        )
        self.alarms: list[CloudwatchMetricAlarm] = []
        self._names: list[str] = []

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN of the topic of ``severity``."""
        return self.topics.topic_arn_of(severity)

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

    def _ok_actions(self, severity: Severity) -> list[str]:
        """``ok_actions`` of an alarm of ``severity``: its topic, unless OK is quiet."""
        return [self.topic_arn_of(severity)] if self.settings.notify_on_ok else []

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
            alarm_actions=[self.topic_arn_of(alarm.severity)],
            ok_actions=self._ok_actions(alarm.severity),
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
            # A low hit ratio costs latency and database load, not availability.
            alarm_actions=[self.topic_arn_of(HIT_RATIO_SEVERITY)],
            ok_actions=self._ok_actions(HIT_RATIO_SEVERITY),
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
