"""What a deployment decides about its ElastiCache cache, Redis OSS or Valkey (cdktf-free
settings)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Final, Literal, Self

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

CacheEngine = Literal["redis", "valkey"]
"""ElastiCache engines of a replication group that this module builds: ``redis`` (Redis OSS)
or ``valkey``. The AWS provider 5.100 accepts both for ``aws_elasticache_replication_group``
``engine`` (internal/service/elasticache/replication_group.go: ``StringInSlice([]string{
engineRedis, engineValkey})``)."""

REDIS_ENGINE: Final = "redis"
"""ElastiCache engine: Redis OSS."""

VALKEY_ENGINE: Final = "valkey"
"""ElastiCache engine: Valkey."""

ENGINE_TITLES: dict[str, str] = {REDIS_ENGINE: "Redis OSS", VALKEY_ENGINE: "Valkey"}
"""How errors and descriptions name each engine."""

REDIS_ENGINE_VERSION = "7.1"
"""Pinned Redis OSS version, the newest Redis OSS line on ElastiCache. ElastiCache applies
patch releases within 7.1 itself; a move to another line is a reviewed change here. IAM
authentication needs 7.0 or newer."""

REDIS_PARAMETER_FAMILY = "redis7"
"""Parameter group family of the pinned version."""

VALKEY_PARAMETER_FAMILIES: dict[str, str] = {
    "7.2": "valkey7",
    "8.0": "valkey8",
    "8.1": "valkey8",
    "8.2": "valkey8",
}
"""Valkey versions ElastiCache offers for node-based clusters and the parameter group family
of each (ElastiCache User Guide, "Engine specific parameters": "Valkey 7.2 parameters are the
same as Redis OSS 7 parameters" (family valkey7); Valkey 8.0, 8.1 and 8.2: "Parameter group
family: valkey8"; https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html).
Valkey 9.x is listed on that page as well but its family name was not verified here, so it is
not offered yet. What the module relies on holds from Valkey 7.2: RBAC ("available for Valkey
7.2 and onward", Clusters.RBAC.html), IAM authentication ("available when using ElastiCache
for Valkey 7.2 and above or Redis OSS 7.0 and above", auth-iam.html), slow-log and engine-log
delivery ("supported for Valkey 7.x and above", Log_Delivery.html). The provider 5.100 accepts
each of these versions for ``engine = "valkey"`` (``terraform validate``)."""

VALKEY_ENGINE_VERSION = "8.1"
"""Default Valkey version when ``engine = "valkey"`` leaves ``engine_version`` unset."""

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
    """An ElastiCache node type of the catalogue that runs Redis OSS or Valkey (which of the
    two the chosen engine needs is checked with the engine)."""
    try:
        described = elasticache_node_type(node_type)
    except UnknownInstanceType as error:
        raise ValueError(str(error)) from None
    if not set(ENGINE_TITLES) & set(described.engines):
        raise ValueError(f"{node_type} runs neither Redis OSS nor Valkey")
    return node_type


NodeType = Annotated[
    str,
    AfterValidator(check_node_type),
    Rule("an ElastiCache node type running Redis OSS or Valkey"),
]


class RedisSettings(Settings):
    """An ElastiCache replication group, Redis OSS or Valkey: size, high availability,
    backups, logs.

    ``shards`` above one turns cluster mode on. Automatic failover follows from the
    layout: on with Multi-AZ (which needs a replica to promote) and always in cluster
    mode (ElastiCache requires it there); off for a single node group without Multi-AZ.
    """

    node_type: NodeType
    """Node type, e.g. ``cache.m5.large``; it must run ``engine`` at ``engine_version``."""
    engine: CacheEngine = REDIS_ENGINE
    """``redis`` (Redis OSS) or ``valkey``. Redis OSS to Valkey is an in-place upgrade of the
    existing replication group; Valkey back to Redis OSS replaces it (its data is lost).
    See docs/cache-engines.md. Default: redis."""
    replicas_per_shard: int = Field(default=1, ge=0, le=MAX_REPLICAS)
    """Read replicas per shard, 0 to 5. Default: 1."""
    shards: int = Field(default=1, ge=1, le=500)
    """Shards (node groups); more than one turns cluster mode on. Default: 1."""
    multi_az: bool = True
    """Replicas in other AZs than their primary, with automatic failover; needs at least
    one replica. Default: true."""
    engine_version: str = REDIS_ENGINE_VERSION
    """Engine version: Redis OSS ``7.x``, or for Valkey one of ``7.2``, ``8.0``, ``8.1``,
    ``8.2``. Default: ``7.1`` for Redis OSS, ``8.1`` for Valkey."""
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

    @model_validator(mode="before")
    @classmethod
    def _default_version_of_engine(cls, data: Any) -> Any:
        # The version default follows the engine: Valkey has no 7.1.
        if isinstance(data, dict) and data.get("engine") == VALKEY_ENGINE:
            return {"engine_version": VALKEY_ENGINE_VERSION, **data}
        return data

    @field_validator("app_access_string")
    @classmethod
    def _enabled_user(cls, access: str) -> str:
        if not _ACCESS_STRING.match(access):
            raise ValueError("expected an ACL starting with 'on ' (the user must be enabled)")
        return access

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        described = elasticache_node_type(self.node_type)
        title = ENGINE_TITLES[self.engine]
        version_problem = _version_problem(self.engine, self.engine_version)
        minimum = described.engines.get(self.engine)
        raise_problems(
            problem_if(
                version_problem is not None,
                "engine_version",
                self.engine_version,
                version_problem or "",
            ),
            problem_if(
                minimum is None,
                "node_type",
                self.node_type,
                f"does not run {title} (engine = {self.engine!r})",
            ),
            problem_if(
                version_problem is None
                and minimum is not None
                and not described.supports(self.engine, self.engine_version),
                "node_type",
                self.node_type,
                f"needs {title} {minimum} or newer, not {self.engine_version}",
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
    def parameter_family(self) -> str:
        """Parameter group family of ``engine`` at ``engine_version``, e.g. ``redis7``,
        ``valkey8``."""
        if self.engine == VALKEY_ENGINE:
            return VALKEY_PARAMETER_FAMILIES[self.engine_version]
        return REDIS_PARAMETER_FAMILY

    @property
    def engine_title(self) -> str:
        """The engine as people name it: ``Redis OSS`` or ``Valkey``."""
        return ENGINE_TITLES[self.engine]

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


def _version_problem(engine: str, version: str) -> str | None:
    """Why ``version`` is not a version this module offers for ``engine``, or None."""
    if engine == VALKEY_ENGINE:
        if version in VALKEY_PARAMETER_FAMILIES:
            return None
        offered = ", ".join(VALKEY_PARAMETER_FAMILIES)
        return f"expected a Valkey version ElastiCache offers: one of {offered}"
    if _ENGINE_VERSION.match(version):
        return None
    return (
        f"expected a 7.x version (parameter family {REDIS_PARAMETER_FAMILY}; IAM "
        "authentication needs 7+)"
    )
