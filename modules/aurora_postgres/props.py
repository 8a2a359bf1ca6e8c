"""Props of the Aurora PostgreSQL module: its settings plus what only the composing code
knows (the VPC, who may connect, the DR Region's provider)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from cdktf import TerraformProvider

from ..shared.network import require_sources
from ..shared.settings import invalid, require
from ..shared.validation import check_name
from ..vpc.construct import Vpc
from .settings import AuroraPostgresSettings


@dataclass(frozen=True, kw_only=True)
class AuroraPostgresProps:
    """An Aurora PostgreSQL cluster with its network, encryption, backups and logging."""

    name: str
    """Cluster identifier and prefix of every resource name, e.g. ``platform-prod-aurora``:
    lowercase letters, digits and single hyphens, at most 40 characters (derived names
    such as the IAM roles and backup vaults must fit theirs)."""
    settings: AuroraPostgresSettings
    """Size, version, windows, backups and logging."""
    network: Vpc
    """The VPC: the cluster goes into its database subnets, instances round-robin over its
    AZs (the first, the initial writer, in the first AZ); its database tier must admit
    ``settings.port``."""
    allowed_security_groups: Mapping[str, str] = field(default_factory=dict)
    """Security groups whose members may connect, by a snake_case label that becomes part
    of the rule's address, e.g. ``{"eks_nodes": node_sg_id}``. Never CIDRs. More can be
    added with :meth:`AuroraPostgres.allow_connections_from`. Default: none."""
    dr_provider: TerraformProvider | None = None
    """AWS provider (an aliased configuration) of ``settings.dr_backup.region``; required
    with ``settings.dr_backup``. Modules never create providers: the stack passes it."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, partial(check_name, longest=40))
        require_sources(self, "allowed_security_groups", self.allowed_security_groups)
        if (self.settings.dr_backup is None) != (self.dr_provider is None):
            raise invalid(
                self,
                "dr_provider",
                self.dr_provider,
                "expected a provider of the DR Region exactly when settings.dr_backup is set",
            )
        self.network.require_database_port(self.settings.port, owner=self)

    @property
    def final_snapshot_identifier(self) -> str:
        """Name of the snapshot taken when the cluster is deleted."""
        return f"{self.name}-final"

    def zone_of(self, index: int) -> str:
        """AZ of the ``index``-th instance (0-based): round-robin over the VPC's AZs."""
        zones = self.network.availability_zones
        return zones[index % len(zones)]
