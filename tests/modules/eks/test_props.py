"""``EksClusterProps`` and ``ManagedNodeGroupProps`` built directly: the cluster and group
names and the node labels only the composing code knows."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from platform_cdktf.modules.eks import (
    EksClusterProps,
    EksSettings,
    ManagedNodeGroupProps,
    NodeGroupSettings,
    Taint,
)
from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.vpc import Vpc
from tests.support.units import empty_stack, unit_vpc

NODES = NodeGroupSettings(instance_types=("m5.large",))
SETTINGS = EksSettings(nodes=NODES)
NAME_RULE = "expected 1-100 letters, digits, - and _, starting with a letter or digit"
GROUP_NAME_RULE = (
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 17 "
    "characters (the AWS name is <cluster>-<name>)"
)
LABEL_KEY_RULE = (
    "is not a Kubernetes label key ([prefix/]name, name of at most 63 letters, digits, - _ . "
    "starting and ending with a letter or digit)"
)


@pytest.fixture(scope="module")
def network() -> Vpc:
    return unit_vpc(empty_stack())


def _cluster_lines(network: Vpc, name: str) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        EksClusterProps(name=name, settings=SETTINGS, network=network)
    return caught.value.lines


def _group_lines(**values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        ManagedNodeGroupProps(**{"name": "general", "settings": NODES, **values})
    return caught.value.lines


# -- EksClusterProps ---------------------------------------------------------------------


def test_cluster_props_defaults(network: Vpc) -> None:
    props = EksClusterProps(name="unit-eks", settings=SETTINGS, network=network)
    assert props.install_addons is True
    assert props.network is network
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["-unit", "_unit", "unit.eks", "unit eks", "", "a" * 101])
def test_cluster_name_follows_the_eks_rules(network: Vpc, name: str) -> None:
    assert _cluster_lines(network, name) == (f"EksClusterProps.name = {name!r}: {NAME_RULE}",)


@pytest.mark.parametrize("name", ["unit-eks", "1cluster", "Unit_EKS-2", "a" * 45])
def test_good_cluster_names_are_accepted(network: Vpc, name: str) -> None:
    assert EksClusterProps(name=name, settings=SETTINGS, network=network).name == name


@pytest.mark.parametrize("length", [46, 56, 100])
def test_cluster_name_leaves_room_for_the_names_derived_from_it(network: Vpc, length: int) -> None:
    """EKS allows 100 characters, but ``<name>-general`` (a node group: at most 63) and
    ``<name>-cluster-autoscaler`` (an IAM role: at most 64) must fit too."""
    name = "a" * length
    assert _cluster_lines(network, name) == (
        f"EksClusterProps.name = {name!r}: expected at most 45 characters, got {length}: the "
        "IAM roles and node groups named after the cluster must fit AWS limits",
    )


# -- ManagedNodeGroupProps -----------------------------------------------------------------


def test_node_group_props_defaults() -> None:
    props = ManagedNodeGroupProps(name="general", settings=NODES)
    assert props.capacity_type == "ON_DEMAND"
    assert dict(props.labels) == {}
    assert tuple(props.taints) == ()


@pytest.mark.parametrize("name", ["gen eral", "-general", "general.1", ""])
def test_node_group_name_follows_the_eks_rules(name: str) -> None:
    assert _group_lines(name=name) == (f"ManagedNodeGroupProps.name = {name!r}: {GROUP_NAME_RULE}",)


def test_node_group_names_fit_the_aws_name_with_the_longest_cluster_name() -> None:
    assert ManagedNodeGroupProps(name="g" * 17, settings=NODES).name == "g" * 17
    assert _group_lines(name="g" * 18) == (
        f"ManagedNodeGroupProps.name = {'g' * 18!r}: {GROUP_NAME_RULE}",
    )


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"-capacity": "spot"}, f"'-capacity' {LABEL_KEY_RULE}"),
        ({"Example.com/team": "a"}, f"'Example.com/team' {LABEL_KEY_RULE}"),
        ({"a" * 64: "x"}, f"{'a' * 64!r} {LABEL_KEY_RULE}"),
        (
            {"platform/capacity": "on demand"},
            "'on demand' is not a Kubernetes label value (at most 63 characters)",
        ),
        (
            {"team": "b" * 64},
            f"{'b' * 64!r} is not a Kubernetes label value (at most 63 characters)",
        ),
    ],
)
def test_labels_are_kubernetes_labels(labels: dict[str, str], expected: str) -> None:
    assert _group_lines(labels=labels) == (
        f"ManagedNodeGroupProps.labels = {labels!r}: {expected}",
    )


def test_good_labels_and_taints_are_accepted() -> None:
    labels = {"platform/capacity": "spot", "team": "", "node.kubernetes.io/pool": "a" * 63}
    taints = [Taint(key="capacity", value="spot"), Taint(key="gpu", value="", effect="NO_EXECUTE")]
    props = ManagedNodeGroupProps(
        name="spot", settings=NODES, capacity_type="SPOT", labels=labels, taints=taints
    )
    assert dict(props.labels) == labels
    assert list(props.taints) == taints
