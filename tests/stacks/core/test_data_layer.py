"""Aurora, Redis and alarms as each environment synthesizes them."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.synth import StackJson, only, resources

ENVIRONMENTS = ["dev", "prod"]


def test_prod_aurora_has_three_instances_in_three_azs(prod_core: StackJson) -> None:
    instances = list(resources(prod_core, "aws_rds_cluster_instance").values())
    assert len(instances) == 3
    assert len({instance["availability_zone"] for instance in instances}) == 3
    assert {instance["instance_class"] for instance in instances} == {"db.r5.large"}
    cluster = only(resources(prod_core, "aws_rds_cluster"))
    assert cluster["backup_retention_period"] == 35
    assert cluster["deletion_protection"] is True
    assert cluster["skip_final_snapshot"] is False


def test_prod_redis_is_multi_az_with_failover(prod_core: StackJson) -> None:
    group = only(resources(prod_core, "aws_elasticache_replication_group"))
    assert group["node_type"] == "cache.m5.large"
    assert group["multi_az_enabled"] is True
    assert group["automatic_failover_enabled"] is True
    assert group["num_cache_clusters"] == 3


def test_dev_uses_the_seed_small_classes(dev_core: StackJson) -> None:
    instances = resources(dev_core, "aws_rds_cluster_instance").values()
    assert {instance["instance_class"] for instance in instances} == {"db.t3.medium"}
    group = only(resources(dev_core, "aws_elasticache_replication_group"))
    assert group["node_type"] == "cache.t3.small"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_data_stores_are_encrypted_with_cmks(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = stacks[f"{environment}-core"]
    cluster = only(resources(core, "aws_rds_cluster"))
    assert cluster["storage_encrypted"] is True
    assert cluster["kms_key_id"].startswith("${aws_kms_key.")
    assert cluster["manage_master_user_password"] is True
    assert cluster["iam_database_authentication_enabled"] is True
    group = only(resources(core, "aws_elasticache_replication_group"))
    assert group["at_rest_encryption_enabled"] in (True, "true")
    assert group["transit_encryption_enabled"] is True
    assert group["kms_key_id"].startswith("${aws_kms_key.")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_data_stores_admit_only_the_eks_nodes(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = stacks[f"{environment}-core"]
    cluster_sg = "vpc_config[0].cluster_security_group_id}"
    rules = resources(core, "aws_vpc_security_group_ingress_rule")
    data_rules = [r for r in rules.values() if r.get("from_port") in (5432, 6379)]
    assert {r["from_port"] for r in data_rules} == {5432, 6379}
    for rule in data_rules:
        assert rule["referenced_security_group_id"].endswith(cluster_sg), rule
        assert "cidr_ipv4" not in rule


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_no_ingress_from_the_whole_internet_to_anything_but_the_public_nacl(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = stacks[f"{environment}-core"]
    for resource_type in ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule"):
        for rule in resources(core, resource_type).values():
            assert rule.get("cidr_ipv4") != "0.0.0.0/0", rule
            assert "0.0.0.0/0" not in rule.get("cidr_blocks", []), rule
    for group in resources(core, "aws_security_group").values():
        for ingress in group.get("ingress", []):
            assert "0.0.0.0/0" not in ingress.get("cidr_blocks", []), group


SECRET_PATTERNS = [
    re.compile(r'"(master_)?password"\s*:\s*"[^"$]'),
    re.compile(r'"auth_token"\s*:'),
    re.compile(r'"passwords"\s*:\s*\[\s*"'),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r'"secret_string"\s*:\s*"[^"$]'),
]


@pytest.mark.parametrize(
    "stack_name",
    ["bootstrap", "account-main", "dev-core", "dev-platform", "prod-core", "prod-platform"],
)
def test_no_plaintext_secret_in_the_synthesized_json(
    stacks: dict[str, StackJson], stack_name: str
) -> None:
    text = json.dumps(stacks[stack_name])
    for pattern in SECRET_PATTERNS:
        assert not pattern.search(text), f"{pattern.pattern} matched in {stack_name}"


def test_the_secret_scan_would_catch_a_password() -> None:
    leaked = json.dumps({"resource": {"aws_rds_cluster": {"x": {"master_password": "hunter2"}}}})
    assert any(pattern.search(leaked) for pattern in SECRET_PATTERNS)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_alarms_cover_the_promised_metrics(stacks: dict[str, StackJson], environment: str) -> None:
    core = stacks[f"{environment}-core"]
    alarms = resources(core, "aws_cloudwatch_metric_alarm").values()
    metrics = {alarm.get("metric_name") for alarm in alarms}
    assert {
        "CPUUtilization",
        "FreeableMemory",
        "DatabaseConnections",
        "AuroraReplicaLagMaximum",
        "EngineCPUUtilization",
        "DatabaseMemoryUsagePercentage",
        "Evictions",
        "ReplicationLag",
    } <= metrics
    assert any("metric_query" in alarm for alarm in alarms), "cache hit ratio uses metric math"
    # Every alarm of the stack notifies exactly one of the environment's severity topics,
    # each encrypted with a customer key.
    topics = resources(core, "aws_sns_topic")
    assert sorted(topic["name"] for topic in topics.values()) == [
        f"platform-{environment}-alarms-{suffix}" for suffix in ("alarms", "info", "warning")
    ]
    for topic in topics.values():
        assert topic["kms_master_key_id"].startswith("${aws_kms_key.")
    topic_arns = {f"${{aws_sns_topic.{name}.arn}}" for name in topics}
    for alarm in alarms:
        (action,) = alarm["alarm_actions"]
        assert action in topic_arns
