"""The Kubernetes support calendar of Amazon EKS, read from ``kubernetes_calendar.toml``.

One loader (:func:`load_calendar`, parsed and validated once, then cached) serves every
consumer: :class:`~.settings.EksSettings` validation, the K8S-01/K8S-02 guardrails and
the cluster autoscaler's chart pin. The data file cites its source and the day it was
reviewed; this module only parses, validates and answers questions about it.

The day of synthesis is :func:`synthesis_date`: today, unless a caller fixed the clock
with :func:`fixed_clock` or ``PLATFORM_SYNTHESIS_DATE`` (tests do; nothing else should).
Imports nothing from cdktf.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

DATA_FILE = "kubernetes_calendar.toml"
"""The data file beside this module (shipped in the wheel as package data)."""

SUPPORT_WARNING = timedelta(days=60)
"""How long before the end of standard support synthesis warns. EKS announces an end of
standard support at least 60 days ahead (Amazon EKS User Guide, "Amazon EKS version
FAQs"), so the warning starts no later than AWS's own notice."""

SupportStatus = Literal["standard", "ending", "extended", "unsupported"]
"""Where a version stands on a day: ``standard`` (in standard support, more than
:data:`SUPPORT_WARNING` left), ``ending`` (in standard support, at most that long left),
``extended`` (extended support: billed extra per cluster hour) or ``unsupported`` (past
extended support: EKS upgrades the control plane itself)."""

_MINOR = re.compile(r"^1\.\d{1,3}$")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


class CalendarDataError(ValueError):
    """``kubernetes_calendar.toml`` is malformed (a bug in the data file, not in input)."""


class UnknownKubernetesVersionError(ValueError):
    """A Kubernetes version the calendar does not list."""


class OutsideStandardSupportError(ValueError):
    """A Kubernetes version is not in EKS standard support on the day of synthesis."""


class NoClusterAutoscalerChartError(ValueError):
    """No released cluster-autoscaler chart ships the Kubernetes minor asked for."""


@dataclass(frozen=True)
class ChartPin:
    """A Helm chart version and the application version it ships."""

    chart: str
    """Exact chart version, e.g. ``9.59.0``."""
    app: str
    """Application version the chart deploys, e.g. ``1.35.0``."""


@dataclass(frozen=True)
class KubernetesRelease:
    """One Kubernetes minor on EKS: its support dates and the pins that follow it."""

    version: str
    """Kubernetes minor, e.g. ``1.35``."""
    eks_release: date
    """Day the version became available on EKS."""
    standard_support_ends: date
    """First day the version is no longer in standard support (extended support is billed
    from 00:00 UTC that day)."""
    extended_support_ends: date
    """First day after extended support: EKS may upgrade the control plane any time."""
    cluster_autoscaler: ChartPin | None
    """The cluster-autoscaler chart whose app minor matches, if one is released."""

    def status(self, today: date) -> SupportStatus:
        """Where this version stands on ``today`` (see :data:`SupportStatus`)."""
        if today >= self.extended_support_ends:
            return "unsupported"
        if today >= self.standard_support_ends:
            return "extended"
        if today >= self.standard_support_ends - SUPPORT_WARNING:
            return "ending"
        return "standard"

    def in_standard_support(self, today: date) -> bool:
        """Whether ``today`` is before the end of standard support."""
        return self.status(today) in ("standard", "ending")


@dataclass(frozen=True)
class KubernetesCalendar:
    """Every Kubernetes minor the platform knows, oldest first, with its source."""

    source: str
    """URL of the AWS release calendar the dates come from."""
    reviewed: date
    """Day the dates and pins were last checked against their sources."""
    autoscaler_chart_source: str
    """URL of the cluster-autoscaler chart whose history the chart pins come from."""
    releases: Mapping[str, KubernetesRelease]
    """The releases by version, oldest first."""

    @property
    def versions(self) -> tuple[str, ...]:
        """Every version of the calendar, oldest first."""
        return tuple(self.releases)

    def release(self, version: str) -> KubernetesRelease:
        """The release of ``version``; :class:`UnknownKubernetesVersionError` if not listed."""
        try:
            return self.releases[version]
        except KeyError:
            raise UnknownKubernetesVersionError(
                f"Kubernetes {version} is not in the EKS support calendar; expected one of "
                f"{list(self.versions)} (modules/eks/kubernetes_calendar.toml)"
            ) from None

    def in_standard_support(self, today: date) -> tuple[str, ...]:
        """The versions in standard support on ``today``, oldest first."""
        return tuple(v for v, r in self.releases.items() if r.in_standard_support(today))

    def check_standard_support(self, version: str, today: date) -> KubernetesRelease:
        """The release of ``version`` if it is in standard support on ``today``, else
        :class:`OutsideStandardSupportError` naming the end date and the versions in support."""
        supported = list(self.in_standard_support(today)) or "none (update the calendar)"
        if version not in self.releases:
            raise UnknownKubernetesVersionError(
                f"Kubernetes {version} is not in the EKS support calendar "
                f"(modules/eks/kubernetes_calendar.toml, reviewed {self.reviewed}); versions "
                f"in standard support: {supported}"
            )
        release = self.releases[version]
        if not release.in_standard_support(today):
            raise OutsideStandardSupportError(
                f"Kubernetes {version} left EKS standard support on "
                f"{release.standard_support_ends} (today is {today}; extended support, billed "
                f"extra, ends {release.extended_support_ends}); versions in standard support: "
                f"{supported}"
            )
        return release

    def cluster_autoscaler_chart(self, version: str) -> ChartPin:
        """The cluster-autoscaler chart of ``version``; :class:`NoClusterAutoscalerChartError`
        if no released chart ships that minor."""
        pin = self.release(version).cluster_autoscaler
        if pin is None:
            with_chart = [v for v, r in self.releases.items() if r.cluster_autoscaler]
            raise NoClusterAutoscalerChartError(
                f"no released cluster-autoscaler chart ships Kubernetes {version} (the "
                "autoscaler's minor must match the cluster's); charts are pinned for "
                f"{with_chart}. Use Karpenter, or another version"
            )
        return pin


_TOP_KEYS = {"source", "reviewed", "autoscaler_chart_source", "versions"}
_RELEASE_KEYS = {"eks_release", "standard_support_ends", "extended_support_ends"}
_CHART_KEYS = {"chart", "app"}


def _minor_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def _date(table: Mapping[str, Any], key: str, where: str) -> date:
    value = table.get(key)
    if not isinstance(value, date):
        raise CalendarDataError(f"{where}.{key} = {value!r}: expected a date (YYYY-MM-DD)")
    return value


def _keys(table: Mapping[str, Any], required: set[str], optional: set[str], where: str) -> None:
    missing = sorted(required - set(table))
    unknown = sorted(set(table) - required - optional)
    if missing or unknown:
        raise CalendarDataError(f"{where}: missing keys {missing}, unknown keys {unknown}")


def _chart(table: object, where: str) -> ChartPin:
    if not isinstance(table, dict):
        raise CalendarDataError(f"{where}: expected a table with chart and app")
    _keys(table, _CHART_KEYS, set(), where)
    chart, app = table["chart"], table["app"]
    if not (isinstance(chart, str) and _SEMVER.match(chart)):
        raise CalendarDataError(f"{where}.chart = {chart!r}: expected an exact version")
    if not (isinstance(app, str) and _SEMVER.match(app)):
        raise CalendarDataError(f"{where}.app = {app!r}: expected an exact version")
    return ChartPin(chart=chart, app=app)


def _release(version: str, table: object) -> KubernetesRelease:
    where = f"versions.{version!r}"
    if not _MINOR.match(version):
        raise CalendarDataError(f"{where}: expected a Kubernetes minor such as 1.35")
    if not isinstance(table, dict):
        raise CalendarDataError(f"{where}: expected a table")
    _keys(table, _RELEASE_KEYS, {"cluster_autoscaler"}, where)
    release = KubernetesRelease(
        version=version,
        eks_release=_date(table, "eks_release", where),
        standard_support_ends=_date(table, "standard_support_ends", where),
        extended_support_ends=_date(table, "extended_support_ends", where),
        cluster_autoscaler=(
            _chart(table["cluster_autoscaler"], f"{where}.cluster_autoscaler")
            if "cluster_autoscaler" in table
            else None
        ),
    )
    if not release.eks_release < release.standard_support_ends < release.extended_support_ends:
        raise CalendarDataError(
            f"{where}: expected eks_release < standard_support_ends < extended_support_ends"
        )
    pin = release.cluster_autoscaler
    if pin is not None and _minor_key(".".join(pin.app.split(".")[:2])) != _minor_key(version):
        raise CalendarDataError(
            f"{where}.cluster_autoscaler.app = {pin.app!r}: the autoscaler's minor must be "
            f"the cluster's ({version})"
        )
    return release


def parse_calendar(data: Mapping[str, Any]) -> KubernetesCalendar:
    """Validate the parsed TOML of a calendar; :class:`CalendarDataError` if malformed."""
    _keys(data, _TOP_KEYS, set(), "calendar")
    for key in ("source", "autoscaler_chart_source"):
        if not (isinstance(data[key], str) and data[key].startswith("https://")):
            raise CalendarDataError(f"calendar.{key} = {data[key]!r}: expected an https URL")
    versions = data["versions"]
    if not isinstance(versions, dict) or not versions:
        raise CalendarDataError("calendar.versions: expected at least one version")
    releases = [_release(version, table) for version, table in versions.items()]
    ordered = sorted(releases, key=lambda r: _minor_key(r.version))
    if [r.version for r in releases] != [r.version for r in ordered]:
        raise CalendarDataError("calendar.versions: expected versions oldest first")
    for older, newer in itertools.pairwise(ordered):
        if not older.standard_support_ends < newer.standard_support_ends:
            raise CalendarDataError(
                f"versions.{newer.version!r}: standard support must end after "
                f"{older.version}'s ({older.standard_support_ends})"
            )
    return KubernetesCalendar(
        source=data["source"],
        reviewed=_date(data, "reviewed", "calendar"),
        autoscaler_chart_source=data["autoscaler_chart_source"],
        releases=MappingProxyType({r.version: r for r in ordered}),
    )


def parse_calendar_text(text: str) -> KubernetesCalendar:
    """Parse and validate the text of a calendar data file."""
    return parse_calendar(tomllib.loads(text))


@functools.cache
def load_calendar() -> KubernetesCalendar:
    """The calendar of ``kubernetes_calendar.toml`` (read once per process)."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_calendar_text(text)


CLOCK_VARIABLE = "PLATFORM_SYNTHESIS_DATE"
"""Environment variable fixing the day of synthesis (``YYYY-MM-DD``) for a whole process
and its children: the test suite sets it so that no test depends on today's date. Never
set it in CI or for a real deployment: it hides the end of standard support."""

_CLOCK: ContextVar[date | None] = ContextVar("platform_cdktf_synthesis_date", default=None)


def synthesis_date() -> date:
    """The day of synthesis: the day :func:`fixed_clock` fixed, else the day of
    :data:`CLOCK_VARIABLE`, else today in UTC (the calendar's dates are UTC days)."""
    fixed = _CLOCK.get()
    if fixed is not None:
        return fixed
    value = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not value:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{CLOCK_VARIABLE} = {value!r}: expected a date YYYY-MM-DD") from None


@contextmanager
def fixed_clock(day: date) -> Iterator[date]:
    """Make :func:`synthesis_date` return ``day`` inside the block (tests, reproducible
    reviews of an old configuration). Settings validation and the guardrails both read it."""
    token = _CLOCK.set(day)
    try:
        yield day
    finally:
        _CLOCK.reset(token)
