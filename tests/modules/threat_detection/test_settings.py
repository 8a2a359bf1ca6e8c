"""ThreatDetectionSettings and FindingRoutes: defaults, the add-on's dependency on Runtime
Monitoring, the routing table and bad values."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.threat_detection import (
    LEVEL_RANGES,
    FindingRoutes,
    ThreatDetectionSettings,
)


def _lines(model: type[Any], **values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        model(**values)
    lines: tuple[str, ...] = caught.value.lines
    return lines


def test_defaults() -> None:
    settings = ThreatDetectionSettings()
    assert settings.enabled is True
    assert settings.finding_publishing_frequency == "FIFTEEN_MINUTES"
    assert (
        settings.eks_audit_logs,
        settings.runtime_monitoring,
        settings.eks_addon_management,
        settings.rds_login_events,
        settings.s3_data_events,
    ) == (True, True, True, True, True)
    assert settings.routes.routes() == {
        "critical": "critical",
        "high": "critical",
        "medium": "warning",
        "low": "info",
    }


def test_levels_cover_guarddutys_range_without_gaps() -> None:
    bounds = sorted(LEVEL_RANGES.values())
    assert bounds[0][0] == 1.0
    assert bounds[-1][1] == 10.0
    assert all(lower[1] == upper[0] for lower, upper in itertools.pairwise(bounds))


def test_a_level_can_be_left_unrouted_or_rerouted() -> None:
    routes = FindingRoutes(low=None, medium="info")
    assert routes.routes() == {"critical": "critical", "high": "critical", "medium": "info"}


def test_addon_needs_runtime_monitoring() -> None:
    assert _lines(ThreatDetectionSettings, runtime_monitoring=False) == (
        "ThreatDetectionSettings.eks_addon_management = True: expected false when "
        "runtime_monitoring = false (the add-on is Runtime Monitoring's agent)",
    )
    settings = ThreatDetectionSettings(runtime_monitoring=False, eks_addon_management=False)
    assert settings.runtime_monitoring is False


def test_bad_values_name_the_field() -> None:
    (line,) = _lines(ThreatDetectionSettings, finding_publishing_frequency="HOURLY")
    assert line.startswith("ThreatDetectionSettings.finding_publishing_frequency = 'HOURLY': ")
    (line,) = _lines(FindingRoutes, high="page")
    assert line.startswith("FindingRoutes.high = 'page': ")
