"""``VpcProps`` built directly: the name and the database ports only the composing code
knows, checked against the settings."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.vpc import VpcProps, VpcSettings, standard_subnet_plan
from platform_cdktf.modules.vpc.props import DATA_PORTS

CIDR = "10.0.0.0/16"
SETTINGS = VpcSettings(
    vpc_cidr=CIDR,
    availability_zones=("us-east-1a", "us-east-1b", "us-east-1c"),
    **standard_subnet_plan(CIDR),
)
SIX_ZONES = VpcSettings(
    vpc_cidr=CIDR,
    availability_zones=tuple(f"us-east-1{letter}" for letter in "abcdef"),
    public_subnets=tuple(f"10.0.{index}.0/24" for index in range(6)),
    private_subnets=tuple(f"10.0.{index + 10}.0/24" for index in range(6)),
    database_subnets=tuple(f"10.0.{index + 20}.0/24" for index in range(6)),
)
NAME_RULE = (
    "expected lowercase letters, digits and single hyphens, starting with a letter and "
    "ending with a letter or digit"
)


def _props(**overrides: Any) -> VpcProps:
    values: dict[str, Any] = {"name": "unit", "settings": SETTINGS}
    values.update(overrides)
    return VpcProps(**values)


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _props(**overrides)
    return caught.value.lines


def test_defaults() -> None:
    props = _props()
    assert props.database_ports == DATA_PORTS == (5432, 6379)
    assert props.settings is SETTINGS


def test_props_are_frozen() -> None:
    props = _props()
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["Unit", "a--b", "-unit", "unit-", "1unit", "unit_vpc", ""])
def test_name_is_a_slug(name: str) -> None:
    assert _lines(name=name) == (f"VpcProps.name = {name!r}: {NAME_RULE}",)


def test_name_is_at_most_40_characters() -> None:
    name = "a" * 41
    line = f"VpcProps.name = {name!r}: expected at most 40 characters, got 41"
    assert _lines(name=name) == (line,)


@pytest.mark.parametrize("name", ["a" * 40, "ab", "platform-prod-2"])
def test_good_names_are_accepted(name: str) -> None:
    assert _props(name=name).name == name


@pytest.mark.parametrize(
    ("settings", "ports", "line"),
    [
        (SETTINGS, (0,), "VpcProps.database_ports = [0]: expected distinct TCP ports, got [0]"),
        (
            SETTINGS,
            (65536,),
            "VpcProps.database_ports = [65536]: expected distinct TCP ports, got [65536]",
        ),
        (
            SETTINGS,
            (5432, 5432),
            "VpcProps.database_ports = [5432, 5432]: expected distinct TCP ports, got [5432, 5432]",
        ),
        (
            SETTINGS,
            (5432, 6379, 3306),
            "VpcProps.database_ports = [5432, 6379, 3306]: admitting 3 ports from 3 AZs needs "
            "21 inbound rules in the database NACL; the default quota is 20",
        ),
        (
            SIX_ZONES,
            (5432, 6379),
            "VpcProps.database_ports = [5432, 6379]: admitting 2 ports from 6 AZs needs 30 "
            "inbound rules in the database NACL; the default quota is 20",
        ),
    ],
)
def test_database_ports_must_fit_the_nacl(
    settings: VpcSettings, ports: tuple[int, ...], line: str
) -> None:
    assert _lines(settings=settings, database_ports=ports) == (line,)


def test_the_default_ports_over_six_azs_are_rejected() -> None:
    """The default (PostgreSQL and Redis) does not fit six AZs: the error says so."""
    with pytest.raises(SettingsError) as caught:
        _props(settings=SIX_ZONES)
    assert [problem.path for problem in caught.value.problems] == ["database_ports"]


@pytest.mark.parametrize(
    ("settings", "ports"),
    [(SIX_ZONES, (5432,)), (SETTINGS, (5432,)), (SETTINGS, (6379, 5432)), (SETTINGS, ())],
)
def test_database_ports_within_the_quota_are_accepted(
    settings: VpcSettings, ports: tuple[int, ...]
) -> None:
    assert tuple(_props(settings=settings, database_ports=ports).database_ports) == ports


def test_the_name_is_checked_before_the_ports() -> None:
    """Props checks stop at the first problem, in field order."""
    assert _lines(name="Bad", database_ports=(0,)) == (f"VpcProps.name = 'Bad': {NAME_RULE}",)
