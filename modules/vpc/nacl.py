"""Network ACL rules per subnet tier, as plain data (unit-tested without synthesis).

NACLs are stateless, so every allowed flow needs a rule for its return traffic too.
Security groups remain the primary control; these rules are the coarse second layer the
seed asks for: the internet reaches only the public tier, and the database tier only
talks to the private (compute) and database tiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ANYWHERE = "0.0.0.0/0"
EPHEMERAL_PORTS = (1024, 65535)
"""Return traffic to NAT gateways (they translate to source ports 1024-65535) and to
clients inside the VPC, whatever their operating system."""
LINUX_EPHEMERAL_PORTS = (32768, 65535)
"""Return traffic from the internet to the private tier: its EKS nodes run Amazon Linux,
whose clients use source ports 32768-60999. Narrower than 1024-65535, so no inbound rule
from the internet covers a service port such as 3389 or 22."""

Direction = Literal["ingress", "egress"]
Protocol = Literal["tcp", "udp", "-1"]


@dataclass(frozen=True, kw_only=True)
class NaclRule:
    """One allow rule of a network ACL (anything not allowed is denied)."""

    rule_number: int
    direction: Direction
    protocol: Protocol
    cidr_block: str
    from_port: int = 0
    to_port: int = 0

    @property
    def name(self) -> str:
        """Stable construct id, e.g. ``ingress_100``."""
        return f"{self.direction}_{self.rule_number}"


def public_rules(vpc_cidr: str) -> list[NaclRule]:
    """Internet HTTP(S) in to the load balancers, return traffic, anything within the VPC."""
    low, high = EPHEMERAL_PORTS
    return [
        NaclRule(
            rule_number=100,
            direction="ingress",
            protocol="tcp",
            cidr_block=ANYWHERE,
            from_port=443,
            to_port=443,
        ),
        NaclRule(
            rule_number=110,
            direction="ingress",
            protocol="tcp",
            cidr_block=ANYWHERE,
            from_port=80,
            to_port=80,
        ),
        NaclRule(rule_number=120, direction="ingress", protocol="-1", cidr_block=vpc_cidr),
        NaclRule(
            rule_number=130,
            direction="ingress",
            protocol="tcp",
            cidr_block=ANYWHERE,
            from_port=low,
            to_port=high,
        ),
        NaclRule(
            rule_number=140,
            direction="ingress",
            protocol="udp",
            cidr_block=ANYWHERE,
            from_port=low,
            to_port=high,
        ),
        NaclRule(rule_number=100, direction="egress", protocol="-1", cidr_block=ANYWHERE),
    ]


def private_rules(vpc_cidr: str) -> list[NaclRule]:
    """Anything from within the VPC, and return traffic of egress through the NAT."""
    low, high = LINUX_EPHEMERAL_PORTS
    return [
        NaclRule(rule_number=100, direction="ingress", protocol="-1", cidr_block=vpc_cidr),
        NaclRule(
            rule_number=110,
            direction="ingress",
            protocol="tcp",
            cidr_block=ANYWHERE,
            from_port=low,
            to_port=high,
        ),
        NaclRule(
            rule_number=120,
            direction="ingress",
            protocol="udp",
            cidr_block=ANYWHERE,
            from_port=low,
            to_port=high,
        ),
        NaclRule(rule_number=100, direction="egress", protocol="-1", cidr_block=ANYWHERE),
    ]


def database_rules(
    *,
    private_cidrs: Sequence[str],
    database_cidrs: Sequence[str],
    ports: Sequence[int],
) -> list[NaclRule]:
    """Database ports from the compute and database tiers only; replies back to them.

    The database tier talks to itself too: ElastiCache replicas sync from the primary
    across the database subnets.
    """
    low, high = EPHEMERAL_PORTS
    rules: list[NaclRule] = []
    number = 100
    for port in ports:
        for cidr in (*private_cidrs, *database_cidrs):
            rules.append(
                NaclRule(
                    rule_number=number,
                    direction="ingress",
                    protocol="tcp",
                    cidr_block=cidr,
                    from_port=port,
                    to_port=port,
                )
            )
            number += 10
    for cidr in database_cidrs:
        rules.append(
            NaclRule(
                rule_number=number,
                direction="ingress",
                protocol="tcp",
                cidr_block=cidr,
                from_port=low,
                to_port=high,
            )
        )
        number += 10
    number = 100
    for cidr in private_cidrs:
        rules.append(
            NaclRule(
                rule_number=number,
                direction="egress",
                protocol="tcp",
                cidr_block=cidr,
                from_port=low,
                to_port=high,
            )
        )
        number += 10
    for cidr in database_cidrs:
        rules.append(
            NaclRule(
                rule_number=number,
                direction="egress",
                protocol="tcp",
                cidr_block=cidr,
                from_port=0,
                to_port=65535,
            )
        )
        number += 10
    if sum(rule.direction == "ingress" for rule in rules) > 20:
        raise ValueError(
            f"database NACL would need more than 20 inbound rules (AWS default quota) for "
            f"{len(ports)} ports and {len(private_cidrs) + len(database_cidrs)} subnets"
        )
    return rules
