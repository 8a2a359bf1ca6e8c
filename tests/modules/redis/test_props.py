"""RedisProps built directly: the wiring checks only the composing code can make, and the
member ids and AZs derived from the settings and the VPC."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.redis import RedisProps, RedisSettings
from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.vpc import Vpc
from tests.support.units import NODES_SG, UNIT_ZONES, empty_stack, unit_vpc

P = "RedisProps"
NODE = "cache.m5.large"
SETTINGS = RedisSettings(node_type=NODE, replicas_per_shard=2)
SLUG_RULE = (
    "expected lowercase letters, digits and single hyphens, starting with a letter and "
    "ending with a letter or digit"
)


@pytest.fixture(scope="module")
def network() -> Vpc:
    return unit_vpc(empty_stack())


def _props(network: Vpc, **overrides: Any) -> RedisProps:
    values: dict[str, Any] = {
        "name": "unit-cache",
        "settings": SETTINGS,
        "network": network,
        "allowed_security_groups": {"eks_nodes": NODES_SG},
    }
    values.update(overrides)
    return RedisProps(**values)


def _lines(network: Vpc, **overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _props(network, **overrides)
    return caught.value.lines


def test_props_hold_settings_and_wiring(network: Vpc) -> None:
    props = _props(network)
    assert props.settings is SETTINGS
    assert props.network is network
    assert dict(props.allowed_security_groups) == {"eks_nodes": NODES_SG}
    assert props.final_snapshot_identifier == "unit-cache-final"
    default = RedisProps(name="unit-cache", settings=SETTINGS, network=network)
    assert dict(default.allowed_security_groups) == {}


def test_final_snapshot_can_be_turned_off(network: Vpc) -> None:
    settings = RedisSettings(node_type=NODE, final_snapshot=False)
    assert _props(network, settings=settings).final_snapshot_identifier is None


# -- name ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Unit-Cache", "unit--cache", "unit-", "1cache", "c", "unit_cache"]
)
def test_name_is_a_slug(network: Vpc, name: str) -> None:
    assert _lines(network, name=name) == (f"{P}.name = {name!r}: {SLUG_RULE}",)


def test_name_is_at_most_32_characters(network: Vpc) -> None:
    assert _lines(network, name="a" * 33) == (
        f"{P}.name = {'a' * 33!r}: expected at most 32 characters, got 33",
    )


@pytest.mark.parametrize("name", ["rc", "a" * 32, "platform-prod-redis"])
def test_names_accepted(network: Vpc, name: str) -> None:
    assert _props(network, name=name).name == name


# -- sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["1st", "EKS", "eks-nodes"])
def test_source_labels_are_address_safe(network: Vpc, label: str) -> None:
    assert _lines(network, allowed_security_groups={label: NODES_SG}) == (
        f"{P}.allowed_security_groups[{label!r}] = {label!r}: expected snake_case starting "
        "with a letter, at most 40 characters (the label becomes part of a Terraform address)",
    )


@pytest.mark.parametrize("source", ["10.0.0.0/8", "10.0.1.10/32", "sg-0nodes"])
def test_sources_are_security_groups_never_cidrs(network: Vpc, source: str) -> None:
    assert _lines(network, allowed_security_groups={"eks": source}) == (
        f"{P}.allowed_security_groups['eks'] = {source!r}: expected a security group id "
        "(sg-...) or a reference to one; data stores admit security groups, never CIDRs",
    )


def test_a_security_group_reference_is_accepted(network: Vpc) -> None:
    reference = network.default_security_group_id
    props = _props(network, allowed_security_groups={"eks_nodes": reference})
    assert props.allowed_security_groups["eks_nodes"] == reference


# -- the VPC's database tier -------------------------------------------------------------


def test_a_vpc_that_does_not_admit_the_port_is_rejected() -> None:
    postgres_only = unit_vpc(empty_stack(), database_ports=(5432,))
    assert _lines(postgres_only) == (
        f"{P}.settings.port = 6379: the database tier of VPC 'unit' admits only [5432]; add "
        "the port to VpcProps.database_ports",
    )


def test_a_custom_port_must_be_admitted_by_the_vpc(network: Vpc) -> None:
    settings = RedisSettings(node_type=NODE, port=6380)
    assert _lines(network, settings=settings) == (
        f"{P}.settings.port = 6380: the database tier of VPC 'unit' admits only [5432, 6379]; "
        "add the port to VpcProps.database_ports",
    )


# -- members and AZs -----------------------------------------------------------------------


def test_member_ids_follow_the_elasticache_naming_scheme(network: Vpc) -> None:
    assert _props(network).member_cluster_ids == [
        "unit-cache-001",
        "unit-cache-002",
        "unit-cache-003",
    ]


def test_a_single_node_without_failover_has_one_member(network: Vpc) -> None:
    settings = RedisSettings(node_type=NODE, replicas_per_shard=0, multi_az=False)
    props = _props(network, settings=settings)
    assert props.member_cluster_ids == ["unit-cache-001"]
    assert props.preferred_azs() == [UNIT_ZONES[0]]


def test_cluster_mode_member_ids_name_the_shard(network: Vpc) -> None:
    settings = RedisSettings(node_type=NODE, shards=2, replicas_per_shard=1)
    assert _props(network, settings=settings).member_cluster_ids == [
        "unit-cache-0001-001",
        "unit-cache-0001-002",
        "unit-cache-0002-001",
        "unit-cache-0002-002",
    ]
    bare = RedisSettings(node_type=NODE, shards=3, replicas_per_shard=0, multi_az=False)
    assert _props(network, settings=bare).member_cluster_ids == [
        "unit-cache-0001-001",
        "unit-cache-0002-001",
        "unit-cache-0003-001",
    ]


def test_nodes_round_robin_over_the_vpc_zones(network: Vpc) -> None:
    assert _props(network).preferred_azs() == list(UNIT_ZONES)
    five_replicas = RedisSettings(node_type=NODE, replicas_per_shard=5)
    assert _props(network, settings=five_replicas).preferred_azs() == [*UNIT_ZONES, *UNIT_ZONES]


def test_no_preferred_azs_in_cluster_mode(network: Vpc) -> None:
    settings = RedisSettings(node_type=NODE, shards=2, replicas_per_shard=2)
    assert _props(network, settings=settings).preferred_azs() is None
