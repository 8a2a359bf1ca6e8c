"""Aurora PostgreSQL: an encrypted, private, multi-AZ cluster with managed credentials.

`AuroraPostgresSettings` (cdktf-free) holds what a deployment decides; `AuroraPostgres`
builds it: an `aurora-postgresql` cluster at a pinned engine version, its instances
round-robin over the VPC's AZs in its database subnets; storage, Performance Insights,
logs and the RDS-managed master secret encrypted with one rotating key; no password
anywhere (`manage_master_user_password`) and IAM database authentication; TLS forced
(`rds.force_ssl=1`), slow statements and DDL logged to an encrypted log group; deletion
protection and a deterministic final snapshot; Enhanced Monitoring; optional reader auto
scaling on CPU (`max_readers`) and cross-Region copies through AWS Backup (`dr_backup`,
with the DR Region's provider passed in the props). A security group admits the port only
from the security groups it is given, each rule keyed by a label.

The instance class must be in the instance catalogue and offered for the engine version;
windows are UTC, at least 30 minutes, and must not overlap. Aurora Backtrack exists only
for Aurora MySQL: PostgreSQL recovers by point-in-time restore within
`backup_retention_days` (into a new cluster), or from the DR copies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .backup import DrBackupCopies as DrBackupCopies
    from .construct import AuroraPostgres as AuroraPostgres
    from .props import AuroraPostgresProps as AuroraPostgresProps
    from .settings import AURORA_POSTGRESQL_FAMILY as AURORA_POSTGRESQL_FAMILY
    from .settings import AURORA_POSTGRESQL_VERSION as AURORA_POSTGRESQL_VERSION
    from .settings import ENGINE as ENGINE
    from .settings import AuroraPostgresSettings as AuroraPostgresSettings
    from .settings import DrBackupSettings as DrBackupSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
