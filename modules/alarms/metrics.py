"""The alarms the platform raises, as data: metric, statistic, direction, threshold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from ..shared.alerts import Severity

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
    severity: Severity
    """Which topic the alarm notifies (modules/shared/alerts.py: critical pages)."""
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


def _alarms(
    *rows: tuple[str, str, str, Comparison, str, str, Severity],
) -> tuple[MetricAlarm, ...]:
    return tuple(MetricAlarm(*row) for row in rows)


_ABOVE: Comparison = "GreaterThanThreshold"
_BELOW: Comparison = "LessThanThreshold"

# suffix, metric, statistic, comparison, threshold field, description, severity
AURORA_INSTANCE = _alarms(
    # Slower queries, no failure yet.
    ("cpu-high", "CPUUtilization", "Average", _ABOVE, "cpu_percent", "CPU above {threshold} %",
     "warning"),
    # Below it PostgreSQL swaps or is killed by the OOM handler: an outage is imminent.
    ("memory-low", "FreeableMemory", "Minimum", _BELOW, "freeable_memory_bytes",
     "freeable memory below {threshold} bytes", "critical"),
    # 80 % of max_connections: new connections are refused soon after.
    ("connections-high", "DatabaseConnections", "Maximum", _ABOVE, "connections",
     "more than {threshold} connections", "critical"),
)  # fmt: skip
"""Per Terraform-managed Aurora instance (dimension ``DBInstanceIdentifier``)."""

# No readers for a while (scaled in) is not an incident: missing data is not breaching.
# Lagging readers serve stale data; the writer is fine: warning.
AURORA_CLUSTER = (
    MetricAlarm("replica-lag-high", "AuroraReplicaLagMaximum", "Maximum", _ABOVE,
                "replica_lag_ms", "a reader lags the writer by more than {threshold} ms",
                "warning", treat_missing_data="notBreaching"),
)  # fmt: skip
"""Per Aurora cluster with readers (dimension ``DBClusterIdentifier``)."""

REDIS_NODE = _alarms(
    # The single Redis thread is busy: latency grows, requests still succeed.
    ("engine-cpu-high", "EngineCPUUtilization", "Average", _ABOVE, "engine_cpu_percent",
     "engine CPU above {threshold} %", "warning"),
    # Redis evicts keys when full; a cache losing keys degrades, it does not fail.
    ("memory-high", "DatabaseMemoryUsagePercentage", "Average", _ABOVE, "memory_usage_percent",
     "memory use above {threshold} %", "warning"),
    # Keys dropped for room: more misses and database load, not an outage.
    ("evictions-high", "Evictions", "Sum", _ABOVE, "evictions",
     "more than {threshold} evictions a period", "warning"),
)  # fmt: skip
"""Per Redis node (dimension ``CacheClusterId``)."""

# Only replicas report the metric; whichever node is primary at the moment has none.
# A lagging replica risks losing recent writes on failover; the primary serves: warning.
REDIS_REPLICA = (
    MetricAlarm("replication-lag-high", "ReplicationLag", "Maximum", _ABOVE,
                "replication_lag_seconds", "replica lags its primary by more than {threshold} s",
                "warning", treat_missing_data="notBreaching"),
)  # fmt: skip
"""Per Redis node of a group with replicas."""

HIT_RATIO_SEVERITY: Severity = "info"
"""Severity of the Redis cache hit ratio alarm (a metric-math alarm, built apart): a low
ratio costs latency and database load, worth a look within a working day."""
