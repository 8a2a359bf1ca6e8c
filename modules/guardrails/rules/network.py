"""Network rules: NACL return traffic, ingress from the internet."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Rule
from ..view import StackView

ANYWHERE = ("0.0.0.0/0", "::/0")
PORT_PROTOCOLS = ("tcp", "udp", "6", "17")
"""NACL protocols with ports, by name or number."""
NAT_SOURCE_PORTS = (1024, 65535)
"""Source ports of translated traffic: NAT gateways use 1024-65535 (Amazon VPC, "NAT
gateway basics"), and the VPC CNI source-NATs pod traffic leaving the VPC over the same
range (amazon-vpc-cni-k8s: iptables SNAT ``--random-fully``)."""


def _nacl_return_traffic(view: StackView) -> Iterator[tuple[str, str]]:
    low, high = NAT_SOURCE_PORTS
    for address, rule in view.resources("aws_network_acl_rule"):
        if rule.get("egress") or rule.get("rule_action", "allow") != "allow":
            continue
        if rule.get("cidr_block") not in ANYWHERE or rule.get("protocol") not in PORT_PROTOCOLS:
            continue
        from_port, to_port = int(rule.get("from_port", 0)), int(rule.get("to_port", 0))
        # A return-traffic rule: high ports from anywhere. It must cover every NAT port.
        if from_port >= low and (from_port > low or to_port < high):
            yield (
                address,
                f"admits {rule['protocol']} {from_port}-{to_port} from the internet; replies to "
                f"translated connections arrive on {low}-{high}",
            )


def _ingress_from_anywhere(view: StackView) -> Iterator[tuple[str, str]]:
    for address, rule in view.resources("aws_vpc_security_group_ingress_rule"):
        for key in ("cidr_ipv4", "cidr_ipv6"):
            if rule.get(key) in ANYWHERE:
                yield (
                    address,
                    f"admits {rule.get(key)} on {rule.get('from_port')}-{rule.get('to_port')}",
                )
    for address, rule in view.resources("aws_security_group_rule"):
        cidrs = [*rule.get("cidr_blocks", []), *rule.get("ipv6_cidr_blocks", [])]
        if rule.get("type") == "ingress" and any(cidr in ANYWHERE for cidr in cidrs):
            yield address, f"admits the internet on {rule.get('from_port')}-{rule.get('to_port')}"
    for address, group in view.resources("aws_security_group"):
        for block in group.get("ingress", []) or []:
            cidrs = [*block.get("cidr_blocks", []), *block.get("ipv6_cidr_blocks", [])]
            if any(cidr in ANYWHERE for cidr in cidrs):
                yield (
                    address,
                    f"admits the internet on {block.get('from_port')}-{block.get('to_port')}",
                )


RULES = (
    Rule(
        id="NET-01",
        level="error",
        title="NACL return traffic covers the NAT source ports 1024-65535",
        why="NAT gateways and the VPC CNI's source NAT (iptables --random-fully) pick source "
        "ports from 1024-65535; a NACL admitting replies only on 32768-65535 drops about half "
        "of the replies to pods and nodes (AWS API calls, STS, image pulls).",
        fix="Admit TCP and UDP 1024-65535 from 0.0.0.0/0 on the subnets behind a NAT.",
        check=_nacl_return_traffic,
    ),
    Rule(
        id="NET-02",
        level="error",
        title="No security group admits the whole internet",
        why="Security groups are the primary control; internet-facing load balancers get "
        "their own groups from the controller, and nothing the platform creates needs "
        "0.0.0.0/0 ingress.",
        fix="Admit security groups (or narrow CIDRs) instead of 0.0.0.0/0 or ::/0.",
        check=_ingress_from_anywhere,
        overlaps=(
            "CKV_AWS_24",
            "CKV_AWS_25",
            "CKV_AWS_260",
            "CKV_AWS_277",
            "CIS AWS 5.2",
            "CIS AWS 5.3",
        ),
    ),
)
