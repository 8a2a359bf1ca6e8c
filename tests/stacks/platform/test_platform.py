"""The platform stack of each environment: providers, the controller, the autoscaler."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import load_environment
from platform_cdktf.modules.alb_controller.cloudflare import CLOUDFLARE_IPV4_RANGES
from tests.support.synth import StackJson, only, resources

ENVIRONMENTS = ["dev", "prod"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_platform_providers_authenticate_with_exec(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    config = load_environment(environment)
    (kubernetes,) = platform["provider"]["kubernetes"]
    (exec_block,) = kubernetes["exec"]
    assert exec_block["command"] == "aws"
    assert exec_block["args"] == [
        "eks",
        "get-token",
        "--cluster-name",
        config.cluster_name,
        "--region",
        config.region,
    ]
    assert "token" not in kubernetes
    (helm,) = platform["provider"]["helm"]
    assert helm["kubernetes"]["exec"]["args"] == exec_block["args"]
    cluster = only(platform["data"]["aws_eks_cluster"])
    assert cluster["name"] == config.cluster_name
    assert kubernetes["host"] == helm["kubernetes"]["host"]
    assert "aws_eks_cluster" in kubernetes["host"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_platform_holds_the_controller_and_the_autoscaler(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    releases = {r["name"]: r for r in resources(platform, "helm_release").values()}
    assert sorted(releases) == ["aws-load-balancer-controller", "cluster-autoscaler"]
    controller = {e["name"]: e["value"] for e in releases["aws-load-balancer-controller"]["set"]}
    assert controller["clusterName"] == load_environment(environment).cluster_name
    assert controller["serviceAccount.create"] == "false"
    assert controller["replicaCount"] == "2"
    assert controller["vpcId"].startswith("${data.aws_eks_cluster.")
    autoscaler = {e["name"]: e["value"] for e in releases["cluster-autoscaler"]["set"]}
    assert autoscaler["autoDiscovery.clusterName"] == load_environment(environment).cluster_name
    role_annotation = "rbac.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn"
    assert autoscaler[role_annotation].startswith("${aws_iam_role.")


def test_prod_restricts_load_balancers_to_cloudflare(
    stacks: dict[str, StackJson],
) -> None:
    def inbound(stack: StackJson) -> list[Any]:
        release = next(
            r
            for r in resources(stack, "helm_release").values()
            if r["name"] == "aws-load-balancer-controller"
        )
        return list(release.get("set_list", []))

    assert inbound(stacks["prod-platform"]) == [
        {"name": "ingressClassParams.spec.inboundCIDRs", "value": list(CLOUDFLARE_IPV4_RANGES)}
    ]
    assert inbound(stacks["dev-platform"]) == []


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_autoscaler_may_only_scale_its_own_cluster(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    cluster_name = load_environment(environment).cluster_name
    documents = platform["data"]["aws_iam_policy_document"]
    policy = next(doc for name, doc in documents.items() if "cluster_autoscaler_policy" in name)
    scale = next(s for s in policy["statement"] if s["sid"] == "ScaleOwnNodeGroups")
    (condition,) = scale["condition"]
    assert condition["variable"] == f"aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster_name}"
    assert condition["values"] == ["owned"]
    assert all(":autoScalingGroup:" in resource for resource in scale["resources"])
