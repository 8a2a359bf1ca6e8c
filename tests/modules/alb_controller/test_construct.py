"""The AWS Load Balancer Controller construct: IRSA role, service account, Helm release."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack
from cdktf_cdktf_provider_helm.provider import HelmProvider
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider

from platform_cdktf.modules.alb_controller import (
    ALB_CONTROLLER_CHART,
    CLOUDFLARE_IPV4_RANGES,
    CONTROLLER_VERSION,
    AlbController,
    AlbControllerProps,
    AlbControllerSettings,
)
from platform_cdktf.modules.eks import OidcProvider
from platform_cdktf.modules.eks.identity import ClusterIdentity
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

OIDC = OidcProvider(
    arn="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
    issuer_url="https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
)


IRSA = ClusterIdentity(cluster_name="unit-eks", mode="irsa", oidc_provider=OIDC)


def _synth(settings: AlbControllerSettings, identity: ClusterIdentity = IRSA) -> dict[str, Any]:
    def build(stack: TerraformStack) -> None:
        KubernetesProvider(stack, "kubernetes")
        HelmProvider(stack, "helm")
        AlbController(
            stack,
            "alb",
            props=AlbControllerProps(
                settings=settings,
                cluster_name="unit-eks",
                region="us-east-1",
                vpc_id="vpc-123",
                identity=identity,
            ),
        )

    stack, _ = synth_stack(build)
    return stack


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    """The defaults: two replicas, load balancers open to whoever the Ingress admits."""
    return _synth(AlbControllerSettings())


@pytest.fixture(scope="module")
def cloudflare_only() -> dict[str, Any]:
    """Three replicas, load balancers that admit Cloudflare only."""
    return _synth(AlbControllerSettings(replicas=3, inbound_cidrs=CLOUDFLARE_IPV4_RANGES))


def _values(release: dict[str, Any]) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in release["set"]}


def test_chart_is_pinned_to_the_policy_version() -> None:
    assert ALB_CONTROLLER_CHART.version == "3.5.0"
    assert ALB_CONTROLLER_CHART.app_version == CONTROLLER_VERSION == "v3.5.0"
    assert ALB_CONTROLLER_CHART.repository == "https://aws.github.io/eks-charts"


def test_helm_release_values(synthesized: dict[str, Any]) -> None:
    release = only(resources(synthesized, "helm_release"))
    assert release["chart"] == "aws-load-balancer-controller"
    assert release["repository"] == "https://aws.github.io/eks-charts"
    assert release["version"] == "3.5.0"
    assert release["namespace"] == "kube-system"
    assert release["name"] == "aws-load-balancer-controller"
    assert (release["atomic"], release["cleanup_on_fail"]) == (True, True)
    assert _values(release) == {
        "clusterName": "unit-eks",
        "region": "us-east-1",
        "vpcId": "vpc-123",
        "replicaCount": "2",
        "serviceAccount.create": "false",
        "serviceAccount.name": "aws-load-balancer-controller",
        **AVAILABILITY,
    }
    assert "set_list" not in release


AVAILABILITY = {
    "podDisruptionBudget.maxUnavailable": "1",
    "topologySpreadConstraints[0].maxSkew": "1",
    "topologySpreadConstraints[0].topologyKey": "topology.kubernetes.io/zone",
    "topologySpreadConstraints[0].whenUnsatisfiable": "ScheduleAnyway",
    "topologySpreadConstraints[0].labelSelector.matchLabels.app\\.kubernetes\\.io/name": (
        "aws-load-balancer-controller"
    ),
    "topologySpreadConstraints[0].labelSelector.matchLabels.app\\.kubernetes\\.io/instance": (
        "aws-load-balancer-controller"
    ),
}
"""The chart values that keep the fail-closed webhooks answering (chart 3.5.0 keys)."""


def _set_to_yaml(values: dict[str, str]) -> dict[str, Any]:
    """What Helm builds from ``--set`` pairs, for the keys used here: dotted paths with
    ``\\.`` escapes, ``[0]`` list indexes, integer-looking values as integers."""
    tree: dict[str, Any] = {}
    for key, value in values.items():
        parts = [p.replace("\x00", ".") for p in key.replace("\\.", "\x00").split(".")]
        node: Any = tree
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            name, _, position = part.partition("[")
            if position:
                items = node.setdefault(name, [])
                slot = int(position.rstrip("]"))
                while len(items) <= slot:
                    items.append({})
                node = items[slot]
                continue
            if last:
                node[name] = int(value) if value.isdigit() else value
            else:
                node = node.setdefault(name, {})
    return tree


def test_pdb_and_zone_spread_select_the_controller_pods(synthesized: dict[str, Any]) -> None:
    """The spread constraint's selector must match the pods the chart labels (its
    selectorLabels: app.kubernetes.io/name = chart name, /instance = release name),
    or it constrains nothing."""
    release = only(resources(synthesized, "helm_release"))
    values = _set_to_yaml({k: v for k, v in _values(release).items() if k in AVAILABILITY})
    assert values["podDisruptionBudget"] == {"maxUnavailable": 1}
    (constraint,) = values["topologySpreadConstraints"]
    assert constraint == {
        "maxSkew": 1,
        "topologyKey": "topology.kubernetes.io/zone",
        "whenUnsatisfiable": "ScheduleAnyway",
        "labelSelector": {
            "matchLabels": {
                "app.kubernetes.io/name": release["chart"],
                "app.kubernetes.io/instance": release["name"],
            }
        },
    }


def test_replicas_follow_the_settings(cloudflare_only: dict[str, Any]) -> None:
    release = only(resources(cloudflare_only, "helm_release"))
    assert _values(release)["replicaCount"] == "3"


def test_cloudflare_only_restricts_the_load_balancer_security_group(
    cloudflare_only: dict[str, Any],
) -> None:
    release = only(resources(cloudflare_only, "helm_release"))
    assert release["set_list"] == [
        {"name": "ingressClassParams.spec.inboundCIDRs", "value": list(CLOUDFLARE_IPV4_RANGES)}
    ]


def test_service_account_is_annotated_with_the_role_arn(synthesized: dict[str, Any]) -> None:
    account = only(resources(synthesized, "kubernetes_service_account_v1"))
    metadata = account["metadata"]
    assert (metadata["namespace"], metadata["name"]) == (
        "kube-system",
        "aws-load-balancer-controller",
    )
    role_name = name_by_path(resources(synthesized, "aws_iam_role"), "alb/irsa/role")
    assert metadata["annotations"] == {
        "eks.amazonaws.com/role-arn": f"${{aws_iam_role.{role_name}.arn}}"
    }
    assert account["automount_service_account_token"] is True
    release = only(resources(synthesized, "helm_release"))
    account_name = name_by_path(
        resources(synthesized, "kubernetes_service_account_v1"), "alb/service_account"
    )
    assert release["depends_on"] == [f"kubernetes_service_account_v1.{account_name}"]


def test_role_trust_is_scoped_to_the_controller_service_account(
    synthesized: dict[str, Any],
) -> None:
    documents = data_sources(synthesized, "aws_iam_policy_document")
    trust = by_path(documents, "alb/irsa/trust")
    (statement,) = trust["statement"]
    conditions = {c["variable"].rsplit(":", 1)[1]: c["values"] for c in statement["condition"]}
    assert conditions == {
        "sub": ["system:serviceaccount:kube-system:aws-load-balancer-controller"],
        "aud": ["sts.amazonaws.com"],
    }
    assert statement["principals"] == [{"type": "Federated", "identifiers": [OIDC.arn]}]
    role = only(resources(synthesized, "aws_iam_role"))
    assert role["name"] == "unit-eks-alb-controller"


def test_role_has_the_controller_policy_in_the_stack_partition(
    synthesized: dict[str, Any],
) -> None:
    policy = only(resources(synthesized, "aws_iam_policy"))
    assert policy["name"] == "unit-eks-alb-controller"
    partition_name = name_by_path(
        data_sources(synthesized, "aws_partition"), "account_context/partition"
    )
    partition = f"${{data.aws_partition.{partition_name}.partition}}"
    assert f'"arn:{partition}:elasticloadbalancing:' in policy["policy"]
    assert '"arn:aws:' not in policy["policy"]
    attachment = only(resources(synthesized, "aws_iam_role_policy_attachment"))
    policy_name = name_by_path(resources(synthesized, "aws_iam_policy"), "alb/irsa/policy")
    assert attachment["policy_arn"] == f"${{aws_iam_policy.{policy_name}.arn}}"


def test_with_pod_identity_the_role_is_associated_not_annotated() -> None:
    stack = _synth(
        AlbControllerSettings(), ClusterIdentity(cluster_name="unit-eks", mode="pod_identity")
    )
    account = only(resources(stack, "kubernetes_service_account_v1"))
    assert "annotations" not in account["metadata"]
    association = only(resources(stack, "aws_eks_pod_identity_association"))
    role_name = name_by_path(resources(stack, "aws_iam_role"), "alb/irsa/role")
    assert association == {
        "cluster_name": "unit-eks",
        "namespace": "kube-system",
        "service_account": "aws-load-balancer-controller",
        "role_arn": f"${{aws_iam_role.{role_name}.arn}}",
    }
    # The controller's pods start only once the association exists.
    release = only(resources(stack, "helm_release"))
    association_name = name_by_path(
        resources(stack, "aws_eks_pod_identity_association"), "alb/irsa/association"
    )
    assert f"aws_eks_pod_identity_association.{association_name}" in release["depends_on"]
    # The controller policy is the role's inline policy, the same document as with IRSA.
    policy = only(resources(stack, "aws_iam_role_policy"))
    assert policy["role"] == f"${{aws_iam_role.{role_name}.name}}"
    assert "Statement" in policy["policy"]
