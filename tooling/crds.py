"""Apply a pinned chart's CRDs before upgrading its release.

Helm installs the manifests of a chart's ``crds/`` directory on the first install only and
never upgrades or deletes them ("There is no support at this time for upgrading or
deleting CRDs using Helm"; Helm documentation, Chart Best Practices, "Custom Resource
Definitions"). A chart bump whose controller expects new CRD fields therefore needs its
CRDs applied by hand first. This module does that for the charts the platform pins:

1. ``helm pull <chart> --repo <repository> --version <pinned> --untar`` into a temporary
   directory (the exact chart version the platform stack deploys);
2. ``kubectl apply --server-side --force-conflicts -f <each manifest of crds/>``.
   Server-side apply updates a CRD in place; ``--force-conflicts`` takes over the fields
   Helm's install owns (Kubernetes documentation, "Server-Side Apply", conflicts).
   ``kustomization.yaml`` files (the ALB controller chart ships one in ``crds/``) are not
   manifests and are skipped.

``platform-cdktf crds <chart>`` (or ``make crds CHART=<chart>``) runs it; ``--dry-run``
pulls the chart and prints the ``kubectl`` command instead of running it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
"""File types Helm reads from a chart's ``crds/`` directory."""
NOT_MANIFESTS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
"""Kustomize files that sit beside the CRDs in some charts' ``crds/``."""
FIELD_MANAGER = "platform-cdktf-crds"
"""Server-side apply field manager of the CRDs this tool applies."""


class Chart(Protocol):
    """What the tool needs of a pinned chart (``modules.shared.helm.HelmChart``)."""

    @property
    def repository(self) -> str: ...

    @property
    def chart(self) -> str: ...

    @property
    def version(self) -> str: ...


class CrdError(Exception):
    """The CRDs could not be applied; the message says why and what to do."""


def pinned_charts() -> dict[str, Chart]:
    """The charts the platform stack deploys, by the name the command takes.

    Imported on use: the construct modules load the provider bindings (seconds).
    """
    from platform_cdktf.modules.alb_controller.construct import (  # noqa: PLC0415
        ALB_CONTROLLER_CHART,
    )
    from platform_cdktf.modules.eks.autoscaler import (  # noqa: PLC0415
        CLUSTER_AUTOSCALER_CHART,
    )

    return {"alb-controller": ALB_CONTROLLER_CHART, "cluster-autoscaler": CLUSTER_AUTOSCALER_CHART}


@dataclass(frozen=True)
class Outcome:
    """What a run did."""

    manifests: tuple[str, ...]
    """The CRD manifests of the chart (file names), empty if it has none."""
    command: tuple[str, ...] | None
    """The ``kubectl`` command run (or printed, with ``dry_run``); ``None`` without CRDs."""
    applied: bool
    """Whether the command ran."""


Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, check=False)


def require_tool(name: str, *, which: Callable[[str], str | None] = shutil.which) -> str:
    """The path of executable ``name`` on PATH, or a :class:`CrdError` saying so."""
    path = which(name)
    if path is None:
        raise CrdError(
            f"{name} is not on PATH; install it (https://helm.sh/docs/intro/install/, "
            "https://kubernetes.io/docs/tasks/tools/) and retry"
        )
    return path


def pull_command(chart: Chart, destination: Path) -> list[str]:
    """``helm pull`` of exactly the pinned version, unpacked under ``destination``."""
    return [
        "helm",
        "pull",
        chart.chart,
        "--repo",
        chart.repository,
        "--version",
        chart.version,
        "--untar",
        "--untardir",
        str(destination),
    ]


def crd_manifests(chart_dir: Path) -> list[Path]:
    """The manifests of ``<chart_dir>/crds`` (recursively, sorted), kustomize files left
    out; empty if the chart has no ``crds/`` directory."""
    crds = chart_dir / "crds"
    if not crds.is_dir():
        return []
    return sorted(
        path
        for path in crds.rglob("*")
        if path.is_file() and path.suffix in MANIFEST_SUFFIXES and path.name not in NOT_MANIFESTS
    )


def apply_command(manifests: Sequence[Path], *, context: str | None = None) -> list[str]:
    """``kubectl apply`` (server-side, taking over Helm's fields) of ``manifests``."""
    command = ["kubectl"]
    if context:
        command += ["--context", context]
    command += ["apply", "--server-side", "--force-conflicts", f"--field-manager={FIELD_MANAGER}"]
    for manifest in manifests:
        command += ["-f", str(manifest)]
    return command


def apply_crds(
    chart: Chart,
    *,
    dry_run: bool = False,
    context: str | None = None,
    report: Callable[[str], None] = print,
    run: Runner = _run,
    which: Callable[[str], str | None] = shutil.which,
) -> Outcome:
    """Pull ``chart`` at its pinned version and server-side apply its CRDs.

    Raises :class:`CrdError` when ``helm`` (or, unless ``dry_run``, ``kubectl``) is missing
    or a command fails.
    """
    require_tool("helm", which=which)
    if not dry_run:
        require_tool("kubectl", which=which)
    with tempfile.TemporaryDirectory(prefix="platform-crds-") as workdir:
        pull = pull_command(chart, Path(workdir))
        report("$ " + " ".join(pull))
        _check(run(pull), pull)
        manifests = crd_manifests(Path(workdir) / chart.chart)
        names = tuple(str(path.relative_to(Path(workdir) / chart.chart)) for path in manifests)
        if not manifests:
            report(f"{chart.chart} {chart.version} has no CRDs (no crds/ directory): nothing to do")
            return Outcome(manifests=(), command=None, applied=False)
        apply = apply_command(manifests, context=context)
        report("$ " + " ".join(apply))
        if dry_run:
            report(f"dry run: {len(manifests)} CRD manifest(s) not applied: {', '.join(names)}")
            return Outcome(manifests=names, command=tuple(apply), applied=False)
        result = _check(run(apply), apply)
        if result.stdout:
            report(result.stdout.rstrip())
        return Outcome(manifests=names, command=tuple(apply), applied=True)


def _check(
    result: subprocess.CompletedProcess[str], command: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    if result.returncode != 0:
        detail = (result.stderr or result.stdout or "").strip()
        raise CrdError(f"{command[0]} exited with {result.returncode}: {detail}")
    return result


def chart_named(name: str, charts: Mapping[str, Chart]) -> Chart:
    """The pinned chart ``name``, or a :class:`CrdError` listing the known ones."""
    try:
        return charts[name]
    except KeyError:
        raise CrdError(f"unknown chart {name!r}; expected one of {sorted(charts)}") from None
