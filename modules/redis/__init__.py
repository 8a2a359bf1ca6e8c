"""ElastiCache Redis OSS: an encrypted, Multi-AZ replication group with IAM-authenticated
users and no secret anywhere in code or state."""

from __future__ import annotations

from .construct import Redis
from .props import (
    MAXMEMORY_POLICIES,
    REDIS_ENGINE,
    REDIS_ENGINE_VERSION,
    REDIS_PARAMETER_FAMILY,
    RedisProps,
)

__all__ = [
    "MAXMEMORY_POLICIES",
    "REDIS_ENGINE",
    "REDIS_ENGINE_VERSION",
    "REDIS_PARAMETER_FAMILY",
    "Redis",
    "RedisProps",
]
