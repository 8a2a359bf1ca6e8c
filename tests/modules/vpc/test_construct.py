"""The VPC construct: synthesized subnets, routing, NACLs, flow logs, and the wiring other
constructs use (``share_with_cluster``, ``require_database_port``, the Region check)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

import cdktf
import pytest
from cdktf import App, TerraformOutput, TerraformStack

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.vpc import (
    ELB_ROLE_TAG,
    INTERNAL_ELB_ROLE_TAG,
    Vpc,
    VpcProps,
    standard_subnet_plan,
)
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import (
    UNIT_VPC_CIDR,
    UNIT_ZONES,
    empty_stack,
    synth_stack,
    unit_vpc,
    unit_vpc_settings,
)

PLAN = standard_subnet_plan(UNIT_VPC_CIDR)
TIER_CIDRS = {
    "public": PLAN["public_subnets"],
    "private": PLAN["private_subnets"],
    "database": PLAN["database_subnets"],
}
OUTPUTS = (
    "vpc_id",
    "cidr_block",
    "public_subnet_ids",
    "private_subnet_ids",
    "database_subnet_ids",
    "nat_gateway_ids",
    "nat_public_ips",
    "private_route_table_ids",
    "database_route_table_id",
    "default_security_group_id",
    "flow_log_group_name",
)
CLUSTER_TAG = "kubernetes.io/cluster/{}"

Synthesized = tuple[dict[str, Any], Vpc]


@dataclass(frozen=True)
class DataStoreProps:
    """Stands in for the props of a data store that asks the VPC for its port."""

    port: int


@pytest.fixture(scope="module")
def per_az() -> Synthesized:
    """The default VPC (three AZs, a NAT gateway per AZ, endpoints), with every output."""

    def build(stack: TerraformStack) -> Vpc:
        vpc = unit_vpc(stack)
        for output in OUTPUTS:
            TerraformOutput(stack, output, value=getattr(vpc, output))
        return vpc

    stack, vpc = synth_stack(build)
    assert isinstance(vpc, Vpc)
    return stack, vpc


@pytest.fixture(scope="module")
def single_nat() -> Synthesized:
    """One NAT gateway, no endpoints, PostgreSQL only, shorter flow log retention, shared
    with two clusters (one of them asks twice)."""

    def build(stack: TerraformStack) -> Vpc:
        vpc = unit_vpc(
            stack,
            database_ports=(5432,),
            nat_gateways="single",
            gateway_endpoints=False,
            flow_log_retention_days=30,
        )
        vpc.share_with_cluster("unit-eks")
        vpc.share_with_cluster("other-eks")
        vpc.share_with_cluster("unit-eks")
        return vpc

    stack, vpc = synth_stack(build)
    assert isinstance(vpc, Vpc)
    return stack, vpc


def _subnets_by_tier(stack: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    tiers: dict[str, list[dict[str, Any]]] = {"public": [], "private": [], "database": []}
    for subnet in resources(stack, "aws_subnet").values():
        tiers[subnet["tags"]["Tier"]].append(subnet)
    return tiers


def _ref(resource_type: str, name: str, attribute: str = "id") -> str:
    return f"${{{resource_type}.{name}.{attribute}}}"


def _subnet_ref(stack: dict[str, Any], tier: str, zone: str) -> str:
    return _ref("aws_subnet", name_by_path(resources(stack, "aws_subnet"), f"subnet_{tier}_{zone}"))


# -- the Region of the stack's AWS provider ----------------------------------------------


def test_azs_of_another_region_than_the_provider_are_rejected() -> None:
    zones = ("eu-west-1a", "eu-west-1b", "eu-west-1c")
    props = VpcProps(name="unit", settings=unit_vpc_settings(availability_zones=zones))
    with pytest.raises(SettingsError) as caught:
        Vpc(empty_stack(), "vpc", props=props)
    assert caught.value.lines == (
        "VpcProps.settings.availability_zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']: "
        "expected Availability Zones of the AWS provider's Region us-east-1",
    )
    (problem,) = caught.value.problems
    assert problem.path == "settings.availability_zones"


def test_without_a_literal_provider_region_the_azs_are_not_checked() -> None:
    app: App = cdktf.Testing.app()
    stack = TerraformStack(app, "no_provider")
    zones = ("eu-west-1a", "eu-west-1b", "eu-west-1c")
    props = VpcProps(name="unit", settings=unit_vpc_settings(availability_zones=zones))
    vpc = Vpc(stack, "vpc", props=props)
    assert vpc.availability_zones == list(zones)


# -- subnets -----------------------------------------------------------------------------


def test_one_subnet_per_tier_and_zone(per_az: Synthesized) -> None:
    stack, _ = per_az
    subnets = resources(stack, "aws_subnet")
    assert len(subnets) == 3 * len(UNIT_ZONES)
    for tier, tier_subnets in _subnets_by_tier(stack).items():
        assert [s["availability_zone"] for s in tier_subnets] == list(UNIT_ZONES), tier
        assert [s["cidr_block"] for s in tier_subnets] == list(TIER_CIDRS[tier]), tier
    assert not any(s["map_public_ip_on_launch"] for s in subnets.values())
    vpc = only(resources(stack, "aws_vpc"))
    assert vpc["cidr_block"] == UNIT_VPC_CIDR
    assert (vpc["enable_dns_support"], vpc["enable_dns_hostnames"]) == (True, True)
    for subnet in subnets.values():
        assert subnet["vpc_id"] == _ref("aws_vpc", name_by_path(resources(stack, "aws_vpc"), "vpc"))


def test_subnet_cidrs_are_synthesized_as_given(per_az: Synthesized) -> None:
    stack, _ = per_az
    cidrs = sorted(
        ipaddress.IPv4Network(s["cidr_block"]) for s in resources(stack, "aws_subnet").values()
    )
    expected = sorted(
        (ipaddress.IPv4Network(c) for cidrs in TIER_CIDRS.values() for c in cidrs),
    )
    assert cidrs == expected


def test_subnets_are_tagged_for_the_load_balancer_controller(per_az: Synthesized) -> None:
    stack, _ = per_az
    for tier, subnets in _subnets_by_tier(stack).items():
        for subnet, zone in zip(subnets, UNIT_ZONES, strict=True):
            tags = subnet["tags"]
            assert tags["Name"] == f"unit-{tier}-{zone}"
            assert (tags.get(ELB_ROLE_TAG) == "1") == (tier == "public")
            assert (tags.get(INTERNAL_ELB_ROLE_TAG) == "1") == (tier == "private")
            # no cluster asked for this VPC: no subnet carries a cluster tag
            assert not [key for key in tags if key.startswith("kubernetes.io/cluster/")]


# -- share_with_cluster ------------------------------------------------------------------


def test_clusters_tag_the_public_and_private_subnets_only(single_nat: Synthesized) -> None:
    stack, _ = single_nat
    for tier, subnets in _subnets_by_tier(stack).items():
        for subnet in subnets:
            tags = subnet["tags"]
            cluster_tags = {k: v for k, v in tags.items() if k.startswith("kubernetes.io/cluster/")}
            if tier == "database":
                assert cluster_tags == {}
            else:
                assert cluster_tags == {
                    CLUSTER_TAG.format("unit-eks"): "shared",
                    CLUSTER_TAG.format("other-eks"): "shared",
                }
            # the tier's own tags stay
            assert tags["Tier"] == tier
            assert (ELB_ROLE_TAG in tags) == (tier == "public")
            assert (INTERNAL_ELB_ROLE_TAG in tags) == (tier == "private")


def test_sharing_with_a_cluster_twice_changes_nothing(single_nat: Synthesized) -> None:
    stack, vpc = single_nat
    assert vpc.cluster_names == ["unit-eks", "other-eks"]
    public = _subnets_by_tier(stack)["public"][0]
    assert public["tags"] == {
        "Name": "unit-public-us-east-1a",
        "Tier": "public",
        ELB_ROLE_TAG: "1",
        CLUSTER_TAG.format("unit-eks"): "shared",
        CLUSTER_TAG.format("other-eks"): "shared",
    }


# -- require_database_port ---------------------------------------------------------------


def test_a_data_store_on_an_admitted_port_is_accepted(per_az: Synthesized) -> None:
    _, vpc = per_az
    assert vpc.database_ports == [5432, 6379]
    vpc.require_database_port(5432, owner=DataStoreProps(port=5432))
    vpc.require_database_port(6379, owner=DataStoreProps(port=6379))


def test_a_data_store_on_another_port_is_rejected(per_az: Synthesized) -> None:
    _, vpc = per_az
    with pytest.raises(SettingsError) as caught:
        vpc.require_database_port(3306, owner=DataStoreProps(port=3306))
    assert caught.value.lines == (
        "DataStoreProps.settings.port = 3306: the database tier of VPC 'unit' admits only "
        "[5432, 6379]; add the port to VpcProps.database_ports",
    )


def test_a_vpc_for_postgres_only_rejects_redis(single_nat: Synthesized) -> None:
    _, vpc = single_nat
    vpc.require_database_port(5432, owner=DataStoreProps(port=5432))
    with pytest.raises(SettingsError) as caught:
        vpc.require_database_port(6379, owner=DataStoreProps(port=6379))
    assert caught.value.lines == (
        "DataStoreProps.settings.port = 6379: the database tier of VPC 'unit' admits only "
        "[5432]; add the port to VpcProps.database_ports",
    )


# -- routing -----------------------------------------------------------------------------


def test_public_subnets_route_to_the_internet_gateway(per_az: Synthesized) -> None:
    stack, _ = per_az
    igw = name_by_path(resources(stack, "aws_internet_gateway"), "igw")
    table = name_by_path(resources(stack, "aws_route_table"), "rt_public")
    route = by_path(resources(stack, "aws_route"), "route_public_internet")
    assert route == {
        "route_table_id": _ref("aws_route_table", table),
        "destination_cidr_block": "0.0.0.0/0",
        "gateway_id": _ref("aws_internet_gateway", igw),
    }
    associations = resources(stack, "aws_route_table_association")
    for zone in UNIT_ZONES:
        association = by_path(associations, f"rta_public_{zone}")
        assert association["subnet_id"] == _subnet_ref(stack, "public", zone)
        assert association["route_table_id"] == _ref("aws_route_table", table)


def test_nat_per_az_routes_each_private_subnet_through_its_own_zone(
    per_az: Synthesized,
) -> None:
    stack, _ = per_az
    nats = resources(stack, "aws_nat_gateway")
    assert len(nats) == len(UNIT_ZONES)
    assert len(resources(stack, "aws_eip")) == len(UNIT_ZONES)
    routes = [r for r in resources(stack, "aws_route").values() if "nat_gateway_id" in r]
    assert len({route["nat_gateway_id"] for route in routes}) == len(UNIT_ZONES)
    for zone in UNIT_ZONES:
        nat_name = name_by_path(nats, f"nat_{zone}")
        assert nats[nat_name]["subnet_id"] == _subnet_ref(stack, "public", zone)
        route = by_path(resources(stack, "aws_route"), f"route_private_{zone}_nat")
        assert route["nat_gateway_id"] == _ref("aws_nat_gateway", nat_name)
        assert route["destination_cidr_block"] == "0.0.0.0/0"
        table = name_by_path(resources(stack, "aws_route_table"), f"rt_private_{zone}")
        assert route["route_table_id"] == _ref("aws_route_table", table)
        associations = resources(stack, "aws_route_table_association")
        association = by_path(associations, f"rta_private_{zone}")
        assert association["subnet_id"] == _subnet_ref(stack, "private", zone)
        assert association["route_table_id"] == _ref("aws_route_table", table)


def test_single_nat_serves_every_private_subnet(single_nat: Synthesized) -> None:
    stack, _ = single_nat
    nat_name = name_by_path(resources(stack, "aws_nat_gateway"), f"nat_{UNIT_ZONES[0]}")
    assert len(resources(stack, "aws_eip")) == 1
    routes = [r for r in resources(stack, "aws_route").values() if "nat_gateway_id" in r]
    assert len(routes) == len(UNIT_ZONES)
    assert {route["nat_gateway_id"] for route in routes} == {_ref("aws_nat_gateway", nat_name)}


def test_database_subnets_have_no_internet_route(per_az: Synthesized) -> None:
    stack, _ = per_az
    tables = resources(stack, "aws_route_table")
    table_name = name_by_path(tables, "rt_database")
    assert "route" not in tables[table_name]
    assert not [
        route
        for route in resources(stack, "aws_route").values()
        if route["route_table_id"] == _ref("aws_route_table", table_name)
    ]
    for zone in UNIT_ZONES:
        association = by_path(
            resources(stack, "aws_route_table_association"), f"rta_database_{zone}"
        )
        assert association["subnet_id"] == _subnet_ref(stack, "database", zone)
        assert association["route_table_id"] == _ref("aws_route_table", table_name)


def test_defaults_are_locked_down(per_az: Synthesized) -> None:
    stack, _ = per_az
    group = only(resources(stack, "aws_default_security_group"))
    assert group["ingress"] == []
    assert group["egress"] == []
    acl = only(resources(stack, "aws_default_network_acl"))
    assert acl["ingress"] == []
    assert acl["egress"] == []
    assert acl["lifecycle"] == {"ignore_changes": ["subnet_ids"]}
    table = only(resources(stack, "aws_default_route_table"))
    assert table["route"] == []


# -- network ACLs ------------------------------------------------------------------------


def test_every_subnet_has_its_tier_nacl(per_az: Synthesized) -> None:
    stack, _ = per_az
    acls = resources(stack, "aws_network_acl")
    assert len(acls) == 3
    for tier in ("public", "private", "database"):
        acl = by_path(acls, f"nacl_{tier}")
        assert acl["subnet_ids"] == [_subnet_ref(stack, tier, zone) for zone in UNIT_ZONES]


def _database_ingress(stack: dict[str, Any]) -> dict[tuple[int, int], set[str]]:
    """Source CIDRs of the database NACL's inbound rules, by port range."""
    acl_name = name_by_path(resources(stack, "aws_network_acl"), "nacl_database")
    acl = _ref("aws_network_acl", acl_name)
    sources: dict[tuple[int, int], set[str]] = {}
    for rule in resources(stack, "aws_network_acl_rule").values():
        if rule["network_acl_id"] == acl and rule["egress"] is False:
            assert (rule["rule_action"], rule["protocol"]) == ("allow", "tcp")
            ports = (rule["from_port"], rule["to_port"])
            sources.setdefault(ports, set()).add(rule["cidr_block"])
    return sources


def test_database_nacl_admits_the_database_ports_from_compute_and_data(
    per_az: Synthesized, single_nat: Synthesized
) -> None:
    inner = set(PLAN["private_subnets"]) | set(PLAN["database_subnets"])
    replies = set(PLAN["database_subnets"])  # replicas syncing across database subnets
    assert _database_ingress(per_az[0]) == {
        (5432, 5432): inner,
        (6379, 6379): inner,
        (1024, 65535): replies,
    }
    assert _database_ingress(single_nat[0]) == {(5432, 5432): inner, (1024, 65535): replies}


# -- flow logs ---------------------------------------------------------------------------


def test_flow_logs_capture_all_traffic_encrypted(per_az: Synthesized) -> None:
    stack, _ = per_az
    flow_log = only(resources(stack, "aws_flow_log"))
    assert flow_log["traffic_type"] == "ALL"
    assert flow_log["log_destination_type"] == "cloud-watch-logs"
    assert flow_log["vpc_id"] == _ref("aws_vpc", name_by_path(resources(stack, "aws_vpc"), "vpc"))
    group_name = name_by_path(resources(stack, "aws_cloudwatch_log_group"), "flow_logs/log_group")
    assert flow_log["log_destination"] == _ref("aws_cloudwatch_log_group", group_name, "arn")
    group = resources(stack, "aws_cloudwatch_log_group")[group_name]
    assert group["name"] == "/aws/vpc-flow-logs/unit"
    assert group["retention_in_days"] == 365
    key_name = name_by_path(resources(stack, "aws_kms_key"), "flow_logs/key")
    assert group["kms_key_id"] == _ref("aws_kms_key", key_name, "arn")
    assert resources(stack, "aws_kms_key")[key_name]["enable_key_rotation"] is True


def test_flow_log_retention_follows_the_settings(single_nat: Synthesized) -> None:
    group = only(resources(single_nat[0], "aws_cloudwatch_log_group"))
    assert group["retention_in_days"] == 30


def test_flow_log_role_is_scoped_to_its_log_group(per_az: Synthesized) -> None:
    stack, _ = per_az
    documents = data_sources(stack, "aws_iam_policy_document")
    delivery = by_path(documents, "flow_logs/delivery")
    write = next(s for s in delivery["statement"] if s["sid"] == "WriteFlowLogStreams")
    assert len(write["resources"]) == 2
    assert all(":log-group:/aws/vpc-flow-logs/unit" in arn for arn in write["resources"])
    trust = by_path(documents, "flow_logs/trust")
    (statement,) = trust["statement"]
    assert statement["condition"][0]["variable"] == "aws:SourceAccount"


# -- gateway endpoints -------------------------------------------------------------------


def test_gateway_endpoints_serve_private_and_database_tables(per_az: Synthesized) -> None:
    stack, _ = per_az
    endpoints = resources(stack, "aws_vpc_endpoint")
    tables = resources(stack, "aws_route_table")
    expected_tables = [
        *(_ref("aws_route_table", name_by_path(tables, f"rt_private_{z}")) for z in UNIT_ZONES),
        _ref("aws_route_table", name_by_path(tables, "rt_database")),
    ]
    region_name = name_by_path(data_sources(stack, "aws_region"), "account_context_region")
    for service in ("s3", "dynamodb"):
        endpoint = by_path(endpoints, f"endpoint_{service}")
        assert endpoint["service_name"] == (
            f"com.amazonaws.${{data.aws_region.{region_name}.name}}.{service}"
        )
        assert endpoint["vpc_endpoint_type"] == "Gateway"
        assert endpoint["route_table_ids"] == expected_tables
    assert len(endpoints) == 2


def test_gateway_endpoints_can_be_turned_off(single_nat: Synthesized) -> None:
    assert resources(single_nat[0], "aws_vpc_endpoint") == {}


# -- outputs -----------------------------------------------------------------------------


def test_outputs_resolve_to_the_resources_in_zone_order(per_az: Synthesized) -> None:
    stack, vpc = per_az
    outputs = {name: output["value"] for name, output in stack["output"].items()}
    subnets = {
        tier: [_subnet_ref(stack, tier, zone) for zone in UNIT_ZONES]
        for tier in ("public", "private", "database")
    }
    vpc_name = name_by_path(resources(stack, "aws_vpc"), "vpc")
    nats = resources(stack, "aws_nat_gateway")
    tables = resources(stack, "aws_route_table")
    nat_names = [name_by_path(nats, f"nat_{zone}") for zone in UNIT_ZONES]
    assert outputs == {
        "vpc_id": _ref("aws_vpc", vpc_name),
        "cidr_block": _ref("aws_vpc", vpc_name, "cidr_block"),
        "public_subnet_ids": subnets["public"],
        "private_subnet_ids": subnets["private"],
        "database_subnet_ids": subnets["database"],
        "nat_gateway_ids": [_ref("aws_nat_gateway", name) for name in nat_names],
        "nat_public_ips": [_ref("aws_nat_gateway", name, "public_ip") for name in nat_names],
        "private_route_table_ids": [
            _ref("aws_route_table", name_by_path(tables, f"rt_private_{zone}"))
            for zone in UNIT_ZONES
        ],
        "database_route_table_id": _ref("aws_route_table", name_by_path(tables, "rt_database")),
        "default_security_group_id": _ref(
            "aws_default_security_group",
            name_by_path(resources(stack, "aws_default_security_group"), "default_security_group"),
        ),
        "flow_log_group_name": _ref(
            "aws_cloudwatch_log_group",
            name_by_path(resources(stack, "aws_cloudwatch_log_group"), "flow_logs/log_group"),
            "name",
        ),
    }
    assert vpc.availability_zones == list(UNIT_ZONES)
    assert vpc.private_subnet_cidrs == list(PLAN["private_subnets"])
