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


def _alarms(*rows: tuple[str, str, str, Comparison, str, str]) -> tuple[MetricAlarm, ...]:
    return tuple(MetricAlarm(*row) for row in rows)


_ABOVE: Comparison = "GreaterThanThreshold"
_BELOW: Comparison = "LessThanThreshold"

# suffix, metric, statistic, comparison, threshold field, description
AURORA_INSTANCE = _alarms(
    ("cpu-high", "CPUUtilization", "Average", _ABOVE, "cpu_percent", "CPU above {threshold} %"),
    ("memory-low", "FreeableMemory", "Minimum", _BELOW, "freeable_memory_bytes",
     "freeable memory below {threshold} bytes"),
    ("connections-high", "DatabaseConnections", "Maximum", _ABOVE, "connections",
     "more than {threshold} connections"),
)  # fmt: skip
"""Per Terraform-managed Aurora instance (dimension ``DBInstanceIdentifier``)."""

# No readers for a while (scaled in) is not an incident: missing data is not breaching.
AURORA_CLUSTER = (
    MetricAlarm("replica-lag-high", "AuroraReplicaLagMaximum", "Maximum", _ABOVE,
                "replica_lag_ms", "a reader lags the writer by more than {threshold} ms",
                treat_missing_data="notBreaching"),
)  # fmt: skip
"""Per Aurora cluster with readers (dimension ``DBClusterIdentifier``)."""

REDIS_NODE = _alarms(
    ("engine-cpu-high", "EngineCPUUtilization", "Average", _ABOVE, "engine_cpu_percent",
     "engine CPU above {threshold} %"),
    ("memory-high", "DatabaseMemoryUsagePercentage", "Average", _ABOVE, "memory_usage_percent",
     "memory use above {threshold} %"),
    ("evictions-high", "Evictions", "Sum", _ABOVE, "evictions",
     "more than {threshold} evictions a period"),
)  # fmt: skip
"""Per Redis node (dimension ``CacheClusterId``)."""

# Only replicas report the metric; whichever node is primary at the moment has none.
REDIS_REPLICA = (
    MetricAlarm("replication-lag-high", "ReplicationLag", "Maximum", _ABOVE,
                "replication_lag_seconds", "replica lags its primary by more than {threshold} s",
                treat_missing_data="notBreaching"),
)  # fmt: skip
"""Per Redis node of a group with replicas."""
