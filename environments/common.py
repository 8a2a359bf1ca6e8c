"""Values shared by every environment: ownership tags, the state backend, the subnet plan."""

from __future__ import annotations

import ipaddress

from .config import StateBackendConfig, Tags

PROJECT_TAGS = Tags(project="enterprise-platform", owner="platform-team", cost_center="CC-1001")
"""Ownership tags. Replace owner and cost_center with your organisation's values."""

STATE_BACKEND = StateBackendConfig(
    bucket="enterprise-platform-terraform-state",
    lock_table="enterprise-platform-terraform-locks",
    region="us-east-1",
)
"""The state bucket and lock table created by the bootstrap stack. S3 bucket names are
global: choose your own (for example suffixed with the account id) before deploying."""


def standard_subnet_plan(vpc_cidr: str) -> dict[str, tuple[str, ...]]:
    """The documented subnet plan of a /16 VPC, one subnet per tier in each of three AZs.

    ======== ============ ======================= ===========================
    tier     size         10.N.0.0/16 gets        hosts per subnet (AWS keeps 5)
    ======== ============ ======================= ===========================
    private  /18 x 3      .0.0, .64.0, .128.0     16,379 (EKS nodes and pods)
    public   /24 x 3      .192.0, .193.0, .194.0  251 (load balancers, NAT)
    database /24 x 3      .200.0, .201.0, .202.0  251 (Aurora, ElastiCache)
    ======== ============ ======================= ===========================

    ``10.N.195.0-199.255`` and ``10.N.203.0-255.255`` stay free for later tiers.
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
