"""Data rules: encryption at rest and in transit, alarms that can fire."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...catalogue import UnknownInstanceType, aurora_postgresql_max_connections
from ..model import Rule
from ..view import StackView

PERCENT_METRICS = frozenset(
    {"CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage"}
)
"""CloudWatch metrics measured in percent: a threshold above 100 never fires."""

RISING_COMPARISONS = frozenset({"GreaterThanThreshold", "GreaterThanOrEqualToThreshold"})


def _true(value: Any) -> bool:
    return value is True or value == "true"


def _block(value: Any) -> Mapping[str, Any]:
    """A nested block, which CDKTF writes as an object or a one-element list."""
    if isinstance(value, list):
        return value[0] if value else {}
    return value or {}


def _referencing(view: StackView, resource_type: str, attribute: str, target: str) -> bool:
    """Whether some ``resource_type`` names ``target`` (an address) in ``attribute``."""
    return any(
        view.referenced(body.get(attribute)) == target for _, body in view.resources(resource_type)
    )


PLAIN = "is not encrypted at rest"

CUSTOMER_KEY_ATTRIBUTES = (
    ("aws_sns_topic", "kms_master_key_id"),
    ("aws_cloudwatch_log_group", "kms_key_id"),
    ("aws_backup_vault", "kms_key_arn"),
)
"""Resources encrypted with a customer key only when the attribute names one."""


def _stores_at_rest(view: StackView) -> Iterator[tuple[str, str]]:
    for address, cluster in view.resources("aws_rds_cluster"):
        if not _true(cluster.get("storage_encrypted")):
            yield address, f"{PLAIN} (storage_encrypted)"
    for address, group in view.resources("aws_elasticache_replication_group"):
        if not _true(group.get("at_rest_encryption_enabled")):
            yield address, f"{PLAIN} (at_rest_encryption_enabled)"
    for address, table in view.resources("aws_dynamodb_table"):
        if not _true(_block(table.get("server_side_encryption")).get("enabled")):
            yield address, f"{PLAIN} with a customer key (server_side_encryption)"
    for resource_type, attribute in CUSTOMER_KEY_ATTRIBUTES:
        for address, body in view.resources(resource_type):
            if not body.get(attribute):
                yield address, f"{PLAIN} with a customer key ({attribute})"


def _objects_and_volumes_at_rest(view: StackView) -> Iterator[tuple[str, str]]:
    for address, _ in view.resources("aws_s3_bucket"):
        if not _referencing(
            view, "aws_s3_bucket_server_side_encryption_configuration", "bucket", address
        ):
            yield address, f"{PLAIN}: no server-side encryption configuration names it"
    for address, template in view.resources("aws_launch_template"):
        for mapping in template.get("block_device_mappings", []) or []:
            if not _true(_block(mapping.get("ebs")).get("encrypted")):
                yield address, f"{PLAIN}: volume {mapping.get('device_name')} (ebs.encrypted)"
    for address, cluster in view.resources("aws_eks_cluster"):
        if "secrets" not in _block(cluster.get("encryption_config")).get("resources", []):
            yield address, "does not envelope-encrypt Kubernetes Secrets (encryption_config)"


def _at_rest(view: StackView) -> Iterator[tuple[str, str]]:
    yield from _stores_at_rest(view)
    yield from _objects_and_volumes_at_rest(view)


def _forces_tls(view: StackView, parameter_group: Any) -> bool:
    address = view.referenced(parameter_group)
    body = view.resource(address) if address else None
    parameters = (body or {}).get("parameter", []) or []
    return any(p.get("name") == "rds.force_ssl" and str(p.get("value")) == "1" for p in parameters)


def _denies_plain_transport(view: StackView, policy: Any) -> bool:
    return any(
        statement.effect == "Deny"
        and any(
            condition.variable.lower() == "aws:securetransport" and "false" in condition.values
            for condition in statement.conditions
        )
        for statement in view.policy(policy)
    )


def _in_transit(view: StackView) -> Iterator[tuple[str, str]]:
    for address, group in view.resources("aws_elasticache_replication_group"):
        if not _true(group.get("transit_encryption_enabled")):
            yield address, "accepts connections without TLS (transit_encryption_enabled)"
    for address, cluster in view.resources("aws_rds_cluster"):
        if str(cluster.get("engine", "")).startswith("aurora-postgresql") and not _forces_tls(
            view, cluster.get("db_cluster_parameter_group_name")
        ):
            yield address, "accepts connections without TLS (rds.force_ssl = 1)"
    for address, _ in view.resources("aws_s3_bucket"):
        policies = [
            body.get("policy")
            for _, body in view.resources("aws_s3_bucket_policy")
            if view.referenced(body.get("bucket")) == address
        ]
        if not any(_denies_plain_transport(view, policy) for policy in policies):
            yield address, "has no bucket policy denying requests without TLS"


def _connection_limit(view: StackView, instance: str) -> int | None:
    for _, body in view.resources("aws_rds_cluster_instance"):
        if body.get("identifier") == instance and str(body.get("engine", "")).startswith(
            "aurora-postgresql"
        ):
            try:
                return aurora_postgresql_max_connections(str(body.get("instance_class")))
            except UnknownInstanceType:
                return None
    return None


def _reachable_thresholds(view: StackView) -> Iterator[tuple[str, str]]:
    for address, alarm in view.resources("aws_cloudwatch_metric_alarm"):
        metric, threshold = alarm.get("metric_name"), alarm.get("threshold")
        rising = alarm.get("comparison_operator") in RISING_COMPARISONS
        if metric is None or threshold is None or not rising:
            continue
        if metric in PERCENT_METRICS and float(threshold) >= 100:
            yield address, f"fires only above {threshold} % of {metric}, which cannot happen"
        instance = (alarm.get("dimensions") or {}).get("DBInstanceIdentifier")
        if metric == "DatabaseConnections" and instance:
            limit = _connection_limit(view, instance)
            if limit is not None and float(threshold) >= limit:
                yield (
                    address,
                    f"fires above {threshold} connections, but {instance} allows at most about "
                    f"{limit} (max_connections of its instance class)",
                )


RULES = (
    Rule(
        id="ENC-01",
        level="error",
        title="Data is encrypted at rest, with customer-managed keys where AWS allows",
        why="Databases, caches, tables, topics, logs, buckets, volumes and Kubernetes Secrets "
        "hold the platform's data; customer keys make access auditable and revocable.",
        fix="Enable encryption on the resource with one of the platform's rotating KMS keys.",
        check=_at_rest,
        overlaps=(
            "CKV_AWS_96",
            "CKV_AWS_29",
            "CKV_AWS_119",
            "CKV_AWS_26",
            "CKV_AWS_158",
            "CKV_AWS_8",
            "CKV_AWS_58",
            "CIS AWS 2.3.1",
            "CIS EKS 5.3.1",
        ),
    ),
    Rule(
        id="ENC-02",
        level="error",
        title="Data is encrypted in transit",
        why="Without TLS enforced by the service, a misconfigured client talks in clear text "
        "inside the VPC; Aurora PostgreSQL enforces it with rds.force_ssl, ElastiCache with "
        "transit encryption, S3 with a policy denying aws:SecureTransport = false.",
        fix="Require TLS on the service (parameter, setting or policy).",
        check=_in_transit,
        overlaps=("CKV_AWS_30",),
    ),
    Rule(
        id="ALARM-01",
        level="error",
        title="Alarm thresholds are reachable",
        why="An alarm above the metric's maximum never fires: Aurora PostgreSQL allows "
        "LEAST(DBInstanceClassMemory/9531392, 5000) connections (Aurora, Maximum connections), "
        "about 450 on db.t3.medium, and a percentage never exceeds 100.",
        fix="Derive the threshold from the resource (for connections, about 80 % of its limit).",
        check=_reachable_thresholds,
    ),
)
