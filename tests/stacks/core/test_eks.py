"""EKS in the core stack of each environment: node groups, endpoint, access, tags."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import load_environment
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
        # Roles of the cluster's own account and partition, named in the configuration.
        assert entry["principal_arn"] == (
            "arn:${data.aws_partition.account_context_partition_235833C1.partition}:iam::"
            "${data.aws_caller_identity.account_context_caller_FCC8001E.account_id}"
            f":role/{name}"
        )
