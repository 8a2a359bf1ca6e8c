"""A three-tier VPC over several Availability Zones, with flow logs and locked-down defaults."""

from __future__ import annotations

from .construct import ELB_ROLE_TAG, INTERNAL_ELB_ROLE_TAG, Vpc
from .flow_logs import VpcFlowLogs
from .nacl import NaclRule, database_rules, private_rules, public_rules
from .props import NatGatewayStrategy, VpcProps

__all__ = [
    "ELB_ROLE_TAG",
    "INTERNAL_ELB_ROLE_TAG",
    "NaclRule",
    "NatGatewayStrategy",
    "Vpc",
    "VpcFlowLogs",
    "VpcProps",
    "database_rules",
    "private_rules",
    "public_rules",
]
