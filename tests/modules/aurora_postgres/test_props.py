"""AuroraPostgresProps built directly: the wiring checks only the composing code can make."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformProvider, TerraformStack

from platform_cdktf.modules.aurora_postgres import (
    AuroraPostgresProps,
    AuroraPostgresSettings,
    DrBackupSettings,
)
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.vpc import Vpc
from tests.support.units import NODES_SG, TEST_TAGS, UNIT_ZONES, empty_stack, unit_vpc

P = "AuroraPostgresProps"
SETTINGS = AuroraPostgresSettings(instance_class="db.r5.large", instance_count=3)
SLUG_RULE = (
    "expected lowercase letters, digits and single hyphens, starting with a letter and "
    "ending with a letter or digit"
)


@pytest.fixture(scope="module")
def stack() -> TerraformStack:
    return empty_stack()


@pytest.fixture(scope="module")
def network(stack: TerraformStack) -> Vpc:
    return unit_vpc(stack)


@pytest.fixture(scope="module")
def dr_provider(stack: TerraformStack) -> TerraformProvider:
    return aws_provider(
        stack, "aws_dr", props=AwsProviderProps(region="us-west-2", tags=TEST_TAGS, alias="dr")
    )


def _props(network: Vpc, **overrides: Any) -> AuroraPostgresProps:
    values: dict[str, Any] = {
        "name": "unit-db",
        "settings": SETTINGS,
        "network": network,
        "allowed_security_groups": {"eks_nodes": NODES_SG},
    }
    values.update(overrides)
    return AuroraPostgresProps(**values)


def _lines(network: Vpc, **overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _props(network, **overrides)
    return caught.value.lines


def test_props_hold_settings_and_wiring(network: Vpc) -> None:
    props = _props(network)
    assert props.settings is SETTINGS
    assert props.network is network
    assert dict(props.allowed_security_groups) == {"eks_nodes": NODES_SG}
    assert props.dr_provider is None
    assert props.final_snapshot_identifier == "unit-db-final"


def test_allowed_security_groups_default_to_none(network: Vpc) -> None:
    props = AuroraPostgresProps(name="unit-db", settings=SETTINGS, network=network)
    assert dict(props.allowed_security_groups) == {}


# -- name ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Prod_DB", "prod--db", "prod-", "1prod", "p", "prod.db"])
def test_name_is_a_slug(network: Vpc, name: str) -> None:
    assert _lines(network, name=name) == (f"{P}.name = {name!r}: {SLUG_RULE}",)


def test_name_is_at_most_40_characters(network: Vpc) -> None:
    assert _lines(network, name="a" * 41) == (
        f"{P}.name = {'a' * 41!r}: expected at most 40 characters, got 41",
    )


@pytest.mark.parametrize("name", ["db", "a" * 40, "platform-prod-aurora"])
def test_names_accepted(network: Vpc, name: str) -> None:
    assert _props(network, name=name).name == name


# -- allowed security groups -------------------------------------------------------------


@pytest.mark.parametrize("label", ["EKS nodes", "1st", "eks-nodes", "a" * 41])
def test_source_labels_are_address_safe(network: Vpc, label: str) -> None:
    assert _lines(network, allowed_security_groups={label: NODES_SG}) == (
        f"{P}.allowed_security_groups[{label!r}] = {label!r}: expected snake_case starting "
        "with a letter, at most 40 characters (the label becomes part of a Terraform address)",
    )


@pytest.mark.parametrize("source", ["10.0.0.0/8", "0.0.0.0/0", "sg-0nodes", "sg-12345", ""])
def test_sources_are_security_groups_never_cidrs(network: Vpc, source: str) -> None:
    assert _lines(network, allowed_security_groups={"eks": source}) == (
        f"{P}.allowed_security_groups['eks'] = {source!r}: expected a security group id "
        "(sg-...) or a reference to one; data stores admit security groups, never CIDRs",
    )


def test_a_security_group_reference_is_accepted(network: Vpc) -> None:
    reference = network.default_security_group_id
    props = _props(network, allowed_security_groups={"eks_nodes": reference, "jobs": "sg-0123abcd"})
    assert props.allowed_security_groups["eks_nodes"] == reference
    assert props.allowed_security_groups["jobs"] == "sg-0123abcd"


# -- DR provider -------------------------------------------------------------------------

_DR_RULE = "expected a provider of the DR Region exactly when settings.dr_backup is set"


def test_dr_backup_needs_a_dr_provider(network: Vpc) -> None:
    settings = AuroraPostgresSettings(
        instance_class="db.r5.large", dr_backup=DrBackupSettings(region="us-west-2")
    )
    assert _lines(network, settings=settings) == (f"{P}.dr_provider = None: {_DR_RULE}",)


def test_dr_provider_needs_dr_backup(network: Vpc, dr_provider: TerraformProvider) -> None:
    with pytest.raises(SettingsError) as caught:
        _props(network, dr_provider=dr_provider)
    (problem,) = caught.value.problems
    assert (problem.path, problem.value, problem.expected) == (
        "dr_provider",
        dr_provider,
        _DR_RULE,
    )
    (line,) = caught.value.lines
    assert line.startswith(f"{P}.dr_provider = ")
    assert line.endswith(f": {_DR_RULE}")


def test_dr_backup_with_its_provider_is_accepted(
    network: Vpc, dr_provider: TerraformProvider
) -> None:
    settings = AuroraPostgresSettings(
        instance_class="db.r5.large", dr_backup=DrBackupSettings(region="us-west-2")
    )
    props = _props(network, settings=settings, dr_provider=dr_provider)
    assert props.dr_provider is dr_provider


# -- the VPC's database tier -------------------------------------------------------------


def test_a_vpc_that_does_not_admit_the_port_is_rejected() -> None:
    redis_only = unit_vpc(empty_stack(), database_ports=(6379,))
    assert _lines(redis_only) == (
        f"{P}.settings.port = 5432: the database tier of VPC 'unit' admits only [6379]; add "
        "the port to VpcProps.database_ports",
    )


def test_a_custom_port_must_be_admitted_by_the_vpc(network: Vpc) -> None:
    settings = AuroraPostgresSettings(instance_class="db.r5.large", port=6432)
    assert _lines(network, settings=settings) == (
        f"{P}.settings.port = 6432: the database tier of VPC 'unit' admits only [5432, 6379]; "
        "add the port to VpcProps.database_ports",
    )
    admitting = unit_vpc(empty_stack(), database_ports=(6432,))
    assert _props(admitting, settings=settings).settings.port == 6432


# -- placement ---------------------------------------------------------------------------


def test_instances_wrap_round_robin_over_the_vpc_zones(network: Vpc) -> None:
    settings = AuroraPostgresSettings(instance_class="db.r5.large", instance_count=5)
    props = _props(network, settings=settings)
    assert [props.zone_of(index) for index in range(5)] == [*UNIT_ZONES, *UNIT_ZONES[:2]]
    assert props.zone_of(0) == network.availability_zones[0]
