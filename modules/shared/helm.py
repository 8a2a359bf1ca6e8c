"""Pinned Helm charts and a small helper for ``--set`` style values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cdktf import ITerraformDependable
from constructs import Construct

from .extras import missing_kubernetes_extra

try:
    from cdktf_cdktf_provider_helm.release import Release, ReleaseSet, ReleaseSetListStruct
except ModuleNotFoundError as error:  # the `kubernetes` extra is not installed
    raise missing_kubernetes_extra(error) from None


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

    def release(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        namespace: str,
        values: Mapping[str, str | int | bool],
        list_values: Sequence[ReleaseSetListStruct] = (),
        depends_on: Sequence[ITerraformDependable] = (),
    ) -> Release:
        """A Helm release of this chart. Atomic: a failed install or upgrade rolls back
        instead of leaving a half-deployed release behind."""
        return Release(
            scope,
            id_,
            name=name,
            namespace=namespace,
            repository=self.repository,
            chart=self.chart,
            version=self.version,
            atomic=True,
            cleanup_on_fail=True,
            set=helm_values(values),
            set_list=list(list_values) or None,
            depends_on=list(depends_on) or None,
        )


def escaped_key(key: str) -> str:
    """``key`` as one segment of a ``--set`` path: its dots escaped (``a.b`` -> ``a\\.b``),
    as annotation and label keys need."""
    return key.replace(".", "\\.")


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
