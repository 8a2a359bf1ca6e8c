"""Karpenter as the node autoscaler option, in real stacks: dev and prod, with Pod
Identity and with IRSA, synthesize (guardrails included), the core stacks pass
``terraform validate``, checkov finds nothing outside the allow-list, and the default
environments keep the cluster autoscaler."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from cdktf import App

from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.modules.karpenter import KarpenterSettings
from platform_cdktf.stacks.core import CoreStack
from platform_cdktf.stacks.platform import PlatformStack
from platform_cdktf.stacks.synthesis import synthesize
from tests.conftest import REPO_ROOT
from tests.support.checkov import load_allowlist, run_checkov
from tests.support.synth import StackJson, by_path, load_stacks, resources
from tests.support.terraform import (
    TerraformRun,
    assert_valid_without_warnings,
    cli_config,
    init_and_validate,
)

ENVIRONMENTS = ("dev", "prod")
MODES = ("pod_identity", "irsa")
SETTINGS = KarpenterSettings(ami_version="v20240807")


def karpenter_environment(name: str, mode: str) -> EnvironmentConfig:
    """``name`` with Karpenter on: no managed spot group and no dev schedule (both refused
    with Karpenter), workload identity ``mode``; validated as the loader would."""
    data: dict[str, Any] = load_environment(name).model_dump()
    data["karpenter"] = SETTINGS.model_dump()
    data["eks"]["spot_nodes"] = None
    data["eks"]["workload_identity"] = mode
    data["dev_schedule"] = None
    return EnvironmentConfig.model_validate(data)


@pytest.fixture(scope="module")
def outdirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One app per identity mode, each with dev and prod core and platform stacks."""
    found = {}
    for mode in MODES:
        configs = [karpenter_environment(name, mode) for name in ENVIRONMENTS]

        def compose(app: App, configs: list[EnvironmentConfig] = configs) -> None:
            for config in configs:
                CoreStack(app, config=config)
                PlatformStack(app, config=config)

        found[mode] = synthesize(tmp_path_factory.mktemp(mode) / "cdktf.out", compose)
    return found


@pytest.fixture(scope="module")
def variants(outdirs: dict[str, Path]) -> dict[str, dict[str, StackJson]]:
    return {mode: load_stacks(outdir) for mode, outdir in outdirs.items()}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_has_the_aws_half(
    variants: dict[str, dict[str, StackJson]], environment: str, mode: str
) -> None:
    core = variants[mode][f"{environment}-core"]
    queue = by_path(resources(core, "aws_sqs_queue"), "karpenter/queue")
    assert queue["name"] == f"platform-{environment}-eks-karpenter"
    rules = [n for n in resources(core, "aws_cloudwatch_event_rule") if n.startswith("karpenter_")]
    assert len(rules) == 5
    entry = by_path(resources(core, "aws_eks_access_entry"), "karpenter/node_access")
    assert entry["type"] == "EC2_LINUX"
    profile = by_path(resources(core, "aws_iam_instance_profile"), "karpenter/instance_profile")
    assert profile["name"] == f"platform-{environment}-eks-karpenter-node"
    # Selectors use tags the core stack already sets: no tag resource is added.
    assert not resources(core, "aws_ec2_tag")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_platform_runs_karpenter_instead_of_the_cluster_autoscaler(
    variants: dict[str, dict[str, StackJson]], environment: str, mode: str
) -> None:
    platform = variants[mode][f"{environment}-platform"]
    releases = {
        release["name"]: release for release in resources(platform, "helm_release").values()
    }
    assert "cluster-autoscaler" not in releases
    assert {"karpenter-crd", "karpenter", "karpenter-node-pools"} <= set(releases)
    values = {entry["name"]: entry["value"] for entry in releases["karpenter"]["set"]}
    assert values["settings.clusterName"] == f"platform-{environment}-eks"
    annotated = any(key.startswith("serviceAccount.annotations") for key in values)
    associations = [
        a
        for a in resources(platform, "aws_eks_pod_identity_association").values()
        if a["service_account"] == "karpenter"
    ]
    if mode == "irsa":
        assert annotated
        assert not associations
    else:
        assert not annotated
        assert len(associations) == 1
    pools = releases["karpenter-node-pools"]
    assert pools["chart"].startswith("assets/")
    assert "al2023@v20240807" in pools["values"][0]


@pytest.fixture(scope="module")
def validations(
    outdirs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], list[TerraformRun]]:
    workdir = tmp_path_factory.mktemp("terraform")
    environment = cli_config(workdir)
    jobs = {
        (mode, name): outdirs[mode] / "stacks" / f"{name}-core"
        for mode in MODES
        for name in ENVIRONMENTS
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            key: pool.submit(init_and_validate, path, environment) for key, path in jobs.items()
        }
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.terraform
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_stack_with_karpenter_passes_terraform_validate(
    validations: dict[tuple[str, str], list[TerraformRun]], environment: str, mode: str
) -> None:
    assert_valid_without_warnings(validations[(mode, environment)])


@pytest.mark.policy
def test_checkov_accepts_the_karpenter_stacks(outdirs: dict[str, Path]) -> None:
    allowlist = load_allowlist(REPO_ROOT / "policy" / "checkov-allowlist.yaml")
    findings = [
        finding for outdir in outdirs.values() for finding in run_checkov(outdir / "stacks")
    ]
    assert {finding.stack for finding in findings} >= {"dev-core", "prod-core"}
    unaccepted = [f for f in findings if not any(entry.covers(f) for entry in allowlist)]
    assert not unaccepted, "\n".join(str(finding) for finding in unaccepted)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_default_environments_keep_the_cluster_autoscaler(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core, platform = stacks[f"{environment}-core"], stacks[f"{environment}-platform"]
    assert not [name for name in resources(core, "aws_sqs_queue") if "karpenter" in name]
    names = {release["name"] for release in resources(platform, "helm_release").values()}
    assert "cluster-autoscaler" in names
    assert not {name for name in names if name.startswith("karpenter")}
