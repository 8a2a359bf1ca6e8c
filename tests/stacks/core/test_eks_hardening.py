"""What each environment's cluster tells its core add-ons, and its node groups."""

from __future__ import annotations

import json

import pytest

from platform_cdktf.environments import load_environment
from tests.support.synth import StackJson, by_path, resources

ENVIRONMENTS = ["dev", "prod"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_vpc_cni_enforces_network_policies(stacks: dict[str, StackJson], environment: str) -> None:
    core = stacks[f"{environment}-core"]
    vpc_cni = by_path(resources(core, "aws_eks_addon"), "eks/addon_vpc_cni")
    assert json.loads(vpc_cni["configuration_values"]) == {"enableNetworkPolicy": "true"}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_ebs_csi_driver_knows_its_region_and_volume_limit(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = stacks[f"{environment}-core"]
    config = load_environment(environment)
    ebs = by_path(resources(core, "aws_eks_addon"), "eks/addon_aws_ebs_csi_driver")
    assert json.loads(ebs["configuration_values"]) == {
        "controller": {"region": config.region},
        "node": {"volumeAttachLimit": config.eks.ebs_volume_attach_limit},
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_node_groups_keep_their_ids_unless_per_az_is_asked(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = stacks[f"{environment}-core"]
    config = load_environment(environment)
    groups = resources(core, "aws_eks_node_group")
    if config.eks.node_groups_per_az:
        zones = len(config.network.availability_zones)
        kinds = 1 + (config.eks.spot_nodes is not None)
        assert len(groups) == zones * kinds
        return
    by_path(groups, "eks/node_group_general/node_group")
    if config.eks.spot_nodes is not None:
        by_path(groups, "eks/node_group_spot/node_group")
