"""The delivery roles' access to the cluster: the plan role reads (Secrets only in the
release namespaces), the apply role administers; a runner's group reaches the API."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.eks import (
    ADMIN_VIEW_POLICY,
    CLUSTER_ADMIN_POLICY,
    VIEW_POLICY,
    CiAccessProps,
    EksCluster,
    EksClusterProps,
    EksSettings,
    NodeGroupSettings,
)
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, resources
from tests.support.units import JOBS_SG, synth_stack, unit_vpc

StackJson = dict[str, Any]
SETTINGS = EksSettings(nodes=NodeGroupSettings(instance_types=("m5.large",)))


def _synth(ci_access: CiAccessProps | None, *, api_source: str | None = None) -> StackJson:
    def build(stack: TerraformStack) -> EksCluster:
        cluster = EksCluster(
            stack,
            "eks",
            props=EksClusterProps(
                name="unit-eks",
                settings=SETTINGS,
                network=unit_vpc(stack),
                install_addons=False,
                ci_access=ci_access,
            ),
        )
        if api_source is not None:
            cluster.allow_api_access_from("github_runner", api_source)
        return cluster

    stack_json: StackJson
    stack_json, _ = synth_stack(build)
    return stack_json


@pytest.fixture(scope="module")
def granted() -> StackJson:
    return _synth(
        CiAccessProps(plan_role_name="gh-dev-plan", apply_role_name="gh-dev-apply"),
        api_source=JOBS_SG,
    )


def _role_arn(stack: StackJson, role_name: str) -> str:
    partition = next(iter(data_sources(stack, "aws_partition")))
    caller = next(iter(data_sources(stack, "aws_caller_identity")))
    return (
        f"arn:${{data.aws_partition.{partition}.partition}}:iam::"
        f"${{data.aws_caller_identity.{caller}.account_id}}:role/{role_name}"
    )


def _entry_ref(stack: StackJson, path: str) -> str:
    name = name_by_path(resources(stack, "aws_eks_access_entry"), path)
    return f"${{aws_eks_access_entry.{name}.principal_arn}}"


def test_each_delivery_role_gets_a_standard_entry_in_the_clusters_account(
    granted: StackJson,
) -> None:
    entries = resources(granted, "aws_eks_access_entry")
    assert by_path(entries, "eks/ci_plan")["principal_arn"] == _role_arn(granted, "gh-dev-plan")
    assert by_path(entries, "eks/ci_apply")["principal_arn"] == _role_arn(granted, "gh-dev-apply")
    assert {entry["type"] for entry in entries.values()} == {"STANDARD"}


def test_the_plan_role_views_the_cluster_and_reads_secrets_only_in_release_namespaces(
    granted: StackJson,
) -> None:
    associations = resources(granted, "aws_eks_access_policy_association")
    plan = _entry_ref(granted, "eks/ci_plan")
    of_plan = {
        (a["policy_arn"], a["access_scope"]["type"], tuple(a["access_scope"].get("namespaces", ())))
        for a in associations.values()
        if a["principal_arn"] == plan
    }
    assert of_plan == {
        (VIEW_POLICY, "cluster", ()),
        (ADMIN_VIEW_POLICY, "namespace", ("kube-system",)),
    }


def test_the_apply_role_is_cluster_admin_and_nothing_else(granted: StackJson) -> None:
    associations = resources(granted, "aws_eks_access_policy_association")
    apply = _entry_ref(granted, "eks/ci_apply")
    of_apply = [
        (a["policy_arn"], a["access_scope"])
        for a in associations.values()
        if a["principal_arn"] == apply
    ]
    assert of_apply == [(CLUSTER_ADMIN_POLICY, {"type": "cluster"})]


def test_without_ci_access_there_is_no_entry_and_no_api_rule() -> None:
    stack = _synth(None)
    assert not resources(stack, "aws_eks_access_entry")
    assert not resources(stack, "aws_vpc_security_group_ingress_rule")


def test_a_runners_group_may_reach_the_api_on_443_through_the_cluster_group(
    granted: StackJson,
) -> None:
    rule = by_path(
        resources(granted, "aws_vpc_security_group_ingress_rule"), "eks/api_from_github_runner"
    )
    cluster = name_by_path(resources(granted, "aws_eks_cluster"), "eks/cluster")
    cluster_group = f"${{aws_eks_cluster.{cluster}.vpc_config[0].cluster_security_group_id}}"
    assert rule == {
        "security_group_id": cluster_group,
        "referenced_security_group_id": JOBS_SG,
        "ip_protocol": "tcp",
        "from_port": 443,
        "to_port": 443,
        "description": "Kubernetes API 443/tcp from github_runner",
    }


@pytest.mark.parametrize(
    ("overrides", "line"),
    [
        (
            {"plan_role_name": "arn:aws:iam::111122223333:role/x"},
            "CiAccessProps.plan_role_name = 'arn:aws:iam::111122223333:role/x': "
            "'arn:aws:iam::111122223333:role/x': expected an IAM role name (not an ARN)",
        ),
        (
            {"release_namespaces": ("Kube_System",)},
            "CiAccessProps.release_namespaces[0] = 'Kube_System': expected a Kubernetes "
            "namespace name (a DNS label)",
        ),
        (
            {"release_namespaces": ()},
            "CiAccessProps.release_namespaces = []: expected at least one namespace",
        ),
    ],
)
def test_ci_access_props_name_the_field_that_is_wrong(overrides: dict[str, Any], line: str) -> None:
    values: dict[str, Any] = {"plan_role_name": "p", "apply_role_name": "a", **overrides}
    with pytest.raises(SettingsError) as caught:
        CiAccessProps(**values)
    assert caught.value.lines == (line,)
