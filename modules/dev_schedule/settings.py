"""When a non-production environment is stopped and started again (cdktf-free settings)."""

from __future__ import annotations

import functools
import re
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, Field, model_validator

from ..shared.settings import Settings, problem_if, raise_problems
from ..shared.validation import Rule

Day = Literal["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
"""A day of the week as EventBridge Scheduler's cron expressions spell it."""

WEEK: tuple[Day, ...] = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


def check_time_zone(name: str) -> str:
    """An IANA time zone name known to this machine's tz database (``zoneinfo``), e.g.
    ``Europe/Berlin``; EventBridge Scheduler's ``ScheduleExpressionTimezone`` takes these
    names (EventBridge Scheduler User Guide, "Schedule types": time zones)."""
    # available_timezones() also refuses names that zoneinfo would resolve from a file
    # that is not a zone (e.g. "posixrules" or a directory).
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"{name!r} is not an IANA time zone") from error
    if name not in _known_time_zones():
        raise ValueError(f"{name!r} is not an IANA time zone")
    return name


@functools.cache
def _known_time_zones() -> frozenset[str]:
    # available_timezones() walks the whole tz database on every call (about 17 ms here):
    # once per process is enough, every environment's settings ask again.
    return frozenset(available_timezones())


def check_clock(value: str) -> str:
    """A time of day as ``HH:MM``, 24-hour clock."""
    if not _CLOCK.match(value):
        raise ValueError("expected HH:MM on a 24-hour clock")
    return value


TimeZone = Annotated[
    str, AfterValidator(check_time_zone), Rule("an IANA time zone, e.g. Europe/Berlin")
]
Clock = Annotated[str, AfterValidator(check_clock), Rule("HH:MM on a 24-hour clock")]


def cron(clock: str, days: tuple[Day, ...]) -> str:
    """The EventBridge Scheduler cron expression firing at ``clock`` on ``days``:
    ``cron(minutes hours day-of-month month day-of-week year)``, with ``?`` for the
    day of month because the day of week is given (EventBridge Scheduler User Guide,
    "Schedule types": cron-based schedules)."""
    hours, minutes = clock.split(":")
    return f"cron({int(minutes)} {int(hours)} ? * {','.join(days)} *)"


class DevScheduleSettings(Settings):
    """When a non-production environment is stopped and started again.

    At ``stop_at`` on each of ``days`` the Aurora cluster is stopped and every managed node
    group is scaled to zero nodes; at ``start_at`` on the same days the cluster is started
    and the node groups get their configured sizes back. Times are wall-clock times of
    ``time_zone`` (daylight saving time is followed). Refused in production (rule PROD-11).

    A stopped Aurora cluster is started again by AWS after seven days (Amazon Aurora User
    Guide, "Stopping and starting an Amazon Aurora DB cluster"): keep the longest stop
    (the weekend) shorter than that.
    """

    time_zone: TimeZone
    """IANA time zone of ``start_at`` and ``stop_at``, e.g. ``Europe/Berlin``."""
    start_at: Clock = "07:00"
    """When the environment is started, ``HH:MM``. Default: 07:00."""
    stop_at: Clock = "20:00"
    """When the environment is stopped, ``HH:MM``. Default: 20:00."""
    days: tuple[Day, ...] = Field(default=("MON", "TUE", "WED", "THU", "FRI"), min_length=1)
    """Days on which the environment is started and stopped (``MON`` .. ``SUN``); on the
    other days it stays as the last stop left it. Default: Monday to Friday."""

    @model_validator(mode="after")
    def _sensible(self) -> Self:
        raise_problems(
            problem_if(
                self.stop_at <= self.start_at,
                "stop_at",
                self.stop_at,
                f"expected later than start_at ({self.start_at}) on the same day",
            ),
            problem_if(
                len(set(self.days)) != len(self.days),
                "days",
                list(self.days),
                "expected each day once",
            ),
        )
        return self

    @property
    def ordered_days(self) -> tuple[Day, ...]:
        """:attr:`days` in week order."""
        return tuple(day for day in WEEK if day in self.days)

    @property
    def start_expression(self) -> str:
        """Cron expression of the start schedule."""
        return cron(self.start_at, self.ordered_days)

    @property
    def stop_expression(self) -> str:
        """Cron expression of the stop schedule."""
        return cron(self.stop_at, self.ordered_days)

    @property
    def longest_stop_days(self) -> float:
        """Longest time the environment stays stopped, in days (from a stop to the next
        start, wrapping around the week)."""
        minutes = [self._minutes(day, self.start_at) for day in self.ordered_days]
        stops = [self._minutes(day, self.stop_at) for day in self.ordered_days]
        week = 7 * 24 * 60
        longest = max(min((start - stop) % week for start in minutes) for stop in stops)
        return longest / (24 * 60)

    @staticmethod
    def _minutes(day: Day, clock: str) -> int:
        hours, minutes = clock.split(":")
        return (WEEK.index(day) * 24 + int(hours)) * 60 + int(minutes)
