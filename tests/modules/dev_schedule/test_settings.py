"""DevScheduleSettings on its own: the time zone, the clock times, the days and the cron
expressions they make."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.dev_schedule import DevScheduleSettings, cron
from platform_cdktf.modules.shared.settings import SettingsError

S = "DevScheduleSettings"


def _lines(**values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        DevScheduleSettings(**values)
    return caught.value.lines


def test_defaults_are_weekday_office_hours() -> None:
    settings = DevScheduleSettings(time_zone="Europe/Berlin")
    assert (settings.start_at, settings.stop_at) == ("07:00", "20:00")
    assert settings.days == ("MON", "TUE", "WED", "THU", "FRI")
    assert settings.start_expression == "cron(0 7 ? * MON,TUE,WED,THU,FRI *)"
    assert settings.stop_expression == "cron(0 20 ? * MON,TUE,WED,THU,FRI *)"


def test_time_zone_is_required() -> None:
    assert _lines() == (f"{S}.time_zone: required setting is missing",)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "CEST", "europe/berlin", ""])
def test_time_zone_must_be_an_iana_name(zone: str) -> None:
    assert _lines(time_zone=zone) == (
        f"{S}.time_zone = {zone!r}: {zone!r} is not an IANA time zone",
    )


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_iana_names_are_accepted(zone: str) -> None:
    assert DevScheduleSettings(time_zone=zone).time_zone == zone


@pytest.mark.parametrize("clock", ["7:00", "24:00", "07:60", "0700"])
def test_clock_times_are_hh_mm(clock: str) -> None:
    assert _lines(time_zone="UTC", start_at=clock) == (
        f"{S}.start_at = {clock!r}: expected HH:MM on a 24-hour clock",
    )


def test_stop_comes_after_start() -> None:
    assert _lines(time_zone="UTC", start_at="08:00", stop_at="08:00") == (
        f"{S}.stop_at = '08:00': expected later than start_at (08:00) on the same day",
    )


def test_days_are_distinct_and_known() -> None:
    assert _lines(time_zone="UTC", days=("MON", "MON")) == (
        f"{S}.days = ['MON', 'MON']: expected each day once",
    )
    (line,) = _lines(time_zone="UTC", days=("MONDAY",))
    assert line.startswith(f"{S}.days[0] = 'MONDAY': ")


def test_days_come_out_in_week_order_with_minutes() -> None:
    settings = DevScheduleSettings(
        time_zone="UTC", days=("SUN", "MON"), start_at="06:30", stop_at="18:05"
    )
    assert settings.start_expression == "cron(30 6 ? * MON,SUN *)"
    assert settings.stop_expression == "cron(5 18 ? * MON,SUN *)"
    assert cron("00:00", ("TUE",)) == "cron(0 0 ? * TUE *)"


def test_the_longest_stop_stays_under_auroras_seven_days() -> None:
    # Aurora starts a stopped cluster by itself after seven days: even one day a week
    # leaves the cluster stopped for less than that.
    weekdays = DevScheduleSettings(time_zone="UTC")
    assert weekdays.longest_stop_days == pytest.approx(2 + 11 / 24)
    once = DevScheduleSettings(time_zone="UTC", days=("WED",))
    assert once.longest_stop_days == pytest.approx(6 + 11 / 24)
