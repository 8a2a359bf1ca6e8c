"""Every shared check and annotated type: Regions, retention values, account ids, slugs,
names, labels, CIDR blocks, and daily and weekly windows with their overlap."""

from __future__ import annotations

import ipaddress
from typing import Any, get_args

import pytest

from platform_cdktf.modules.shared.regions import AWS_REGIONS
from platform_cdktf.modules.shared.settings import Settings, SettingsError
from platform_cdktf.modules.shared.validation import (
    CLOUDWATCH_LOG_RETENTION_DAYS,
    AccountId,
    AddressLabel,
    ElastiCacheDailyWindow,
    ElastiCacheWeeklyWindow,
    KeyDeletionWindowDays,
    LogRetentionDays,
    NamePrefix,
    Port,
    RdsDailyWindow,
    RdsWeeklyWindow,
    Region,
    Rule,
    Window,
    WindowRule,
    check_account_id,
    check_cidr,
    check_label,
    check_labels,
    check_log_retention,
    check_name,
    check_region,
    check_slug,
    check_window,
    parse_daily_window,
    parse_network,
    parse_weekly_window,
    windows_overlap,
)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = 24 * 60
WEEK = 7 * DAY

REGION_EXPECTED = (
    "unknown AWS region; expected one of platform_cdktf.modules.shared.regions.AWS_REGIONS, "
    "e.g. us-east-1"
)
SLUG_EXPECTED = (
    "expected lowercase letters, digits and single hyphens, starting with a letter and "
    "ending with a letter or digit"
)
LABEL_EXPECTED = (
    "expected snake_case starting with a letter, at most 40 characters (the label becomes "
    "part of a Terraform address)"
)
DAILY_EXPECTED = "expected a daily UTC window hh24:mi-hh24:mi such as 03:00-04:00"
WEEKLY_EXPECTED = "expected a weekly UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:30-sun:05:30"


class Probe(Settings):
    """One optional field of every annotated type, to read the error lines they give."""

    region: Region | None = None
    account_id: AccountId | None = None
    retention: LogRetentionDays | None = None
    deletion_window: KeyDeletionWindowDays | None = None
    port: Port | None = None
    rds_daily: RdsDailyWindow | None = None
    rds_weekly: RdsWeeklyWindow | None = None
    cache_daily: ElastiCacheDailyWindow | None = None
    cache_weekly: ElastiCacheWeeklyWindow | None = None
    name_prefix: NamePrefix | None = None
    label: AddressLabel | None = None


def _line(**values: Any) -> str:
    with pytest.raises(SettingsError) as caught:
        Probe(**values)
    (line,) = caught.value.lines
    return line


# -- Regions -----------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-7", "mx-central-1"])
def test_known_regions_are_accepted(region: str) -> None:
    assert check_region(region) == region
    assert Probe(region=region).region == region


@pytest.mark.parametrize("region", ["us-east1", "US-EAST-1", "us-east-9", "", "us-gov-west-1"])
def test_unknown_regions_are_rejected(region: str) -> None:
    with pytest.raises(ValueError, match="unknown AWS region"):
        check_region(region)
    assert _line(region=region) == f"Probe.region = {region!r}: {REGION_EXPECTED}"


def test_region_table_holds_only_commercial_region_names() -> None:
    assert "us-east-1" in AWS_REGIONS
    assert len(AWS_REGIONS) >= 30
    for region in AWS_REGIONS:
        area, _, number = region.rpartition("-")
        assert number.isdigit(), region
        assert area.split("-")[0] in {"af", "ap", "ca", "eu", "il", "me", "mx", "sa", "us"}
        assert not region.startswith(("us-gov-", "cn-", "us-iso"))


# -- CloudWatch Logs retention ---------------------------------------------------------


def test_retention_values_are_the_cloudwatch_list() -> None:
    assert sorted(CLOUDWATCH_LOG_RETENTION_DAYS) == [
        *(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192),
        *(2557, 2922, 3288, 3653),
    ]


@pytest.mark.parametrize("days", sorted(CLOUDWATCH_LOG_RETENTION_DAYS))
def test_every_cloudwatch_retention_is_accepted(days: int) -> None:
    assert check_log_retention(days) == days
    assert Probe(retention=days).retention == days


@pytest.mark.parametrize("days", [0, 2, 31, 366, 730, 3654, -1])
def test_other_retention_values_are_rejected(days: int) -> None:
    expected = (
        f"expected one of the CloudWatch Logs retention values "
        f"{sorted(CLOUDWATCH_LOG_RETENTION_DAYS)}"
    )
    with pytest.raises(ValueError, match="CloudWatch Logs retention values"):
        check_log_retention(days)
    assert _line(retention=days) == f"Probe.retention = {days}: {expected}"


# -- account ids -----------------------------------------------------------------------


@pytest.mark.parametrize("account_id", ["123456789012", "000000000000"])
def test_twelve_digit_account_ids_are_accepted(account_id: str) -> None:
    assert check_account_id(account_id) == account_id
    assert Probe(account_id=account_id).account_id == account_id


@pytest.mark.parametrize(
    "account_id", ["12345678901", "1234567890123", "12345678901a", "1234-5678-9012", ""]
)
def test_other_account_ids_are_rejected(account_id: str) -> None:
    with pytest.raises(ValueError, match="expected a 12-digit AWS account id"):
        check_account_id(account_id)
    assert _line(account_id=account_id) == (
        f"Probe.account_id = {account_id!r}: expected a 12-digit AWS account id"
    )


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (check_account_id, "123456789012\n"),
        (check_account_id, "\u0661" * 12),  # ARABIC-INDIC DIGIT ONE: a digit, not 0-9
        (check_slug, "platform\n"),
        (check_label, "eks_nodes\n"),
        (parse_daily_window, "03:00-04:00\n"),
        (parse_weekly_window, "sun:04:30-sun:05:30\n"),
        (parse_daily_window, "\u0660\u0663:00-04:00"),
    ],
)
def test_checks_match_the_whole_string_in_ascii(check: Any, value: str) -> None:
    """Props are not stripped like settings: a trailing newline must not slip through."""
    with pytest.raises(ValueError, match="expected"):
        check(value)


# -- slugs, names and labels -------------------------------------------------------------


@pytest.mark.parametrize("slug", ["ab", "a1", "platform-dev", "a-b-c", "x9-y8"])
def test_slugs_are_accepted(slug: str) -> None:
    assert check_slug(slug) == slug


@pytest.mark.parametrize(
    "slug", ["Ab", "1a", "a--b", "a-", "-a", "a_b", "a b", "a.b", "", "platform-Dev"]
)
def test_bad_slugs_are_rejected(slug: str) -> None:
    with pytest.raises(ValueError, match="single hyphens") as caught:
        check_slug(slug)
    assert str(caught.value) == SLUG_EXPECTED


def test_name_fits_its_longest_resource() -> None:
    assert check_name("platform-dev", longest=12) == "platform-dev"
    with pytest.raises(ValueError, match=r"^expected at most 11 characters, got 12$"):
        check_name("platform-dev", longest=11)
    with pytest.raises(ValueError, match="single hyphens"):
        check_name("Platform", longest=20)


@pytest.mark.parametrize("prefix", ["ab", "platform", "p" * 20, "team-1"])
def test_name_prefix_accepts_two_to_twenty_slug_characters(prefix: str) -> None:
    assert Probe(name_prefix=prefix).name_prefix == prefix


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("p", "String should have at least 2 characters"),
        ("p" * 21, "String should have at most 20 characters"),
        ("Platform", SLUG_EXPECTED),
        ("plat--form", SLUG_EXPECTED),
    ],
)
def test_name_prefix_rejects_bad_values(prefix: str, expected: str) -> None:
    assert _line(name_prefix=prefix) == f"Probe.name_prefix = {prefix!r}: {expected}"


@pytest.mark.parametrize("label", ["a", "eks_nodes", "jobs2", "a" * 40, "a_b_c"])
def test_labels_are_accepted(label: str) -> None:
    assert check_label(label) == label
    assert Probe(label=label).label == label


@pytest.mark.parametrize("label", ["a" * 41, "Eks", "1a", "eks-nodes", "_a", "", "a b"])
def test_bad_labels_are_rejected(label: str) -> None:
    with pytest.raises(ValueError, match="snake_case"):
        check_label(label)
    assert _line(label=label) == f"Probe.label = {label!r}: {LABEL_EXPECTED}"


def test_labels_of_a_mapping_name_the_bad_key() -> None:
    good = {"eks_nodes": 1, "jobs": 2}
    assert check_labels(good) is good
    with pytest.raises(ValueError, match="snake_case") as caught:
        check_labels({"eks_nodes": 1, "Batch-Jobs": 2})
    assert str(caught.value) == f"label 'Batch-Jobs': {LABEL_EXPECTED}"


# -- numbers with bounds -------------------------------------------------------------------


@pytest.mark.parametrize("days", [7, 30])
def test_key_deletion_window_bounds_are_accepted(days: int) -> None:
    assert Probe(deletion_window=days).deletion_window == days


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (6, "Input should be greater than or equal to 7"),
        (31, "Input should be less than or equal to 30"),
    ],
)
def test_key_deletion_window_outside_kms_bounds_is_rejected(days: int, expected: str) -> None:
    assert _line(deletion_window=days) == f"Probe.deletion_window = {days}: {expected}"


@pytest.mark.parametrize("port", [1, 5432, 65535])
def test_ports_are_accepted(port: int) -> None:
    assert Probe(port=port).port == port


@pytest.mark.parametrize(
    ("port", "expected"),
    [
        (0, "Input should be greater than or equal to 1"),
        (65536, "Input should be less than or equal to 65535"),
    ],
)
def test_bad_ports_are_rejected(port: int, expected: str) -> None:
    assert _line(port=port) == f"Probe.port = {port}: {expected}"


# -- CIDR blocks -----------------------------------------------------------------------------


def test_network_is_parsed() -> None:
    assert parse_network("10.0.0.0/16") == ipaddress.IPv4Network("10.0.0.0/16")


@pytest.mark.parametrize(
    "value", ["10.0.0.1/16", "10.0.0.0/33", "300.0.0.0/8", "not-a-cidr", "::/0", "", "10.0.0/16"]
)
def test_bad_networks_are_rejected(value: str) -> None:
    with pytest.raises(ValueError, match=r"^expected an IPv4 CIDR block such as 10.0.0.0/16 \("):
        parse_network(value)


def test_host_bits_are_named_in_the_message() -> None:
    with pytest.raises(ValueError, match="has host bits set"):
        parse_network("10.0.0.1/16")


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "10.0.0.0/28", "10.0.0.0/20"])
def test_cidr_inside_the_prefix_bounds_is_accepted(cidr: str) -> None:
    assert check_cidr(cidr, shortest=16, longest=28) == cidr


@pytest.mark.parametrize("cidr", ["10.0.0.0/15", "10.0.0.0/29"])
def test_cidr_outside_the_prefix_bounds_is_rejected(cidr: str) -> None:
    with pytest.raises(ValueError, match=r"^expected a prefix length between /16 and /28$"):
        check_cidr(cidr, shortest=16, longest=28)


def test_cidr_defaults_allow_every_prefix_length() -> None:
    assert check_cidr("0.0.0.0/0") == "0.0.0.0/0"
    assert check_cidr("10.1.2.3/32") == "10.1.2.3/32"
    with pytest.raises(ValueError, match="IPv4 CIDR block"):
        check_cidr("10.1.2.3/24")


# -- windows: format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "parsed"),
    [
        ("03:00-04:00", Window(180, 60, DAY)),
        ("00:00-23:59", Window(0, 23 * 60 + 59, DAY)),
        ("23:30-00:30", Window(23 * 60 + 30, 60, DAY)),  # wraps past midnight
        ("05:00-05:00", Window(300, 0, DAY)),
    ],
)
def test_daily_windows_are_parsed(window: str, parsed: Window) -> None:
    assert parse_daily_window(window) == parsed


@pytest.mark.parametrize(
    "window",
    [
        "3:00-04:00",
        "03:00-4:00",
        "24:00-01:00",
        "03:60-04:00",
        "03:00 - 04:00",
        "03:00-04:00 ",
        "03:00",
        "sun:03:00-sun:04:00",
        "",
    ],
)
def test_malformed_daily_windows_are_rejected(window: str) -> None:
    with pytest.raises(ValueError, match=r"^expected a daily UTC window hh24:mi-hh24:mi"):
        parse_daily_window(window)


@pytest.mark.parametrize(("index", "day"), list(enumerate(DAYS)))
def test_weekly_windows_are_parsed_on_every_day(index: int, day: str) -> None:
    assert parse_weekly_window(f"{day}:04:30-{day}:05:30") == Window(index * DAY + 270, 60, WEEK)


@pytest.mark.parametrize(
    ("window", "parsed"),
    [
        ("mon:00:00-sun:23:59", Window(0, WEEK - 1, WEEK)),
        ("sun:23:30-mon:00:30", Window(6 * DAY + 23 * 60 + 30, 60, WEEK)),  # wraps the week
        ("fri:22:00-tue:02:00", Window(4 * DAY + 22 * 60, 3 * DAY + 4 * 60, WEEK)),
    ],
)
def test_weekly_windows_spanning_days_and_the_week_end(window: str, parsed: Window) -> None:
    assert parse_weekly_window(window) == parsed


@pytest.mark.parametrize(
    "window",
    [
        "Sun:04:30-sun:05:30",
        "sun:4:30-sun:05:30",
        "sunday:04:30-sunday:05:30",
        "xyz:04:30-sun:05:30",
        "sun:04:30-05:30",
        "sun:24:00-mon:00:30",
        "04:30-05:30",
        "",
    ],
)
def test_malformed_weekly_windows_are_rejected(window: str) -> None:
    with pytest.raises(ValueError, match=r"^expected a weekly UTC window ddd:hh24:mi"):
        parse_weekly_window(window)


# -- windows: minimum lengths ------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "weekly"),
    [
        ("03:00-03:30", False),
        ("23:45-00:15", False),
        ("sun:05:00-sun:05:30", True),
        ("sun:23:45-mon:00:15", True),
    ],
)
def test_rds_windows_of_thirty_minutes_are_accepted(window: str, weekly: bool) -> None:
    assert check_window(window, weekly=weekly, minimum_minutes=30) == window


@pytest.mark.parametrize(
    ("window", "weekly", "minutes"),
    [
        ("03:00-03:29", False, 29),
        ("23:45-00:14", False, 29),
        ("03:00-03:00", False, 0),
        ("sun:05:00-sun:05:29", True, 29),
        ("sun:23:45-mon:00:14", True, 29),
    ],
)
def test_rds_windows_under_thirty_minutes_are_rejected(
    window: str, weekly: bool, minutes: int
) -> None:
    expected = f"the window lasts {minutes} minutes; AWS requires at least 30"
    with pytest.raises(ValueError, match=f"^{expected}$"):
        check_window(window, weekly=weekly, minimum_minutes=30)
    field = "rds_weekly" if weekly else "rds_daily"
    assert _line(**{field: window}) == f"Probe.{field} = {window!r}: {expected}"


@pytest.mark.parametrize(
    ("window", "weekly"),
    [
        ("03:00-04:00", False),
        ("23:30-00:30", False),
        ("sun:05:00-sun:06:00", True),
        ("sun:23:30-mon:00:30", True),
    ],
)
def test_elasticache_windows_of_sixty_minutes_are_accepted(window: str, weekly: bool) -> None:
    assert check_window(window, weekly=weekly, minimum_minutes=60) == window
    field = "cache_weekly" if weekly else "cache_daily"
    assert getattr(Probe(**{field: window}), field) == window


@pytest.mark.parametrize(
    ("window", "weekly", "minutes"),
    [
        ("03:00-03:59", False, 59),
        ("03:00-03:30", False, 30),
        ("sun:05:00-sun:05:59", True, 59),
        ("sun:23:30-mon:00:29", True, 59),
    ],
)
def test_elasticache_windows_under_sixty_minutes_are_rejected(
    window: str, weekly: bool, minutes: int
) -> None:
    expected = f"the window lasts {minutes} minutes; AWS requires at least 60"
    with pytest.raises(ValueError, match=f"^{expected}$"):
        check_window(window, weekly=weekly, minimum_minutes=60)
    field = "cache_weekly" if weekly else "cache_daily"
    assert _line(**{field: window}) == f"Probe.{field} = {window!r}: {expected}"


def test_window_types_reject_the_other_format() -> None:
    assert _line(rds_daily="sun:03:00-sun:04:00") == (
        f"Probe.rds_daily = 'sun:03:00-sun:04:00': {DAILY_EXPECTED}"
    )
    assert _line(rds_weekly="03:00-04:00") == f"Probe.rds_weekly = '03:00-04:00': {WEEKLY_EXPECTED}"
    assert _line(cache_daily="3:00-04:00") == f"Probe.cache_daily = '3:00-04:00': {DAILY_EXPECTED}"
    assert _line(cache_weekly="sun:03:00") == f"Probe.cache_weekly = 'sun:03:00': {WEEKLY_EXPECTED}"


def test_check_window_takes_any_minimum() -> None:
    assert check_window("03:00-03:05", weekly=False, minimum_minutes=5) == "03:00-03:05"
    with pytest.raises(ValueError, match="lasts 4 minutes; AWS requires at least 5"):
        check_window("03:00-03:04", weekly=False, minimum_minutes=5)


# -- windows: overlap ----------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS)
def test_daily_window_meets_a_weekly_one_on_every_day(day: str) -> None:
    assert windows_overlap("03:00-04:00", f"{day}:03:30-{day}:04:30") is True
    assert windows_overlap("03:00-04:00", f"{day}:02:00-{day}:03:01") is True
    assert windows_overlap("03:00-04:00", f"{day}:04:00-{day}:05:00") is False
    assert windows_overlap("03:00-04:00", f"{day}:02:00-{day}:03:00") is False


@pytest.mark.parametrize(
    ("daily", "weekly", "overlap"),
    [
        # One window inside the other, both ways round.
        ("01:00-05:00", "thu:02:00-thu:02:30", True),
        ("02:00-02:30", "thu:01:00-thu:05:00", True),
        # Adjacent windows do not overlap; one shared minute does.
        ("03:00-04:00", "sun:04:00-sun:05:00", False),
        ("03:00-04:00", "sun:03:59-sun:05:00", True),
        # The daily window wraps past midnight: Monday 23:30 runs into Tuesday 00:30.
        ("23:30-00:30", "tue:00:00-tue:00:30", True),
        ("23:30-00:30", "wed:23:00-wed:23:30", False),
        ("23:30-00:30", "wed:23:00-wed:23:31", True),
        ("23:30-00:30", "wed:00:30-wed:23:30", False),
        # The weekly window wraps past Sunday into Monday.
        ("00:30-00:45", "sun:23:00-mon:01:00", True),
        ("23:30-23:45", "sun:23:00-mon:01:00", True),
        ("01:00-02:00", "sun:23:00-mon:01:00", False),
        ("02:00-03:00", "sun:23:00-mon:01:00", False),
        # Both wrap at once.
        ("23:50-00:10", "sun:23:55-mon:00:05", True),
        # A weekly window of several days meets any daily window in it.
        ("12:00-13:00", "mon:00:00-wed:00:00", True),
        ("12:00-13:00", "fri:22:00-tue:02:00", True),
    ],
)
def test_windows_overlap(daily: str, weekly: str, overlap: bool) -> None:
    assert windows_overlap(daily, weekly) is overlap


def test_overlap_needs_well_formed_windows() -> None:
    with pytest.raises(ValueError, match="daily UTC window"):
        windows_overlap("sun:03:00-sun:04:00", "sun:04:30-sun:05:30")
    with pytest.raises(ValueError, match="weekly UTC window"):
        windows_overlap("03:00-04:00", "04:30-05:30")


# -- the rules shown in the generated settings tables ---------------------------------------


@pytest.mark.parametrize(
    ("annotated", "text"),
    [
        (Region, "a known AWS Region"),
        (AccountId, "12 digits"),
        (LogRetentionDays, "a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, ... 3653)"),
        (RdsDailyWindow, "hh24:mi-hh24:mi UTC, at least 30 minutes"),
        (RdsWeeklyWindow, "ddd:hh24:mi-ddd:hh24:mi UTC, at least 30 minutes"),
        (ElastiCacheDailyWindow, "hh24:mi-hh24:mi UTC, at least 60 minutes"),
        (ElastiCacheWeeklyWindow, "ddd:hh24:mi-ddd:hh24:mi UTC, at least 60 minutes"),
        (NamePrefix, "lowercase letters, digits and single hyphens"),
        (AddressLabel, "snake_case, at most 40 characters"),
    ],
)
def test_annotated_types_carry_their_rule(annotated: Any, text: str) -> None:
    rules = [meta.text for meta in get_args(annotated)[1:] if isinstance(meta, Rule | WindowRule)]
    assert rules == [text]
