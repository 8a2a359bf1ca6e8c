"""``VpcSettings`` on its own: defaults, every limit and cross-field check, the standard
subnet plan and the database NACL quota. No cdktf: settings are plain data."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.vpc import TIERS, VpcSettings, standard_subnet_plan
from platform_cdktf.modules.vpc.settings import (
    MAX_NACL_INBOUND_RULES,
    check_subnet_cidr,
    region_of_zone,
)

CIDR = "10.0.0.0/16"
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
PLAN = standard_subnet_plan(CIDR)
RETENTION_VALUES = (
    "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, "
    "2557, 2922, 3288, 3653]"
)


def _settings(**overrides: Any) -> VpcSettings:
    values: dict[str, Any] = {"vpc_cidr": CIDR, "availability_zones": ZONES, **PLAN}
    values.update(overrides)
    return VpcSettings(**values)


def _zones(count: int) -> tuple[str, ...]:
    return tuple(f"us-east-1{letter}" for letter in "abcdefg"[:count])


def _per_zone(count: int, **overrides: Any) -> VpcSettings:
    """``count`` AZs with one /24 per tier and AZ: public 10.0.0-6, private 10.0.10-16,
    database 10.0.20-26."""
    values: dict[str, Any] = {
        "vpc_cidr": CIDR,
        "availability_zones": _zones(count),
        "public_subnets": tuple(f"10.0.{index}.0/24" for index in range(count)),
        "private_subnets": tuple(f"10.0.{index + 10}.0/24" for index in range(count)),
        "database_subnets": tuple(f"10.0.{index + 20}.0/24" for index in range(count)),
    }
    values.update(overrides)
    return VpcSettings(**values)


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _settings(**overrides)
    return caught.value.lines


# -- defaults ----------------------------------------------------------------------------


def test_defaults() -> None:
    settings = _settings()
    assert settings.nat_gateways == "one_per_az"
    assert settings.flow_log_retention_days == 365
    assert settings.gateway_endpoints is True
    assert settings.region == "us-east-1"
    assert settings.nat_gateway_count == 3
    assert settings.subnets_by_tier == {
        "public": PLAN["public_subnets"],
        "private": PLAN["private_subnets"],
        "database": PLAN["database_subnets"],
    }
    assert tuple(settings.subnets_by_tier) == TIERS == ("public", "private", "database")


def test_a_single_nat_gateway() -> None:
    assert _settings(nat_gateways="single").nat_gateway_count == 1


def test_settings_are_frozen() -> None:
    settings = _settings()
    with pytest.raises(ValidationError, match="frozen"):
        settings.vpc_cidr = "10.1.0.0/16"  # type: ignore[misc]


def test_importing_the_settings_never_imports_cdktf() -> None:
    code = (
        "import sys\n"
        "from platform_cdktf.modules.vpc import VpcSettings, standard_subnet_plan\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in "
        "('cdktf', 'constructs', 'jsii') or n.startswith('cdktf_')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- the standard subnet plan ------------------------------------------------------------


def test_standard_subnet_plan_of_a_16() -> None:
    assert standard_subnet_plan("10.20.0.0/16") == {
        "private_subnets": ("10.20.0.0/18", "10.20.64.0/18", "10.20.128.0/18"),
        "public_subnets": ("10.20.192.0/24", "10.20.193.0/24", "10.20.194.0/24"),
        "database_subnets": ("10.20.200.0/24", "10.20.201.0/24", "10.20.202.0/24"),
    }


def test_standard_subnet_plan_is_valid_settings() -> None:
    settings = VpcSettings(
        vpc_cidr="172.16.0.0/16",
        availability_zones=("eu-west-1a", "eu-west-1b", "eu-west-1c"),
        **standard_subnet_plan("172.16.0.0/16"),
    )
    assert settings.private_subnets[2] == "172.16.128.0/18"
    assert settings.region == "eu-west-1"


@pytest.mark.parametrize(
    ("cidr", "message"),
    [
        ("10.0.0.0/20", "standard_subnet_plan expects a /16 VPC, got 10.0.0.0/20"),
        ("10.0.0.0/15", "standard_subnet_plan expects a /16 VPC, got 10.0.0.0/15"),
        ("10.0.0.1/16", "has host bits set"),
    ],
)
def test_standard_subnet_plan_needs_a_16(cidr: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        standard_subnet_plan(cidr)


# -- the VPC CIDR ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cidr", "line"),
    [
        (
            "10.0.0.0/15",
            "VpcSettings.vpc_cidr = '10.0.0.0/15': expected a prefix length between /16 and /24",
        ),
        (
            "10.0.0.0/25",
            "VpcSettings.vpc_cidr = '10.0.0.0/25': expected a prefix length between /16 and /24",
        ),
        (
            "10.0.0.1/16",
            "VpcSettings.vpc_cidr = '10.0.0.1/16': expected an IPv4 CIDR block such as "
            "10.0.0.0/16 (10.0.0.1/16 has host bits set)",
        ),
        (
            "nope",
            "VpcSettings.vpc_cidr = 'nope': expected an IPv4 CIDR block such as 10.0.0.0/16 "
            "(Expected 4 octets in 'nope')",
        ),
    ],
)
def test_vpc_cidr_is_a_16_to_24(cidr: str, line: str) -> None:
    assert _lines(vpc_cidr=cidr) == (line,)


def test_vpc_cidr_boundaries_are_accepted() -> None:
    assert _settings(vpc_cidr="10.0.0.0/16").vpc_cidr == "10.0.0.0/16"
    smallest = VpcSettings(
        vpc_cidr="10.0.0.0/24",
        availability_zones=("us-east-1a", "us-east-1b"),
        public_subnets=("10.0.0.0/28", "10.0.0.16/28"),
        private_subnets=("10.0.0.128/26", "10.0.0.192/26"),
        database_subnets=("10.0.0.32/28", "10.0.0.48/28"),
    )
    assert smallest.vpc_cidr == "10.0.0.0/24"


# -- subnets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "cidr", "line"),
    [
        (
            "public_subnets",
            "10.0.192.0/29",
            "VpcSettings.public_subnets[0] = '10.0.192.0/29': expected a prefix length "
            "between /16 and /28",
        ),
        (
            "private_subnets",
            "10.0.0.0/15",
            "VpcSettings.private_subnets[0] = '10.0.0.0/15': expected a prefix length "
            "between /16 and /28",
        ),
        (
            "database_subnets",
            "10.0.200.1/24",
            "VpcSettings.database_subnets[0] = '10.0.200.1/24': expected an IPv4 CIDR block "
            "such as 10.0.0.0/16 (10.0.200.1/24 has host bits set)",
        ),
    ],
)
def test_subnets_are_16_to_28(field: str, cidr: str, line: str) -> None:
    cidrs = (cidr, *PLAN[field][1:])
    assert _lines(**{field: cidrs}) == (line,)


def test_subnet_prefix_boundaries_are_accepted() -> None:
    assert check_subnet_cidr("10.0.0.0/16") == "10.0.0.0/16"
    settings = _settings(public_subnets=("10.0.192.0/28", "10.0.193.0/24", "10.0.194.0/24"))
    assert settings.public_subnets[0] == "10.0.192.0/28"


def test_subnets_lie_inside_the_vpc() -> None:
    database = ("10.1.2.0/24", "10.0.201.0/24", "10.0.202.0/24")
    assert _lines(database_subnets=database) == (
        "VpcSettings.database_subnets[0] = '10.1.2.0/24': must lie inside vpc_cidr 10.0.0.0/16",
    )


def test_every_overlap_is_reported_with_both_paths() -> None:
    public = ("10.0.192.0/24", "10.0.0.0/24", "10.0.64.0/24")
    with pytest.raises(SettingsError) as caught:
        _settings(public_subnets=public)
    assert caught.value.lines == (
        "VpcSettings.private_subnets[0] = '10.0.0.0/18': overlaps public_subnets[1] (10.0.0.0/24)",
        "VpcSettings.private_subnets[1] = '10.0.64.0/18': overlaps public_subnets[2] "
        "(10.0.64.0/24)",
    )
    assert [problem.path for problem in caught.value.problems] == [
        "private_subnets[0]",
        "private_subnets[1]",
    ]


def test_overlaps_within_a_tier_are_reported() -> None:
    private = ("10.0.0.0/18", "10.0.0.0/18", "10.0.128.0/18")
    assert _lines(private_subnets=private) == (
        "VpcSettings.private_subnets[1] = '10.0.0.0/18': overlaps private_subnets[0] (10.0.0.0/18)",
    )


def test_outside_and_overlapping_are_reported_together() -> None:
    database = ("10.1.2.0/24", "10.0.193.0/24", "10.0.202.0/24")
    assert _lines(database_subnets=database) == (
        "VpcSettings.database_subnets[0] = '10.1.2.0/24': must lie inside vpc_cidr 10.0.0.0/16",
        "VpcSettings.database_subnets[1] = '10.0.193.0/24': overlaps public_subnets[1] "
        "(10.0.193.0/24)",
    )


def test_one_cidr_per_az_in_every_tier() -> None:
    assert _lines(public_subnets=("10.0.192.0/24",)) == (
        "VpcSettings.public_subnets = ['10.0.192.0/24']: expected one CIDR per Availability "
        "Zone (3), got 1",
    )


def test_every_tier_with_the_wrong_count_is_reported() -> None:
    lines = _lines(
        private_subnets=(*PLAN["private_subnets"], "10.0.196.0/24"),
        database_subnets=PLAN["database_subnets"][:2],
    )
    assert lines == (
        "VpcSettings.private_subnets = ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18', "
        "'10.0.196.0/24']: expected one CIDR per Availability Zone (3), got 4",
        "VpcSettings.database_subnets = ['10.0.200.0/24', '10.0.201.0/24']: expected one "
        "CIDR per Availability Zone (3), got 2",
    )


# -- Availability Zones ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zones", "line"),
    [
        (
            ("us-east-1a",),
            "VpcSettings.availability_zones = ('us-east-1a',): Tuple should have at least 2 "
            "items after validation, not 1",
        ),
        (
            _zones(7),
            f"VpcSettings.availability_zones = {_zones(7)!r}: Tuple should have at most 6 "
            "items after validation, not 7",
        ),
        (
            ("us-east-1a", "us-east-1a", "us-east-1c"),
            "VpcSettings.availability_zones = ('us-east-1a', 'us-east-1a', 'us-east-1c'): "
            "expected distinct Availability Zones, got a duplicate",
        ),
        (
            ("us-east-1a", "eu-west-1b", "us-east-1c"),
            "VpcSettings.availability_zones = ('us-east-1a', 'eu-west-1b', 'us-east-1c'): "
            "expected the AZs of one Region, got ['eu-west-1', 'us-east-1']",
        ),
        (
            ("us-east-1a", "us-east-1b", "us-east-1"),
            "VpcSettings.availability_zones = ('us-east-1a', 'us-east-1b', 'us-east-1'): "
            "'us-east-1' is not an Availability Zone name such as us-east-1a",
        ),
        (
            ("us-east-1a", "us-east-1b", "xx-east-1c"),
            "VpcSettings.availability_zones = ('us-east-1a', 'us-east-1b', 'xx-east-1c'): "
            "'xx-east-1c' is not an Availability Zone name such as us-east-1a",
        ),
    ],
)
def test_two_to_six_distinct_azs_of_one_region(zones: tuple[str, ...], line: str) -> None:
    # The subnet lists follow the zones, so the only problem is the zones themselves.
    count = len(zones)
    with pytest.raises(SettingsError) as caught:
        _per_zone(min(count, 6), availability_zones=zones)
    assert caught.value.lines == (line,)


@pytest.mark.parametrize("count", [2, 6])
def test_two_and_six_azs_are_accepted(count: int) -> None:
    settings = _per_zone(count)
    assert settings.availability_zones == _zones(count)
    assert settings.nat_gateway_count == count


def test_region_of_zone() -> None:
    assert region_of_zone("ap-southeast-2c") == "ap-southeast-2"
    assert region_of_zone("ca-west-1b") == "ca-west-1"
    with pytest.raises(ValueError, match="'us-east-1' is not an Availability Zone name"):
        region_of_zone("us-east-1")


# -- the other settings ------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 2, 366, 4000])
def test_flow_log_retention_is_a_cloudwatch_value(days: int) -> None:
    assert _lines(flow_log_retention_days=days) == (
        f"VpcSettings.flow_log_retention_days = {days}: expected one of the CloudWatch Logs "
        f"retention values {RETENTION_VALUES}",
    )


@pytest.mark.parametrize("days", [1, 30, 365, 3653])
def test_flow_log_retention_values_are_accepted(days: int) -> None:
    assert _settings(flow_log_retention_days=days).flow_log_retention_days == days


def test_nat_gateway_strategy_is_single_or_one_per_az() -> None:
    assert _lines(nat_gateways="two") == (
        "VpcSettings.nat_gateways = 'two': Input should be 'single' or 'one_per_az'",
    )


def test_unknown_and_missing_settings_are_named() -> None:
    assert _lines(nat_gateway="single") == (
        "VpcSettings.nat_gateway = 'single': unknown setting (a typo?)",
    )
    only_zones: dict[str, Any] = {"vpc_cidr": CIDR, "availability_zones": ZONES}
    with pytest.raises(SettingsError) as caught:
        VpcSettings(**only_zones)
    assert caught.value.lines == (
        "VpcSettings.public_subnets: required setting is missing",
        "VpcSettings.private_subnets: required setting is missing",
        "VpcSettings.database_subnets: required setting is missing",
    )


# -- the database tier's NACL quota ------------------------------------------------------


def test_database_nacl_inbound_rules() -> None:
    # each port from every private and database subnet, plus replies between database subnets
    assert _settings().database_nacl_inbound_rules([5432, 6379]) == 2 * 6 + 3
    assert _per_zone(6).database_nacl_inbound_rules([5432]) == 12 + 6


@pytest.mark.parametrize(
    ("zones", "ports"),
    [
        (3, (5432, 6379)),
        (6, (5432,)),
        (4, (5432, 6379)),  # exactly 20 inbound rules
        (2, (5432, 6379, 3306, 27017)),  # 4 * 4 + 2 = 18
    ],
)
def test_database_ports_within_the_nacl_quota(zones: int, ports: tuple[int, ...]) -> None:
    settings = _per_zone(zones)
    settings.check_database_ports(ports)
    assert settings.database_nacl_inbound_rules(ports) <= MAX_NACL_INBOUND_RULES == 20


@pytest.mark.parametrize(
    ("zones", "ports", "message"),
    [
        (
            6,
            (5432, 6379),
            "admitting 2 ports from 6 AZs needs 30 inbound rules in the database NACL; the "
            "default quota is 20",
        ),
        (
            5,
            (5432, 6379),
            "admitting 2 ports from 5 AZs needs 25 inbound rules in the database NACL; the "
            "default quota is 20",
        ),
        (
            3,
            (5432, 6379, 3306),
            "admitting 3 ports from 3 AZs needs 21 inbound rules in the database NACL; the "
            "default quota is 20",
        ),
        (3, (5432, 5432), "expected distinct TCP ports, got [5432, 5432]"),
        (3, (0,), "expected distinct TCP ports, got [0]"),
        (3, (65536,), "expected distinct TCP ports, got [65536]"),
    ],
)
def test_database_ports_beyond_the_nacl_quota_are_rejected(
    zones: int, ports: tuple[int, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        _per_zone(zones).check_database_ports(ports)


def test_port_boundaries_are_accepted() -> None:
    _settings().check_database_ports((1, 65535))
