"""Aurora PostgreSQL: an encrypted, private, multi-AZ cluster with managed credentials.

:class:`AuroraPostgresSettings` (cdktf-free) holds what a deployment decides;
:class:`AuroraPostgres` builds it. Aurora Backtrack is available only for Aurora MySQL.
For PostgreSQL, recovery to an earlier moment is a point-in-time restore within
``backup_retention_days`` (into a new cluster), and optionally from the AWS Backup copies
in a DR Region.
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
