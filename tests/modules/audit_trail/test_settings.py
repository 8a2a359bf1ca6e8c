"""AuditTrailSettings and ArchiveSettings: defaults, the lifecycle's limits and the
cross-field checks, with their error lines."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.audit_trail import (
    ArchiveSettings,
    AuditTrailSettings,
    TrailAlarmSettings,
)
from platform_cdktf.modules.shared.settings import SettingsError


def _lines(model: type[Any], **values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        model(**values)
    lines: tuple[str, ...] = caught.value.lines
    return lines


def test_defaults() -> None:
    settings = AuditTrailSettings()
    assert settings.enabled is True
    assert settings.record_state_data_events is True
    assert settings.log_retention_days == 365
    assert settings.key_deletion_window_days == 30
    assert settings.archive == ArchiveSettings(
        transition_after_days=90,
        storage_class="GLACIER_IR",
        retention_days=2557,
        noncurrent_version_retention_days=30,
    )
    assert settings.alarms == TrailAlarmSettings(
        root_account_usage="critical",
        cloudtrail_changes="critical",
        unauthorized_api_calls="warning",
        unauthorized_api_calls_threshold=10,
    )


def test_log_retention_is_a_cloudwatch_value() -> None:
    (line,) = _lines(AuditTrailSettings, log_retention_days=100)
    assert line.startswith("AuditTrailSettings.log_retention_days = 100: expected one of ")


def test_data_events_need_the_trail() -> None:
    assert _lines(AuditTrailSettings, enabled=False) == (
        "AuditTrailSettings.record_state_data_events = True: expected false when enabled = "
        "false (data events are recorded by the trail)",
    )
    assert not AuditTrailSettings(enabled=False, record_state_data_events=False).enabled


@pytest.mark.parametrize(
    ("storage_class", "minimum"),
    [("STANDARD_IA", 30), ("GLACIER_IR", 90), ("GLACIER", 90), ("DEEP_ARCHIVE", 180)],
)
def test_expiry_comes_after_the_cold_class_minimum(storage_class: str, minimum: int) -> None:
    lines = _lines(
        ArchiveSettings,
        storage_class=storage_class,
        transition_after_days=30,
        retention_days=30 + minimum - 1,
    )
    assert lines == (
        f"ArchiveSettings.retention_days = {30 + minimum - 1}: expected at least "
        f"transition_after_days + {minimum} ({30 + minimum}): {storage_class} bills "
        f"{minimum} days of storage, and S3 expires only after the transition",
    )
    accepted = ArchiveSettings(
        storage_class=storage_class, transition_after_days=30, retention_days=30 + minimum
    )
    assert accepted.retention_days == 30 + minimum


def test_standard_ia_needs_thirty_days_first() -> None:
    assert _lines(ArchiveSettings, storage_class="STANDARD_IA", transition_after_days=29) == (
        "ArchiveSettings.transition_after_days = 29: expected at least 30 for STANDARD_IA "
        "(S3 moves objects there only after 30 days)",
    )


def test_unknown_storage_class() -> None:
    (line,) = _lines(ArchiveSettings, storage_class="ONEZONE")
    assert line.startswith("ArchiveSettings.storage_class = 'ONEZONE': ")


def test_alarm_settings_are_checked() -> None:
    (line,) = _lines(TrailAlarmSettings, root_account_usage="page")
    assert line.startswith("TrailAlarmSettings.root_account_usage = 'page': ")
    (line,) = _lines(TrailAlarmSettings, unauthorized_api_calls_threshold=0)
    assert line.startswith("TrailAlarmSettings.unauthorized_api_calls_threshold = 0: ")
