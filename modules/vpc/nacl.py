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

from .settings import MAX_NACL_INBOUND_RULES

ANYWHERE = "0.0.0.0/0"
EPHEMERAL_PORTS = (1024, 65535)
"""Return traffic to translated connections and to clients inside the VPC. NAT gateways
translate to source ports 1024-65535 (Amazon VPC User Guide, "NAT gateway basics"), and the
VPC CNI source-NATs pod traffic leaving the VPC with random ports over the same range
(amazon-vpc-cni-k8s, iptables SNAT ``--random-fully``), so a narrower range such as Linux's
32768-60999 drops about half of the replies to pods. Ports below 1024 stay closed."""

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


Flow = tuple[Protocol, str, tuple[int, int]]
"""One allowed flow: protocol, CIDR and port range (0-0 for every port of ``-1``)."""

ALL_PORTS = (0, 0)
"""The port range of protocol ``-1`` (all traffic)."""


def numbered(direction: Direction, flows: Sequence[Flow], *, first: int = 100) -> list[NaclRule]:
    """Rules for ``flows`` in order, numbered ``first``, ``first + 10``, ... (gaps leave
    room to insert a rule later without renumbering)."""
    return [
        NaclRule(
            rule_number=first + 10 * index,
            direction=direction,
            protocol=protocol,
            cidr_block=cidr,
            from_port=ports[0],
            to_port=ports[1],
        )
        for index, (protocol, cidr, ports) in enumerate(flows)
    ]


def public_rules(vpc_cidr: str) -> list[NaclRule]:
    """Internet HTTP(S) in to the load balancers, anything within the VPC, return traffic."""
    return [
        *numbered(
            "ingress",
            [
                ("tcp", ANYWHERE, (443, 443)),
                ("tcp", ANYWHERE, (80, 80)),
                ("-1", vpc_cidr, ALL_PORTS),
                ("tcp", ANYWHERE, EPHEMERAL_PORTS),
                ("udp", ANYWHERE, EPHEMERAL_PORTS),
            ],
        ),
        *numbered("egress", [("-1", ANYWHERE, ALL_PORTS)]),
    ]


def private_rules(vpc_cidr: str) -> list[NaclRule]:
    """Anything from within the VPC, and return traffic of egress through the NAT."""
    return [
        *numbered(
            "ingress",
            [
                ("-1", vpc_cidr, ALL_PORTS),
                ("tcp", ANYWHERE, EPHEMERAL_PORTS),
                ("udp", ANYWHERE, EPHEMERAL_PORTS),
            ],
        ),
        *numbered("egress", [("-1", ANYWHERE, ALL_PORTS)]),
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
    sources = (*private_cidrs, *database_cidrs)
    ingress: list[Flow] = [("tcp", cidr, (port, port)) for port in ports for cidr in sources]
    ingress += [("tcp", cidr, EPHEMERAL_PORTS) for cidr in database_cidrs]
    egress: list[Flow] = [("tcp", cidr, EPHEMERAL_PORTS) for cidr in private_cidrs]
    egress += [("tcp", cidr, (0, 65535)) for cidr in database_cidrs]
    if len(ingress) > MAX_NACL_INBOUND_RULES:
        raise ValueError(
            f"database NACL would need more than {MAX_NACL_INBOUND_RULES} inbound rules (AWS "
            f"default quota) for {len(ports)} ports and {len(sources)} subnets"
        )
    return [*numbered("ingress", ingress), *numbered("egress", egress)]
