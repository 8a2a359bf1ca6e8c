"""Props of the alarms module: the topic and the thresholds of every alarm."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..shared.validation import check_range

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,49}$")


def _check_percent(field_name: str, value: float) -> None:
    if not 0 < value <= 100:
        raise ValueError(f"{field_name} = {value}: expected a percentage above 0, at most 100")


def _check_positive(field_name: str, value: float) -> None:
    if value <= 0:
        raise ValueError(f"{field_name} = {value}: expected a positive number")


@dataclass(frozen=True, kw_only=True)
class AuroraAlarmThresholds:
    """When an Aurora alarm fires (each over the evaluation window of the props)."""

    cpu_percent: float = 80.0
    """Average ``CPUUtilization`` of an instance above this, percent. Default: 80."""
    freeable_memory_bytes: int = 256 * 1024 * 1024
    """Minimum ``FreeableMemory`` of an instance below this, bytes. Default: 256 MiB
    (below it PostgreSQL starts swapping or is killed by the OOM handler)."""
    connections: int = 500
    """Maximum ``DatabaseConnections`` of an instance above this. Default: 500 (size it
    from ``max_connections`` of the instance class, about 80 % of it)."""
    replica_lag_ms: float = 1000.0
    """``AuroraReplicaLagMaximum`` of the cluster above this, milliseconds. Default: 1000.
    Only for clusters with readers."""

    def __post_init__(self) -> None:
        _check_percent("aurora.cpu_percent", self.cpu_percent)
        _check_positive("aurora.freeable_memory_bytes", self.freeable_memory_bytes)
        _check_positive("aurora.connections", self.connections)
        _check_positive("aurora.replica_lag_ms", self.replica_lag_ms)


@dataclass(frozen=True, kw_only=True)
class RedisAlarmThresholds:
    """When a Redis alarm fires (per node, over the evaluation window of the props)."""

    engine_cpu_percent: float = 80.0
    """Average ``EngineCPUUtilization`` (the Redis thread) above this, percent.
    Default: 80."""
    memory_usage_percent: float = 80.0
    """Average ``DatabaseMemoryUsagePercentage`` above this, percent. Default: 80."""
    evictions: int = 100
    """Sum of ``Evictions`` in one period above this. Default: 100."""
    replication_lag_seconds: float = 1.0
    """Maximum ``ReplicationLag`` of a replica above this, seconds. Default: 1. Only
    with replicas."""
    cache_hit_ratio_percent: float = 80.0
    """``CacheHits / (CacheHits + CacheMisses)`` below this, percent (metric math).
    Default: 80. Periods without any lookup do not count."""

    def __post_init__(self) -> None:
        _check_percent("redis.engine_cpu_percent", self.engine_cpu_percent)
        _check_percent("redis.memory_usage_percent", self.memory_usage_percent)
        _check_positive("redis.evictions", self.evictions)
        _check_positive("redis.replication_lag_seconds", self.replication_lag_seconds)
        _check_percent("redis.cache_hit_ratio_percent", self.cache_hit_ratio_percent)


@dataclass(frozen=True, kw_only=True)
class AlarmsProps:
    """An encrypted notification topic and the thresholds of the data-layer alarms."""

    name: str
    """Prefix of the topic, key alias and alarm names, e.g. ``platform-prod``."""
    period_seconds: int = 60
    """Length of one evaluated period: 10, 30 or a multiple of 60 seconds. Default: 60."""
    evaluation_periods: int = 5
    """Periods looked at for each evaluation. Default: 5."""
    datapoints_to_alarm: int = 3
    """Periods out of ``evaluation_periods`` that must breach. Default: 3 (3 of 5
    minutes: a short spike does not page, a sustained one does)."""
    notify_on_ok: bool = True
    """Also notify when an alarm recovers. Default: true."""
    aurora: AuroraAlarmThresholds = field(default_factory=AuroraAlarmThresholds)
    """Thresholds of :meth:`Alarms.watch_aurora`. Default: the documented defaults."""
    redis: RedisAlarmThresholds = field(default_factory=RedisAlarmThresholds)
    """Thresholds of :meth:`Alarms.watch_redis`. Default: the documented defaults."""
    key_deletion_window_days: int = 30
    """Waiting period of the topic key's scheduled deletion, 7-30. Default: 30."""

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(
                f"name = {self.name!r}: expected lowercase letters, digits and hyphens, "
                "starting with a letter, at most 50 characters"
            )
        if self.period_seconds not in (10, 30) and (
            self.period_seconds < 60 or self.period_seconds % 60
        ):
            raise ValueError(
                f"period_seconds = {self.period_seconds}: expected 10, 30 or a multiple of 60"
            )
        check_range("evaluation_periods", self.evaluation_periods, 1, 100)
        if self.period_seconds * self.evaluation_periods > 86400:
            raise ValueError(
                f"evaluation_periods = {self.evaluation_periods}: with period_seconds = "
                f"{self.period_seconds} the window exceeds one day, CloudWatch's limit"
            )
        check_range("datapoints_to_alarm", self.datapoints_to_alarm, 1, self.evaluation_periods)
        check_range("key_deletion_window_days", self.key_deletion_window_days, 7, 30)
