"""CIS-style metric filters and alarms on the trail's CloudWatch Logs group."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.cloudwatch_log_metric_filter import (
    CloudwatchLogMetricFilter,
    CloudwatchLogMetricFilterMetricTransformation,
)
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from constructs import Construct

from ..shared.alerts import AlertTopics
from .settings import TrailAlarmSettings

PERIOD_SECONDS = 300
"""Each alarm sums its metric over five minutes, as the CIS benchmark's remediation does."""


@dataclass(frozen=True)
class TrailAlarm:
    """One metric filter on the trail's events and the alarm on its metric."""

    setting: str
    """Field of :class:`TrailAlarmSettings` holding its severity."""
    metric: str
    """Metric name (and the filter's and alarm's name suffix)."""
    pattern: str
    """CloudWatch Logs filter pattern over CloudTrail's JSON events."""
    description: str
    """What the alarm means."""


TRAIL_ALARMS = (
    TrailAlarm(
        "root_account_usage",
        "RootAccountUsage",
        # CIS AWS Foundations Benchmark 1.5, 4.3 / Security Hub CloudWatch.1.
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }',
        "The account's root user made an API call",
    ),
    TrailAlarm(
        "cloudtrail_changes",
        "CloudTrailChanges",
        # CIS AWS Foundations Benchmark 1.5, 4.5 / Security Hub CloudWatch.5.
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
        "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
        "($.eventName = StopLogging) }",
        "A CloudTrail trail was created, changed or deleted, or its logging started or stopped",
    ),
    TrailAlarm(
        "unauthorized_api_calls",
        "UnauthorizedApiCalls",
        # CIS AWS Foundations Benchmark 1.5, 4.1 / Security Hub CloudWatch.2.
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        "API calls were refused for lack of permission",
    ),
)
"""The alarms, in the settings' order."""


class TrailAlarms(Construct):
    """A metric filter per alarm of ``settings`` with a severity, counting matching events
    of ``log_group_name`` in the namespace ``<name>/CloudTrail``, and an alarm when the
    five-minute sum reaches its threshold (1, or the unauthorized calls' threshold),
    notifying the topic of its severity. Periods without events count as fine."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        log_group_name: str,
        settings: TrailAlarmSettings,
        alerts: AlertTopics,
    ) -> None:
        super().__init__(scope, id_)
        namespace = f"{name}/CloudTrail"
        self.alarms: dict[str, CloudwatchMetricAlarm] = {}
        for alarm in TRAIL_ALARMS:
            severity = getattr(settings, alarm.setting)
            if severity is None:
                continue
            metric_filter = CloudwatchLogMetricFilter(
                self,
                # Ids start with a word: a path segment "/root..." would read as a home
                # directory to the output's portability check.
                f"filter_{alarm.setting}",
                name=f"{name}-{alarm.metric}",
                log_group_name=log_group_name,
                pattern=alarm.pattern,
                metric_transformation=CloudwatchLogMetricFilterMetricTransformation(
                    name=alarm.metric, namespace=namespace, value="1"
                ),
            )
            threshold = (
                settings.unauthorized_api_calls_threshold
                if alarm.setting == "unauthorized_api_calls"
                else 1
            )
            self.alarms[alarm.setting] = CloudwatchMetricAlarm(
                self,
                f"alarm_{alarm.setting}",
                alarm_name=f"{name}-{alarm.metric}",
                alarm_description=f"{alarm.description} ({severity})",
                namespace=namespace,
                metric_name=alarm.metric,
                statistic="Sum",
                period=PERIOD_SECONDS,
                evaluation_periods=1,
                threshold=threshold,
                comparison_operator="GreaterThanOrEqualToThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[alerts.topic_arn_of(severity)],
                depends_on=[metric_filter],
            )
