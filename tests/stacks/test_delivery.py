"""Environments delivered from GitHub: the core stack runs a CodeBuild runner in the VPC
and gives the delivery roles access to the cluster; both pass terraform validate, checkov
and the guardrails, and their addresses are pinned like every other stack's.

dev is synthesized with the default runner, prod with ``ci_runner.enabled = false`` (its
roles still get their access entries), once for the whole module.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from platform_cdktf.environments import (
    load_environments,
)
from platform_cdktf.modules.eks import ADMIN_VIEW_POLICY, CLUSTER_ADMIN_POLICY, VIEW_POLICY
from platform_cdktf.modules.guardrails import run_pack
from platform_cdktf.stacks.target import local_target
from tests.conftest import REPO_ROOT
from tests.support.checkov import load_allowlist, run_checkov
from tests.support.delivery import DELIVERY, delivered, synthesize_delivered
from tests.support.synth import StackJson, by_path, load_stacks, name_by_path, only, resources
from tests.support.terraform import TerraformRun, cli_config, run_terraform

LOCAL_URL = "http://127.0.0.1:45124"
RUNNER_TYPES = (
    "aws_codebuild_project",
    "aws_codebuild_webhook",
    "aws_codeconnections_connection",
)


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    environments = [delivered("dev"), delivered("prod", enabled=False)]
    return synthesize_delivered(tmp_path_factory.mktemp("delivery") / "cdktf.out", environments)


@pytest.fixture(scope="module")
def delivered_stacks(outdir: Path) -> dict[str, StackJson]:
    return load_stacks(outdir)


def _ref(stack: StackJson, resource_type: str, path: str, attribute: str) -> str:
    return f"${{{resource_type}.{name_by_path(resources(stack, resource_type), path)}.{attribute}}}"


def _grants(stack: StackJson) -> dict[str, set[tuple[str, str, tuple[str, ...]]]]:
    """Policy associations of the delivery roles' entries, by role name."""
    entries = resources(stack, "aws_eks_access_entry")
    grants: dict[str, set[tuple[str, str, tuple[str, ...]]]] = {}
    for path in ("eks/ci_plan", "eks/ci_apply"):
        role = by_path(entries, path)["principal_arn"].rsplit("/", 1)[1]
        principal = _ref(stack, "aws_eks_access_entry", path, "principal_arn")
        grants[role] = {
            (
                a["policy_arn"],
                a["access_scope"]["type"],
                tuple(a["access_scope"].get("namespaces", ())),
            )
            for a in resources(stack, "aws_eks_access_policy_association").values()
            if a["principal_arn"] == principal
        }
    return grants


# -- what is synthesized ---------------------------------------------------------------------


def test_the_runner_is_the_project_the_workflows_name(
    delivered_stacks: dict[str, StackJson],
) -> None:
    core = delivered_stacks["dev-core"]
    project = only(resources(core, "aws_codebuild_project"))
    assert project["name"] == "platform-dev-github-runner"
    assert project["source"]["location"] == f"https://github.com/{DELIVERY.repository}.git"
    assert core["output"]["ci_runner_project_name"]["value"] == _ref(
        core, "aws_codebuild_project", "ci_runner/project", "name"
    )
    assert only(resources(core, "aws_codebuild_webhook"))
    assert only(resources(core, "aws_codeconnections_connection"))["name"] == "platform-dev-github"


def test_the_runner_runs_in_the_private_subnets_of_its_environment(
    delivered_stacks: dict[str, StackJson],
) -> None:
    core = delivered_stacks["dev-core"]
    subnets = only(resources(core, "aws_codebuild_project"))["vpc_config"]["subnets"]
    private = [
        f"${{aws_subnet.{name}.id}}"
        for name, subnet in resources(core, "aws_subnet").items()
        if subnet["tags"]["Tier"] == "private"
    ]
    assert sorted(subnets) == sorted(private)
    assert len(subnets) == 3


def test_the_runner_reaches_the_private_api_through_the_cluster_group(
    delivered_stacks: dict[str, StackJson],
) -> None:
    core = delivered_stacks["dev-core"]
    rule = by_path(
        resources(core, "aws_vpc_security_group_ingress_rule"), "eks/api_from_github_runner"
    )
    assert rule["referenced_security_group_id"] == _ref(
        core, "aws_security_group", "ci_runner/security_group", "id"
    )
    assert rule["security_group_id"] == _ref(
        core, "aws_eks_cluster", "eks/cluster", "vpc_config[0].cluster_security_group_id"
    )
    assert (rule["from_port"], rule["to_port"], rule["ip_protocol"]) == (443, 443, "tcp")


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_the_delivery_roles_of_the_environment_get_their_least_access(
    delivered_stacks: dict[str, StackJson], environment: str
) -> None:
    assert _grants(delivered_stacks[f"{environment}-core"]) == {
        DELIVERY.plan_role_name(environment): {
            (VIEW_POLICY, "cluster", ()),
            (ADMIN_VIEW_POLICY, "namespace", ("kube-system",)),
        },
        DELIVERY.apply_role_name(environment): {(CLUSTER_ADMIN_POLICY, "cluster", ())},
    }


def test_a_disabled_runner_leaves_only_the_access_entries(
    delivered_stacks: dict[str, StackJson],
) -> None:
    core = delivered_stacks["prod-core"]
    for resource_type in RUNNER_TYPES:
        assert not resources(core, resource_type), resource_type
    assert "ci_runner_project_name" not in core["output"]
    assert not [
        name
        for name in resources(core, "aws_vpc_security_group_ingress_rule")
        if "api_from" in name
    ]


def test_the_plan_role_may_read_the_release_secrets_of_every_helm_release(
    delivered_stacks: dict[str, StackJson],
) -> None:
    """A plan of a helm_release reads its release Secrets (sh.helm.release.v1.*) in the
    release's namespace: the plan role must read Secrets there, and only there."""
    for environment in ("dev", "prod"):
        granted = {
            namespace
            for policy, _, namespaces in _grants(delivered_stacks[f"{environment}-core"])[
                DELIVERY.plan_role_name(environment)
            ]
            if policy == ADMIN_VIEW_POLICY
            for namespace in namespaces
        }
        releases = resources(delivered_stacks[f"{environment}-platform"], "helm_release")
        assert releases
        assert {release["namespace"] for release in releases.values()} == granted


def test_without_github_an_environment_gets_no_runner_and_no_delivery_access(
    stacks: dict[str, StackJson],
) -> None:
    """The checked-in environments, as ``main.py`` synthesizes them: whatever each one's
    ``github`` says decides, and nothing of the delivery appears without it."""
    environments = load_environments()
    for config in environments:
        core = stacks[f"{config.name}-core"]
        entries = resources(core, "aws_eks_access_entry")
        has_ci_entries = any(name.startswith("eks_ci_") for name in entries)
        has_runner = bool(resources(core, "aws_codebuild_project"))
        assert has_ci_entries == (config.github is not None), config.name
        assert has_runner == (config.github is not None and config.ci_runner.enabled), config.name


# -- validation, policy, guardrails, addresses ---------------------------------------------


@pytest.mark.terraform
def test_terraform_validates_the_delivered_core_stack(outdir: Path, tmp_path: Path) -> None:
    stack_dir = tmp_path / "dev-core"
    stack_dir.mkdir()
    shutil.copy(outdir / "stacks" / "dev-core" / "cdk.tf.json", stack_dir)
    environment = cli_config(tmp_path)
    runs: list[TerraformRun] = [
        run_terraform(
            ["init", "-backend=false", "-input=false", "-no-color"],
            cwd=stack_dir,
            environment=environment,
        )
    ]
    assert runs[0].returncode == 0, runs[0].describe()
    validate = run_terraform(["validate", "-no-color"], cwd=stack_dir, environment=environment)
    assert validate.returncode == 0, validate.describe()
    assert "Success! The configuration is valid." in validate.stdout, validate.describe()
    assert "Warning" not in validate.stdout + validate.stderr, validate.describe()


@pytest.mark.policy
def test_checkov_finds_nothing_outside_the_allowlist_in_the_delivered_core_stacks(
    outdir: Path, tmp_path: Path
) -> None:
    scanned = tmp_path / "stacks"
    for name in ("dev-core", "prod-core"):
        (scanned / name).mkdir(parents=True)
        shutil.copy(outdir / "stacks" / name / "cdk.tf.json", scanned / name)
    findings = run_checkov(scanned)
    assert {finding.stack for finding in findings} <= {"dev-core", "prod-core"}
    allowlist = load_allowlist(REPO_ROOT / "policy" / "checkov-allowlist.yaml")
    runner = [f for f in findings if "ci_runner" in f.resource or "eks_ci_" in f.resource]
    unaccepted = [f for f in findings if not any(entry.covers(f) for entry in allowlist)]
    assert not unaccepted, "\n".join(str(finding) for finding in unaccepted)
    assert not [f for f in runner if not any(entry.covers(f) for entry in allowlist)]


def test_the_guardrails_find_no_error_in_the_delivered_stacks(outdir: Path) -> None:
    report = run_pack(outdir)
    assert {"dev-core", "prod-core"} <= set(report.stacks)
    errors = [f"{o.finding.stack} {o.finding.address}: {o.finding.message}" for o in report.errors]
    assert errors == []
    runner_warnings = [
        f"{o.finding.rule_id} {o.finding.address}: {o.finding.message}"
        for o in report.outcomes
        if "ci_runner" in o.finding.address and o.suppression is None
    ]
    assert runner_warnings == []


def _addresses(stack: StackJson) -> list[str]:
    found = [
        f"{kind}.{name}" for kind, items in stack.get("resource", {}).items() for name in items
    ]
    found += [
        f"data.{kind}.{name}" for kind, items in stack.get("data", {}).items() for name in items
    ]
    return sorted(found)


def test_the_delivered_dev_core_addresses_are_stable(
    delivered_stacks: dict[str, StackJson], snapshot: SnapshotAssertion
) -> None:
    assert _addresses(delivered_stacks["dev-core"]) == snapshot


def test_delivery_only_adds_addresses_to_dev_core(
    delivered_stacks: dict[str, StackJson], dev_core: StackJson
) -> None:
    """Every address of the checked-in dev-core survives, unchanged, when delivery is on."""
    added = set(_addresses(delivered_stacks["dev-core"])) - set(_addresses(dev_core))
    assert set(_addresses(dev_core)) <= set(_addresses(delivered_stacks["dev-core"]))
    assert added
    assert all(
        "ci_runner" in address or "eks_ci_" in address or "eks_api_from_github_runner" in address
        for address in added
    ), sorted(added)


# -- the local target --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize_delivered(
        tmp_path_factory.mktemp("delivery-local") / "cdktf.out",
        [delivered("dev")],
        target=local_target(LOCAL_URL),
    )


def test_the_emulator_gets_the_runner_project_without_webhook_connection_or_entries(
    local_outdir: Path,
) -> None:
    core = load_stacks(local_outdir)["dev-core"]
    project = only(resources(core, "aws_codebuild_project"))
    assert project["name"] == "platform-dev-github-runner"
    assert "auth" not in project["source"]
    assert not resources(core, "aws_codebuild_webhook")
    assert not resources(core, "aws_codeconnections_connection")
    assert not resources(core, "aws_eks_access_entry")
    assert not resources(core, "aws_vpc_security_group_ingress_rule")
    endpoints: dict[str, Any] = core["provider"]["aws"][0]["endpoints"][0]
    assert endpoints["codebuild"] == LOCAL_URL


def test_the_delivered_local_synthesis_is_sealed(local_outdir: Path) -> None:
    assert local_target(LOCAL_URL).output_problems(local_outdir / "stacks") == []
