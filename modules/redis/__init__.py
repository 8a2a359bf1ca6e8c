"""ElastiCache Redis OSS: an encrypted, Multi-AZ replication group with IAM-authenticated
users and no secret anywhere in code or state.

:class:`RedisSettings` (cdktf-free) holds what a deployment decides; :class:`Redis`
builds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import Redis as Redis
    from .props import RedisProps as RedisProps
    from .settings import REDIS_ENGINE as REDIS_ENGINE
    from .settings import REDIS_ENGINE_VERSION as REDIS_ENGINE_VERSION
    from .settings import REDIS_PARAMETER_FAMILY as REDIS_PARAMETER_FAMILY
    from .settings import MaxmemoryPolicy as MaxmemoryPolicy
    from .settings import RedisSettings as RedisSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
