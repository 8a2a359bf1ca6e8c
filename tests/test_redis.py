"""The ElastiCache Redis module on its own: props validation and synthesized resources."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import DefaultTokenResolver, StringConcat, TerraformStack, Tokenization

from platform_cdktf.modules.redis import (
    REDIS_ENGINE_VERSION,
    REDIS_PARAMETER_FAMILY,
    Redis,
    RedisProps,
)
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
SUBNETS = ("subnet-a", "subnet-b", "subnet-c")
NODES_SG = "sg-0nodes"


def _props(**overrides: Any) -> RedisProps:
    values: dict[str, Any] = {
        "name": "unit-cache",
        "vpc_id": "vpc-0unit",
        "subnet_ids": SUBNETS,
        "node_type": "cache.m5.large",
        "replicas": 2,
        "availability_zones": ZONES,
        "allowed_security_groups": {"eks_nodes": NODES_SG},
    }
    values.update(overrides)
    return RedisProps(**values)


@pytest.fixture(scope="module")
def replicated_synth() -> tuple[dict[str, Any], Redis]:
    return synth_stack(lambda stack: Redis(stack, "redis", props=_props()))


@pytest.fixture(scope="module")
def replicated(replicated_synth: tuple[dict[str, Any], Redis]) -> dict[str, Any]:
    return replicated_synth[0]


@pytest.fixture(scope="module")
def sharded_synth() -> tuple[dict[str, Any], Redis]:
    props = _props(shards=3, replicas=1, availability_zones=(), maxmemory_policy="allkeys-lru")
    return synth_stack(lambda stack: Redis(stack, "redis", props=props))


def _group(stack: dict[str, Any]) -> dict[str, Any]:
    return only(resources(stack, "aws_elasticache_replication_group"))


def _resolve(scope: Redis, token: str) -> str:
    resolved: str = Tokenization.resolve(
        token,
        scope=TerraformStack.of(scope),
        preparing=False,
        resolver=DefaultTokenResolver(StringConcat()),
    )
    return resolved


def _key_ref(stack: dict[str, Any]) -> str:
    return f"${{aws_kms_key.{next(iter(resources(stack, 'aws_kms_key')))}.arn}}"


# -- props -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"replicas": 0},
            r"replicas = 0 with multi_az = True: Multi-AZ and automatic failover need at least",
        ),
        (
            {"replicas": 0, "multi_az": False},
            r"replicas = 0 with automatic_failover = True",
        ),
        (
            {"automatic_failover": False},
            r"multi_az = True with automatic_failover = False",
        ),
        (
            {"shards": 2, "multi_az": False, "automatic_failover": False, "availability_zones": ()},
            r"shards = 2 with automatic_failover = False: cluster mode requires",
        ),
        ({"replicas": 6}, r"replicas = 6: expected 0 to 5"),
        ({"shards": 0, "availability_zones": ()}, r"shards = 0: expected 1 to 500"),
        ({"shards": 2}, r"availability_zones = \[.*\]: only for cluster mode disabled"),
        ({"maxmemory_policy": "lru"}, r"maxmemory_policy = 'lru': expected one of"),
        ({"name": "a" * 32}, r"name = 'a{32}': expected lowercase"),
        ({"engine_version": "6.2"}, r"engine_version = '6.2': expected a 7.x"),
        ({"snapshot_retention_days": 36}, r"snapshot_retention_days = 36: expected 0 to 35"),
        ({"node_type": "m5.large"}, r"node_type = 'm5.large'"),
        (
            {"maintenance_window": "tue:03:30-tue:04:30"},
            r"maintenance_window = 'tue:03:30-tue:04:30': overlaps snapshot_window",
        ),
        ({"app_access_string": "off ~* +@all"}, r"app_access_string = 'off ~\* \+@all'"),
        ({"log_retention_days": 2}, r"log_retention_days = 2: expected one of"),
        ({"allowed_security_groups": {"1st": "sg-1"}}, r"label '1st' must be"),
    ],
)
def test_props_reject_invalid_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _props(**overrides)


def test_a_single_node_is_allowed_without_failover() -> None:
    props = _props(replicas=0, multi_az=False, automatic_failover=False)
    assert props.member_cluster_ids == ["unit-cache-001"]


def test_member_ids_follow_the_elasticache_naming_scheme() -> None:
    assert _props().member_cluster_ids == ["unit-cache-001", "unit-cache-002", "unit-cache-003"]
    sharded = _props(shards=2, replicas=1, availability_zones=())
    assert sharded.member_cluster_ids == [
        "unit-cache-0001-001",
        "unit-cache-0001-002",
        "unit-cache-0002-001",
        "unit-cache-0002-002",
    ]


# -- replication group -------------------------------------------------------------------


def test_runs_pinned_redis_oss_7(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["engine"] == "redis"
    assert group["engine_version"] == REDIS_ENGINE_VERSION
    assert REDIS_ENGINE_VERSION.startswith("7.")
    assert group["replication_group_id"] == "unit-cache"
    assert group["node_type"] == "cache.m5.large"


def test_multi_az_with_automatic_failover_over_distinct_zones(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["multi_az_enabled"] is True
    assert group["automatic_failover_enabled"] is True
    assert group["num_cache_clusters"] == 3
    assert group["cluster_mode"] == "disabled"
    assert group["preferred_cache_cluster_azs"] == list(ZONES)
    assert "num_node_groups" not in group


def test_encrypted_at_rest_with_the_cmk_and_in_transit(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["at_rest_encryption_enabled"] == "true"
    assert group["kms_key_id"] == _key_ref(replicated)
    assert group["transit_encryption_enabled"] is True
    assert group["transit_encryption_mode"] == "required"
    assert only(resources(replicated, "aws_kms_key"))["enable_key_rotation"] is True


def test_no_secret_anywhere_in_the_output(replicated: dict[str, Any]) -> None:
    text = json.dumps(replicated)
    assert "auth_token" not in text
    assert '"passwords"' not in text
    modes = {
        user["authentication_mode"]["type"]
        for user in resources(replicated, "aws_elasticache_user").values()
    }
    assert modes == {"iam", "no-password-required"}


def test_application_user_authenticates_with_iam(replicated: dict[str, Any]) -> None:
    user = by_path(resources(replicated, "aws_elasticache_user"), "app_user")
    assert user["authentication_mode"] == {"type": "iam"}
    # IAM authentication only works when id and name are the same.
    assert user["user_id"] == user["user_name"] == "unit-cache-app"
    assert user["access_string"].startswith("on ")


def test_default_user_is_replaced_by_a_disabled_one(replicated: dict[str, Any]) -> None:
    user = by_path(resources(replicated, "aws_elasticache_user"), "default_user")
    assert user["user_name"] == "default"
    assert user["user_id"] != "default"
    assert user["access_string"].startswith("off ")
    assert "-@all" in user["access_string"]


def test_user_group_with_both_users_is_attached(replicated: dict[str, Any]) -> None:
    users = resources(replicated, "aws_elasticache_user")
    groups = resources(replicated, "aws_elasticache_user_group")
    user_group = only(groups)
    assert sorted(user_group["user_ids"]) == sorted(
        f"${{aws_elasticache_user.{name}.user_id}}" for name in users
    )
    assert _group(replicated)["user_group_ids"] == [
        f"${{aws_elasticache_user_group.{next(iter(groups))}.user_group_id}}"
    ]


def test_parameter_group_sets_eviction_and_cluster_mode(replicated: dict[str, Any]) -> None:
    groups = resources(replicated, "aws_elasticache_parameter_group")
    group = only(groups)
    assert group["family"] == REDIS_PARAMETER_FAMILY == "redis7"
    parameters = {p["name"]: p["value"] for p in group["parameter"]}
    assert parameters == {"maxmemory-policy": "volatile-lru", "cluster-enabled": "no"}
    assert _group(replicated)["parameter_group_name"] == (
        f"${{aws_elasticache_parameter_group.{next(iter(groups))}.name}}"
    )


def test_snapshots_and_maintenance(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["snapshot_retention_limit"] == 7
    assert group["snapshot_window"] == "03:00-04:00"
    assert group["maintenance_window"] == "sun:05:00-sun:06:00"
    assert group["final_snapshot_identifier"] == "unit-cache-final"


def test_slow_and_engine_logs_go_to_encrypted_log_groups(replicated: dict[str, Any]) -> None:
    log_groups = resources(replicated, "aws_cloudwatch_log_group")
    assert sorted(g["name"] for g in log_groups.values()) == [
        "/aws/elasticache/unit-cache/engine-log",
        "/aws/elasticache/unit-cache/slow-log",
    ]
    for log_group in log_groups.values():
        assert log_group["retention_in_days"] == 365
        assert log_group["kms_key_id"] == _key_ref(replicated)
    deliveries = _group(replicated)["log_delivery_configuration"]
    assert sorted(d["log_type"] for d in deliveries) == ["engine-log", "slow-log"]
    for delivery in deliveries:
        assert delivery["destination_type"] == "cloudwatch-logs"
        target = name_by_path(log_groups, f"log_group_{delivery['log_type'].replace('-', '_')}")
        assert delivery["destination"] == f"${{aws_cloudwatch_log_group.{target}.name}}"


def test_key_policy_lets_only_the_log_groups_use_the_key(replicated: dict[str, Any]) -> None:
    policy = by_path(data_sources(replicated, "aws_iam_policy_document"), "key_policy")
    grant = next(s for s in policy["statement"] if s["sid"] == "ServiceUse0")
    (condition,) = grant["condition"]
    assert condition["variable"] == "kms:EncryptionContext:aws:logs:arn"
    assert len(condition["values"]) == 2
    assert all(":log-group:/aws/elasticache/unit-cache/" in v for v in condition["values"])


def test_security_group_admits_redis_only_from_the_given_groups(
    replicated: dict[str, Any],
) -> None:
    (rule,) = resources(replicated, "aws_vpc_security_group_ingress_rule").values()
    assert rule["referenced_security_group_id"] == NODES_SG
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 6379, 6379)
    assert rule["description"]
    assert "cidr_ipv4" not in rule
    assert "0.0.0.0/0" not in json.dumps(replicated)
    group = only(resources(replicated, "aws_security_group"))
    assert "ingress" not in group
    assert _group(replicated)["security_group_ids"] == [
        f"${{aws_security_group.{next(iter(resources(replicated, 'aws_security_group')))}.id}}"
    ]


def test_subnet_group_holds_the_given_subnets(replicated: dict[str, Any]) -> None:
    assert only(resources(replicated, "aws_elasticache_subnet_group"))["subnet_ids"] == list(
        SUBNETS
    )


# -- cluster mode ------------------------------------------------------------------------


def test_cluster_mode_shards_the_data(sharded_synth: tuple[dict[str, Any], Redis]) -> None:
    stack, _ = sharded_synth
    group = _group(stack)
    assert group["cluster_mode"] == "enabled"
    assert group["num_node_groups"] == 3
    assert group["replicas_per_node_group"] == 1
    assert "num_cache_clusters" not in group
    assert "preferred_cache_cluster_azs" not in group
    assert group["automatic_failover_enabled"] is True
    parameters = {
        p["name"]: p["value"]
        for p in only(resources(stack, "aws_elasticache_parameter_group"))["parameter"]
    }
    assert parameters == {"maxmemory-policy": "allkeys-lru", "cluster-enabled": "yes"}


def test_cluster_mode_exposes_the_configuration_endpoint(
    sharded_synth: tuple[dict[str, Any], Redis],
) -> None:
    _, redis = sharded_synth
    assert redis.primary_endpoint_address is None
    assert redis.reader_endpoint_address is None
    assert _resolve(redis, redis.endpoint_address).endswith(".configuration_endpoint_address}")


# -- outputs ---------------------------------------------------------------------------


def test_outputs_are_typed_attributes(replicated_synth: tuple[dict[str, Any], Redis]) -> None:
    _, redis = replicated_synth
    for value in (
        redis.replication_group_id,
        redis.replication_group_arn,
        redis.primary_endpoint_address,
        redis.reader_endpoint_address,
        redis.security_group_id,
        redis.user_group_id,
        redis.kms_key_arn,
        redis.app_user_arn,
    ):
        assert isinstance(value, str)
        assert value
    assert redis.configuration_endpoint_address is None
    assert _resolve(redis, redis.endpoint_address).endswith(".primary_endpoint_address}")
    assert redis.port == 6379
