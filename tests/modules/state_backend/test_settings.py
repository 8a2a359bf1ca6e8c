"""Where Terraform state lives: bucket and table naming rules, retention, state keys."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.state_backend import StateBackendSettings

BUCKET_EXPECTED = (
    "expected an S3 bucket name of 3-63 lowercase letters, digits and hyphens, starting and "
    "ending with a letter or digit"
)
TABLE_EXPECTED = "expected a DynamoDB table name of 3-255 characters [A-Za-z0-9_.-]"


def _settings(**overrides: Any) -> StateBackendSettings:
    values: dict[str, Any] = {
        "bucket": "unit-state",
        "lock_table": "unit-locks",
        "region": "us-east-1",
    }
    return StateBackendSettings(**{**values, **overrides})


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _settings(**overrides)
    return caught.value.lines


def test_defaults() -> None:
    settings = _settings()
    assert settings.use_lockfile is False
    assert settings.noncurrent_version_retention_days == 90


@pytest.mark.parametrize("field", ["bucket", "lock_table", "region"])
def test_bucket_table_and_region_are_required(field: str) -> None:
    values = {"bucket": "unit-state", "lock_table": "unit-locks", "region": "us-east-1"}
    del values[field]
    with pytest.raises(SettingsError) as caught:
        StateBackendSettings(**values)
    assert caught.value.lines == (f"StateBackendSettings.{field}: required setting is missing",)


@pytest.mark.parametrize(
    "bucket",
    [
        "abc",
        "b" * 63,
        "unit-state",
        "1bucket",
        "platform-state-123456789012",
        "a-b",
        "my-xn--bucket",  # reserved prefixes and suffixes only count at the ends
        "state-s3alias-copy",
    ],
)
def test_good_bucket_names_are_accepted(bucket: str) -> None:
    assert _settings(bucket=bucket).bucket == bucket


@pytest.mark.parametrize(
    "bucket",
    [
        "ab",
        "b" * 64,
        "Unit-state",
        "unit_state",
        "-state",
        "state-",
        "unit.state",  # dots are legal in S3 but break TLS for virtual-hosted requests
        "192.168.5.4",
        "xn--state",
        "sthree-state",
        "sthree-configurator-state",
        "amzn-s3-demo-state",
        "state-s3alias",
        "state--ol-s3",
        "state--x-s3",
        "state--table-s3",
        "unit state",
    ],
)
def test_bad_bucket_names_are_rejected(bucket: str) -> None:
    assert _lines(bucket=bucket) == (
        f"StateBackendSettings.bucket = {bucket!r}: {BUCKET_EXPECTED}",
    )


@pytest.mark.parametrize(
    "table", ["abc", "t" * 255, "unit-locks", "Unit_Locks.v2", "terraform-locks-123456789012"]
)
def test_good_table_names_are_accepted(table: str) -> None:
    assert _settings(lock_table=table).lock_table == table


@pytest.mark.parametrize("table", ["ab", "t" * 256, "unit locks", "unit/locks", "locks#1", ""])
def test_bad_table_names_are_rejected(table: str) -> None:
    assert _lines(lock_table=table) == (
        f"StateBackendSettings.lock_table = {table!r}: {TABLE_EXPECTED}",
    )


def test_region_must_be_known() -> None:
    (line,) = _lines(region="us-east1")
    assert line.startswith("StateBackendSettings.region = 'us-east1': unknown AWS region")


@pytest.mark.parametrize("days", [1, 90, 3650])
def test_retention_bounds_are_accepted(days: int) -> None:
    assert _settings(noncurrent_version_retention_days=days).noncurrent_version_retention_days == (
        days
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "Input should be greater than or equal to 1"),
        (-1, "Input should be greater than or equal to 1"),
        (3651, "Input should be less than or equal to 3650"),
    ],
)
def test_retention_must_be_positive_and_at_most_ten_years(days: int, expected: str) -> None:
    assert _lines(noncurrent_version_retention_days=days) == (
        f"StateBackendSettings.noncurrent_version_retention_days = {days}: {expected}",
    )


def test_every_bad_field_is_reported() -> None:
    assert _lines(bucket="ab", lock_table="ab", lockfile=True) == (
        f"StateBackendSettings.bucket = 'ab': {BUCKET_EXPECTED}",
        f"StateBackendSettings.lock_table = 'ab': {TABLE_EXPECTED}",
        "StateBackendSettings.lockfile = True: unknown setting (a typo?)",
    )


@pytest.mark.parametrize(
    ("environment", "stack", "key"),
    [("prod", "core", "prod/core.tfstate"), ("dev", "platform", "dev/platform.tfstate")],
)
def test_state_key_of_one_stack(environment: str, stack: str, key: str) -> None:
    assert _settings().state_key(environment, stack) == key
