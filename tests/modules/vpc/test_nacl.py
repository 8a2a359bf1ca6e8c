"""Network ACL rules per subnet tier, as plain data (no synthesis)."""

from __future__ import annotations

import pytest

from platform_cdktf.modules.vpc import (
    VpcSettings,
    database_rules,
    private_rules,
    public_rules,
    standard_subnet_plan,
)

VPC_CIDR = "10.0.0.0/16"


def test_only_the_public_tier_admits_internet_service_ports() -> None:
    internet_ingress = {
        (rule.from_port, rule.to_port)
        for rule in public_rules(VPC_CIDR)
        if rule.direction == "ingress" and rule.cidr_block == "0.0.0.0/0"
    }
    assert (443, 443) in internet_ingress
    assert (80, 80) in internet_ingress
    private_internet_ingress = [
        rule
        for rule in private_rules(VPC_CIDR)
        if rule.direction == "ingress" and rule.cidr_block == "0.0.0.0/0"
    ]
    assert private_internet_ingress  # return traffic of the NAT egress
    for rule in private_internet_ingress:
        # Return traffic of translated connections: NAT gateways and the VPC CNI's SNAT
        # pick source ports over 1024-65535, so the whole range, and nothing below it.
        assert (rule.from_port, rule.to_port) == (1024, 65535), rule


def test_database_tier_admits_only_compute_and_database_subnets() -> None:
    private = ["10.0.16.0/20", "10.0.32.0/20"]
    database = ["10.0.2.0/24", "10.0.3.0/24"]
    rules = database_rules(private_cidrs=private, database_cidrs=database, ports=[5432])
    sources = {rule.cidr_block for rule in rules}
    assert sources == set(private) | set(database)
    service_ingress = [r for r in rules if r.direction == "ingress" and r.from_port == 5432]
    assert {r.cidr_block for r in service_ingress} == set(private) | set(database)
    assert all(r.to_port == 5432 for r in service_ingress)
    assert all(r.protocol == "tcp" for r in rules)


def test_rule_numbers_are_unique_per_direction() -> None:
    for rules in (
        public_rules(VPC_CIDR),
        private_rules(VPC_CIDR),
        database_rules(
            private_cidrs=["10.0.1.0/24"] * 3,
            database_cidrs=["10.0.2.0/24"] * 3,
            ports=[5432, 6379],
        ),
    ):
        keys = [(rule.direction, rule.rule_number) for rule in rules]
        assert len(keys) == len(set(keys))
        assert len({rule.name for rule in rules}) == len(rules)


def test_database_rules_refuse_to_exceed_the_nacl_quota() -> None:
    with pytest.raises(ValueError, match="more than 20 inbound rules"):
        database_rules(
            private_cidrs=["10.0.1.0/24"] * 3,
            database_cidrs=["10.0.2.0/24"] * 3,
            ports=[5432, 6379, 3306, 27017],
        )


@pytest.mark.parametrize("ports", [(5432,), (5432, 6379), (5432, 6379, 3306)])
def test_settings_count_the_inbound_rules_the_database_nacl_gets(
    ports: tuple[int, ...],
) -> None:
    """``VpcSettings.check_database_ports`` and the rules agree on the NACL quota."""
    settings = VpcSettings(
        vpc_cidr=VPC_CIDR,
        availability_zones=("us-east-1a", "us-east-1b"),
        public_subnets=("10.0.192.0/24", "10.0.193.0/24"),
        private_subnets=("10.0.0.0/18", "10.0.64.0/18"),
        database_subnets=("10.0.200.0/24", "10.0.201.0/24"),
    )
    rules = database_rules(
        private_cidrs=settings.private_subnets,
        database_cidrs=settings.database_subnets,
        ports=ports,
    )
    inbound = sum(rule.direction == "ingress" for rule in rules)
    assert inbound == settings.database_nacl_inbound_rules(ports)


def test_the_standard_plan_with_postgres_and_redis_fits_the_quota() -> None:
    plan = standard_subnet_plan(VPC_CIDR)
    rules = database_rules(
        private_cidrs=plan["private_subnets"],
        database_cidrs=plan["database_subnets"],
        ports=[5432, 6379],
    )
    assert sum(rule.direction == "ingress" for rule in rules) == 15
