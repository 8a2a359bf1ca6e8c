"""The platform add-ons construct: which add-ons exist, their versions per Kubernetes
version, the CloudWatch agent's own identity and the order of creation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.cluster_addons import (
    CLOUDWATCH_NAMESPACE,
    CLOUDWATCH_SERVICE_ACCOUNT,
    PLATFORM_ADDONS,
    ClusterAddons,
    ClusterAddonsProps,
    ClusterAddonsSettings,
)
from platform_cdktf.modules.eks import SUPPORTED_KUBERNETES_VERSIONS, OidcProvider
from platform_cdktf.modules.eks.identity import ClusterIdentity
from tests.support.synth import by_path, data_sources, name_by_path, resources
from tests.support.units import synth_stack

OIDC = OidcProvider(
    arn="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    issuer_url="https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
)


def _synth(
    settings: ClusterAddonsSettings,
    kubernetes_version: str = "1.35",
    identity: ClusterIdentity | None = None,
) -> dict[str, Any]:
    def build(stack: TerraformStack) -> None:
        ClusterAddons(
            stack,
            "addons",
            props=ClusterAddonsProps(
                settings=settings,
                cluster_name="unit-eks",
                kubernetes_version=kubernetes_version,
                identity=identity,
            ),
        )

    stack, _ = synth_stack(build)
    return stack


@pytest.fixture(scope="module")
def default() -> dict[str, Any]:
    return _synth(ClusterAddonsSettings())


def _addons(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {addon["addon_name"]: addon for addon in resources(stack, "aws_eks_addon").values()}


def test_defaults_install_the_three_addons_into_the_cluster(default: dict[str, Any]) -> None:
    addons = _addons(default)
    assert sorted(addons) == sorted(PLATFORM_ADDONS)
    for addon in addons.values():
        assert addon["cluster_name"] == "unit-eks"
        assert addon["resolve_conflicts_on_create"] == "OVERWRITE"
        assert addon["resolve_conflicts_on_update"] == "OVERWRITE"


@pytest.mark.parametrize("kubernetes_version", SUPPORTED_KUBERNETES_VERSIONS)
def test_every_addon_gets_the_default_version_of_each_supported_kubernetes_version(
    kubernetes_version: str,
) -> None:
    """The version table is EKS's: one lookup per add-on for the cluster's version,
    never the newest release (which may be untested with that Kubernetes version)."""
    stack = _synth(ClusterAddonsSettings(), kubernetes_version)
    lookups = data_sources(stack, "aws_eks_addon_version")
    addons = resources(stack, "aws_eks_addon")
    for addon_name in PLATFORM_ADDONS:
        construct_id = addon_name.replace("-", "_")
        lookup_name = name_by_path(lookups, f"addons/{construct_id}_version")
        lookup = lookups[lookup_name]
        assert lookup["addon_name"] == addon_name
        assert lookup["kubernetes_version"] == kubernetes_version
        assert lookup["most_recent"] is False
        addon = by_path(addons, f"addons/addon_{construct_id}")
        assert addon["addon_version"] == (f"${{data.aws_eks_addon_version.{lookup_name}.version}}")


@pytest.mark.parametrize("kubernetes_version", SUPPORTED_KUBERNETES_VERSIONS)
def test_pins_of_the_cluster_version_replace_the_lookup(kubernetes_version: str) -> None:
    pins = {
        "metrics-server": "v0.8.0-eksbuild.2",
        "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
        "amazon-cloudwatch-observability": "v4.5.0-eksbuild.1",
    }
    other = next(v for v in SUPPORTED_KUBERNETES_VERSIONS if v != kubernetes_version)
    settings = ClusterAddonsSettings(
        addon_versions={
            kubernetes_version: pins,
            other: {"metrics-server": "v0.7.0-eksbuild.1"},
        }
    )
    stack = _synth(settings, kubernetes_version)
    assert data_sources(stack, "aws_eks_addon_version") == {}
    assert {name: addon["addon_version"] for name, addon in _addons(stack).items()} == pins


def test_a_partial_pin_keeps_the_lookup_for_the_others() -> None:
    settings = ClusterAddonsSettings(
        addon_versions={"1.35": {"metrics-server": "v0.8.0-eksbuild.2"}}
    )
    stack = _synth(settings)
    looked_up = {d["addon_name"] for d in data_sources(stack, "aws_eks_addon_version").values()}
    assert looked_up == {"eks-pod-identity-agent", "amazon-cloudwatch-observability"}
    assert _addons(stack)["metrics-server"]["addon_version"] == "v0.8.0-eksbuild.2"


def test_cloudwatch_role_is_trusted_only_by_its_service_account(default: dict[str, Any]) -> None:
    role = by_path(resources(default, "aws_iam_role"), "addons/cloudwatch_identity/role")
    assert role["name"] == "unit-eks-cloudwatch-agent"
    trust = by_path(
        data_sources(default, "aws_iam_policy_document"), "addons/cloudwatch_identity/trust"
    )
    (statement,) = trust["statement"]
    assert statement["principals"] == [
        {"type": "Service", "identifiers": ["pods.eks.amazonaws.com"]}
    ]
    assert sorted(statement["actions"]) == ["sts:AssumeRole", "sts:TagSession"]
    conditions = {c["variable"]: c["values"] for c in statement["condition"]}
    assert conditions["aws:RequestTag/eks-cluster-name"] == ["unit-eks"]
    assert conditions["aws:RequestTag/kubernetes-namespace"] == [CLOUDWATCH_NAMESPACE]
    assert conditions["aws:RequestTag/kubernetes-service-account"] == [CLOUDWATCH_SERVICE_ACCOUNT]
    association = by_path(
        resources(default, "aws_eks_pod_identity_association"),
        "addons/cloudwatch_identity/association",
    )
    assert (association["namespace"], association["service_account"]) == (
        "amazon-cloudwatch",
        "cloudwatch-agent",
    )
    assert association["cluster_name"] == "unit-eks"
    (attachment,) = resources(default, "aws_iam_role_policy_attachment").values()
    assert attachment["policy_arn"].endswith(":iam::aws:policy/CloudWatchAgentServerPolicy")
    assert attachment["policy_arn"].startswith("arn:${data.aws_partition.")


def test_cloudwatch_waits_for_the_agent_and_its_association(default: dict[str, Any]) -> None:
    addons = resources(default, "aws_eks_addon")
    cloudwatch = by_path(addons, "addons/addon_amazon_cloudwatch_observability")
    agent = name_by_path(addons, "addons/addon_eks_pod_identity_agent")
    association = name_by_path(
        resources(default, "aws_eks_pod_identity_association"),
        "addons/cloudwatch_identity/association",
    )
    assert f"aws_eks_addon.{agent}" in cloudwatch["depends_on"]
    assert f"aws_eks_pod_identity_association.{association}" in cloudwatch["depends_on"]
    assert "service_account_role_arn" not in cloudwatch  # Pod Identity, not IRSA


@pytest.mark.parametrize("container_logs", [True, False])
def test_container_logs_switch_is_always_explicit(container_logs: bool) -> None:
    stack = _synth(ClusterAddonsSettings(container_logs=container_logs))
    cloudwatch = _addons(stack)["amazon-cloudwatch-observability"]
    assert json.loads(cloudwatch["configuration_values"]) == {
        "containerLogs": {"enabled": container_logs}
    }


def test_addons_can_be_turned_off_one_by_one() -> None:
    stack = _synth(
        ClusterAddonsSettings(
            metrics_server=False, cloudwatch_observability=False, pod_identity_agent=True
        )
    )
    assert sorted(_addons(stack)) == ["eks-pod-identity-agent"]
    assert resources(stack, "aws_iam_role") == {}
    nothing = _synth(
        ClusterAddonsSettings(
            metrics_server=False, cloudwatch_observability=False, pod_identity_agent=False
        )
    )
    assert resources(nothing, "aws_eks_addon") == {}


def test_with_irsa_the_cloudwatch_addon_names_its_role() -> None:
    identity = ClusterIdentity(cluster_name="unit-eks", mode="irsa", oidc_provider=OIDC)
    stack = _synth(ClusterAddonsSettings(), identity=identity)
    addons = resources(stack, "aws_eks_addon")
    cloudwatch = by_path(addons, "addons/addon_amazon_cloudwatch_observability")
    role = name_by_path(resources(stack, "aws_iam_role"), "addons/cloudwatch_identity/role")
    assert cloudwatch["service_account_role_arn"] == f"${{aws_iam_role.{role}.arn}}"
    assert resources(stack, "aws_eks_pod_identity_association") == {}
    (statement,) = by_path(
        data_sources(stack, "aws_iam_policy_document"), "addons/cloudwatch_identity/trust"
    )["statement"]
    subjects = [c["values"] for c in statement["condition"] if c["variable"].endswith(":sub")]
    assert subjects == [["system:serviceaccount:amazon-cloudwatch:cloudwatch-agent"]]
    # The agent stays available for Pod Identity roles of the environment's own.
    assert "eks-pod-identity-agent" in _addons(stack)


def test_with_pod_identity_the_cluster_owns_the_agent() -> None:
    # In pod_identity mode the core stack installs the agent before the nodes; a second
    # eks_addon of the same name would fail to create.
    identity = ClusterIdentity(cluster_name="unit-eks", mode="pod_identity")
    stack = _synth(ClusterAddonsSettings(), identity=identity)
    assert sorted(_addons(stack)) == ["amazon-cloudwatch-observability", "metrics-server"]
    cloudwatch = _addons(stack)["amazon-cloudwatch-observability"]
    association = name_by_path(
        resources(stack, "aws_eks_pod_identity_association"),
        "addons/cloudwatch_identity/association",
    )
    assert f"aws_eks_pod_identity_association.{association}" in cloudwatch["depends_on"]
