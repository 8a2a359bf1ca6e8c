"""The alarms the platform raises, as data: metric, statistic, direction, threshold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

Comparison = Literal["GreaterThanThreshold", "LessThanThreshold"]


@dataclass(frozen=True)
class MetricAlarm:
    """One alarm on one CloudWatch metric of one resource (an instance, a node, a cluster)."""

    suffix: str
    """End of the alarm name, ``<resource>-<suffix>``, e.g. ``cpu-high``."""
    metric_name: str
    """The CloudWatch metric."""
    statistic: str
    """Statistic over one period: Average, Minimum, Maximum, Sum."""
    comparison: Comparison
    """Whether the alarm fires above or below the threshold."""
    threshold: str
    """Field of the service's thresholds model holding the threshold."""
    description: str
    """What breached, after ``<Service> <resource>: ``; ``{threshold}`` is filled in."""
    treat_missing_data: str = "missing"
    """How periods without data count (``notBreaching`` where silence is healthy)."""

    def threshold_of(self, limits: BaseModel) -> float:
        """The threshold value in ``limits`` (the service's thresholds settings)."""
        value: float = getattr(limits, self.threshold)
        return value

    def describe(self, service: str, subject: str, limits: BaseModel) -> str:
        """The alarm description, e.g. ``Aurora platform-dev-aurora-1: CPU above 80.0 %``."""
        return f"{service} {subject}: " + self.description.format(
            threshold=self.threshold_of(limits)
        )


AURORA_INSTANCE = (
    MetricAlarm(
        "cpu-high", "CPUUtilization", "Average", "GreaterThanThreshold", "cpu_percent",
        "CPU above {threshold} %",
    ),
    MetricAlarm(
        "memory-low", "FreeableMemory", "Minimum", "LessThanThreshold", "freeable_memory_bytes",
        "freeable memory below {threshold} bytes",
    ),
    MetricAlarm(
        "connections-high", "DatabaseConnections", "Maximum", "GreaterThanThreshold",
        "connections", "more than {threshold} connections",
    ),
)  # fmt: skip
"""Per Terraform-managed Aurora instance (dimension ``DBInstanceIdentifier``)."""

AURORA_CLUSTER = (
    MetricAlarm(
        "replica-lag-high", "AuroraReplicaLagMaximum", "Maximum", "GreaterThanThreshold",
        "replica_lag_ms", "a reader lags the writer by more than {threshold} ms",
        # No readers for a while (scaled in) is not an incident.
        treat_missing_data="notBreaching",
    ),
)  # fmt: skip
"""Per Aurora cluster with readers (dimension ``DBClusterIdentifier``)."""

REDIS_NODE = (
    MetricAlarm(
        "engine-cpu-high", "EngineCPUUtilization", "Average", "GreaterThanThreshold",
        "engine_cpu_percent", "engine CPU above {threshold} %",
    ),
    MetricAlarm(
        "memory-high", "DatabaseMemoryUsagePercentage", "Average", "GreaterThanThreshold",
        "memory_usage_percent", "memory use above {threshold} %",
    ),
    MetricAlarm(
        "evictions-high", "Evictions", "Sum", "GreaterThanThreshold", "evictions",
        "more than {threshold} evictions a period",
    ),
)  # fmt: skip
"""Per Redis node (dimension ``CacheClusterId``)."""

REDIS_REPLICA = (
    MetricAlarm(
        "replication-lag-high", "ReplicationLag", "Maximum", "GreaterThanThreshold",
        "replication_lag_seconds", "replica lags its primary by more than {threshold} s",
        # Only replicas report the metric; whichever node is primary at the moment has none.
        treat_missing_data="notBreaching",
    ),
)  # fmt: skip
"""Per Redis node of a group with replicas."""
