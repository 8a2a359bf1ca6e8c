"""Props checks shared by the data-layer modules: each error names field, value, expectation."""

from __future__ import annotations

import re
from collections.abc import Mapping

CLOUDWATCH_LOG_RETENTION_DAYS: frozenset[int] = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557}
    | {2922, 3288, 3653}
)
"""Retention values CloudWatch Logs accepts, in days."""

_DAILY_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
_WEEKLY_WINDOW = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d"
    r"-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$"
)
_LABEL = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def check_range(field_name: str, value: int, low: int, high: int) -> None:
    """``low <= value <= high`` or a ValueError naming the field."""
    if not low <= value <= high:
        raise ValueError(f"{field_name} = {value}: expected {low} to {high}")


def check_log_retention(field_name: str, days: int) -> None:
    """A retention CloudWatch Logs accepts."""
    if days not in CLOUDWATCH_LOG_RETENTION_DAYS:
        raise ValueError(
            f"{field_name} = {days}: expected one of the CloudWatch Logs retention values "
            f"{sorted(CLOUDWATCH_LOG_RETENTION_DAYS)}"
        )


def check_daily_window(field_name: str, window: str) -> None:
    """A daily UTC window ``hh24:mi-hh24:mi`` (RDS backup, ElastiCache snapshot)."""
    if not _DAILY_WINDOW.match(window):
        raise ValueError(f"{field_name} = {window!r}: expected hh24:mi-hh24:mi in UTC")


def check_weekly_window(field_name: str, window: str) -> None:
    """A weekly UTC window ``ddd:hh24:mi-ddd:hh24:mi`` (maintenance windows)."""
    if not _WEEKLY_WINDOW.match(window):
        raise ValueError(
            f"{field_name} = {window!r}: expected ddd:hh24:mi-ddd:hh24:mi in UTC, "
            "e.g. sun:04:30-sun:05:30"
        )


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEK = 7 * 24 * 60


def _minute(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def windows_overlap(daily: str, weekly: str) -> bool:
    """Whether a daily window (``03:00-04:00``) meets a weekly one (``sun:04:30-sun:05:30``).

    Both must be well-formed (see the checks above); windows may wrap past midnight
    or the end of the week.
    """
    start, end = (_minute(part) for part in daily.split("-"))
    daily_length = (end - start) % (24 * 60)
    first, last = weekly.split("-")
    weekly_start = _DAYS.index(first[:3]) * 24 * 60 + _minute(first[4:])
    weekly_end = _DAYS.index(last[:3]) * 24 * 60 + _minute(last[4:])
    weekly_length = (weekly_end - weekly_start) % _WEEK
    for day in range(7):
        daily_start = day * 24 * 60 + start
        # Distance from each start to the other, around the week: overlap when either
        # window starts inside the other.
        if (daily_start - weekly_start) % _WEEK < weekly_length or (
            weekly_start - daily_start
        ) % _WEEK < daily_length:
            return True
    return False


def check_labels(field_name: str, labelled: Mapping[str, str]) -> None:
    """Labels of a mapping become parts of Terraform addresses: short snake_case."""
    for label in labelled:
        if not _LABEL.match(label):
            raise ValueError(
                f"{field_name}: label {label!r} must be snake_case, start with a letter and "
                "have at most 40 characters (it becomes part of a Terraform address)"
            )
