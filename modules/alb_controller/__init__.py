"""The AWS Load Balancer Controller: IAM policy (as data), IRSA role, Helm release.

:class:`AlbControllerSettings` (cdktf-free) holds what a deployment decides;
:class:`AlbController` deploys it (needs the ``kubernetes`` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .cloudflare import CLOUDFLARE_IPV4_RANGES as CLOUDFLARE_IPV4_RANGES
    from .construct import ALB_CONTROLLER_CHART as ALB_CONTROLLER_CHART
    from .construct import AlbController as AlbController
    from .construct import AlbControllerProps as AlbControllerProps
    from .policy import CONTROLLER_VERSION as CONTROLLER_VERSION
    from .policy import controller_policy as controller_policy
    from .policy import controller_policy_json as controller_policy_json
    from .policy import policy_actions as policy_actions
    from .settings import AlbControllerSettings as AlbControllerSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
