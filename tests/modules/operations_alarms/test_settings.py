"""OperationsAlarmsSettings on its own: defaults, limits and the window checks, with the
error line each produces."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.operations_alarms import OperationsAlarmsSettings
from platform_cdktf.modules.shared.settings import SettingsError

S = "OperationsAlarmsSettings"


def _lines(**values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        OperationsAlarmsSettings(**values)
    return caught.value.lines


def test_defaults() -> None:
    settings = OperationsAlarmsSettings()
    assert (settings.period_seconds, settings.evaluation_periods) == (300, 3)
    assert settings.datapoints_to_alarm == 2
    assert (settings.node_cpu_percent, settings.node_memory_percent) == (80.0, 85.0)
    assert (settings.failed_nodes, settings.container_restarts) == (0, 5)
    assert settings.nat_port_allocation_errors == 0
    assert settings.nat_dropped_packets == 100
    assert (settings.load_balancer_5xx, settings.target_5xx) == (10, 50)
    assert settings.target_response_seconds == 2.0


@pytest.mark.parametrize("seconds", [0, 45, 90])
def test_period_is_10_30_or_a_multiple_of_60(seconds: int) -> None:
    assert _lines(period_seconds=seconds) == (
        f"{S}.period_seconds = {seconds}: expected 10, 30 or a multiple of 60",
    )


@pytest.mark.parametrize("field", ["node_cpu_percent", "node_memory_percent"])
@pytest.mark.parametrize("value", [0, 100.5])
def test_percentages_are_within_0_and_100(field: str, value: float) -> None:
    (line,) = _lines(**{field: value})
    assert line.startswith(f"{S}.{field} = {value}: ")


@pytest.mark.parametrize(
    ("field", "value"),
    [("failed_nodes", -1), ("container_restarts", 0), ("nat_port_allocation_errors", -1),
     ("nat_dropped_packets", -5), ("load_balancer_5xx", -1), ("target_5xx", -1),
     ("target_response_seconds", 0)],
)  # fmt: skip
def test_counts_have_a_floor(field: str, value: int) -> None:
    (line,) = _lines(**{field: value})
    assert line.startswith(f"{S}.{field} = {value}: ")


def test_datapoints_fit_the_window() -> None:
    assert _lines(evaluation_periods=2, datapoints_to_alarm=3) == (
        f"{S}.datapoints_to_alarm = 3: expected at most evaluation_periods (2)",
    )


def test_window_stays_within_a_day() -> None:
    assert _lines(period_seconds=3600, evaluation_periods=25) == (
        f"{S}.evaluation_periods = 25: with period_seconds = 3600 the window exceeds one "
        "day, CloudWatch's limit",
    )


def test_unknown_keys_are_typos() -> None:
    assert _lines(cpu=1) == (f"{S}.cpu = 1: unknown setting (a typo?)",)
