"""What the cluster tells its add-ons (network policy enforcement, the EBS CSI driver's
Region and volume limit) and the option of one node group per AZ."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.eks import (
    EksCluster,
    EksClusterProps,
    EksSettings,
    NodeGroupSettings,
    SpotNodeGroupSettings,
)
from platform_cdktf.modules.eks.construct import split_over_zones, zone_suffix
from platform_cdktf.modules.eks.settings import EBS_VOLUME_ATTACH_LIMIT
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, resources
from tests.support.units import UNIT_REGION, UNIT_ZONES, synth_stack, unit_vpc

NODES = NodeGroupSettings(instance_types=("m5.large",), min_size=2, desired_size=3, max_size=6)
SPOT = SpotNodeGroupSettings(instance_types=("m5.large",), max_size=4)


def _synth(**settings: Any) -> dict[str, Any]:
    def build(stack: TerraformStack) -> None:
        EksCluster(
            stack,
            "eks",
            props=EksClusterProps(
                name="unit-eks",
                settings=EksSettings(nodes=NODES, spot_nodes=SPOT, **settings),
                network=unit_vpc(stack),
            ),
        )

    stack, _ = synth_stack(build)
    return stack


@pytest.fixture(scope="module")
def spanning() -> dict[str, Any]:
    return _synth()


@pytest.fixture(scope="module")
def per_az() -> dict[str, Any]:
    return _synth(node_groups_per_az=True, ebs_volume_attach_limit=25)


def _addon(stack: dict[str, Any], name: str) -> dict[str, Any]:
    (addon,) = (a for a in resources(stack, "aws_eks_addon").values() if a["addon_name"] == name)
    return addon


def test_vpc_cni_enforces_network_policies_in_place(spanning: dict[str, Any]) -> None:
    addons = resources(spanning, "aws_eks_addon")
    vpc_cni = by_path(addons, "eks/addon_vpc_cni")  # the address it always had
    assert json.loads(vpc_cni["configuration_values"]) == {"enableNetworkPolicy": "true"}


def test_ebs_csi_driver_is_told_its_region_and_volume_limit(spanning: dict[str, Any]) -> None:
    ebs = by_path(resources(spanning, "aws_eks_addon"), "eks/addon_aws_ebs_csi_driver")
    assert json.loads(ebs["configuration_values"]) == {
        "controller": {"region": UNIT_REGION},
        "node": {"volumeAttachLimit": EBS_VOLUME_ATTACH_LIMIT},
    }
    assert EBS_VOLUME_ATTACH_LIMIT == 12


def test_volume_limit_follows_the_settings(per_az: dict[str, Any]) -> None:
    ebs = _addon(per_az, "aws-ebs-csi-driver")
    assert json.loads(ebs["configuration_values"])["node"] == {"volumeAttachLimit": 25}


def test_other_core_addons_keep_their_defaults(spanning: dict[str, Any]) -> None:
    for name in ("kube-proxy", "coredns"):
        assert "configuration_values" not in _addon(spanning, name), name


def test_by_default_each_group_spans_every_az_under_its_old_id(spanning: dict[str, Any]) -> None:
    groups = resources(spanning, "aws_eks_node_group")
    assert len(groups) == 2
    for name in ("general", "spot"):
        group = by_path(groups, f"eks/node_group_{name}/node_group")
        assert len(group["subnet_ids"]) == len(UNIT_ZONES)


def test_per_az_option_gives_one_group_per_az_and_group(per_az: dict[str, Any]) -> None:
    groups = resources(per_az, "aws_eks_node_group")
    assert len(groups) == 2 * len(UNIT_ZONES)
    subnets = resources(per_az, "aws_subnet")
    for name in ("general", "spot"):
        seen = set()
        for zone in UNIT_ZONES:
            zone_id = zone.replace("-", "_")
            group = by_path(groups, f"eks/node_group_{name}_{zone_id}/node_group")
            (subnet_ref,) = group["subnet_ids"]
            subnet_name = subnet_ref.removeprefix("${aws_subnet.").removesuffix(".id}")
            assert subnets[subnet_name]["availability_zone"] == zone
            assert subnets[subnet_name]["tags"]["Tier"] == "private"
            assert group["node_group_name"].endswith(f"-{name}-{zone.rsplit('-', 1)[-1]}")
            seen.add(subnet_name)
        assert len(seen) == len(UNIT_ZONES)


def test_per_az_groups_of_one_name_are_similar_for_the_autoscaler(
    per_az: dict[str, Any],
) -> None:
    """balance-similar-node-groups balances only groups with equal labels, taints and
    instance types."""
    groups = resources(per_az, "aws_eks_node_group")
    for name in ("general", "spot"):
        shapes = {
            json.dumps(
                [g.get("labels"), g.get("taint"), g["instance_types"], g["capacity_type"]],
                sort_keys=True,
            )
            for logical, g in groups.items()
            if f"node_group_{name}_" in logical
        }
        assert len(shapes) == 1, name


def test_per_az_sizes_are_the_totals_split_rounding_up(per_az: dict[str, Any]) -> None:
    groups = resources(per_az, "aws_eks_node_group")
    general = by_path(groups, "eks/node_group_general_us_east_1a/node_group")
    assert general["scaling_config"] == {"min_size": 1, "desired_size": 1, "max_size": 2}
    spot = by_path(groups, "eks/node_group_spot_us_east_1b/node_group")
    assert spot["scaling_config"] == {"min_size": 0, "desired_size": 0, "max_size": 2}


@pytest.mark.parametrize(
    ("sizes", "zones", "expected"),
    [
        ((2, 3, 6), 3, (1, 1, 2)),
        ((0, 0, 1), 3, (0, 0, 1)),
        ((3, 3, 3), 3, (1, 1, 1)),
        ((4, 5, 7), 2, (2, 3, 4)),
    ],
)
def test_split_never_gives_fewer_nodes_than_the_totals(
    sizes: tuple[int, int, int], zones: int, expected: tuple[int, int, int]
) -> None:
    minimum, desired, maximum = sizes
    settings = NodeGroupSettings(
        instance_types=("m5.large",), min_size=minimum, desired_size=desired, max_size=maximum
    )
    split = split_over_zones(settings, zones)
    assert (split.min_size, split.desired_size, split.max_size) == expected
    assert split.min_size * zones >= minimum
    assert split.max_size * zones >= maximum
    assert split.instance_types == settings.instance_types


@pytest.mark.parametrize("limit", [0, 129, "many"])
def test_volume_attach_limit_is_checked(limit: object) -> None:
    with pytest.raises(SettingsError) as error:
        EksSettings(nodes=NODES, ebs_volume_attach_limit=limit)
    assert "ebs_volume_attach_limit" in str(error.value)


def test_per_az_is_off_by_default() -> None:
    settings = EksSettings(nodes=NODES)
    assert settings.node_groups_per_az is False
    assert settings.ebs_volume_attach_limit == EBS_VOLUME_ATTACH_LIMIT


def test_zone_suffix_is_the_last_part_of_the_az_name() -> None:
    assert [zone_suffix(zone) for zone in UNIT_ZONES] == ["1a", "1b", "1c"]
    assert zone_suffix("ap-southeast-2c") == "2c"
