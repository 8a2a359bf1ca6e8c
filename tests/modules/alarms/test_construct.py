"""The Alarms construct: the encrypted topic, its subscriptions and the alarms it builds for
Aurora clusters and Redis groups placed in a unit VPC (one synthesis per stack)."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import DefaultTokenResolver, StringConcat, TerraformStack, Tokenization

from platform_cdktf.modules.alarms import (
    Alarms,
    AlarmsProps,
    AlarmsSettings,
    AuroraAlarmThresholds,
    RedisAlarmThresholds,
)
from platform_cdktf.modules.aurora_postgres import (
    AuroraPostgres,
    AuroraPostgresProps,
    AuroraPostgresSettings,
)
from platform_cdktf.modules.redis import Redis, RedisProps, RedisSettings
from platform_cdktf.modules.shared.alerts import SEVERITIES
from platform_cdktf.modules.vpc import Vpc
from tests.support.synth import by_path, data_sources, name_by_path, resources
from tests.support.units import synth_stack, unit_vpc

Synth = tuple[dict[str, Any], Alarms]
EMAILS = ("ops@example.com", "Oncall.Team+db@example.org")


def _aurora(
    stack: TerraformStack,
    network: Vpc,
    *,
    id_: str = "aurora",
    name: str = "unit-db",
    instance_count: int,
    max_readers: int = 0,
) -> AuroraPostgres:
    return AuroraPostgres(
        stack,
        id_,
        props=AuroraPostgresProps(
            name=name,
            settings=AuroraPostgresSettings(
                instance_class="db.r5.large",
                instance_count=instance_count,
                max_readers=max_readers,
            ),
            network=network,
        ),
    )


def _redis(stack: TerraformStack, network: Vpc, replicas: int) -> Redis:
    return Redis(
        stack,
        "redis",
        props=RedisProps(
            name="unit-cache",
            settings=RedisSettings(
                node_type="cache.m5.large",
                replicas_per_shard=replicas,
                multi_az=replicas > 0,
            ),
            network=network,
        ),
    )


def _build_full(stack: TerraformStack) -> Alarms:
    network = unit_vpc(stack)
    alarms = Alarms(
        stack,
        "alarms",
        props=AlarmsProps(name="unit", settings=AlarmsSettings(email_endpoints=EMAILS)),
    )
    alarms.watch_aurora(_aurora(stack, network, instance_count=3))
    alarms.watch_redis(_redis(stack, network, 2))
    return alarms


def _build_small(stack: TerraformStack) -> Alarms:
    network = unit_vpc(stack)
    alarms = Alarms(
        stack,
        "alarms",
        props=AlarmsProps(
            name="unit",
            settings=AlarmsSettings(
                notify_on_ok=False,
                aurora=AuroraAlarmThresholds(cpu_percent=65.0),
                redis=RedisAlarmThresholds(cache_hit_ratio_percent=95.0),
            ),
        ),
    )
    alarms.watch_aurora(_aurora(stack, network, instance_count=1))
    # A single instance that may scale out to readers: the lag alarm covers those.
    alarms.watch_aurora(
        _aurora(stack, network, id_="scaling", name="unit-scaling", instance_count=1, max_readers=2)
    )
    alarms.watch_redis(_redis(stack, network, 0))
    return alarms


@pytest.fixture(scope="module")
def full_synth() -> Synth:
    return synth_stack(_build_full)


@pytest.fixture(scope="module")
def full(full_synth: Synth) -> dict[str, Any]:
    return full_synth[0]


@pytest.fixture(scope="module")
def small_synth() -> Synth:
    return synth_stack(_build_small)


@pytest.fixture(scope="module")
def small(small_synth: Synth) -> dict[str, Any]:
    return small_synth[0]


def _alarms(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        alarm["alarm_name"]: alarm
        for alarm in resources(stack, "aws_cloudwatch_metric_alarm").values()
    }


TOPIC_PATHS = {
    "critical": "alarms_topic",
    "warning": "alarms_topic_warning",
    "info": "alarms_topic_info",
}
"""Construct path of each severity's topic (the critical topic kept its pre-severity id)."""

SEVERITY_OF = {
    "cpu-high": "warning",
    "memory-low": "critical",
    "connections-high": "critical",
    "replica-lag-high": "warning",
    "engine-cpu-high": "warning",
    "memory-high": "warning",
    "evictions-high": "warning",
    "replication-lag-high": "warning",
    "hit-ratio-low": "info",
}
"""The severity of each alarm, by the end of its name."""


def _topic_ref(stack: dict[str, Any], severity: str = "critical") -> str:
    name = name_by_path(resources(stack, "aws_sns_topic"), TOPIC_PATHS[severity])
    return f"${{aws_sns_topic.{name}.arn}}"


def _severity_of(alarm_name: str) -> str:
    suffix = max((s for s in SEVERITY_OF if alarm_name.endswith(f"-{s}")), key=len)
    return SEVERITY_OF[suffix]


def _resolve(scope: Alarms, token: str) -> str:
    resolved: str = Tokenization.resolve(
        token,
        scope=TerraformStack.of(scope),
        preparing=False,
        resolver=DefaultTokenResolver(StringConcat()),
    )
    return resolved


# -- topic -------------------------------------------------------------------------------


def test_a_topic_per_severity_encrypted_with_one_cmk_cloudwatch_and_events_may_use(
    full: dict[str, Any],
) -> None:
    topics = resources(full, "aws_sns_topic")
    names = {severity: by_path(topics, path)["name"] for severity, path in TOPIC_PATHS.items()}
    # The critical topic is the topic that existed before severities: its name stays.
    assert names == {"critical": "unit-alarms", "warning": "unit-warning", "info": "unit-info"}
    keys = resources(full, "aws_kms_key")
    key_name = name_by_path(keys, "alarms_key")
    assert keys[key_name]["enable_key_rotation"] is True
    for topic in topics.values():
        assert topic["kms_master_key_id"] == f"${{aws_kms_key.{key_name}.arn}}"
    policy = by_path(data_sources(full, "aws_iam_policy_document"), "alarms_key_policy")
    grants = {s["sid"]: s for s in policy["statement"] if s["sid"].startswith("ServiceUse")}
    assert [g["principals"][0]["identifiers"] for g in grants.values()] == [
        ["cloudwatch.amazonaws.com"],
        ["events.amazonaws.com"],
    ]
    for grant in grants.values():
        assert set(grant["actions"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}


@pytest.mark.parametrize("severity", ["critical", "warning", "info"])
def test_topic_policy_lets_alarms_and_rules_of_this_account_publish(
    full: dict[str, Any], severity: str
) -> None:
    path = TOPIC_PATHS[severity]
    policy = by_path(resources(full, "aws_sns_topic_policy"), f"{path}_policy")
    assert policy["arn"] == _topic_ref(full, severity)
    documents = data_sources(full, "aws_iam_policy_document")
    document_name = name_by_path(documents, f"{path}_policy_document")
    assert policy["policy"] == f"${{data.aws_iam_policy_document.{document_name}.json}}"
    statements = {s["sid"]: s for s in documents[document_name]["statement"]}
    assert set(statements) == {
        "AccountAdministersTopic",
        "CloudWatchAlarmsPublish",
        "EventBridgeRulesPublish",
        "DenyInsecureTransport",
    }
    for sid, service, source in (
        ("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com", ":alarm:*"),
        ("EventBridgeRulesPublish", "events.amazonaws.com", ":rule/*"),
    ):
        publish = statements[sid]
        assert publish["actions"] == ["sns:Publish"]
        assert publish["resources"] == [_topic_ref(full, severity)]
        assert publish["principals"] == [{"type": "Service", "identifiers": [service]}]
        (condition,) = publish["condition"]
        assert (condition["test"], condition["variable"]) == ("ArnLike", "aws:SourceArn")
        assert condition["values"][0].startswith("arn:${data.aws_partition.")
        assert condition["values"][0].endswith(source)
    deny = statements["DenyInsecureTransport"]
    assert deny["effect"] == "Deny"
    assert deny["condition"] == [
        {"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}
    ]


# -- subscriptions -----------------------------------------------------------------------


def test_each_email_endpoint_hears_every_severity_under_its_own_address(
    full: dict[str, Any],
) -> None:
    subscriptions = resources(full, "aws_sns_topic_subscription")
    assert len(subscriptions) == 3 * len(EMAILS)
    for label, address in (
        ("ops_example_com", "ops@example.com"),
        ("oncall_team_db_example_org", "Oncall.Team+db@example.org"),
    ):
        # The critical subscription keeps the address it had before severities.
        for severity, suffix in (("critical", ""), ("warning", "_warning"), ("info", "_info")):
            subscription = by_path(subscriptions, f"alarms_email_{label}{suffix}")
            assert subscription["protocol"] == "email"
            assert subscription["endpoint"] == address
            assert subscription["topic_arn"] == _topic_ref(full, severity)


def test_no_subscriptions_without_email_endpoints(small: dict[str, Any]) -> None:
    assert resources(small, "aws_sns_topic_subscription") == {}


# -- alarms ------------------------------------------------------------------------------


def test_every_alarm_notifies_the_topic_of_its_severity(full: dict[str, Any]) -> None:
    alarms = _alarms(full)
    assert len(alarms) == 25
    for name, alarm in alarms.items():
        topic = _topic_ref(full, _severity_of(name))
        assert alarm["alarm_actions"] == [topic], name
        assert alarm["ok_actions"] == [topic], name
        assert alarm["evaluation_periods"] == 5
        assert alarm["datapoints_to_alarm"] == 3


def test_aurora_instances_have_cpu_memory_and_connection_alarms(full: dict[str, Any]) -> None:
    alarms = _alarms(full)
    for instance in ("unit-db-1", "unit-db-2", "unit-db-3"):
        cpu = alarms[f"{instance}-cpu-high"]
        assert (cpu["namespace"], cpu["metric_name"]) == ("AWS/RDS", "CPUUtilization")
        assert cpu["dimensions"] == {"DBInstanceIdentifier": instance}
        assert cpu["statistic"] == "Average"
        assert cpu["comparison_operator"] == "GreaterThanThreshold"
        assert cpu["threshold"] == 80
        assert cpu["period"] == 60
        assert cpu["treat_missing_data"] == "missing"
        memory = alarms[f"{instance}-memory-low"]
        assert memory["metric_name"] == "FreeableMemory"
        assert memory["statistic"] == "Minimum"
        assert memory["comparison_operator"] == "LessThanThreshold"
        assert memory["threshold"] == 256 * 1024 * 1024
        connections = alarms[f"{instance}-connections-high"]
        assert connections["metric_name"] == "DatabaseConnections"
        assert connections["statistic"] == "Maximum"
        # 80 % of db.r5.large's default max_connections: 16 GiB / 9531392 = 1802.
        assert connections["threshold"] == 1441


def test_aurora_cluster_with_readers_has_a_replica_lag_alarm(full: dict[str, Any]) -> None:
    lag = _alarms(full)["unit-db-replica-lag-high"]
    assert lag["metric_name"] == "AuroraReplicaLagMaximum"
    assert lag["dimensions"] == {"DBClusterIdentifier": "unit-db"}
    assert lag["threshold"] == 1000
    assert lag["treat_missing_data"] == "notBreaching"


def test_redis_nodes_have_engine_alarms(full: dict[str, Any]) -> None:
    alarms = _alarms(full)
    expected = {
        "engine-cpu-high": ("EngineCPUUtilization", "Average", 80),
        "memory-high": ("DatabaseMemoryUsagePercentage", "Average", 80),
        "evictions-high": ("Evictions", "Sum", 100),
        "replication-lag-high": ("ReplicationLag", "Maximum", 1),
    }
    for node in ("unit-cache-001", "unit-cache-002", "unit-cache-003"):
        for suffix, (metric_name, statistic, threshold) in expected.items():
            alarm = alarms[f"{node}-{suffix}"]
            assert alarm["namespace"] == "AWS/ElastiCache"
            assert alarm["metric_name"] == metric_name
            assert alarm["statistic"] == statistic
            assert alarm["dimensions"] == {"CacheClusterId": node}
            assert alarm["threshold"] == threshold
        assert alarms[f"{node}-replication-lag-high"]["treat_missing_data"] == "notBreaching"


def test_redis_hit_ratio_uses_metric_math(full: dict[str, Any]) -> None:
    alarm = _alarms(full)["unit-cache-001-hit-ratio-low"]
    assert alarm["comparison_operator"] == "LessThanThreshold"
    assert alarm["threshold"] == 80
    assert alarm["treat_missing_data"] == "notBreaching"
    assert "metric_name" not in alarm
    queries = {query["id"]: query for query in alarm["metric_query"]}
    assert queries["hits"]["metric"]["metric_name"] == "CacheHits"
    assert queries["misses"]["metric"]["metric_name"] == "CacheMisses"
    assert queries["hits"]["metric"]["dimensions"] == {"CacheClusterId": "unit-cache-001"}
    assert (queries["hits"]["metric"]["stat"], queries["hits"]["metric"]["period"]) == ("Sum", 60)
    assert queries["hit_ratio"]["expression"] == "100 * hits / (hits + misses)"
    assert queries["hit_ratio"]["return_data"] is True
    assert queries["hits"]["return_data"] is False
    assert queries["misses"]["return_data"] is False


def test_alarm_count_matches_instances_and_nodes(full_synth: Synth) -> None:
    stack, alarms = full_synth
    # Aurora: 3 per instance + 1 cluster; Redis: 5 per node.
    assert len(_alarms(stack)) == 3 * 3 + 1 + 3 * 5
    assert sorted(alarms.alarm_names) == sorted(_alarms(stack))
    assert _resolve(alarms, alarms.topic_arn) == _topic_ref(stack)
    for severity in SEVERITIES:
        assert _resolve(alarms, alarms.topic_arn_of(severity)) == _topic_ref(stack, severity)
    key_name = name_by_path(resources(stack, "aws_kms_key"), "alarms_key")
    assert _resolve(alarms, alarms.kms_key_arn) == f"${{aws_kms_key.{key_name}.arn}}"


def test_alarm_addresses_follow_service_subject_and_metric(full: dict[str, Any]) -> None:
    alarms = resources(full, "aws_cloudwatch_metric_alarm")
    assert by_path(alarms, "alarms_aurora_unit_db_1_cpu_high")["alarm_name"] == (
        "unit-db-1-cpu-high"
    )
    assert by_path(alarms, "alarms_aurora_unit_db_replica_lag_high")["alarm_name"] == (
        "unit-db-replica-lag-high"
    )
    assert by_path(alarms, "alarms_redis_unit_cache_002_hit_ratio_low")["alarm_name"] == (
        "unit-cache-002-hit-ratio-low"
    )


def test_single_members_get_no_lag_alarms_and_custom_thresholds(small: dict[str, Any]) -> None:
    alarms = _alarms(small)
    assert "unit-db-replica-lag-high" not in alarms
    assert "unit-cache-001-replication-lag-high" not in alarms
    assert alarms["unit-db-1-cpu-high"]["threshold"] == 65
    assert alarms["unit-cache-001-hit-ratio-low"]["threshold"] == 95
    for name, alarm in alarms.items():
        assert alarm["alarm_actions"] == [_topic_ref(small, _severity_of(name))]
        assert alarm.get("ok_actions", []) == []


def test_reader_autoscaling_alone_brings_the_replica_lag_alarm(small: dict[str, Any]) -> None:
    alarms = _alarms(small)
    lag = alarms["unit-scaling-replica-lag-high"]
    assert lag["dimensions"] == {"DBClusterIdentifier": "unit-scaling"}
    assert lag["treat_missing_data"] == "notBreaching"
    # unit-db: 3; unit-scaling: 3 + lag; the single Redis node: 3 + hit ratio.
    assert len(alarms) == 3 + 4 + 4
