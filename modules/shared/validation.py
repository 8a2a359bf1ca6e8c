"""Checks and annotated types shared by every settings model (cdktf-free).

Each AWS rule that more than one module needs lives here once: CloudWatch Logs retention
values, Regions, account ids, CIDR blocks, maintenance and backup windows, KMS deletion
windows, address labels. The annotated types (``LogRetentionDays``, ``Region``, ...)
carry a :class:`Rule` that the generated module READMEs print in their settings tables.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from pydantic import AfterValidator, Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from .regions import AWS_REGIONS


@dataclass(frozen=True)
class Rule:
    """Human-readable statement of a check, shown in the generated settings tables."""

    text: str


CLOUDWATCH_LOG_RETENTION_DAYS: frozenset[int] = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557}
    | {2922, 3288, 3653}
)
"""The values CloudWatch Logs accepts for ``retention_in_days`` (PutRetentionPolicy API
reference). 0, never expire, is deliberately not offered."""

_CLOCK = r"([01][0-9]|2[0-3]):([0-5][0-9])"
_DAY = r"(mon|tue|wed|thu|fri|sat|sun)"
_DAILY_WINDOW = re.compile(rf"^{_CLOCK}-{_CLOCK}$")
_WEEKLY_WINDOW = re.compile(rf"^{_DAY}:{_CLOCK}-{_DAY}:{_CLOCK}$")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MINUTES_PER_DAY = 24 * 60
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY


# -- plain checks (each returns the value or raises ValueError "expected ...") ---------


def matching(pattern: str, expected: str) -> Callable[[str], str]:
    """A check that a whole string matches ``pattern`` (ASCII classes: ``\\d`` is 0-9),
    raising ``ValueError(expected)`` otherwise. For the many naming rules that are one
    regular expression each."""
    compiled = re.compile(pattern, re.ASCII)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(expected)
        return value

    check.__doc__ = expected.removeprefix("expected ").capitalize()
    return check


def check_region(region: str) -> str:
    """A Region of :data:`AWS_REGIONS`."""
    if region not in AWS_REGIONS:
        raise ValueError(
            "unknown AWS region; expected one of platform_cdktf.modules.shared.regions."
            "AWS_REGIONS, e.g. us-east-1"
        )
    return region


def check_log_retention(days: int) -> int:
    """A retention CloudWatch Logs accepts."""
    if days not in CLOUDWATCH_LOG_RETENTION_DAYS:
        raise ValueError(
            f"expected one of the CloudWatch Logs retention values "
            f"{sorted(CLOUDWATCH_LOG_RETENTION_DAYS)}"
        )
    return days


check_account_id = matching(r"[0-9]{12}", "expected a 12-digit AWS account id")

check_slug = matching(
    r"[a-z](?!.*--)[a-z0-9-]*[a-z0-9]",
    "expected lowercase letters, digits and single hyphens, starting with a letter and "
    "ending with a letter or digit",
)


def check_name(value: str, *, longest: int) -> str:
    """A resource name prefix: a :func:`check_slug` of at most ``longest`` characters
    (names derived from it must fit the limits of the resources that carry them)."""
    check_slug(value)
    if len(value) > longest:
        raise ValueError(f"expected at most {longest} characters, got {len(value)}")
    return value


check_label = matching(
    r"[a-z][a-z0-9_]{0,39}",
    "expected snake_case starting with a letter, at most 40 characters (the label becomes "
    "part of a Terraform address)",
)


def check_labels(labelled: Mapping[str, Any]) -> Mapping[str, Any]:
    """Every key of ``labelled`` is a :func:`check_label` label."""
    for label in labelled:
        try:
            check_label(label)
        except ValueError as error:
            raise ValueError(f"label {label!r}: {error}") from None
    return labelled


def parse_network(value: str) -> ipaddress.IPv4Network:
    """An IPv4 CIDR block whose host bits are zero, or a ValueError saying so."""
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as error:
        raise ValueError(f"expected an IPv4 CIDR block such as 10.0.0.0/16 ({error})") from None


def check_cidr(value: str, *, shortest: int = 0, longest: int = 32) -> str:
    """An IPv4 CIDR block with a prefix length from ``shortest`` to ``longest``."""
    network = parse_network(value)
    if not shortest <= network.prefixlen <= longest:
        raise ValueError(f"expected a prefix length between /{shortest} and /{longest}")
    return str(network)


# -- windows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A time window as a start minute and a length, on a daily or weekly clock."""

    start: int
    """Minutes since midnight (daily) or since Monday 00:00 (weekly), UTC."""
    length: int
    """Length in minutes; a window may wrap past midnight or the end of the week."""
    cycle: int
    """Minutes in one cycle: a day or a week."""


def _clock(hours: str, minutes: str) -> int:
    return int(hours) * 60 + int(minutes)


def parse_daily_window(window: str) -> Window:
    """``hh24:mi-hh24:mi`` (UTC), e.g. ``03:00-04:00``."""
    match = _DAILY_WINDOW.fullmatch(window)
    if not match:
        raise ValueError("expected a daily UTC window hh24:mi-hh24:mi such as 03:00-04:00")
    start = _clock(match[1], match[2])
    end = _clock(match[3], match[4])
    return Window(start, (end - start) % _MINUTES_PER_DAY, _MINUTES_PER_DAY)


def parse_weekly_window(window: str) -> Window:
    """``ddd:hh24:mi-ddd:hh24:mi`` (UTC), e.g. ``sun:04:30-sun:05:30``."""
    match = _WEEKLY_WINDOW.fullmatch(window)
    if not match:
        raise ValueError(
            "expected a weekly UTC window ddd:hh24:mi-ddd:hh24:mi such as sun:04:30-sun:05:30"
        )
    start = _DAYS.index(match[1]) * _MINUTES_PER_DAY + _clock(match[2], match[3])
    end = _DAYS.index(match[4]) * _MINUTES_PER_DAY + _clock(match[5], match[6])
    return Window(start, (end - start) % _MINUTES_PER_WEEK, _MINUTES_PER_WEEK)


def check_window(window: str, *, weekly: bool, minimum_minutes: int) -> str:
    """A well-formed UTC window at least ``minimum_minutes`` long."""
    parsed = parse_weekly_window(window) if weekly else parse_daily_window(window)
    if parsed.length < minimum_minutes:
        raise ValueError(
            f"the window lasts {parsed.length} minutes; AWS requires at least {minimum_minutes}"
        )
    return window


def windows_overlap(daily: str, weekly: str) -> bool:
    """Whether a daily window (``03:00-04:00``) meets a weekly one (``sun:04:30-sun:05:30``).

    Both must be well-formed; either may wrap past midnight or the end of the week.
    """
    day = parse_daily_window(daily)
    week = parse_weekly_window(weekly)
    for weekday in range(7):
        start = weekday * _MINUTES_PER_DAY + day.start
        # Two windows meet when either starts inside the other (distances around the week).
        if (start - week.start) % _MINUTES_PER_WEEK < week.length or (
            week.start - start
        ) % _MINUTES_PER_WEEK < day.length:
            return True
    return False


class WindowRule:
    """A UTC window of at least ``minutes`` (``weekly``: ``ddd:hh24:mi-ddd:hh24:mi``, else
    ``hh24:mi-hh24:mi``): the check of an annotated window type and, as :class:`Rule`
    does, its documented rule (``text``)."""

    def __init__(self, *, minutes: int, weekly: bool) -> None:
        shape = "ddd:hh24:mi-ddd:hh24:mi" if weekly else "hh24:mi-hh24:mi"
        self.text = f"{shape} UTC, at least {minutes} minutes"
        self.check = partial(check_window, weekly=weekly, minimum_minutes=minutes)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))


# -- annotated types --------------------------------------------------------------------

Region = Annotated[str, AfterValidator(check_region), Rule("a known AWS Region")]
"""An AWS Region name such as ``us-east-1``."""

AccountId = Annotated[str, AfterValidator(check_account_id), Rule("12 digits")]
"""A 12-digit AWS account id."""

LogRetentionDays = Annotated[
    int,
    AfterValidator(check_log_retention),
    Rule("a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, ... 3653)"),
]
"""Days a CloudWatch Logs group keeps events."""

KeyDeletionWindowDays = Annotated[int, Field(ge=7, le=30)]
"""Waiting period of a KMS key's scheduled deletion (KMS: 7 to 30 days)."""

Port = Annotated[int, Field(ge=1, le=65535)]
"""A TCP port."""

RdsDailyWindow = Annotated[str, WindowRule(minutes=30, weekly=False)]
"""A daily RDS window: ``hh24:mi-hh24:mi`` in UTC, at least 30 minutes (RDS API,
PreferredBackupWindow: "Must be at least 30 minutes")."""

RdsWeeklyWindow = Annotated[str, WindowRule(minutes=30, weekly=True)]
"""A weekly RDS window: ``ddd:hh24:mi-ddd:hh24:mi`` in UTC, at least 30 minutes (RDS API,
PreferredMaintenanceWindow: "Must be at least 30 minutes")."""

ElastiCacheDailyWindow = Annotated[str, WindowRule(minutes=60, weekly=False)]
"""A daily ElastiCache window, at least 60 minutes (hashicorp/aws docs of
``aws_elasticache_replication_group.snapshot_window``: "The minimum snapshot window is a
60 minute period")."""

ElastiCacheWeeklyWindow = Annotated[str, WindowRule(minutes=60, weekly=True)]
"""A weekly ElastiCache window, at least 60 minutes (ElastiCache API,
PreferredMaintenanceWindow: "The minimum maintenance window is a 60 minute period")."""

NamePrefix = Annotated[
    str,
    Field(min_length=2, max_length=20),
    AfterValidator(check_slug),
    Rule("lowercase letters, digits and single hyphens"),
]
"""Prefix of resource names: kept short because ElastiCache and load balancer names are."""

AddressLabel = Annotated[
    str, AfterValidator(check_label), Rule("snake_case, at most 40 characters")
]
"""A label that becomes part of a Terraform address."""
