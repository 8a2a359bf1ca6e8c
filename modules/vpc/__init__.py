"""A three-tier VPC over several Availability Zones, with flow logs and locked-down defaults.

:class:`VpcSettings` (cdktf-free) holds what a deployment decides; :class:`Vpc` builds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import ELB_ROLE_TAG as ELB_ROLE_TAG
    from .construct import INTERNAL_ELB_ROLE_TAG as INTERNAL_ELB_ROLE_TAG
    from .construct import Vpc as Vpc
    from .flow_logs import VpcFlowLogs as VpcFlowLogs
    from .nacl import NaclRule as NaclRule
    from .nacl import database_rules as database_rules
    from .nacl import private_rules as private_rules
    from .nacl import public_rules as public_rules
    from .props import VpcProps as VpcProps
    from .settings import TIERS as TIERS
    from .settings import NatGatewayStrategy as NatGatewayStrategy
    from .settings import VpcSettings as VpcSettings
    from .settings import standard_subnet_plan as standard_subnet_plan

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
