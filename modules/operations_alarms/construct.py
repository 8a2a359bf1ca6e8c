"""CloudWatch alarms and EventBridge rules beyond the data layer, one severity topic each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
)
from constructs import Construct

from ..shared.json_text import json_text
from .catalog import (
    BACKUP_DETAIL_TYPES,
    BACKUP_FAILED_STATES,
    BACKUP_JOBS,
    CLUSTER,
    CONTAINER_INSIGHTS,
    CONTAINER_RESTARTS,
    LOAD_BALANCER,
    NAT,
    RDS_CLUSTER_EVENT,
    RDS_EVENTS,
    RDS_INSTANCE_EVENT,
    EventRuleSpec,
    MetricAlarmSpec,
)
from .props import OperationsAlarmsProps


def _address(name: str) -> str:
    """A name as a construct id part (Terraform addresses use underscores)."""
    return name.replace("-", "_")


class OperationsAlarms(Construct):
    """Alarms on the EKS cluster, load balancers and NAT gateways, and EventBridge rules for
    AWS Backup job failures and RDS events, each published to the topic of its severity.

    Add what to watch::

        alarms = OperationsAlarms(stack, "operations_alarms", props=OperationsAlarmsProps(
            name="platform-dev", settings=OperationsAlarmsSettings(), topics=stack.alarms))
        alarms.watch_cluster("platform-dev-eks")
        alarms.watch_nat_gateways({"us_east_1a": nat.id})
        alarms.watch_backup_jobs([aurora.cluster_arn])
        alarms.watch_rds_events("platform-dev-aurora")

    Every alarm notifies its topic when it fires and when it recovers. EventBridge rules
    forward the whole event (it names the resource and says what happened).
    """

    def __init__(self, scope: Construct, id_: str, *, props: OperationsAlarmsProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.settings = props.settings
        self.alarms: list[CloudwatchMetricAlarm] = []
        self.rules: list[CloudwatchEventRule] = []

    # -- metric alarms ------------------------------------------------------------

    def watch_cluster(self, cluster_name: str) -> list[CloudwatchMetricAlarm]:
        """Node CPU and memory, failed nodes and container restarts of an EKS cluster,
        from Container Insights (only meaningful with the CloudWatch Observability add-on)."""
        created = [
            self._metric_alarm("eks", cluster_name, {"ClusterName": cluster_name}, spec)
            for spec in CLUSTER
        ]
        created.append(self._restarts_alarm(cluster_name))
        return created

    def watch_nat_gateways(self, gateways: Mapping[str, str]) -> list[CloudwatchMetricAlarm]:
        """Port allocation errors and dropped packets of each NAT gateway, keyed by a
        static label (its AZ) so that the alarms' addresses do not depend on the ids."""
        return [
            self._metric_alarm(
                "nat", f"{self.props.name}-nat-{label.replace('_', '-')}",
                {"NatGatewayId": gateway_id}, spec, address=f"nat_{label}",
            )
            for label, gateway_id in gateways.items()
            for spec in NAT
        ]  # fmt: skip

    def watch_load_balancer(self, label: str, arn_suffix: str) -> list[CloudwatchMetricAlarm]:
        """5XX responses of the load balancer and of the services behind it, and the p99
        response time, of the ALB whose ARN ends in ``arn_suffix`` (``app/<name>/<id>``,
        the ``LoadBalancer`` dimension); ``label`` (static, e.g. the ingress group) names
        the alarms."""
        return [
            self._metric_alarm(
                "alb", f"{self.props.name}-alb-{label}", {"LoadBalancer": arn_suffix}, spec,
                address=f"alb_{_address(label)}",
            )
            for spec in LOAD_BALANCER
        ]  # fmt: skip

    def _metric_alarm(
        self,
        service: str,
        subject: str,
        dimensions: Mapping[str, str],
        spec: MetricAlarmSpec,
        *,
        address: str | None = None,
    ) -> CloudwatchMetricAlarm:
        settings = self.settings
        threshold = float(getattr(settings, spec.threshold))
        topic = self.props.topics.topic_arn_of(spec.severity)
        # A percentile (p99) is an extended statistic (PutMetricAlarm: one or the other).
        percentile = spec.statistic.startswith("p")
        alarm = CloudwatchMetricAlarm(
            self,
            f"{address or f'{service}_{_address(subject)}'}_{_address(spec.suffix)}",
            alarm_name=f"{subject}-{spec.suffix}",
            alarm_description=f"[{spec.severity}] {subject}: "
            + spec.description.format(threshold=threshold),
            namespace=spec.namespace,
            metric_name=spec.metric_name,
            dimensions=dict(dimensions),
            statistic=None if percentile else spec.statistic,
            extended_statistic=spec.statistic if percentile else None,
            comparison_operator=spec.comparison,
            threshold=threshold,
            period=settings.period_seconds,
            evaluation_periods=settings.evaluation_periods,
            datapoints_to_alarm=settings.datapoints_to_alarm,
            treat_missing_data=spec.treat_missing_data,
            alarm_actions=[topic],
            ok_actions=[topic],
        )
        self.alarms.append(alarm)
        return alarm

    def _restarts_alarm(self, cluster_name: str) -> CloudwatchMetricAlarm:
        """Restarts per period over the cluster: a Metrics Insights query sums the per-pod
        restart counts (a single aggregated series, which an alarm needs) and ``DIFF``
        makes the increase of one period out of the running total. Only ``=`` filters are
        used (Amazon CloudWatch User Guide, "Metrics Insights query components and
        syntax"); the query runs on the last three hours of data, as alarms' queries do."""
        spec, settings = CONTAINER_RESTARTS, self.settings
        threshold = float(settings.container_restarts)
        topic = self.props.topics.topic_arn_of(spec.severity)
        query = (
            f'SELECT SUM({spec.metric_name}) FROM SCHEMA("{CONTAINER_INSIGHTS}", '
            f"ClusterName, Namespace, PodName) WHERE ClusterName = '{cluster_name}'"
        )
        alarm = CloudwatchMetricAlarm(
            self,
            f"eks_{_address(cluster_name)}_{_address(spec.suffix)}",
            alarm_name=f"{cluster_name}-{spec.suffix}",
            alarm_description=f"[{spec.severity}] {cluster_name}: "
            + spec.description.format(threshold=threshold),
            comparison_operator=spec.comparison,
            threshold=threshold,
            evaluation_periods=settings.evaluation_periods,
            datapoints_to_alarm=settings.datapoints_to_alarm,
            metric_query=[
                CloudwatchMetricAlarmMetricQuery(
                    id="restarts_total",
                    expression=query,
                    period=settings.period_seconds,
                    return_data=False,
                ),
                CloudwatchMetricAlarmMetricQuery(
                    id="restarts",
                    # A pod that goes away lowers the total: a negative step, not breaching.
                    expression="DIFF(restarts_total)",
                    label="Container restarts per period",
                    return_data=True,
                ),
            ],
            treat_missing_data=spec.treat_missing_data,
            alarm_actions=[topic],
            ok_actions=[topic],
        )
        self.alarms.append(alarm)
        return alarm

    # -- event rules --------------------------------------------------------------

    def watch_backup_jobs(self, resource_arns: Sequence[str]) -> CloudwatchEventRule:
        """AWS Backup and copy jobs of ``resource_arns`` that failed, were aborted or
        expired (matched on ``detail.resourceArn``, so another environment's jobs in the
        same account do not alert this one)."""
        pattern = {
            "source": ["aws.backup"],
            "detail-type": list(BACKUP_DETAIL_TYPES),
            "detail": {
                "state": list(BACKUP_FAILED_STATES),
                "resourceArn": list(resource_arns),
            },
        }
        return self._rule(BACKUP_JOBS, pattern)

    def watch_rds_events(self, cluster_identifier: str) -> list[CloudwatchEventRule]:
        """RDS events of the Aurora cluster and of its instances: failures (critical),
        failovers and low storage (warning), maintenance and notifications (info).

        Instances are matched by the ``<cluster>-`` prefix of their identifiers (the
        Terraform-managed ones are ``<cluster>-1``, ``-2``...); readers added by auto
        scaling are named by Application Auto Scaling and are not matched (their failures
        surface as cluster events)."""
        return [
            self._rule(
                spec,
                {
                    "source": ["aws.rds"],
                    "detail-type": [RDS_CLUSTER_EVENT, RDS_INSTANCE_EVENT],
                    "detail": {
                        "EventCategories": list(categories),
                        "SourceIdentifier": [
                            cluster_identifier,
                            {"prefix": f"{cluster_identifier}-"},
                        ],
                    },
                },
            )
            for spec, categories in RDS_EVENTS
        ]

    def _rule(self, spec: EventRuleSpec, pattern: dict[str, Any]) -> CloudwatchEventRule:
        rule = CloudwatchEventRule(
            self,
            f"rule_{_address(spec.suffix)}",
            name=f"{self.props.name}-{spec.suffix}",
            description=f"[{spec.severity}] {spec.description}",
            event_pattern=json_text(pattern, sort_keys=True),
        )
        CloudwatchEventTarget(
            self,
            f"rule_{_address(spec.suffix)}_target",
            rule=rule.name,
            target_id=spec.severity,
            arn=self.props.topics.topic_arn_of(spec.severity),
        )
        self.rules.append(rule)
        return rule

    # -- outputs ------------------------------------------------------------------

    @property
    def alarm_names(self) -> list[str]:
        """Names of every alarm created so far (tokens where a name holds one)."""
        return [alarm.alarm_name for alarm in self.alarms]
