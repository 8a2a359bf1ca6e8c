"""EKS and the platform stacks as each environment synthesizes them."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import load_environment
from platform_cdktf.environments.cloudflare import CLOUDFLARE_IPV4_RANGES
from tests.support.synth import StackJson, by_path, only, resources

ENVIRONMENTS = ["dev", "prod"]


def _subnet_zones(stack: StackJson) -> dict[str, str]:
    return {
        f"${{aws_subnet.{name}.id}}": subnet["availability_zone"]
        for name, subnet in resources(stack, "aws_subnet").items()
    }


def _general_group(stack: StackJson) -> dict[str, Any]:
    return by_path(resources(stack, "aws_eks_node_group"), "node_group_general/node_group")


@pytest.mark.parametrize(
    ("environment", "instance_type"), [("dev", "t3.medium"), ("prod", "m5.large")]
)
def test_node_groups_span_three_azs_with_the_seed_sizing(
    stacks: dict[str, StackJson], environment: str, instance_type: str
) -> None:
    core = stacks[f"{environment}-core"]
    group = _general_group(core)
    assert group["instance_types"] == [instance_type]
    assert group["scaling_config"] == {"min_size": 2, "desired_size": 3, "max_size": 6}
    zones = _subnet_zones(core)
    node_zones = {zones[subnet] for subnet in group["subnet_ids"]}
    assert len(node_zones) == 3
    private = {
        f"${{aws_subnet.{name}.id}}"
        for name, subnet in resources(core, "aws_subnet").items()
        if subnet["tags"]["Tier"] == "private"
    }
    assert set(group["subnet_ids"]) == private


def test_prod_api_endpoint_is_private(prod_core: StackJson) -> None:
    vpc_config = only(resources(prod_core, "aws_eks_cluster"))["vpc_config"]
    assert vpc_config["endpoint_public_access"] is False
    assert vpc_config["endpoint_private_access"] is True


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_cluster_name_matches_the_subnet_tags(
    stacks: dict[str, StackJson], environment: str
) -> None:
    cluster = only(resources(stacks[f"{environment}-core"], "aws_eks_cluster"))
    expected = load_environment(environment).cluster_name
    assert cluster["name"] == expected
    tagged = [
        subnet
        for subnet in resources(stacks[f"{environment}-core"], "aws_subnet").values()
        if subnet["tags"].get(f"kubernetes.io/cluster/{expected}") == "shared"
    ]
    assert len(tagged) == 6


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_secrets_encryption_and_imdsv2_in_every_environment(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = stacks[f"{environment}-core"]
    cluster = only(resources(core, "aws_eks_cluster"))
    assert cluster["encryption_config"]["resources"] == ["secrets"]
    for template in resources(core, "aws_launch_template").values():
        assert template["metadata_options"]["http_tokens"] == "required"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_admin_access_comes_from_the_configured_roles(
    stacks: dict[str, StackJson], environment: str
) -> None:
    entries = resources(stacks[f"{environment}-core"], "aws_eks_access_entry")
    names = load_environment(environment).eks.admin_role_names
    assert len(entries) == len(names)
    for entry, name in zip(entries.values(), names, strict=True):
        assert entry["principal_arn"].endswith(f":role/{name}")


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
