"""What a deployment decides about its network (cdktf-free settings), and the subnet plan.

The subnet plan is three tiers with one subnet per tier in each Availability Zone:
``public`` (load balancers, NAT gateways), ``private`` (EKS nodes and pods; large, because
the VPC CNI gives every pod a VPC address) and ``database`` (Aurora and ElastiCache; no
route to the internet).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from itertools import combinations
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..shared.regions import AWS_REGIONS
from ..shared.settings import FieldError, Settings
from ..shared.validation import LogRetentionDays, Rule, check_cidr

NatGatewayStrategy = Literal["single", "one_per_az"]
"""``one_per_az``: each private subnet egresses through a NAT gateway in its own AZ, so
losing an AZ does not cut the others off. ``single``: one NAT gateway in the first AZ."""

TIERS = ("public", "private", "database")
"""The subnet tiers, in the order their subnets are created."""

MAX_NACL_INBOUND_RULES = 20
"""Default quota of inbound (and of outbound) rules per network ACL (Amazon VPC quotas,
"Rules per network ACL": 20, adjustable to 40)."""

_AZ = re.compile(r"^(?P<region>[a-z]{2}(-[a-z]+)+-\d)(?P<zone>[a-z])$")


def check_vpc_cidr(value: str) -> str:
    """A VPC's IPv4 CIDR: /16 to /28 are allowed by AWS; the platform asks for /16-/24."""
    return check_cidr(value, shortest=16, longest=24)


def check_subnet_cidr(value: str) -> str:
    """A subnet's IPv4 CIDR: AWS allows /16 to /28."""
    return check_cidr(value, shortest=16, longest=28)


def region_of_zone(zone: str) -> str:
    """``us-east-1a`` -> ``us-east-1``; a ValueError for anything that is not an AZ name."""
    match = _AZ.match(zone)
    if not match or match["region"] not in AWS_REGIONS:
        raise ValueError(f"{zone!r} is not an Availability Zone name such as us-east-1a")
    return match["region"]


VpcCidr = Annotated[str, AfterValidator(check_vpc_cidr), Rule("IPv4 CIDR, /16 to /24")]
SubnetCidr = Annotated[str, AfterValidator(check_subnet_cidr), Rule("IPv4 CIDR, /16 to /28")]


class VpcSettings(Settings):
    """The VPC and its subnet plan: one subnet per tier in each Availability Zone."""

    vpc_cidr: VpcCidr
    """IPv4 CIDR of the VPC, /16 to /24."""
    availability_zones: tuple[str, ...] = Field(min_length=2, max_length=6)
    """Two to six distinct AZ names of one Region, e.g. ``us-east-1a``; the subnet lists
    below follow this order."""
    public_subnets: tuple[SubnetCidr, ...]
    """One CIDR per AZ for load balancers and NAT gateways."""
    private_subnets: tuple[SubnetCidr, ...]
    """One CIDR per AZ for compute (EKS nodes and pods)."""
    database_subnets: tuple[SubnetCidr, ...]
    """One CIDR per AZ for Aurora and ElastiCache; these subnets have no internet route."""
    nat_gateways: NatGatewayStrategy = "one_per_az"
    """NAT gateway layout. Default: ``one_per_az`` (survives the loss of an AZ)."""
    flow_log_retention_days: LogRetentionDays = 365
    """Retention of the flow log group, in days. Default: 365."""
    gateway_endpoints: bool = True
    """S3 and DynamoDB gateway endpoints on the private and database route tables, so that
    this traffic stays off the NAT gateways. Default: true (they are free)."""

    @field_validator("availability_zones")
    @classmethod
    def _zones_of_one_region(cls, zones: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(zones)) != len(zones):
            raise ValueError("expected distinct Availability Zones, got a duplicate")
        regions = {region_of_zone(zone) for zone in zones}
        if len(regions) > 1:
            raise ValueError(f"expected the AZs of one Region, got {sorted(regions)}")
        return zones

    @model_validator(mode="after")
    def _subnet_plan(self) -> Self:
        vpc = ipaddress.IPv4Network(self.vpc_cidr)
        placed: list[tuple[str, ipaddress.IPv4Network]] = []
        problems: list[FieldError] = []
        for tier, cidrs in self.subnets_by_tier.items():
            field = f"{tier}_subnets"
            if len(cidrs) != len(self.availability_zones):
                problems.append(
                    FieldError(
                        field,
                        list(cidrs),
                        f"expected one CIDR per Availability Zone "
                        f"({len(self.availability_zones)}), got {len(cidrs)}",
                    )
                )
                continue
            for index, cidr in enumerate(cidrs):
                network = ipaddress.IPv4Network(cidr)
                if not network.subnet_of(vpc):
                    problems.append(
                        FieldError(
                            f"{field}[{index}]", cidr, f"must lie inside vpc_cidr {self.vpc_cidr}"
                        )
                    )
                placed.append((f"{field}[{index}]", network))
        for (field_a, net_a), (field_b, net_b) in combinations(placed, 2):
            if net_a.overlaps(net_b):
                problems.append(FieldError(field_b, str(net_b), f"overlaps {field_a} ({net_a})"))
        if problems:
            raise FieldError.combine(problems)
        return self

    @property
    def region(self) -> str:
        """The Region of the Availability Zones."""
        return region_of_zone(self.availability_zones[0])

    @property
    def subnets_by_tier(self) -> dict[str, tuple[str, ...]]:
        """Subnet CIDRs by tier (``public``, ``private``, ``database``), in AZ order."""
        return {
            "public": self.public_subnets,
            "private": self.private_subnets,
            "database": self.database_subnets,
        }

    @property
    def nat_gateway_count(self) -> int:
        """How many NAT gateways the layout creates."""
        return len(self.availability_zones) if self.nat_gateways == "one_per_az" else 1

    def database_nacl_inbound_rules(self, ports: Sequence[int]) -> int:
        """Inbound rules the database tier's NACL needs to admit ``ports`` from the private
        and database subnets, plus return traffic between database subnets."""
        sources = len(self.private_subnets) + len(self.database_subnets)
        return len(ports) * sources + len(self.database_subnets)

    def check_database_ports(self, ports: Sequence[int]) -> None:
        """The database tier's NACL can admit ``ports``; a ValueError says why not."""
        if len(set(ports)) != len(ports) or not all(1 <= port <= 65535 for port in ports):
            raise ValueError(f"expected distinct TCP ports, got {list(ports)}")
        needed = self.database_nacl_inbound_rules(ports)
        if needed > MAX_NACL_INBOUND_RULES:
            raise ValueError(
                f"admitting {len(ports)} ports from {len(self.availability_zones)} AZs needs "
                f"{needed} inbound rules in the database NACL; the default quota is "
                f"{MAX_NACL_INBOUND_RULES}"
            )


def standard_subnet_plan(vpc_cidr: str) -> dict[str, tuple[str, ...]]:
    """The documented subnet plan of a /16 VPC over three AZs, as ``VpcSettings`` fields.

    ======== ============ ======================= ===========================
    tier     size         10.N.0.0/16 gets        hosts per subnet (AWS keeps 5)
    ======== ============ ======================= ===========================
    private  /18 x 3      .0.0, .64.0, .128.0     16,379 (EKS nodes and pods)
    public   /24 x 3      .192.0, .193.0, .194.0  251 (load balancers, NAT)
    database /24 x 3      .200.0, .201.0, .202.0  251 (Aurora, ElastiCache)
    ======== ============ ======================= ===========================

    ``10.N.195.0-199.255`` and ``10.N.203.0-255.255`` stay free for later tiers. Use it as
    ``VpcSettings(vpc_cidr=cidr, availability_zones=zones, **standard_subnet_plan(cidr))``.
    """
    vpc = ipaddress.IPv4Network(vpc_cidr, strict=True)
    if vpc.prefixlen != 16:
        raise ValueError(f"standard_subnet_plan expects a /16 VPC, got {vpc_cidr}")
    base = int(vpc.network_address)

    def block(third_octet: int, prefix: int) -> str:
        return str(ipaddress.IPv4Network((base + (third_octet << 8), prefix)))

    return {
        "private_subnets": tuple(block(octet, 18) for octet in (0, 64, 128)),
        "public_subnets": tuple(block(octet, 24) for octet in (192, 193, 194)),
        "database_subnets": tuple(block(octet, 24) for octet in (200, 201, 202)),
    }
