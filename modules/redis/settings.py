"""What a deployment decides about its ElastiCache Redis OSS cache (cdktf-free settings)."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..catalogue import UnknownInstanceType, elasticache_node_type
from ..shared.settings import Settings, problem_if, raise_problems
from ..shared.validation import (
    ElastiCacheDailyWindow,
    ElastiCacheWeeklyWindow,
    KeyDeletionWindowDays,
    LogRetentionDays,
    Rule,
    windows_overlap,
)

REDIS_ENGINE = "redis"
"""ElastiCache engine: Redis OSS."""

REDIS_ENGINE_VERSION = "7.1"
"""Pinned Redis OSS version, the newest Redis OSS line on ElastiCache. ElastiCache applies
patch releases within 7.1 itself; a move to another line is a reviewed change here. IAM
authentication needs 7.0 or newer."""

REDIS_PARAMETER_FAMILY = "redis7"
"""Parameter group family of the pinned version."""

MaxmemoryPolicy = Literal[
    "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu", "volatile-random",
    "allkeys-random", "volatile-ttl", "noeviction",
]  # fmt: skip
"""Eviction policies Redis 7 accepts for ``maxmemory-policy`` (Redis, "Key eviction")."""

MAX_REPLICAS = 5
"""ElastiCache: at most five read replicas per shard."""

_ENGINE_VERSION = re.compile(r"^7\.\d+$")
_ACCESS_STRING = re.compile(r"^on\s")


def check_node_type(node_type: str) -> str:
    """An ElastiCache node type of the catalogue that runs Redis OSS."""
    try:
        described = elasticache_node_type(node_type)
    except UnknownInstanceType as error:
        raise ValueError(str(error)) from None
    if REDIS_ENGINE not in described.engines:
        raise ValueError(f"{node_type} does not run Redis OSS")
    return node_type


NodeType = Annotated[
    str, AfterValidator(check_node_type), Rule("an ElastiCache node type running Redis OSS")
]


class RedisSettings(Settings):
    """An ElastiCache Redis OSS replication group: size, high availability, backups, logs.

    ``shards`` above one turns cluster mode on. Automatic failover follows from the
    layout: on with Multi-AZ (which needs a replica to promote) and always in cluster
    mode (ElastiCache requires it there); off for a single node group without Multi-AZ.
    """

    node_type: NodeType
    """Node type, e.g. ``cache.m5.large``; it must support ``engine_version``."""
    replicas_per_shard: int = Field(default=1, ge=0, le=MAX_REPLICAS)
    """Read replicas per shard, 0 to 5. Default: 1."""
    shards: int = Field(default=1, ge=1, le=500)
    """Shards (node groups); more than one turns cluster mode on. Default: 1."""
    multi_az: bool = True
    """Replicas in other AZs than their primary, with automatic failover; needs at least
    one replica. Default: true."""
    engine_version: str = REDIS_ENGINE_VERSION
    """Redis OSS 7 version. Default: the pinned ``7.1``."""
    port: int = Field(default=6379, ge=1024, le=65535)
    """Port of the endpoints. Default: 6379."""
    eviction_policy: MaxmemoryPolicy = "volatile-lru"
    """``maxmemory-policy``: what Redis evicts when memory is full. Default: volatile-lru
    (least recently used among keys with a TTL)."""
    snapshot_retention_days: int = Field(default=7, ge=0, le=35)
    """Daily snapshots kept, 0 (off) to 35. Default: 7."""
    snapshot_window: ElastiCacheDailyWindow = "03:00-04:00"
    """Daily snapshot window, UTC. Default: 03:00-04:00."""
    maintenance_window: ElastiCacheWeeklyWindow = "sun:05:00-sun:06:00"
    """Weekly maintenance window, UTC; must not overlap the snapshot window.
    Default: sun:05:00-sun:06:00."""
    final_snapshot: bool = True
    """Take a snapshot named ``<name>-final`` when the group is deleted. Default: true."""
    log_retention_days: LogRetentionDays = 365
    """Retention of the slow-log and engine-log groups. Default: 365."""
    app_access_string: str = "on ~* +@all -@dangerous"
    """Redis ACL of the IAM-authenticated application user; must start with ``on``.
    Default: every key, every command except the ``@dangerous`` category."""
    key_deletion_window_days: KeyDeletionWindowDays = 30
    """Waiting period of the cache key's scheduled deletion, 7 to 30 days. Default: 30."""

    @field_validator("engine_version")
    @classmethod
    def _pinned_major(cls, version: str) -> str:
        if not _ENGINE_VERSION.match(version):
            raise ValueError(
                f"expected a 7.x version (parameter family {REDIS_PARAMETER_FAMILY}; IAM "
                "authentication needs 7+)"
            )
        return version

    @field_validator("app_access_string")
    @classmethod
    def _enabled_user(cls, access: str) -> str:
        if not _ACCESS_STRING.match(access):
            raise ValueError("expected an ACL starting with 'on ' (the user must be enabled)")
        return access

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        described = elasticache_node_type(self.node_type)
        raise_problems(
            problem_if(
                not described.supports(REDIS_ENGINE, self.engine_version),
                "node_type",
                self.node_type,
                f"needs Redis OSS {described.engines.get(REDIS_ENGINE)} or newer, "
                f"not {self.engine_version}",
            ),
            problem_if(
                self.multi_az and self.replicas_per_shard < 1,
                "multi_az",
                self.multi_az,
                "Multi-AZ fails over to a replica: set replicas_per_shard >= 1, or "
                "multi_az = False",
            ),
            problem_if(
                windows_overlap(self.snapshot_window, self.maintenance_window),
                "maintenance_window",
                self.maintenance_window,
                f"overlaps snapshot_window {self.snapshot_window!r}",
            ),
        )
        return self

    @property
    def cluster_mode(self) -> bool:
        """Whether the data is sharded (cluster mode enabled)."""
        return self.shards > 1

    @property
    def automatic_failover(self) -> bool:
        """Whether a replica is promoted when a primary fails: with Multi-AZ, and always
        in cluster mode (ElastiCache API, CreateReplicationGroup: "AutomaticFailoverEnabled
        must be enabled for Redis OSS (cluster mode enabled) replication groups")."""
        return self.multi_az or self.cluster_mode

    @property
    def nodes_per_shard(self) -> int:
        """The primary and its replicas."""
        return self.replicas_per_shard + 1
