"""One workload identity abstraction: Pod Identity (the default) or IRSA, the same construct
ids either way, and a cluster whose CNI and agent come before its nodes."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.eks import (
    EksCluster,
    EksClusterProps,
    EksSettings,
    NodeGroupSettings,
    OidcProvider,
)
from platform_cdktf.modules.eks.identity import ClusterIdentity
from platform_cdktf.modules.eks.settings import WorkloadIdentityMode
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, resources
from tests.support.units import synth_stack, unit_vpc

OIDC = OidcProvider(
    arn="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    issuer_url="https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
)


def _cluster(mode: WorkloadIdentityMode) -> dict[str, Any]:
    settings = EksSettings(
        workload_identity=mode, nodes=NodeGroupSettings(instance_types=("m5.large",))
    )

    def build(stack: TerraformStack) -> None:
        EksCluster(
            stack,
            "eks",
            props=EksClusterProps(name="unit-eks", settings=settings, network=unit_vpc(stack)),
        )

    stack, _ = synth_stack(build)
    return stack


@pytest.fixture(scope="module")
def pod_identity() -> dict[str, Any]:
    """A cluster with the default mechanism, EKS Pod Identity."""
    return _cluster("pod_identity")


@pytest.fixture(scope="module")
def irsa() -> dict[str, Any]:
    """The same cluster with IRSA."""
    return _cluster("irsa")


def _addon(stack: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    for logical, addon in resources(stack, "aws_eks_addon").items():
        if addon["addon_name"] == name:
            return f"aws_eks_addon.{logical}", addon
    raise AssertionError(f"no add-on {name}")


def test_pod_identity_is_the_default() -> None:
    assert EksSettings(nodes=NodeGroupSettings(instance_types=("m5.large",))).workload_identity == (
        "pod_identity"
    )


def test_irsa_needs_the_oidc_provider() -> None:
    with pytest.raises(SettingsError, match="expected the cluster's OIDC provider for IRSA"):
        ClusterIdentity(cluster_name="unit-eks", mode="irsa")


def test_pod_identity_installs_the_agent_before_the_cni_and_the_nodes(
    pod_identity: dict[str, Any],
) -> None:
    agent, _ = _addon(pod_identity, "eks-pod-identity-agent")
    cni, cni_addon = _addon(pod_identity, "vpc-cni")
    kube_proxy, _ = _addon(pod_identity, "kube-proxy")
    association = name_by_path(
        resources(pod_identity, "aws_eks_pod_identity_association"), "eks/vpc_cni_role/association"
    )
    # The CNI's pods read their credentials from the agent through the association.
    assert cni_addon["depends_on"] == [
        agent,
        f"aws_eks_pod_identity_association.{association}",
    ]
    assert "service_account_role_arn" not in cni_addon
    for name, group in resources(pod_identity, "aws_eks_node_group").items():
        assert {agent, cni, kube_proxy} <= set(group["depends_on"]), name


@pytest.mark.parametrize(
    ("role", "namespace", "service_account"),
    [
        ("vpc_cni_role", "kube-system", "aws-node"),
        ("ebs_csi_role", "kube-system", "ebs-csi-controller-sa"),
    ],
)
def test_pod_identity_roles_are_associated_and_trust_only_their_session_tags(
    pod_identity: dict[str, Any], role: str, namespace: str, service_account: str
) -> None:
    association = by_path(
        resources(pod_identity, "aws_eks_pod_identity_association"), f"eks/{role}/association"
    )
    role_name = name_by_path(resources(pod_identity, "aws_iam_role"), f"eks/{role}")
    assert association["namespace"] == namespace
    assert association["service_account"] == service_account
    assert association["role_arn"] == f"${{aws_iam_role.{role_name}.arn}}"
    (statement,) = by_path(data_sources(pod_identity, "aws_iam_policy_document"), f"{role}/trust")[
        "statement"
    ]
    assert statement["principals"] == [
        {"type": "Service", "identifiers": ["pods.eks.amazonaws.com"]}
    ]
    assert statement["actions"] == ["sts:AssumeRole", "sts:TagSession"]
    conditions = {c["variable"]: c["values"] for c in statement["condition"]}
    assert conditions["aws:RequestTag/kubernetes-namespace"] == [namespace]
    assert conditions["aws:RequestTag/kubernetes-service-account"] == [service_account]


def test_ebs_csi_waits_for_its_association(pod_identity: dict[str, Any]) -> None:
    _, ebs = _addon(pod_identity, "aws-ebs-csi-driver")
    association = name_by_path(
        resources(pod_identity, "aws_eks_pod_identity_association"), "eks/ebs_csi_role/association"
    )
    assert f"aws_eks_pod_identity_association.{association}" in ebs["depends_on"]
    assert "service_account_role_arn" not in ebs


def test_irsa_installs_no_agent_and_no_association(irsa: dict[str, Any]) -> None:
    names = {addon["addon_name"] for addon in resources(irsa, "aws_eks_addon").values()}
    assert "eks-pod-identity-agent" not in names
    assert resources(irsa, "aws_eks_pod_identity_association") == {}


def test_both_mechanisms_keep_the_roles_at_the_same_addresses(
    pod_identity: dict[str, Any], irsa: dict[str, Any]
) -> None:
    # Switching the mechanism changes each role's trust policy in place; the role itself
    # (and its managed-policy attachment) keeps its Terraform address.
    for kind in ("aws_iam_role", "aws_iam_role_policy_attachment"):
        assert set(resources(pod_identity, kind)) == set(resources(irsa, kind)), kind
