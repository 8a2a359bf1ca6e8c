"""ElastiCache Redis OSS or Valkey: an encrypted, Multi-AZ replication group with
IAM-authenticated users and no secret anywhere in code or state.

`RedisSettings` (cdktf-free) holds what a deployment decides; `Redis` builds it: Redis OSS
7 (default) or Valkey (`engine = "valkey"`; docs/cache-engines.md) at a pinned version in
the VPC's database subnets, Multi-AZ with automatic failover (a replica is required),
optional cluster mode (`shards > 1`, where ElastiCache requires automatic failover),
encryption at rest with a rotating key and in transit (required), a parameter group with
the eviction policy, daily snapshots, a maintenance window (both at least 60 minutes,
apart), slow-log and engine-log delivery to encrypted log groups. The built-in `default`
user is replaced by a disabled one; applications connect as the IAM-authenticated user
`<name>-app`. A security group admits the port only from the security groups it is given.
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
    from .settings import VALKEY_ENGINE as VALKEY_ENGINE
    from .settings import VALKEY_ENGINE_VERSION as VALKEY_ENGINE_VERSION
    from .settings import VALKEY_PARAMETER_FAMILIES as VALKEY_PARAMETER_FAMILIES
    from .settings import CacheEngine as CacheEngine
    from .settings import MaxmemoryPolicy as MaxmemoryPolicy
    from .settings import RedisSettings as RedisSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
