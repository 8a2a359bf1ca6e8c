"""The VPC module on its own: props validation, NACL rules, synthesized resources."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from platform_cdktf.modules.vpc import (
    ELB_ROLE_TAG,
    INTERNAL_ELB_ROLE_TAG,
    Vpc,
    VpcProps,
    database_rules,
    private_rules,
    public_rules,
)
from tests.support.synth import by_path, name_by_path, only, resources
from tests.support.units import synth_stack

ZONES = ("eu-west-1a", "eu-west-1b")


def _props(**overrides: Any) -> VpcProps:
    values: dict[str, Any] = {
        "name": "unit",
        "cidr_block": "10.0.0.0/16",
        "availability_zones": ZONES,
        "public_subnet_cidrs": ("10.0.0.0/24", "10.0.1.0/24"),
        "private_subnet_cidrs": ("10.0.16.0/20", "10.0.32.0/20"),
        "database_subnet_cidrs": ("10.0.2.0/24", "10.0.3.0/24"),
        "cluster_name": "unit-eks",
    }
    values.update(overrides)
    return VpcProps(**values)


def _synth(props: VpcProps) -> tuple[dict[str, Any], Vpc]:
    return synth_stack(lambda stack: Vpc(stack, "vpc", props=props))


@pytest.fixture(scope="module")
def per_az() -> dict[str, Any]:
    return _synth(_props(nat_gateways="one_per_az"))[0]


@pytest.fixture(scope="module")
def single_nat() -> dict[str, Any]:
    return _synth(_props(nat_gateways="single", gateway_endpoints=False))[0]


# -- props -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"availability_zones": ("eu-west-1a",), "public_subnet_cidrs": ("10.0.0.0/24",)},
            "at least two distinct AZs",
        ),
        ({"public_subnet_cidrs": ("10.0.0.0/24",)}, "public_subnet_cidrs .* one CIDR per AZ"),
        (
            {"database_subnet_cidrs": ("10.1.2.0/24", "10.0.3.0/24")},
            "10.1.2.0/24 is not inside the VPC CIDR",
        ),
        ({"database_ports": (0,)}, "not a TCP port"),
    ],
)
def test_props_reject_inconsistent_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _props(**overrides)


# -- NACL rules (pure data) ----------------------------------------------------------


def test_only_the_public_tier_admits_internet_service_ports() -> None:
    internet_ingress = {
        (rule.from_port, rule.to_port)
        for rule in public_rules("10.0.0.0/16")
        if rule.direction == "ingress" and rule.cidr_block == "0.0.0.0/0"
    }
    assert (443, 443) in internet_ingress
    assert (80, 80) in internet_ingress
    for rule in private_rules("10.0.0.0/16"):
        if rule.direction == "ingress" and rule.cidr_block == "0.0.0.0/0":
            # return traffic only: above every well-known and registered service port
            assert rule.from_port >= 32768, rule


def test_database_tier_admits_only_compute_and_database_subnets() -> None:
    private = ["10.0.16.0/20", "10.0.32.0/20"]
    database = ["10.0.2.0/24", "10.0.3.0/24"]
    rules = database_rules(private_cidrs=private, database_cidrs=database, ports=[5432])
    sources = {rule.cidr_block for rule in rules}
    assert sources == set(private) | set(database)
    service_ingress = [r for r in rules if r.direction == "ingress" and r.from_port == 5432]
    assert {r.cidr_block for r in service_ingress} == set(private) | set(database)
    assert all(r.protocol == "tcp" for r in rules)


def test_rule_numbers_are_unique_per_direction() -> None:
    for rules in (
        public_rules("10.0.0.0/16"),
        private_rules("10.0.0.0/16"),
        database_rules(
            private_cidrs=["10.0.1.0/24"] * 3,
            database_cidrs=["10.0.2.0/24"] * 3,
            ports=[5432, 6379],
        ),
    ):
        keys = [(rule.direction, rule.rule_number) for rule in rules]
        assert len(keys) == len(set(keys))


def test_database_rules_refuse_to_exceed_the_nacl_quota() -> None:
    with pytest.raises(ValueError, match="more than 20 inbound rules"):
        database_rules(
            private_cidrs=["10.0.1.0/24"] * 3,
            database_cidrs=["10.0.2.0/24"] * 3,
            ports=[5432, 6379, 3306, 27017],
        )


# -- synthesized resources -------------------------------------------------------------


def test_one_subnet_per_tier_and_zone(per_az: dict[str, Any]) -> None:
    subnets = resources(per_az, "aws_subnet")
    assert len(subnets) == 3 * len(ZONES)
    for tier in ("public", "private", "database"):
        zones = sorted(
            s["availability_zone"] for s in subnets.values() if s["tags"]["Tier"] == tier
        )
        assert zones == sorted(ZONES)
    assert not any(s["map_public_ip_on_launch"] for s in subnets.values())


def test_subnets_are_tagged_for_the_load_balancer_controller(per_az: dict[str, Any]) -> None:
    subnets = resources(per_az, "aws_subnet").values()
    cluster_tag = "kubernetes.io/cluster/unit-eks"
    for subnet in subnets:
        tags = subnet["tags"]
        tier = tags["Tier"]
        assert (ELB_ROLE_TAG in tags) == (tier == "public")
        assert (INTERNAL_ELB_ROLE_TAG in tags) == (tier == "private")
        assert (tags.get(cluster_tag) == "shared") == (tier in ("public", "private"))


def test_nat_per_az_routes_each_private_subnet_through_its_own_zone(
    per_az: dict[str, Any],
) -> None:
    nats = resources(per_az, "aws_nat_gateway")
    assert len(nats) == len(ZONES)
    routes = [r for r in resources(per_az, "aws_route").values() if "nat_gateway_id" in r]
    used = {route["nat_gateway_id"] for route in routes}
    assert len(used) == len(ZONES)
    for zone in ZONES:
        route = by_path(resources(per_az, "aws_route"), f"route_private_{zone}_nat")
        nat_name = name_by_path(nats, f"nat_{zone}")
        assert route["nat_gateway_id"] == f"${{aws_nat_gateway.{nat_name}.id}}"


def test_single_nat_serves_every_private_subnet(single_nat: dict[str, Any]) -> None:
    assert len(resources(single_nat, "aws_nat_gateway")) == 1
    assert len(resources(single_nat, "aws_eip")) == 1
    routes = [r for r in resources(single_nat, "aws_route").values() if "nat_gateway_id" in r]
    assert len(routes) == len(ZONES)
    assert len({route["nat_gateway_id"] for route in routes}) == 1


def test_database_subnets_have_no_internet_route(per_az: dict[str, Any]) -> None:
    table_name = name_by_path(resources(per_az, "aws_route_table"), "rt_database")
    assert "route" not in resources(per_az, "aws_route_table")[table_name]
    assert not [
        route
        for route in resources(per_az, "aws_route").values()
        if table_name in route["route_table_id"]
    ]


def test_defaults_are_locked_down(per_az: dict[str, Any]) -> None:
    group = only(resources(per_az, "aws_default_security_group"))
    assert group["ingress"] == []
    assert group["egress"] == []
    acl = only(resources(per_az, "aws_default_network_acl"))
    assert acl["ingress"] == []
    assert acl["egress"] == []
    table = only(resources(per_az, "aws_default_route_table"))
    assert table["route"] == []


def test_every_subnet_has_a_tier_nacl(per_az: dict[str, Any]) -> None:
    acls = resources(per_az, "aws_network_acl")
    assert len(acls) == 3
    associated = [subnet for acl in acls.values() for subnet in acl["subnet_ids"]]
    assert len(associated) == len(set(associated)) == 3 * len(ZONES)


def test_flow_logs_capture_all_traffic_encrypted(per_az: dict[str, Any]) -> None:
    flow_log = only(resources(per_az, "aws_flow_log"))
    assert flow_log["traffic_type"] == "ALL"
    assert flow_log["log_destination_type"] == "cloud-watch-logs"
    group = only(resources(per_az, "aws_cloudwatch_log_group"))
    assert group["retention_in_days"] == 365
    assert group["kms_key_id"].startswith("${aws_kms_key.")
    assert only(resources(per_az, "aws_kms_key"))["enable_key_rotation"] is True


def test_flow_log_role_is_scoped_to_its_log_group(per_az: dict[str, Any]) -> None:
    documents = per_az["data"]["aws_iam_policy_document"]
    delivery = next(doc for name, doc in documents.items() if "delivery" in name)
    write = next(s for s in delivery["statement"] if s["sid"] == "WriteFlowLogStreams")
    assert all(":log-group:/aws/vpc-flow-logs/unit" in arn for arn in write["resources"])
    trust = next(doc for name, doc in documents.items() if "trust" in name)
    (statement,) = trust["statement"]
    assert statement["condition"][0]["variable"] == "aws:SourceAccount"


def test_gateway_endpoints_serve_private_and_database_tables(per_az: dict[str, Any]) -> None:
    endpoints = resources(per_az, "aws_vpc_endpoint")
    assert sorted(e["service_name"].rsplit(".", 1)[-1] for e in endpoints.values()) == [
        "dynamodb",
        "s3",
    ]
    for endpoint in endpoints.values():
        assert endpoint["vpc_endpoint_type"] == "Gateway"
        assert len(endpoint["route_table_ids"]) == len(ZONES) + 1


def test_gateway_endpoints_can_be_turned_off(single_nat: dict[str, Any]) -> None:
    assert resources(single_nat, "aws_vpc_endpoint") == {}


def test_outputs_are_typed_lists_in_zone_order() -> None:
    _, vpc = _synth(_props())
    assert len(vpc.public_subnet_ids) == len(ZONES)
    assert len(vpc.private_subnet_ids) == len(ZONES)
    assert len(vpc.database_subnet_ids) == len(ZONES)
    assert vpc.availability_zones == list(ZONES)
    assert all(isinstance(subnet_id, str) for subnet_id in vpc.private_subnet_ids)
    assert vpc.private_subnet_cidrs == ["10.0.16.0/20", "10.0.32.0/20"]


def test_subnet_cidrs_are_synthesized_as_given(per_az: dict[str, Any]) -> None:
    cidrs = sorted(
        (ipaddress.IPv4Network(s["cidr_block"]) for s in resources(per_az, "aws_subnet").values()),
    )
    assert [str(c) for c in cidrs] == sorted(
        [
            "10.0.0.0/24",
            "10.0.1.0/24",
            "10.0.16.0/20",
            "10.0.32.0/20",
            "10.0.2.0/24",
            "10.0.3.0/24",
        ],
        key=ipaddress.IPv4Network,
    )
