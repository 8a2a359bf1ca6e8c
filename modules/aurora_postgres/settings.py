"""What a deployment decides about its Aurora PostgreSQL cluster (cdktf-free settings).

Aurora Backtrack exists only for Aurora MySQL; PostgreSQL recovers by point-in-time restore
within ``backup_retention_days``, and optionally from AWS Backup copies in a DR Region.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..catalogue import UnknownInstanceType, rds_instance_class
from ..shared.settings import Settings, problem_if, raise_problems
from ..shared.validation import (
    KeyDeletionWindowDays,
    LogRetentionDays,
    RdsDailyWindow,
    RdsWeeklyWindow,
    Region,
    Rule,
    matching,
    windows_overlap,
)

ENGINE = "aurora-postgresql"
"""The RDS engine name."""

AURORA_POSTGRESQL_VERSION = "16.11"
"""Pinned Aurora PostgreSQL engine version (PostgreSQL 16.11 compatible, a 16.x minor AWS
offers in 2026). hashicorp/aws 5.100 does not validate the value; AWS does at create time,
so confirm a change with ``aws rds describe-db-engine-versions --engine aurora-postgresql
--query 'DBEngineVersions[].EngineVersion'`` in the target Region first. Upgrading is a
reviewed change of this constant (or of ``engine_version`` in the settings)."""

AURORA_POSTGRESQL_FAMILY = "aurora-postgresql16"
"""Parameter group family of the pinned major version."""

MAX_INSTANCES = 16
"""Aurora's limit: one writer and up to 15 readers."""

MAX_READERS = MAX_INSTANCES - 1

LogStatement = Literal["none", "ddl", "mod", "all"]
"""Values of PostgreSQL's ``log_statement``."""

MonitoringInterval = Literal[0, 1, 5, 10, 15, 30, 60]
"""Enhanced Monitoring granularities RDS accepts, in seconds (0 turns it off)."""

_ENGINE_VERSION = re.compile(r"^16\.\d+$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
_DATABASE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
_RESERVED_USERNAMES = frozenset({"rdsadmin", "rdsrepladmin", "rds_superuser", "public"})


def check_instance_class(instance_class: str) -> str:
    """A DB instance class of the catalogue that Aurora PostgreSQL offers."""
    try:
        described = rds_instance_class(instance_class)
    except UnknownInstanceType as error:
        raise ValueError(str(error)) from None
    if not described.engines.get(ENGINE):
        raise ValueError(
            f"the instance catalogue records no Aurora PostgreSQL version for "
            f"{described.family}; choose another class or add the versions AWS documents "
            "to modules/catalogue/instance_types.toml"
        )
    return instance_class


def check_master_username(name: str) -> str:
    """A letter then letters, digits or ``_``, at most 63, not a reserved RDS user."""
    if not _USERNAME.match(name) or name.lower() in _RESERVED_USERNAMES:
        raise ValueError(
            f"expected a letter then letters, digits or _, at most 63 characters, not one "
            f"of {sorted(_RESERVED_USERNAMES)}"
        )
    return name


def check_performance_insights_retention(days: int) -> int:
    """7 (free tier), a multiple of 31 up to 713, or 731 (RDS API,
    PerformanceInsightsRetentionPeriod)."""
    if days in (7, 731) or (days % 31 == 0 and 31 <= days <= 713):
        return days
    raise ValueError("expected 7, a multiple of 31 up to 713, or 731")


check_schedule = matching(r"(cron|rate)\(.+\)", "expected cron(...) or rate(...)")

InstanceClass = Annotated[
    str, AfterValidator(check_instance_class), Rule("an Aurora PostgreSQL DB instance class")
]
MasterUsername = Annotated[
    str, AfterValidator(check_master_username), Rule("PostgreSQL user name, not reserved")
]
PerformanceInsightsRetention = Annotated[
    int, AfterValidator(check_performance_insights_retention), Rule("7, 31 x n up to 713, 731")
]
BackupSchedule = Annotated[str, AfterValidator(check_schedule), Rule("cron(...) or rate(...)")]
BackupRetention = Annotated[int, Field(ge=1, le=36500)]


class DrBackupSettings(Settings):
    """AWS Backup copies of the cluster into a vault in a disaster-recovery Region."""

    region: Region
    """The DR Region; must differ from the cluster's."""
    schedule: BackupSchedule = "cron(0 5 ? * * *)"
    """When AWS Backup takes the snapshot that is copied, as a Backup schedule expression
    (UTC). Default: daily at 05:00, after the default automated backup window."""
    retention_days: BackupRetention = 35
    """Days a snapshot is kept in the primary Region's vault. Default: 35."""
    dr_retention_days: BackupRetention = 35
    """Days a copy is kept in the DR vault. Default: 35."""


class AuroraPostgresSettings(Settings):
    """An Aurora PostgreSQL cluster: size, version, backups, recovery and logging."""

    instance_class: InstanceClass
    """Instance class of every member, e.g. ``db.r5.large``; it must be offered for the
    engine version."""
    instance_count: int = Field(default=2, ge=1, le=MAX_INSTANCES)
    """Writer plus readers that Terraform manages, 1 to 16. Default: 2."""
    engine_version: str = AURORA_POSTGRESQL_VERSION
    """Aurora PostgreSQL 16 engine version. Default: the pinned ``16.11``."""
    database_name: str | None = None
    """Database created with the cluster. Default: none (only ``postgres``)."""
    master_username: MasterUsername = "dbadmin"
    """Master user; its password is generated and rotated by RDS in Secrets Manager.
    Default: ``dbadmin``."""
    port: int = Field(default=5432, ge=1150, le=65535)
    """Port of the endpoints, 1150 to 65535 (RDS). Default: 5432."""
    backup_retention_days: int = Field(default=7, ge=1, le=35)
    """Automated backups and point-in-time recovery window, 1 to 35 days. Default: 7."""
    backup_window: RdsDailyWindow = "03:00-04:00"
    """Daily automated backup window, UTC. Default: 03:00-04:00."""
    maintenance_window: RdsWeeklyWindow = "sun:04:30-sun:05:30"
    """Weekly maintenance window, UTC; must not overlap the backup window.
    Default: sun:04:30-sun:05:30."""
    deletion_protection: bool = True
    """RDS refuses to delete the cluster. Default: true."""
    skip_final_snapshot: bool = False
    """Delete without a final snapshot. Default: false; the snapshot is named
    ``<name>-final`` (deterministic: a timestamp would change every plan)."""
    auto_minor_version_upgrade: bool = False
    """Let RDS apply minor versions in the maintenance window. Default: false: the version
    is pinned, and an automatic upgrade would make Terraform plan a downgrade."""
    slow_statement_ms: int = Field(default=1000, ge=0, le=3_600_000)
    """``log_min_duration_statement``: statements running longer are logged, in
    milliseconds, 0 (log all) to 3,600,000. Default: 1000."""
    log_statement: LogStatement = "ddl"
    """``log_statement``: which statements are always logged. Default: ``ddl``, an audit
    trail of schema changes without logging data or bind values."""
    log_retention_days: LogRetentionDays = 365
    """Retention of the PostgreSQL log group. Default: 365."""
    monitoring_interval: MonitoringInterval = 60
    """Enhanced Monitoring granularity in seconds (0 turns it off). Default: 60."""
    performance_insights_retention_days: PerformanceInsightsRetention = 7
    """Performance Insights retention. Default: 7 (the free tier)."""
    max_readers: int = Field(default=0, ge=0, le=MAX_READERS)
    """Reader auto scaling on CPU up to this many readers, at most 15; 0 turns it off.
    Default: 0. The policy keeps at least the managed readers (and at least one)."""
    reader_target_cpu_percent: float = Field(default=70.0, ge=10.0, le=90.0)
    """Average reader CPU the scaling policy tracks, percent. Default: 70."""
    reader_scale_in_cooldown_seconds: int = Field(default=300, ge=0, le=86400)
    """Wait after removing a reader before removing another. Default: 300."""
    reader_scale_out_cooldown_seconds: int = Field(default=300, ge=0, le=86400)
    """Wait after adding a reader before adding another. Default: 300."""
    dr_backup: DrBackupSettings | None = None
    """Cross-Region copies through AWS Backup. Default: none."""
    key_deletion_window_days: KeyDeletionWindowDays = 30
    """Waiting period of the cluster key's scheduled deletion, 7 to 30 days. Default: 30."""

    @field_validator("engine_version")
    @classmethod
    def _pinned_major(cls, version: str) -> str:
        if not _ENGINE_VERSION.match(version):
            raise ValueError(
                f"expected a 16.x version (the parameter groups are family "
                f"{AURORA_POSTGRESQL_FAMILY})"
            )
        return version

    @field_validator("database_name")
    @classmethod
    def _database_name(cls, name: str | None) -> str | None:
        if name is not None and (not _DATABASE_NAME.match(name) or name == "postgres"):
            raise ValueError(
                "expected a letter then letters, digits or _, at most 63 characters "
                "(postgres always exists)"
            )
        return name

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        described = rds_instance_class(self.instance_class)
        raise_problems(
            problem_if(
                not described.supports(ENGINE, self.engine_version),
                "instance_class",
                self.instance_class,
                f"not offered for Aurora PostgreSQL {self.engine_version}; it supports "
                f"{dict(described.engines[ENGINE])} (major: minimum version)",
            ),
            problem_if(
                windows_overlap(self.backup_window, self.maintenance_window),
                "maintenance_window",
                self.maintenance_window,
                f"overlaps backup_window {self.backup_window!r}; RDS requires them apart",
            ),
            problem_if(
                0 < self.max_readers < self.fixed_readers,
                "max_readers",
                self.max_readers,
                f"expected 0 (off) or at least the {self.fixed_readers} readers of "
                f"instance_count = {self.instance_count}",
            ),
        )
        return self

    @property
    def fixed_readers(self) -> int:
        """Readers Terraform manages (every instance but the writer)."""
        return self.instance_count - 1

    @property
    def reader_autoscaling(self) -> bool:
        """Whether reader auto scaling is on."""
        return self.max_readers > 0

    @property
    def min_readers(self) -> int:
        """Fewest readers the scaling policy keeps: the managed readers, at least one."""
        return max(self.fixed_readers, 1)
