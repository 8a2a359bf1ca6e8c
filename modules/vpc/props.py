"""Props of the VPC module."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cdktf import Token

NatGatewayStrategy = Literal["single", "one_per_az"]
"""``one_per_az``: each private subnet egresses through a NAT gateway in its own AZ, so
losing an AZ does not cut the others off. ``single``: one NAT gateway in the first AZ."""


@dataclass(frozen=True, kw_only=True)
class VpcProps:
    """A VPC with public, private (compute) and database subnets in every AZ."""

    name: str
    """Prefix of every ``Name`` tag and resource name, e.g. ``platform-prod``."""
    cidr_block: str
    """IPv4 CIDR of the VPC."""
    availability_zones: Sequence[str]
    """AZ names; subnet lists below are in the same order. At least two."""
    public_subnet_cidrs: Sequence[str]
    """One CIDR per AZ for load balancers and NAT gateways."""
    private_subnet_cidrs: Sequence[str]
    """One CIDR per AZ for compute (EKS nodes and pods)."""
    database_subnet_cidrs: Sequence[str]
    """One CIDR per AZ for Aurora and ElastiCache; these subnets have no internet route."""
    nat_gateways: NatGatewayStrategy = "one_per_az"
    """NAT gateway layout. Default: ``one_per_az``."""
    flow_log_retention_days: int = 365
    """Retention of the flow log group in days (a CloudWatch Logs value). Default: 365."""
    cluster_name: str | None = None
    """EKS cluster whose load balancer controller may use the public and private subnets;
    adds ``kubernetes.io/cluster/<name> = shared``. Default: no cluster tag."""
    gateway_endpoints: bool = True
    """S3 and DynamoDB gateway endpoints on the private and database route tables.
    Default: true (free, and keeps that traffic off the NAT gateways)."""
    database_ports: Sequence[int] = (5432, 6379)
    """TCP ports the database NACL admits from the private and database subnets.
    Default: PostgreSQL 5432 and Redis 6379."""

    def __post_init__(self) -> None:
        zones = list(self.availability_zones)
        if len(zones) < 2 or len(set(zones)) != len(zones):
            raise ValueError(f"availability_zones = {zones}: expected at least two distinct AZs")
        for field_name in ("public_subnet_cidrs", "private_subnet_cidrs", "database_subnet_cidrs"):
            cidrs = list(getattr(self, field_name))
            if len(cidrs) != len(zones):
                raise ValueError(f"{field_name} = {cidrs}: expected one CIDR per AZ ({len(zones)})")
        self._check_subnets_inside_vpc()
        for port in self.database_ports:
            if not 1 <= port <= 65535:
                raise ValueError(f"database_ports: {port} is not a TCP port")

    def _check_subnets_inside_vpc(self) -> None:
        """Static CIDRs are checked here; tokens (known only at apply) are left alone."""
        if Token.is_unresolved(self.cidr_block):
            return
        vpc = ipaddress.IPv4Network(self.cidr_block, strict=True)
        for cidr in self.all_subnet_cidrs:
            if Token.is_unresolved(cidr):
                continue
            if not ipaddress.IPv4Network(cidr, strict=True).subnet_of(vpc):
                raise ValueError(f"subnet {cidr} is not inside the VPC CIDR {self.cidr_block}")

    @property
    def all_subnet_cidrs(self) -> tuple[str, ...]:
        """Every subnet CIDR of every tier."""
        return (
            *self.public_subnet_cidrs,
            *self.private_subnet_cidrs,
            *self.database_subnet_cidrs,
        )
