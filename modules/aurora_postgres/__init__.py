"""Aurora PostgreSQL: an encrypted, private, multi-AZ cluster with managed credentials.

Aurora Backtrack is available only for Aurora MySQL. For PostgreSQL, recovery to an
earlier moment is a point-in-time restore within ``backup_retention_days`` (into a new
cluster), and optionally from the AWS Backup copies in a DR Region.
"""

from __future__ import annotations

from .backup import DrBackupCopies
from .construct import AuroraPostgres
from .props import (
    AURORA_POSTGRESQL_FAMILY,
    AURORA_POSTGRESQL_VERSION,
    AuroraPostgresProps,
    DrBackupProps,
    ReadReplicaAutoscaling,
)

__all__ = [
    "AURORA_POSTGRESQL_FAMILY",
    "AURORA_POSTGRESQL_VERSION",
    "AuroraPostgres",
    "AuroraPostgresProps",
    "DrBackupCopies",
    "DrBackupProps",
    "ReadReplicaAutoscaling",
]
