"""What a deployment decides about the AWS Load Balancer Controller (cdktf-free settings)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from ..shared.settings import Settings
from ..shared.validation import Rule, parse_network


def check_inbound_cidr(cidr: str) -> str:
    """An IPv4 CIDR that restricts something: never ``0.0.0.0/0``."""
    network = parse_network(cidr)
    if network.prefixlen == 0:
        raise ValueError("0.0.0.0/0 restricts nothing; leave inbound_cidrs empty instead")
    return str(network)


InboundCidr = Annotated[str, AfterValidator(check_inbound_cidr), Rule("IPv4 CIDR, not /0")]


class AlbControllerSettings(Settings):
    """How many controllers run and who may reach the load balancers they create."""

    replicas: int = Field(default=2, ge=1, le=10)
    """Controller replicas (leader-elected; two survive a node loss). Default: 2."""
    inbound_cidrs: tuple[InboundCidr, ...] = ()
    """If set, load balancers of the default ``alb`` IngressClass admit only these source
    CIDRs in their security group, for example :data:`CLOUDFLARE_IPV4_RANGES` so that only
    the CDN reaches the origin. Default: no restriction."""

    @field_validator("inbound_cidrs")
    @classmethod
    def _distinct(cls, cidrs: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(cidrs)) != len(cidrs):
            raise ValueError("expected each CIDR once")
        return cidrs
