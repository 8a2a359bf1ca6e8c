"""What the review gates, as data: data-bearing resource types and protective attributes.

Two tables, each entry with the reason a reviewer reads in the review:

- ``STATEFUL_RESOURCE_TYPES``: resource types whose deletion or replacement loses data or
  a protection of data. A delete, a replacement (in either order, or one that forgets the
  old object) of a managed resource of one of these types is gated.
- ``PROTECTIVE_ATTRIBUTES``: attributes whose change in an update weakens a protection
  (deletion protection turned off, retention lowered, a key disabled ...). Such an update
  is gated too.

Type and attribute names are those of hashicorp/aws 5.100.0, kubernetes 2.38 and helm 3.1
(the pinned providers); ``tests/tooling/plan_review/test_gates.py`` checks each against the
pinned provider bindings. The checks read values that ``masking`` has already redacted: a
protective attribute that is sensitive or unknown until apply cannot be verified, so it
counts as weakened (when in doubt, gate).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Final

from .masking import Masked, Unknown

_DATABASE = "the database and its automated backups are lost"
_FINAL_SNAPSHOT = "no final snapshot is taken when the cluster or instance is destroyed"
_BACKUPS_SHORTER = "fewer days of backups: point-in-time recovery reaches less far back"
_DELETION_PROTECTION = "a later plan can delete it without first turning protection back on"
_KEY = "data encrypted with the key becomes unreadable once its deletion completes"
_FILE_SYSTEM = "the files on it are lost"
_SNAPSHOT = "the snapshot, a restore point, is lost"

STATEFUL_RESOURCE_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Object and key-value stores.
        "aws_s3_bucket": "the objects in the bucket (Terraform state included) are lost",
        "aws_s3_directory_bucket": "the objects in the bucket are lost",
        "aws_s3tables_table_bucket": "the tables in the bucket are lost",
        "aws_s3_bucket_versioning": "destroying it suspends versioning on the bucket",
        "aws_dynamodb_table": "the items are lost; a state lock table stops every deploy",
        "aws_dynamodb_table_replica": "the replica and its items in that region are lost",
        "aws_dynamodb_global_table": "the items in every region are lost",
        "aws_glacier_vault": "the archives in the vault are lost",
        "aws_keyspaces_table": "the rows are lost",
        "aws_timestreamwrite_table": "the time series are lost",
        "aws_qldb_ledger": "the ledger and its journal are lost",
        # Relational and document databases.
        "aws_db_instance": _DATABASE,
        "aws_rds_cluster": "the Aurora cluster volume and its automated backups are lost",
        "aws_rds_cluster_instance": "connections drop and the instance's role changes",
        "aws_rds_global_cluster": "the global database and its secondary regions are lost",
        "aws_db_instance_automated_backups_replication": (
            "backups stop being copied to the other region"
        ),
        "aws_db_snapshot": _SNAPSHOT,
        "aws_db_cluster_snapshot": _SNAPSHOT,
        "aws_docdb_cluster": _DATABASE,
        "aws_docdb_cluster_instance": "connections drop and the instance's role changes",
        "aws_docdb_global_cluster": "the global database and its secondary regions are lost",
        "aws_neptune_cluster": _DATABASE,
        "aws_neptune_cluster_instance": "connections drop and the instance's role changes",
        "aws_neptune_global_cluster": "the global database and its secondary regions are lost",
        "aws_redshift_cluster": "the warehouse data is lost",
        "aws_redshiftserverless_namespace": "the warehouse data is lost",
        "aws_dsql_cluster": _DATABASE,
        "aws_lightsail_database": _DATABASE,
        # Caches and in-memory stores (sessions, queues of work held in Redis).
        "aws_elasticache_replication_group": "cached data and sessions are lost",
        "aws_elasticache_cluster": "cached data and sessions are lost",
        "aws_elasticache_serverless_cache": "cached data and sessions are lost",
        "aws_elasticache_global_replication_group": "the cross-region replication is lost",
        "aws_memorydb_cluster": "the durable in-memory data is lost",
        "aws_dax_cluster": "the cached items are lost",
        # Streams and queues.
        "aws_kinesis_stream": "the records not yet consumed are lost",
        "aws_sqs_queue": "the messages in the queue are lost",
        "aws_msk_cluster": "the Kafka topics and their data are lost",
        "aws_mq_broker": "the messages held by the broker are lost",
        # Search, registries, identities, DNS.
        "aws_opensearch_domain": "the indices are lost",
        "aws_elasticsearch_domain": "the indices are lost",
        "aws_ecr_repository": "the images in the repository are lost",
        "aws_cognito_user_pool": "the users and their credentials are lost",
        "aws_route53_zone": "the records are lost and the zone gets new name servers",
        # Files and block storage.
        "aws_efs_file_system": _FILE_SYSTEM,
        "aws_fsx_lustre_file_system": _FILE_SYSTEM,
        "aws_fsx_ontap_file_system": _FILE_SYSTEM,
        "aws_fsx_openzfs_file_system": _FILE_SYSTEM,
        "aws_fsx_windows_file_system": _FILE_SYSTEM,
        "aws_ebs_volume": "the data on the volume is lost",
        "aws_ebs_snapshot": _SNAPSHOT,
        # Backups, logs, secrets, keys.
        "aws_backup_vault": "the recovery points in the vault are lost",
        "aws_backup_vault_lock_configuration": "the vault's retention lock is removed",
        "aws_backup_plan": "no new recovery points are taken",
        "aws_backup_selection": "the selected resources are no longer backed up",
        "aws_cloudwatch_log_group": "the log events (audit and flow logs) are lost",
        "aws_secretsmanager_secret": "the secret is deleted after its recovery window",
        "aws_secretsmanager_secret_version": "this version of the secret is lost",
        "aws_ssm_parameter": "the parameter value is lost",
        "aws_kms_key": _KEY,
        "aws_kms_replica_key": _KEY,
        "aws_kms_external_key": _KEY,
        "aws_kms_replica_external_key": _KEY,
        # Clusters and the identities that reach them.
        "aws_eks_cluster": "every workload and in-cluster object is lost",
        "aws_eks_node_group": "every pod on the group is evicted with its local storage",
        "aws_iam_openid_connect_provider": (
            "roles federated through it (IRSA, GitHub deploys) stop working"
        ),
        # In-cluster objects that hold or own data.
        "helm_release": "the release's objects are uninstalled, its volumes with them",
        "kubernetes_namespace": "everything in the namespace is deleted",
        "kubernetes_namespace_v1": "everything in the namespace is deleted",
        "kubernetes_persistent_volume": "the volume is released (and deleted if reclaimed)",
        "kubernetes_persistent_volume_v1": "the volume is released (and deleted if reclaimed)",
        "kubernetes_persistent_volume_claim": "the claimed volume is released",
        "kubernetes_persistent_volume_claim_v1": "the claimed volume is released",
    }
)
"""Resource types whose deletion or replacement loses data or its protection, with the reason.

A ``delete``, a replacement, or a replacement that forgets the old object, of a managed
resource of one of these types fails the review (exit 2) unless its address is allowed
with ``--allow-destroy``. ``aws_s3_bucket_versioning``: "Deleting this resource will either
suspend versioning on the associated S3 bucket or simply remove the resource from state"
(terraform-provider-aws, ``website/docs/r/s3_bucket_versioning.html.markdown``).
"""


class Weakening(Enum):
    """How a change to a protective attribute weakens its protection."""

    TURNED_OFF = "turned off"
    """A boolean protection that was ``true`` is no longer ``true``."""
    TURNED_ON = "turned on"
    """A boolean that removes a protection (``skip_final_snapshot``) becomes ``true``."""
    LOWERED = "lowered"
    """A number of days (or seconds) to keep something goes down."""
    LEFT = "changed from"
    """A status that protects (``Enabled``) changes to anything else."""


@dataclass(frozen=True)
class ProtectiveAttribute:
    """One attribute of one resource type that protects data, and how it is weakened."""

    resource_type: str
    """The resource type, e.g. ``aws_rds_cluster``."""
    path: tuple[str | int, ...]
    """Path into the resource's values; ``0`` indexes the single block of a nested block."""
    weakening: Weakening
    """Which change of the value weakens the protection."""
    reason: str
    """What is at stake when the protection is weakened."""
    protective_value: str | None = None
    """For ``Weakening.LEFT``: the status that protects (``"Enabled"``)."""
    zero_means_forever: bool = False
    """For ``Weakening.LOWERED``: ``0`` (and null) means "keep forever", the highest value."""

    @property
    def dotted_path(self) -> str:
        """The path as Terraform prints it: ``point_in_time_recovery[0].enabled``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
        return text


def _attributes(
    weakening: Weakening, reason: str, path: str, *resource_types: str, **options: object
) -> tuple[ProtectiveAttribute, ...]:
    parsed = tuple(int(part) if part.isdigit() else part for part in path.split("."))
    return tuple(
        ProtectiveAttribute(
            resource_type=resource_type,
            path=parsed,
            weakening=weakening,
            reason=reason,
            protective_value=str(options["value"]) if "value" in options else None,
            zero_means_forever=bool(options.get("zero_means_forever", False)),
        )
        for resource_type in resource_types
    )


_RDS_LIKE = ("aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster")
_SNAPSHOT_RETENTION = (
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_elasticache_serverless_cache",
    "aws_memorydb_cluster",
)
_OFF, _ON, _LOWERED, _LEFT = (
    Weakening.TURNED_OFF,
    Weakening.TURNED_ON,
    Weakening.LOWERED,
    Weakening.LEFT,
)

PROTECTIVE_ATTRIBUTES: Final[tuple[ProtectiveAttribute, ...]] = (
    *_attributes(
        _OFF, _DELETION_PROTECTION, "deletion_protection", *_RDS_LIKE, "aws_rds_global_cluster"
    ),
    *_attributes(_OFF, _DELETION_PROTECTION, "deletion_protection", "aws_qldb_ledger"),
    *_attributes(
        _OFF,
        _DELETION_PROTECTION,
        "deletion_protection_enabled",
        "aws_dynamodb_table",
        "aws_dsql_cluster",
    ),
    *_attributes(
        _LEFT, _DELETION_PROTECTION, "deletion_protection", "aws_cognito_user_pool", value="ACTIVE"
    ),
    *_attributes(
        _ON,
        _FINAL_SNAPSHOT,
        "skip_final_snapshot",
        *_RDS_LIKE,
        "aws_redshift_cluster",
        "aws_lightsail_database",
    ),
    *_attributes(_LOWERED, _BACKUPS_SHORTER, "backup_retention_period", *_RDS_LIKE),
    *_attributes(
        _LOWERED, _BACKUPS_SHORTER, "automated_snapshot_retention_period", "aws_redshift_cluster"
    ),
    *_attributes(
        _OFF, "automated backups stop", "backup_retention_enabled", "aws_lightsail_database"
    ),
    *_attributes(
        _ON,
        "automated backups are deleted with the database",
        "delete_automated_backups",
        "aws_db_instance",
        "aws_rds_cluster",
    ),
    *_attributes(
        _OFF,
        "point-in-time recovery stops: the table can no longer be restored to a recent second",
        "point_in_time_recovery.0.enabled",
        "aws_dynamodb_table",
    ),
    *_attributes(
        _LOWERED, "fewer daily snapshots are kept", "snapshot_retention_limit", *_SNAPSHOT_RETENTION
    ),
    *_attributes(
        _OFF,
        "a disabled key cannot decrypt: data encrypted with it is unreadable until re-enabled",
        "is_enabled",
        "aws_kms_key",
    ),
    *_attributes(
        _OFF,
        "a disabled key cannot decrypt: data encrypted with it is unreadable until re-enabled",
        "enabled",
        "aws_kms_replica_key",
        "aws_kms_external_key",
        "aws_kms_replica_external_key",
    ),
    *_attributes(
        _LOWERED,
        "less time to cancel the key's deletion once it is scheduled",
        "deletion_window_in_days",
        "aws_kms_key",
        "aws_kms_replica_key",
        "aws_kms_external_key",
        "aws_kms_replica_external_key",
    ),
    *_attributes(
        _OFF,
        "overwritten and deleted objects are no longer kept as versions",
        "versioning.0.enabled",
        "aws_s3_bucket",
    ),
    *_attributes(
        _LEFT,
        "overwritten and deleted objects are no longer kept as versions",
        "versioning_configuration.0.status",
        "aws_s3_bucket_versioning",
        value="Enabled",
    ),
    *_attributes(
        _ON,
        "destroying it then deletes everything it holds instead of failing",
        "force_destroy",
        "aws_s3_bucket",
        "aws_backup_vault",
        "aws_rds_global_cluster",
    ),
    *_attributes(
        _ON,
        "destroying it then deletes every image instead of failing",
        "force_delete",
        "aws_ecr_repository",
    ),
    *_attributes(
        _LOWERED,
        "log events expire sooner",
        "retention_in_days",
        "aws_cloudwatch_log_group",
        # "0 [...] the events in the log group are always retained and never expire"
        # (terraform-provider-aws, website/docs/r/cloudwatch_log_group.html.markdown).
        zero_means_forever=True,
    ),
    *_attributes(
        _OFF,
        "destroying the log group then deletes it instead of keeping it",
        "skip_destroy",
        "aws_cloudwatch_log_group",
    ),
    *_attributes(
        _LOWERED,
        "less time (0: none) to restore the secret once its deletion is requested",
        "recovery_window_in_days",
        "aws_secretsmanager_secret",
    ),
    *_attributes(
        _LEFT,
        "automatic backups of the file system stop",
        "backup_policy.0.status",
        "aws_efs_backup_policy",
        value="ENABLED",
    ),
    *_attributes(_LOWERED, "records expire sooner", "retention_period", "aws_kinesis_stream"),
    *_attributes(_LOWERED, "messages expire sooner", "message_retention_seconds", "aws_sqs_queue"),
)
"""Attributes whose weakening in an update is gated like a destroy, with the reason."""


_ABSENT: Final = object()


def _at(value: object, path: tuple[str | int, ...]) -> object:
    """The value at ``path``; ``_ABSENT`` where a container is missing or of another shape."""
    for part in path:
        if isinstance(value, Masked | Unknown):
            return value
        if isinstance(part, int) and isinstance(value, list) and part < len(value):
            value = value[part]
            continue
        if not (isinstance(part, str) and isinstance(value, dict) and part in value):
            return _ABSENT
        value = value[part]
    return value


def _days(value: object, attribute: ProtectiveAttribute) -> float | None:
    """A retention as a number (``inf`` for "forever"), or None when it is not a number."""
    if value is _ABSENT:
        value = None
    if attribute.zero_means_forever and value in (0, None):
        return math.inf
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _weakened(attribute: ProtectiveAttribute, before: object, after: object) -> bool:
    if isinstance(before, Masked) and before == after:
        return False
    if isinstance(before, Masked | Unknown):
        # What the protection was cannot be read: it may be weakened, so gate it.
        return True
    if isinstance(after, Masked | Unknown):
        # What it becomes cannot be read: gate it if it protects now.
        return _protects(attribute, before)
    if attribute.weakening is Weakening.LOWERED:
        old, new = (_days(value, attribute) for value in (before, after))
        return old is not None and (new is None or new < old)
    # A boolean or a status: it protected before and no longer does.
    return _protects(attribute, before) and not _protects_after(attribute, after)


def _protects_after(attribute: ProtectiveAttribute, value: object) -> bool:
    """True when ``value`` keeps the protection (for the boolean and status kinds)."""
    if attribute.weakening is Weakening.TURNED_ON:
        return value is not True
    return _protects(attribute, value)


def _protects(attribute: ProtectiveAttribute, value: object) -> bool:
    """True when ``value`` of the attribute is a protection that a change could weaken."""
    if attribute.weakening is Weakening.TURNED_OFF:
        return value is True
    if attribute.weakening is Weakening.TURNED_ON:
        return value is not True
    if attribute.weakening is Weakening.LEFT:
        return value == attribute.protective_value
    return _days(value, attribute) is not None


def protective_attributes_of(resource_type: str) -> tuple[ProtectiveAttribute, ...]:
    """The entries of ``PROTECTIVE_ATTRIBUTES`` for one resource type."""
    return _BY_TYPE.get(resource_type, ())


def weakened_attributes(
    resource_type: str, before: object, after: object
) -> tuple[tuple[ProtectiveAttribute, object, object], ...]:
    """The protective attributes an update of ``resource_type`` weakens, with both values.

    ``before`` and ``after`` are the redacted values (``Masked``/``Unknown`` in place).
    """
    found: list[tuple[ProtectiveAttribute, object, object]] = []
    for attribute in protective_attributes_of(resource_type):
        old, new = _at(before, attribute.path), _at(after, attribute.path)
        if _weakened(attribute, old, new):
            found.append(
                (attribute, None if old is _ABSENT else old, None if new is _ABSENT else new)
            )
    return tuple(found)


def _index() -> Mapping[str, tuple[ProtectiveAttribute, ...]]:
    by_type: dict[str, list[ProtectiveAttribute]] = {}
    for attribute in PROTECTIVE_ATTRIBUTES:
        by_type.setdefault(attribute.resource_type, []).append(attribute)
    return MappingProxyType({key: tuple(value) for key, value in by_type.items()})


_BY_TYPE: Final = _index()
