"""Props of the ElastiCache Redis module: its settings plus what only the composing code
knows (the VPC, who may connect)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from ..shared.network import require_sources
from ..shared.settings import require
from ..shared.validation import check_name
from ..vpc.construct import Vpc
from .settings import RedisSettings


@dataclass(frozen=True, kw_only=True)
class RedisProps:
    """An ElastiCache Redis OSS replication group with its network, encryption and users."""

    name: str
    """Replication group id and prefix of every resource name, e.g. ``platform-prod-redis``:
    lowercase letters, digits and single hyphens, at most 32 characters (the user ids
    derived from it must fit ElastiCache's 40)."""
    settings: RedisSettings
    """Size, layout, windows, backups and logging."""
    network: Vpc
    """The VPC: the nodes go into its database subnets (without cluster mode, primary and
    replicas round-robin over its AZs); its database tier must admit ``settings.port``."""
    allowed_security_groups: Mapping[str, str] = field(default_factory=dict)
    """Security groups whose members may connect, by a snake_case label that becomes part
    of the rule's address, e.g. ``{"eks_nodes": node_sg_id}``. Never CIDRs. More can be
    added with :meth:`Redis.allow_connections_from`. Default: none."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, partial(check_name, longest=32))
        require_sources(self, "allowed_security_groups", self.allowed_security_groups)
        self.network.require_database_port(self.settings.port, owner=self)

    @property
    def final_snapshot_identifier(self) -> str | None:
        """Name of the snapshot taken on deletion, or None if turned off."""
        return f"{self.name}-final" if self.settings.final_snapshot else None

    @property
    def member_cluster_ids(self) -> list[str]:
        """Cache cluster (node) ids ElastiCache will give the members, derived from its
        naming scheme: ``<id>-00<n>`` without cluster mode, ``<id>-000<shard>-00<n>`` with
        it. Static strings, so alarms can be built per node."""
        settings = self.settings
        nodes = range(1, settings.nodes_per_shard + 1)
        if not settings.cluster_mode:
            return [f"{self.name}-{node:03d}" for node in nodes]
        return [
            f"{self.name}-{shard:04d}-{node:03d}"
            for shard in range(1, settings.shards + 1)
            for node in nodes
        ]

    def preferred_azs(self) -> list[str] | None:
        """AZ of each node in order (primary first), round-robin over the VPC's AZs; None
        in cluster mode, where ElastiCache spreads the nodes itself."""
        if self.settings.cluster_mode:
            return None
        zones = self.network.availability_zones
        return [zones[index % len(zones)] for index in range(self.settings.nodes_per_shard)]
