"""When the data-layer alarms fire and who hears of them (cdktf-free settings)."""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..catalogue import aurora_postgresql_max_connections
from ..shared.settings import Settings, problem_if, raise_problems
from ..shared.validation import KeyDeletionWindowDays, Rule

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NOT_LABEL = re.compile(r"[^a-z0-9]+")

Percent = Annotated[float, Field(gt=0, le=100)]
Positive = Annotated[float, Field(gt=0)]
PositiveCount = Annotated[int, Field(gt=0)]

CONNECTIONS_SHARE = 0.8
"""Share of an instance's ``max_connections`` above which the connections alarm fires."""


def check_period(seconds: int) -> int:
    """A CloudWatch alarm period: 10, 30 or a multiple of 60 seconds (PutMetricAlarm)."""
    if seconds not in (10, 30) and (seconds < 60 or seconds % 60):
        raise ValueError("expected 10, 30 or a multiple of 60")
    return seconds


def check_email(address: str) -> str:
    """Something shaped like an e-mail address (SNS sends a confirmation to it)."""
    if not _EMAIL.match(address):
        raise ValueError(f"{address!r} is not an e-mail address")
    return address


def subscription_label(address: str) -> str:
    """The part of an e-mail subscription's Terraform address that names ``address``:
    lowercase, every run of other characters as one ``_`` (``Ops.Team@x.io`` ->
    ``ops_team_x_io``)."""
    return _NOT_LABEL.sub("_", address.lower())


Period = Annotated[int, AfterValidator(check_period), Rule("10, 30 or a multiple of 60")]


def check_evaluation_window(
    period_seconds: int, evaluation_periods: int, datapoints_to_alarm: int
) -> None:
    """An alarm window CloudWatch accepts: at most ``evaluation_periods`` datapoints to
    alarm, and ``period_seconds * evaluation_periods`` within one day (PutMetricAlarm);
    raises the problems on the settings' fields of those names."""
    raise_problems(
        problem_if(
            datapoints_to_alarm > evaluation_periods,
            "datapoints_to_alarm",
            datapoints_to_alarm,
            f"expected at most evaluation_periods ({evaluation_periods})",
        ),
        problem_if(
            period_seconds * evaluation_periods > 86400,
            "evaluation_periods",
            evaluation_periods,
            f"with period_seconds = {period_seconds} the window exceeds one day, "
            "CloudWatch's limit",
        ),
    )


Email = Annotated[str, AfterValidator(check_email), Rule("an e-mail address")]


class AuroraAlarmThresholds(Settings):
    """When an Aurora alarm fires (each over the evaluation window of the alarms)."""

    cpu_percent: Percent = 80.0
    """Average ``CPUUtilization`` of an instance above this, percent. Default: 80."""
    freeable_memory_bytes: PositiveCount = 256 * 1024 * 1024
    """Minimum ``FreeableMemory`` of an instance below this, bytes. Default: 256 MiB
    (below it PostgreSQL starts swapping or is killed by the OOM handler)."""
    connections: PositiveCount | None = None
    """Maximum ``DatabaseConnections`` of an instance above this. Default: none, meaning
    80 % of the default ``max_connections`` of the cluster's instance class
    (``LEAST(DBInstanceClassMemory / 9531392, 5000)``: 360 on db.t3.medium, 1,441 on
    db.r5.large). A fixed value must stay below that limit (guardrail ALARM-01)."""
    replica_lag_ms: Positive = 1000.0
    """``AuroraReplicaLagMaximum`` of the cluster above this, milliseconds. Default: 1000.
    Only for clusters with readers."""

    def for_instance_class(self, instance_class: str) -> AuroraAlarmThresholds:
        """These thresholds for instances of ``instance_class``, the connections
        threshold derived from its ``max_connections`` unless set."""
        if self.connections is not None:
            return self
        limit = aurora_postgresql_max_connections(instance_class)
        return self.model_copy(update={"connections": int(limit * CONNECTIONS_SHARE)})


class RedisAlarmThresholds(Settings):
    """When a Redis alarm fires (per node, over the evaluation window of the alarms)."""

    engine_cpu_percent: Percent = 80.0
    """Average ``EngineCPUUtilization`` (the Redis thread) above this, percent.
    Default: 80."""
    memory_usage_percent: Percent = 80.0
    """Average ``DatabaseMemoryUsagePercentage`` above this, percent. Default: 80."""
    evictions: PositiveCount = 100
    """Sum of ``Evictions`` in one period above this. Default: 100."""
    replication_lag_seconds: Positive = 1.0
    """Maximum ``ReplicationLag`` of a replica above this, seconds. Default: 1. Only with
    replicas."""
    cache_hit_ratio_percent: Percent = 80.0
    """``CacheHits / (CacheHits + CacheMisses)`` below this, percent (metric math).
    Default: 80. Periods without any lookup do not count."""


class AlarmsSettings(Settings):
    """The evaluation window of every alarm, their thresholds and their subscribers."""

    period_seconds: Period = 60
    """Length of one evaluated period: 10, 30 or a multiple of 60 seconds. Default: 60."""
    evaluation_periods: int = Field(default=5, ge=1, le=100)
    """Periods looked at for each evaluation. Default: 5."""
    datapoints_to_alarm: int = Field(default=3, ge=1, le=100)
    """Periods out of ``evaluation_periods`` that must breach. Default: 3 (3 of 5
    minutes: a short spike does not page, a sustained one does)."""
    notify_on_ok: bool = True
    """Also notify when an alarm recovers. Default: true."""
    aurora: AuroraAlarmThresholds = Field(default_factory=AuroraAlarmThresholds)
    """Thresholds of the Aurora alarms. Default: the documented defaults."""
    redis: RedisAlarmThresholds = Field(default_factory=RedisAlarmThresholds)
    """Thresholds of the Redis alarms. Default: the documented defaults."""
    email_endpoints: tuple[Email, ...] = ()
    """E-mail addresses subscribed to every severity's topic (each must confirm), as
    before topics per severity. Default: none; route per severity with the environment's
    ``alerts`` instead (docs/alerting.md)."""
    key_deletion_window_days: KeyDeletionWindowDays = 30
    """Waiting period of the topic key's scheduled deletion, 7 to 30 days. Default: 30."""

    @field_validator("email_endpoints")
    @classmethod
    def _distinct(cls, emails: tuple[str, ...]) -> tuple[str, ...]:
        # Each subscription's address is named after its e-mail address: two addresses
        # that differ only in case or punctuation would share it.
        if len({subscription_label(email) for email in emails}) != len(emails):
            raise ValueError(
                "expected each address once (compared ignoring case and punctuation, as "
                "the subscriptions' Terraform addresses are)"
            )
        return emails

    @model_validator(mode="after")
    def _window(self) -> Self:
        check_evaluation_window(
            self.period_seconds, self.evaluation_periods, self.datapoints_to_alarm
        )
        return self
