"""Props of the Aurora PostgreSQL module."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from cdktf import TerraformProvider, Token

from ..shared.validation import (
    check_daily_window,
    check_labels,
    check_log_retention,
    check_range,
    check_weekly_window,
    windows_overlap,
)

AURORA_POSTGRESQL_VERSION = "16.11"
"""Pinned Aurora PostgreSQL engine version (PostgreSQL 16.11 compatible, a 16.x minor AWS
offers in 2026). hashicorp/aws 5.100 does not validate the value; AWS does at create time,
so confirm a change with ``aws rds describe-db-engine-versions --engine aurora-postgresql
--query 'DBEngineVersions[].EngineVersion'`` in the target Region first. Upgrading is a
reviewed change of this constant (or of ``engine_version`` in the props)."""

AURORA_POSTGRESQL_FAMILY = "aurora-postgresql16"
"""Parameter group family of the pinned major version."""

LogStatement = Literal["none", "ddl", "mod", "all"]
"""Values of PostgreSQL's ``log_statement``."""

MAX_INSTANCES = 16
"""Aurora's limit: one writer and up to 15 readers."""

MAX_READERS = MAX_INSTANCES - 1

MONITORING_INTERVALS = frozenset({0, 1, 5, 10, 15, 30, 60})
"""Enhanced Monitoring granularities RDS accepts, in seconds (0 turns it off)."""

_IDENTIFIER = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
_RESERVED_USERNAMES = frozenset({"rdsadmin", "rdsrepladmin", "rds_superuser", "public"})
_SCHEDULE = re.compile(r"^(cron|rate)\(.+\)$")


@dataclass(frozen=True, kw_only=True)
class ReadReplicaAutoscaling:
    """Application Auto Scaling of Aurora readers on their average CPU.

    Readers added this way are not in the Terraform state: Aurora removes only the
    replicas it created itself, and deleting the cluster requires them to be gone
    (set ``max_readers`` to the managed count, or delete the target first).
    """

    min_readers: int = 1
    """Fewest readers the policy keeps, counting those Terraform creates. Default: 1."""
    max_readers: int = 15
    """Most readers the policy may run, 1 to 15 (Aurora's reader limit). Default: 15."""
    target_cpu_percent: float = 70.0
    """Average reader CPU the policy tracks (``RDSReaderAverageCPUUtilization``), percent.
    Default: 70."""
    scale_in_cooldown_seconds: int = 300
    """Wait after removing a reader before removing another. Default: 300."""
    scale_out_cooldown_seconds: int = 300
    """Wait after adding a reader before adding another. Default: 300."""

    def __post_init__(self) -> None:
        check_range("autoscaling.max_readers", self.max_readers, 1, MAX_READERS)
        check_range("autoscaling.min_readers", self.min_readers, 0, self.max_readers)
        if not 10.0 <= self.target_cpu_percent <= 90.0:
            raise ValueError(
                f"autoscaling.target_cpu_percent = {self.target_cpu_percent}: expected 10 to 90"
            )
        check_range(
            "autoscaling.scale_in_cooldown_seconds", self.scale_in_cooldown_seconds, 0, 86400
        )
        check_range(
            "autoscaling.scale_out_cooldown_seconds", self.scale_out_cooldown_seconds, 0, 86400
        )


@dataclass(frozen=True, kw_only=True)
class DrBackupProps:
    """AWS Backup copies of the cluster into a vault in a disaster-recovery Region."""

    provider: TerraformProvider
    """AWS provider (an aliased configuration) of the DR Region; the DR vault and its
    KMS key are created with it. Modules never create providers: the stack passes it."""
    schedule: str = "cron(0 5 ? * * *)"
    """When AWS Backup takes the snapshot that is copied, as a Backup schedule expression
    (UTC). Default: daily at 05:00, after the default automated backup window."""
    retention_days: int = 35
    """Days a snapshot is kept in the primary Region's vault. Default: 35."""
    dr_retention_days: int = 35
    """Days a copy is kept in the DR vault. Default: 35."""

    def __post_init__(self) -> None:
        if not _SCHEDULE.match(self.schedule):
            raise ValueError(
                f"dr_backup.schedule = {self.schedule!r}: expected cron(...) or rate(...)"
            )
        check_range("dr_backup.retention_days", self.retention_days, 1, 36500)
        check_range("dr_backup.dr_retention_days", self.dr_retention_days, 1, 36500)


@dataclass(frozen=True, kw_only=True)
class AuroraPostgresProps:
    """An Aurora PostgreSQL cluster with its network, encryption, backups and logging."""

    name: str
    """Cluster identifier and prefix of every resource name, e.g. ``platform-prod``:
    lowercase letters, digits and single hyphens, starting with a letter, at most 40
    characters (derived names such as the IAM roles and backup vaults must fit theirs)."""
    vpc_id: str
    """VPC of the cluster's security group."""
    subnet_ids: Sequence[str]
    """Database subnets of the DB subnet group, in at least two AZs."""
    availability_zones: Sequence[str]
    """AZs the instances are spread over, round-robin in this order (the first instance,
    the initial writer, lands in the first AZ). Must be the AZs of ``subnet_ids``."""
    instance_class: str
    """Instance class of every member, e.g. ``db.r5.large``."""
    instance_count: int = 2
    """Writer plus readers that Terraform manages, 1 to 16. Default: 2."""
    allowed_security_groups: Mapping[str, str] = field(default_factory=dict)
    """Security groups whose members may connect on the port, by a snake_case label that
    becomes part of the rule's address, e.g. ``{"eks_nodes": node_sg_id}``. Never CIDRs.
    More can be added with :meth:`AuroraPostgres.allow_connections_from`. Default: none."""
    engine_version: str = AURORA_POSTGRESQL_VERSION
    """Aurora PostgreSQL 16 engine version. Default: :data:`AURORA_POSTGRESQL_VERSION`."""
    database_name: str | None = None
    """Database created with the cluster. Default: none (only ``postgres``)."""
    master_username: str = "dbadmin"
    """Master user name; its password is generated and rotated by RDS in Secrets Manager.
    Default: ``dbadmin``."""
    port: int = 5432
    """Port of the endpoints. Default: 5432."""
    backup_retention_days: int = 7
    """Automated backups and point-in-time recovery window, 1 to 35 days. Default: 7."""
    preferred_backup_window: str = "03:00-04:00"
    """Daily automated backup window, UTC. Default: 03:00-04:00."""
    preferred_maintenance_window: str = "sun:04:30-sun:05:30"
    """Weekly maintenance window, UTC; must not overlap the backup window.
    Default: sun:04:30-sun:05:30."""
    deletion_protection: bool = True
    """RDS refuses to delete the cluster. Default: true."""
    skip_final_snapshot: bool = False
    """Delete without a final snapshot. Default: false; the snapshot is named
    ``<name>-final`` (deterministic: a timestamp would change every plan)."""
    auto_minor_version_upgrade: bool = False
    """Let RDS apply minor versions in the maintenance window. Default: false, because the
    version is pinned in code: an automatic upgrade would make Terraform plan a downgrade.
    Upgrades are a reviewed change of ``engine_version``."""
    slow_statement_threshold_ms: int = 1000
    """``log_min_duration_statement``: statements running longer are logged, in
    milliseconds, 0 (log all) to 3,600,000. Default: 1000."""
    log_statement: LogStatement = "ddl"
    """``log_statement``: which statements are always logged: ``none``, ``ddl`` (schema
    changes), ``mod`` (ddl plus data changes) or ``all``. Default: ``ddl``, an audit trail
    of schema changes without logging data or bind values."""
    log_retention_days: int = 365
    """Retention of the PostgreSQL log group (a CloudWatch Logs value). Default: 365."""
    monitoring_interval: int = 60
    """Enhanced Monitoring granularity in seconds: 0 (off), 1, 5, 10, 15, 30 or 60.
    Default: 60."""
    performance_insights_retention_days: int = 7
    """Performance Insights retention: 7 (free tier), a multiple of 31 up to 713, or 731.
    Default: 7."""
    autoscaling: ReadReplicaAutoscaling | None = None
    """Reader auto scaling on CPU. Default: off (the managed instances only)."""
    dr_backup: DrBackupProps | None = None
    """Cross-Region copies through AWS Backup. Default: off."""
    key_deletion_window_days: int = 30
    """Waiting period of the cluster key's scheduled deletion, 7-30. Default: 30."""

    def __post_init__(self) -> None:
        if not _IDENTIFIER.match(self.name):
            raise ValueError(
                f"name = {self.name!r}: expected lowercase letters, digits and single "
                "hyphens, starting with a letter, at most 40 characters"
            )
        check_range("instance_count", self.instance_count, 1, MAX_INSTANCES)
        check_range("backup_retention_days", self.backup_retention_days, 1, 35)
        zones = list(self.availability_zones)
        if not zones or len(set(zones)) != len(zones):
            raise ValueError(f"availability_zones = {zones}: expected distinct AZ names")
        subnets = list(self.subnet_ids)
        # A token standing for a whole list has one element; its length is known at apply.
        list_token = len(subnets) == 1 and Token.is_unresolved(subnets[0])
        if len(subnets) < 2 and not list_token:
            raise ValueError(
                f"subnet_ids = {list(self.subnet_ids)}: expected subnets in at least two AZs"
            )
        if not self.instance_class.startswith("db."):
            raise ValueError(
                f"instance_class = {self.instance_class!r}: expected db.<family>.<size>"
            )
        if not self.engine_version.startswith("16."):
            raise ValueError(
                f"engine_version = {self.engine_version!r}: expected a 16.x version "
                f"(the parameter groups are family {AURORA_POSTGRESQL_FAMILY})"
            )
        self._check_master_username()
        check_range("port", self.port, 1150, 65535)
        check_daily_window("preferred_backup_window", self.preferred_backup_window)
        check_weekly_window("preferred_maintenance_window", self.preferred_maintenance_window)
        if windows_overlap(self.preferred_backup_window, self.preferred_maintenance_window):
            raise ValueError(
                f"preferred_maintenance_window = {self.preferred_maintenance_window!r}: "
                f"overlaps preferred_backup_window = {self.preferred_backup_window!r}"
            )
        check_range("slow_statement_threshold_ms", self.slow_statement_threshold_ms, 0, 3_600_000)
        if self.log_statement not in get_args(LogStatement):
            raise ValueError(
                f"log_statement = {self.log_statement!r}: expected one of {get_args(LogStatement)}"
            )
        check_log_retention("log_retention_days", self.log_retention_days)
        if self.monitoring_interval not in MONITORING_INTERVALS:
            raise ValueError(
                f"monitoring_interval = {self.monitoring_interval}: expected one of "
                f"{sorted(MONITORING_INTERVALS)}"
            )
        self._check_performance_insights_retention()
        check_labels("allowed_security_groups", self.allowed_security_groups)
        check_range("key_deletion_window_days", self.key_deletion_window_days, 7, 30)
        self._check_autoscaling()

    def _check_master_username(self) -> None:
        name = self.master_username
        if not _USERNAME.match(name) or name.lower() in _RESERVED_USERNAMES:
            raise ValueError(
                f"master_username = {name!r}: expected a letter then letters, digits or _, "
                f"at most 63 characters, not one of {sorted(_RESERVED_USERNAMES)}"
            )

    def _check_performance_insights_retention(self) -> None:
        days = self.performance_insights_retention_days
        if days in (7, 731) or (days % 31 == 0 and 31 <= days <= 713):
            return
        raise ValueError(
            f"performance_insights_retention_days = {days}: expected 7, a multiple of 31 "
            "up to 713, or 731"
        )

    def _check_autoscaling(self) -> None:
        scaling = self.autoscaling
        if scaling is None:
            return
        managed_readers = self.instance_count - 1
        if scaling.max_readers < managed_readers:
            raise ValueError(
                f"autoscaling.max_readers = {scaling.max_readers}: expected at least the "
                f"{managed_readers} readers of instance_count = {self.instance_count}"
            )

    @property
    def final_snapshot_identifier(self) -> str:
        """Name of the snapshot taken when the cluster is deleted."""
        return f"{self.name}-final"

    def zone_of(self, index: int) -> str:
        """AZ of the ``index``-th instance (0-based): round-robin over the AZs."""
        zones = list(self.availability_zones)
        return zones[index % len(zones)]
