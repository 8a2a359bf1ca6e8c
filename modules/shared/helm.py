"""Pinned Helm charts and a small helper for ``--set`` style values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdktf_cdktf_provider_helm.release import ReleaseSet


@dataclass(frozen=True, kw_only=True)
class HelmChart:
    """A chart pinned to an exact version, with the application version it ships."""

    repository: str
    """Chart repository URL."""
    chart: str
    """Chart name in the repository."""
    version: str
    """Exact chart version (never a range: a chart bump is a reviewed change)."""
    app_version: str
    """Application version the chart deploys (documentation and tests)."""


def helm_values(values: Mapping[str, str | int | bool]) -> list[ReleaseSet]:
    """``set`` entries from a flat mapping of dotted keys, in a stable order.

    Booleans and numbers are rendered as Helm would parse them from ``--set``.
    """
    rendered = []
    for key in sorted(values):
        value = values[key]
        text = str(value).lower() if isinstance(value, bool) else str(value)
        rendered.append(ReleaseSet(name=key, value=text))
    return rendered
