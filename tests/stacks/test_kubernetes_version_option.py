"""Another Kubernetes minor in real stacks: dev and prod synthesized on 1.34 (the suite's day,
2026-11-27, is within 60 days of its end of standard support) keep every address, change
only what follows the version (the control plane, the add-on lookups of the platform stack
and the cluster-autoscaler chart), pass ``terraform validate`` and warn once per cluster."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.stacks.synthesis import synthesize
from tests.support.synth import StackJson, changed_arguments, load_stacks, resources
from tests.support.variants import assert_stack_validates, environment_stacks

ENVIRONMENTS = ("dev", "prod")
VERSION = "1.34"

CHANGED = {
    "core": {("resource", "aws_eks_cluster", "version")},
    "platform": {
        ("data", "aws_eks_addon_version", "kubernetes_version"),
        ("resource", "helm_release", "version"),
        # The namespaces' Pod Security Standards labels name the version (enforce-version).
        ("resource", "kubernetes_manifest", "manifest"),
    },
}
"""Every (block, type, argument) that differs from the shipped 1.35 stacks."""


def on_version(config: EnvironmentConfig, version: str) -> EnvironmentConfig:
    eks = config.eks.model_validate({**config.eks.model_dump(), "kubernetes_version": version})
    return config.model_copy(update={"eks": eks})


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    configs = [on_version(load_environment(name), VERSION) for name in ENVIRONMENTS]
    outdir = tmp_path_factory.mktemp("k8s") / "cdktf.out"
    stderr = io.StringIO()  # the guardrails print their warnings there
    with contextlib.redirect_stderr(stderr):
        result: Path = synthesize(outdir, environment_stacks(configs))
    return result, stderr.getvalue()


@pytest.fixture(scope="module")
def version_stacks(synthesized: tuple[Path, str]) -> dict[str, StackJson]:
    return load_stacks(synthesized[0])


def test_synthesis_warns_once_per_cluster(synthesized: tuple[Path, str]) -> None:
    warnings = [line for line in synthesized[1].splitlines() if "K8S" in line]
    assert [line.split(" ")[2] for line in sorted(warnings)] == ["dev-core", "prod-core"]
    for line in warnings:
        assert line.startswith("warning: K8S-02 ")
        assert line.endswith(
            ": Kubernetes 1.34 leaves EKS standard support on 2026-12-02 (in 5 day(s)); "
            "synthesis fails from that day: upgrade (docs/kubernetes-versions.md)"
        )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_cluster_autoscaler_runs_the_chart_of_the_version(
    version_stacks: dict[str, StackJson], stacks: dict[str, StackJson], environment: str
) -> None:
    def chart(stack: StackJson) -> tuple[str, str]:
        (release,) = [
            r
            for r in resources(stack, "helm_release").values()
            if r["chart"] == "cluster-autoscaler"
        ]
        return release["version"], release["name"]

    assert chart(stacks[f"{environment}-platform"]) == ("9.59.0", "cluster-autoscaler")
    assert chart(version_stacks[f"{environment}-platform"]) == ("9.53.0", "cluster-autoscaler")


def _changes(before: dict[str, Any], after: dict[str, Any], block: str) -> set[tuple[str, ...]]:
    return {(block, *change) for change in changed_arguments(before, after)}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("kind", ["core", "platform"])
def test_same_addresses_and_only_version_arguments_change(
    stacks: dict[str, StackJson],
    version_stacks: dict[str, StackJson],
    environment: str,
    kind: str,
) -> None:
    name = f"{environment}-{kind}"
    changed = _changes(stacks[name]["resource"], version_stacks[name]["resource"], "resource")
    changed |= _changes(stacks[name].get("data", {}), version_stacks[name].get("data", {}), "data")
    assert changed == CHANGED[kind]


@pytest.mark.terraform
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_stack_validates(
    synthesized: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory, environment: str
) -> None:
    workdir = tmp_path_factory.mktemp(f"k8s-{environment}-core")
    assert_stack_validates(synthesized[0], f"{environment}-core", workdir)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_only_the_namespaces_pod_security_version_changes(
    stacks: dict[str, StackJson], version_stacks: dict[str, StackJson], environment: str
) -> None:
    name = f"{environment}-platform"
    before = resources(stacks[name], "kubernetes_manifest")
    after = resources(version_stacks[name], "kubernetes_manifest")
    for address, body in before.items():
        old, new = body["manifest"], after[address]["manifest"]
        if old == new:
            continue
        assert old["kind"] == "Namespace"
        labels = {
            k: v for k, v in new["metadata"]["labels"].items() if old["metadata"]["labels"][k] != v
        }
        assert labels == {
            f"pod-security.kubernetes.io/{mode}-version": "v1.34"
            for mode in ("enforce", "audit", "warn")
        }
