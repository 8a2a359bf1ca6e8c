"""The alarms module: an encrypted topic and the alarms of Aurora and Redis."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.alarms import (
    Alarms,
    AlarmsProps,
    AuroraAlarmThresholds,
    RedisAlarmThresholds,
)
from platform_cdktf.modules.aurora_postgres import AuroraPostgres, AuroraPostgresProps
from platform_cdktf.modules.redis import Redis, RedisProps
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
SUBNETS = ("subnet-a", "subnet-b", "subnet-c")


def _aurora(stack: TerraformStack, instance_count: int) -> AuroraPostgres:
    return AuroraPostgres(
        stack,
        "aurora",
        props=AuroraPostgresProps(
            name="unit-db",
            vpc_id="vpc-0unit",
            subnet_ids=SUBNETS,
            availability_zones=ZONES,
            instance_class="db.r5.large",
            instance_count=instance_count,
        ),
    )


def _redis(stack: TerraformStack, replicas: int) -> Redis:
    high_availability = replicas > 0
    return Redis(
        stack,
        "redis",
        props=RedisProps(
            name="unit-cache",
            vpc_id="vpc-0unit",
            subnet_ids=SUBNETS,
            node_type="cache.m5.large",
            replicas=replicas,
            multi_az=high_availability,
            automatic_failover=high_availability,
        ),
    )


def _build_full(stack: TerraformStack) -> Alarms:
    alarms = Alarms(stack, "alarms", props=AlarmsProps(name="unit"))
    alarms.watch_aurora(_aurora(stack, 3))
    alarms.watch_redis(_redis(stack, 2))
    return alarms


def _build_small(stack: TerraformStack) -> Alarms:
    alarms = Alarms(
        stack,
        "alarms",
        props=AlarmsProps(
            name="unit",
            notify_on_ok=False,
            aurora=AuroraAlarmThresholds(cpu_percent=65.0),
            redis=RedisAlarmThresholds(cache_hit_ratio_percent=95.0),
        ),
    )
    alarms.watch_aurora(_aurora(stack, 1))
    alarms.watch_redis(_redis(stack, 0))
    return alarms


@pytest.fixture(scope="module")
def full_synth() -> tuple[dict[str, Any], Alarms]:
    return synth_stack(_build_full)


@pytest.fixture(scope="module")
def full(full_synth: tuple[dict[str, Any], Alarms]) -> dict[str, Any]:
    return full_synth[0]


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    return synth_stack(_build_small)[0]


def _alarms(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        alarm["alarm_name"]: alarm
        for alarm in resources(stack, "aws_cloudwatch_metric_alarm").values()
    }


def _topic_ref(stack: dict[str, Any]) -> str:
    return f"${{aws_sns_topic.{next(iter(resources(stack, 'aws_sns_topic')))}.arn}}"


# -- props -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: AlarmsProps(name="unit", period_seconds=45), r"period_seconds = 45"),
        (
            lambda: AlarmsProps(name="unit", evaluation_periods=2, datapoints_to_alarm=3),
            r"datapoints_to_alarm = 3: expected 1 to 2",
        ),
        (
            lambda: AlarmsProps(name="unit", period_seconds=3600, evaluation_periods=25),
            r"evaluation_periods = 25: .* exceeds one day",
        ),
        (lambda: AlarmsProps(name="Unit"), r"name = 'Unit'"),
        (lambda: AuroraAlarmThresholds(cpu_percent=120.0), r"aurora.cpu_percent = 120.0"),
        (lambda: AuroraAlarmThresholds(connections=0), r"aurora.connections = 0"),
        (
            lambda: RedisAlarmThresholds(cache_hit_ratio_percent=0.0),
            r"redis.cache_hit_ratio_percent = 0.0",
        ),
        (lambda: RedisAlarmThresholds(evictions=-1), r"redis.evictions = -1"),
    ],
)
def test_props_reject_invalid_input(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


# -- topic -----------------------------------------------------------------------------


def test_topic_is_encrypted_with_a_cmk_cloudwatch_may_use(full: dict[str, Any]) -> None:
    topic = only(resources(full, "aws_sns_topic"))
    keys = resources(full, "aws_kms_key")
    key_name = name_by_path(keys, "alarms_key")
    assert topic["kms_master_key_id"] == f"${{aws_kms_key.{key_name}.arn}}"
    assert keys[key_name]["enable_key_rotation"] is True
    policy = by_path(data_sources(full, "aws_iam_policy_document"), "alarms_key_policy")
    grant = next(s for s in policy["statement"] if s["sid"] == "ServiceUse0")
    assert grant["principals"] == [{"type": "Service", "identifiers": ["cloudwatch.amazonaws.com"]}]
    assert set(grant["actions"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}


def test_topic_policy_lets_cloudwatch_alarms_of_this_account_publish(
    full: dict[str, Any],
) -> None:
    policy = only(resources(full, "aws_sns_topic_policy"))
    assert policy["arn"] == _topic_ref(full)
    document = by_path(data_sources(full, "aws_iam_policy_document"), "topic_policy_document")
    statements = {s["sid"]: s for s in document["statement"]}
    publish = statements["CloudWatchAlarmsPublish"]
    assert publish["actions"] == ["sns:Publish"]
    assert publish["condition"][0]["variable"] == "aws:SourceArn"
    assert ":alarm:*" in publish["condition"][0]["values"][0]
    assert statements["DenyInsecureTransport"]["effect"] == "Deny"


# -- alarms ----------------------------------------------------------------------------


def test_every_alarm_notifies_the_topic(full: dict[str, Any]) -> None:
    alarms = _alarms(full)
    assert alarms
    for alarm in alarms.values():
        assert alarm["alarm_actions"] == [_topic_ref(full)]
        assert alarm["ok_actions"] == [_topic_ref(full)]
        assert alarm["evaluation_periods"] == 5
        assert alarm["datapoints_to_alarm"] == 3


def test_aurora_instances_have_cpu_memory_and_connection_alarms(full: dict[str, Any]) -> None:
    alarms = _alarms(full)
    for instance in ("unit-db-1", "unit-db-2", "unit-db-3"):
        cpu = alarms[f"{instance}-cpu-high"]
        assert (cpu["namespace"], cpu["metric_name"]) == ("AWS/RDS", "CPUUtilization")
        assert cpu["dimensions"] == {"DBInstanceIdentifier": instance}
        assert cpu["comparison_operator"] == "GreaterThanThreshold"
        assert cpu["threshold"] == 80
        memory = alarms[f"{instance}-memory-low"]
        assert memory["metric_name"] == "FreeableMemory"
        assert memory["comparison_operator"] == "LessThanThreshold"
        assert memory["threshold"] == 256 * 1024 * 1024
        connections = alarms[f"{instance}-connections-high"]
        assert connections["metric_name"] == "DatabaseConnections"
        assert connections["threshold"] == 500


def test_aurora_cluster_has_a_replica_lag_alarm(full: dict[str, Any]) -> None:
    lag = _alarms(full)["unit-db-replica-lag-high"]
    assert lag["metric_name"] == "AuroraReplicaLagMaximum"
    assert lag["dimensions"] == {"DBClusterIdentifier": "unit-db"}
    assert lag["threshold"] == 1000
    assert lag["treat_missing_data"] == "notBreaching"


def test_redis_nodes_have_engine_alarms(full: dict[str, Any]) -> None:
    alarms = _alarms(full)
    expected = {
        "engine-cpu-high": ("EngineCPUUtilization", 80),
        "memory-high": ("DatabaseMemoryUsagePercentage", 80),
        "evictions-high": ("Evictions", 100),
        "replication-lag-high": ("ReplicationLag", 1),
    }
    for node in ("unit-cache-001", "unit-cache-002", "unit-cache-003"):
        for suffix, (metric_name, threshold) in expected.items():
            alarm = alarms[f"{node}-{suffix}"]
            assert alarm["namespace"] == "AWS/ElastiCache"
            assert alarm["metric_name"] == metric_name
            assert alarm["dimensions"] == {"CacheClusterId": node}
            assert alarm["threshold"] == threshold


def test_redis_hit_ratio_uses_metric_math(full: dict[str, Any]) -> None:
    alarm = _alarms(full)["unit-cache-001-hit-ratio-low"]
    assert alarm["comparison_operator"] == "LessThanThreshold"
    assert alarm["threshold"] == 80
    assert "metric_name" not in alarm
    queries = {query["id"]: query for query in alarm["metric_query"]}
    assert queries["hits"]["metric"]["metric_name"] == "CacheHits"
    assert queries["misses"]["metric"]["metric_name"] == "CacheMisses"
    assert queries["hits"]["metric"]["dimensions"] == {"CacheClusterId": "unit-cache-001"}
    assert queries["hit_ratio"]["expression"] == "100 * hits / (hits + misses)"
    assert queries["hit_ratio"]["return_data"] is True
    assert not queries["hits"]["return_data"]


def test_alarm_count_matches_instances_and_nodes(
    full_synth: tuple[dict[str, Any], Alarms],
) -> None:
    stack, alarms = full_synth
    # Aurora: 3 per instance + 1 cluster; Redis: 5 per node.
    assert len(_alarms(stack)) == 3 * 3 + 1 + 3 * 5
    assert sorted(alarms.alarm_names) == sorted(_alarms(stack))
    assert isinstance(alarms.topic_arn, str)
    assert isinstance(alarms.kms_key_arn, str)


def test_single_members_get_no_lag_alarms_and_custom_thresholds(small: dict[str, Any]) -> None:
    alarms = _alarms(small)
    assert "unit-db-replica-lag-high" not in alarms
    assert "unit-cache-001-replication-lag-high" not in alarms
    assert alarms["unit-db-1-cpu-high"]["threshold"] == 65
    assert alarms["unit-cache-001-hit-ratio-low"]["threshold"] == 95
    for alarm in alarms.values():
        assert alarm["alarm_actions"] == [_topic_ref(small)]
        assert alarm.get("ok_actions", []) == []
