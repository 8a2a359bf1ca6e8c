"""Props of the ElastiCache Redis module."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cdktf import Token

from ..shared.validation import (
    check_daily_window,
    check_labels,
    check_log_retention,
    check_range,
    check_weekly_window,
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

MAXMEMORY_POLICIES = frozenset(
    {
        "volatile-lru",
        "allkeys-lru",
        "volatile-lfu",
        "allkeys-lfu",
        "volatile-random",
        "allkeys-random",
        "volatile-ttl",
        "noeviction",
    }
)
"""Eviction policies Redis 7 accepts for ``maxmemory-policy``."""

_IDENTIFIER = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,30}(?<!-)$")
_ACCESS_STRING = re.compile(r"^on\s")


@dataclass(frozen=True, kw_only=True)
class RedisProps:
    """An ElastiCache Redis OSS replication group with its network, encryption and users."""

    name: str
    """Replication group id and prefix of every resource name, e.g. ``platform-prod``:
    lowercase letters, digits and single hyphens, starting with a letter, at most 31
    characters (the user and group ids derived from it must fit 40)."""
    vpc_id: str
    """VPC of the security group."""
    subnet_ids: Sequence[str]
    """Subnets of the cache subnet group (the database subnets), in at least two AZs."""
    node_type: str
    """Node type, e.g. ``cache.m5.large``."""
    replicas: int = 1
    """Read replicas per shard, 0 to 5. Default: 1."""
    shards: int | None = None
    """Cluster mode: the data is split over this many shards (``num_node_groups``),
    1 to 500, each with ``replicas`` replicas. Default: None (cluster mode disabled, one
    primary and its replicas)."""
    multi_az: bool = True
    """Place replicas in other AZs than their primary and fail over across AZs.
    Needs at least one replica and automatic failover. Default: true."""
    automatic_failover: bool = True
    """Promote a replica when the primary fails. Needs at least one replica; cluster
    mode requires it. Default: true."""
    availability_zones: Sequence[str] = ()
    """AZs for the nodes (cluster mode disabled only), round-robin in this order; the
    primary lands in the first. Default: none (ElastiCache chooses)."""
    allowed_security_groups: Mapping[str, str] = field(default_factory=dict)
    """Security groups whose members may connect, by a snake_case label that becomes part
    of the rule's address, e.g. ``{"eks_nodes": node_sg_id}``. Never CIDRs. More can be
    added with :meth:`Redis.allow_connections_from`. Default: none."""
    engine_version: str = REDIS_ENGINE_VERSION
    """Redis OSS 7 version. Default: :data:`REDIS_ENGINE_VERSION`."""
    port: int = 6379
    """Port of the endpoints. Default: 6379."""
    maxmemory_policy: str = "volatile-lru"
    """``maxmemory-policy``: what Redis evicts when memory is full. Default:
    ``volatile-lru`` (least recently used among keys with a TTL)."""
    snapshot_retention_days: int = 7
    """Days automatic snapshots are kept, 0 (off) to 35. Default: 7."""
    snapshot_window: str = "03:00-04:00"
    """Daily snapshot window, UTC. Default: 03:00-04:00."""
    maintenance_window: str = "sun:05:00-sun:06:00"
    """Weekly maintenance window, UTC; must not overlap the snapshot window.
    Default: sun:05:00-sun:06:00."""
    final_snapshot: bool = True
    """Take a snapshot named ``<name>-final`` when the group is deleted. Default: true."""
    log_retention_days: int = 365
    """Retention of the slow-log and engine-log groups (a CloudWatch Logs value).
    Default: 365."""
    app_access_string: str = "on ~* +@all -@dangerous"
    """Redis ACL of the IAM-authenticated application user; must start with ``on``.
    Default: every key, every command except the ``@dangerous`` category."""
    key_deletion_window_days: int = 30
    """Waiting period of the cache key's scheduled deletion, 7-30. Default: 30."""

    def __post_init__(self) -> None:
        if not _IDENTIFIER.match(self.name):
            raise ValueError(
                f"name = {self.name!r}: expected lowercase letters, digits and single "
                "hyphens, starting with a letter, at most 31 characters"
            )
        if not self.node_type.startswith("cache."):
            raise ValueError(f"node_type = {self.node_type!r}: expected cache.<family>.<size>")
        check_range("replicas", self.replicas, 0, 5)
        if self.shards is not None:
            check_range("shards", self.shards, 1, 500)
        self._check_high_availability()
        self._check_network()
        if not self.engine_version.startswith("7."):
            raise ValueError(
                f"engine_version = {self.engine_version!r}: expected a 7.x version "
                f"(parameter family {REDIS_PARAMETER_FAMILY}; IAM authentication needs 7+)"
            )
        check_range("port", self.port, 1024, 65535)
        if self.maxmemory_policy not in MAXMEMORY_POLICIES:
            raise ValueError(
                f"maxmemory_policy = {self.maxmemory_policy!r}: expected one of "
                f"{sorted(MAXMEMORY_POLICIES)}"
            )
        check_range("snapshot_retention_days", self.snapshot_retention_days, 0, 35)
        check_daily_window("snapshot_window", self.snapshot_window)
        check_weekly_window("maintenance_window", self.maintenance_window)
        if windows_overlap(self.snapshot_window, self.maintenance_window):
            raise ValueError(
                f"maintenance_window = {self.maintenance_window!r}: overlaps "
                f"snapshot_window = {self.snapshot_window!r}"
            )
        check_log_retention("log_retention_days", self.log_retention_days)
        if not _ACCESS_STRING.match(self.app_access_string):
            raise ValueError(
                f"app_access_string = {self.app_access_string!r}: expected an ACL starting "
                "with 'on ' (the user must be enabled)"
            )
        check_range("key_deletion_window_days", self.key_deletion_window_days, 7, 30)

    def _check_high_availability(self) -> None:
        if self.replicas == 0 and (self.multi_az or self.automatic_failover):
            wanted = "multi_az" if self.multi_az else "automatic_failover"
            raise ValueError(
                f"replicas = 0 with {wanted} = True: Multi-AZ and automatic failover need "
                "at least one replica to promote; set replicas >= 1 or turn both off"
            )
        if self.multi_az and not self.automatic_failover:
            raise ValueError(
                "multi_az = True with automatic_failover = False: ElastiCache Multi-AZ "
                "requires automatic failover"
            )
        if self.cluster_mode and not self.automatic_failover:
            raise ValueError(
                f"shards = {self.shards} with automatic_failover = False: cluster mode "
                "requires automatic failover"
            )

    def _check_network(self) -> None:
        subnets = list(self.subnet_ids)
        # A token standing for a whole list has one element; its length is known at apply.
        list_token = len(subnets) == 1 and Token.is_unresolved(subnets[0])
        if len(subnets) < 2 and not list_token:
            raise ValueError(f"subnet_ids = {subnets}: expected subnets in at least two AZs")
        zones = list(self.availability_zones)
        if len(set(zones)) != len(zones):
            raise ValueError(f"availability_zones = {zones}: expected distinct AZ names")
        if zones and self.cluster_mode:
            raise ValueError(
                f"availability_zones = {zones}: only for cluster mode disabled; with "
                f"shards = {self.shards} ElastiCache spreads the nodes itself"
            )
        check_labels("allowed_security_groups", self.allowed_security_groups)

    @property
    def cluster_mode(self) -> bool:
        """Whether the data is sharded (cluster mode enabled)."""
        return self.shards is not None

    @property
    def final_snapshot_identifier(self) -> str | None:
        """Name of the snapshot taken on deletion, or None if turned off."""
        return f"{self.name}-final" if self.final_snapshot else None

    @property
    def member_cluster_ids(self) -> list[str]:
        """Cache cluster (node) ids ElastiCache will give the members, derived from
        its naming scheme: ``<id>-00<n>`` without cluster mode, ``<id>-000<shard>-00<n>``
        with it. Static strings, so alarms can be built per node."""
        nodes_per_shard = self.replicas + 1
        if self.shards is None:
            return [f"{self.name}-{node:03d}" for node in range(1, nodes_per_shard + 1)]
        return [
            f"{self.name}-{shard:04d}-{node:03d}"
            for shard in range(1, self.shards + 1)
            for node in range(1, nodes_per_shard + 1)
        ]

    def preferred_azs(self) -> list[str] | None:
        """AZ of each node in order (primary first), round-robin; None to let
        ElastiCache choose."""
        zones = list(self.availability_zones)
        if not zones:
            return None
        return [zones[index % len(zones)] for index in range(self.replicas + 1)]
