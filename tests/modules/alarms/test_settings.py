"""AlarmsSettings and its threshold models on their own: defaults, every limit and
cross-field check with its error line, and the boundary values that are accepted."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.alarms import (
    AlarmsSettings,
    AuroraAlarmThresholds,
    RedisAlarmThresholds,
)
from platform_cdktf.modules.shared.settings import SettingsError

S = "AlarmsSettings"


def _lines(**values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        AlarmsSettings(**values)
    return caught.value.lines


def test_defaults() -> None:
    settings = AlarmsSettings()
    assert settings.period_seconds == 60
    assert settings.evaluation_periods == 5
    assert settings.datapoints_to_alarm == 3
    assert settings.notify_on_ok is True
    assert settings.email_endpoints == ()
    assert settings.key_deletion_window_days == 30
    assert settings.aurora == AuroraAlarmThresholds(
        cpu_percent=80.0,
        freeable_memory_bytes=256 * 1024 * 1024,
        connections=None,
        replica_lag_ms=1000.0,
    )
    assert settings.redis == RedisAlarmThresholds(
        engine_cpu_percent=80.0,
        memory_usage_percent=80.0,
        evictions=100,
        replication_lag_seconds=1.0,
        cache_hit_ratio_percent=80.0,
    )


def test_unknown_keys_are_typos() -> None:
    assert _lines(period=60) == (f"{S}.period = 60: unknown setting (a typo?)",)


# -- evaluation window -------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [45, 0, 20, 90, 61, -60])
def test_period_is_10_30_or_a_multiple_of_60(seconds: int) -> None:
    assert _lines(period_seconds=seconds) == (
        f"{S}.period_seconds = {seconds}: expected 10, 30 or a multiple of 60",
    )


@pytest.mark.parametrize("seconds", [10, 30, 60, 120, 3600])
def test_periods_accepted(seconds: int) -> None:
    settings = AlarmsSettings(period_seconds=seconds, evaluation_periods=3)
    assert settings.period_seconds == seconds


def test_evaluation_window_is_at_most_one_day() -> None:
    assert _lines(period_seconds=3600, evaluation_periods=25) == (
        f"{S}.evaluation_periods = 25: with period_seconds = 3600 the window exceeds one "
        "day, CloudWatch's limit",
    )
    assert _lines(period_seconds=86460, evaluation_periods=1, datapoints_to_alarm=1) == (
        f"{S}.evaluation_periods = 1: with period_seconds = 86460 the window exceeds one "
        "day, CloudWatch's limit",
    )


@pytest.mark.parametrize(("period", "periods"), [(3600, 24), (86400, 1), (60, 100)])
def test_a_window_of_up_to_one_day_is_accepted(period: int, periods: int) -> None:
    settings = AlarmsSettings(
        period_seconds=period, evaluation_periods=periods, datapoints_to_alarm=1
    )
    assert settings.period_seconds * settings.evaluation_periods <= 86400


def test_datapoints_at_most_the_evaluation_periods() -> None:
    assert _lines(evaluation_periods=2, datapoints_to_alarm=3) == (
        f"{S}.datapoints_to_alarm = 3: expected at most evaluation_periods (2)",
    )
    settings = AlarmsSettings(evaluation_periods=3, datapoints_to_alarm=3)
    assert settings.datapoints_to_alarm == settings.evaluation_periods == 3


def test_every_window_problem_is_reported() -> None:
    with pytest.raises(SettingsError) as caught:
        AlarmsSettings(period_seconds=3600, evaluation_periods=25, datapoints_to_alarm=30)
    assert caught.value.lines == (
        f"{S}.datapoints_to_alarm = 30: expected at most evaluation_periods (25)",
        f"{S}.evaluation_periods = 25: with period_seconds = 3600 the window exceeds one "
        "day, CloudWatch's limit",
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("evaluation_periods", 0, "greater than or equal to 1"),
        ("evaluation_periods", 101, "less than or equal to 100"),
        ("datapoints_to_alarm", 0, "greater than or equal to 1"),
        ("datapoints_to_alarm", 101, "less than or equal to 100"),
        ("key_deletion_window_days", 6, "greater than or equal to 7"),
        ("key_deletion_window_days", 31, "less than or equal to 30"),
    ],
)
def test_count_limits(field: str, value: int, expected: str) -> None:
    assert _lines(**{field: value}) == (f"{S}.{field} = {value}: Input should be {expected}",)


# -- thresholds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "field", "value", "expected"),
    [
        (AuroraAlarmThresholds, "cpu_percent", 120.0, "less than or equal to 100"),
        (AuroraAlarmThresholds, "cpu_percent", 0.0, "greater than 0"),
        (AuroraAlarmThresholds, "freeable_memory_bytes", 0, "greater than 0"),
        (AuroraAlarmThresholds, "connections", 0, "greater than 0"),
        (AuroraAlarmThresholds, "replica_lag_ms", 0.0, "greater than 0"),
        (RedisAlarmThresholds, "engine_cpu_percent", 100.5, "less than or equal to 100"),
        (RedisAlarmThresholds, "memory_usage_percent", 0.0, "greater than 0"),
        (RedisAlarmThresholds, "evictions", -1, "greater than 0"),
        (RedisAlarmThresholds, "evictions", 0, "greater than 0"),
        (RedisAlarmThresholds, "replication_lag_seconds", -0.5, "greater than 0"),
        (RedisAlarmThresholds, "cache_hit_ratio_percent", 0.0, "greater than 0"),
        (RedisAlarmThresholds, "cache_hit_ratio_percent", 101.0, "less than or equal to 100"),
    ],
)
def test_threshold_ranges(
    model: type[AuroraAlarmThresholds | RedisAlarmThresholds],
    field: str,
    value: float,
    expected: str,
) -> None:
    with pytest.raises(SettingsError) as caught:
        model(**{field: value})
    assert caught.value.lines == (
        f"{model.__name__}.{field} = {value!r}: Input should be {expected}",
    )
    # The same problem inside the alarm settings is named by its full path.
    section = "aurora" if model is AuroraAlarmThresholds else "redis"
    assert _lines(**{section: {field: value}}) == (
        f"{S}.{section}.{field} = {value!r}: Input should be {expected}",
    )


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (AuroraAlarmThresholds, "cpu_percent", 100.0),
        (AuroraAlarmThresholds, "cpu_percent", 0.5),
        (AuroraAlarmThresholds, "connections", 1),
        (RedisAlarmThresholds, "cache_hit_ratio_percent", 100.0),
        (RedisAlarmThresholds, "evictions", 1),
        (RedisAlarmThresholds, "replication_lag_seconds", 0.1),
    ],
)
def test_threshold_boundaries_are_accepted(
    model: type[AuroraAlarmThresholds | RedisAlarmThresholds], field: str, value: float
) -> None:
    assert getattr(model(**{field: value}), field) == value


# -- e-mail endpoints ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["nope", "ops@example", "ops team@example.com", "@x.io", "a@b@c.io"]
)
def test_email_endpoints_are_addresses(address: str) -> None:
    assert _lines(email_endpoints=("ops@example.com", address)) == (
        f"{S}.email_endpoints[1] = {address!r}: {address!r} is not an e-mail address",
    )


_ONCE = (
    "expected each address once (compared ignoring case and punctuation, as the "
    "subscriptions' Terraform addresses are)"
)


@pytest.mark.parametrize(
    "addresses",
    [
        ("ops@example.com", "ops@example.com"),
        ("Ops@Example.com", "ops@example.com"),
        ("ops.team@example.com", "ops-team@example.com"),
    ],
)
def test_email_endpoints_are_distinct(addresses: tuple[str, str]) -> None:
    assert _lines(email_endpoints=addresses) == (f"{S}.email_endpoints = {addresses!r}: {_ONCE}",)


def test_distinct_email_endpoints_are_accepted() -> None:
    addresses = ("ops@example.com", "oncall.team+db@example.org")
    assert AlarmsSettings(email_endpoints=addresses).email_endpoints == addresses
    assert AlarmsSettings(email_endpoints=list(addresses)).email_endpoints == addresses


def test_connections_threshold_defaults_to_80_percent_of_the_instance_limit() -> None:
    thresholds = AuroraAlarmThresholds()
    assert thresholds.connections is None
    # db.t3.medium: 4 GiB / 9531392 = 450 connections; a threshold of 500 could never fire.
    assert thresholds.for_instance_class("db.t3.medium").connections == 360
    assert thresholds.for_instance_class("db.r5.large").connections == 1441


def test_a_fixed_connections_threshold_is_kept() -> None:
    thresholds = AuroraAlarmThresholds(connections=200)
    assert thresholds.for_instance_class("db.r5.large").connections == 200
