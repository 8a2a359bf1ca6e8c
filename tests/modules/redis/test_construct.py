"""The Redis construct: synthesized resources of a replicated group and of two cluster-mode
groups, each placed in a unit VPC (one synthesis per stack for the whole module)."""

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
    RedisSettings,
)
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import JOBS_SG, NODES_SG, UNIT_ZONES, synth_stack, unit_vpc

Synth = tuple[dict[str, Any], Redis]


def _build_replicated(stack: TerraformStack) -> Redis:
    return Redis(
        stack,
        "redis",
        props=RedisProps(
            name="unit-cache",
            settings=RedisSettings(node_type="cache.m5.large", replicas_per_shard=2),
            network=unit_vpc(stack),
            allowed_security_groups={"eks_nodes": NODES_SG},
        ),
    )


def _build_sharded(stack: TerraformStack) -> tuple[Redis, Redis]:
    network = unit_vpc(stack)
    sharded = Redis(
        stack,
        "redis",
        props=RedisProps(
            name="unit-cache",
            settings=RedisSettings(
                node_type="cache.m5.large",
                shards=3,
                replicas_per_shard=1,
                eviction_policy="allkeys-lru",
            ),
            network=network,
        ),
    )
    # Cluster mode without replicas and without Multi-AZ: ElastiCache still requires
    # automatic failover.
    bare = Redis(
        stack,
        "bare",
        props=RedisProps(
            name="unit-bare",
            settings=RedisSettings(
                node_type="cache.t4g.small",
                shards=2,
                replicas_per_shard=0,
                multi_az=False,
                final_snapshot=False,
            ),
            network=network,
        ),
    )
    return sharded, bare


@pytest.fixture(scope="module")
def replicated_synth() -> Synth:
    return synth_stack(_build_replicated)


@pytest.fixture(scope="module")
def replicated(replicated_synth: Synth) -> dict[str, Any]:
    return replicated_synth[0]


@pytest.fixture(scope="module")
def sharded_synth() -> tuple[dict[str, Any], tuple[Redis, Redis]]:
    return synth_stack(_build_sharded)


@pytest.fixture(scope="module")
def sharded(sharded_synth: tuple[dict[str, Any], tuple[Redis, Redis]]) -> dict[str, Any]:
    return sharded_synth[0]


def _ours(stack: dict[str, Any], resource_type: str, prefix: str = "redis") -> dict[str, Any]:
    """Resources of one construct (path ``<prefix>/...``), not of the VPC."""
    return {
        name: resource
        for name, resource in resources(stack, resource_type).items()
        if name.startswith(f"{prefix}_")
    }


def _group(stack: dict[str, Any], prefix: str = "redis") -> dict[str, Any]:
    return only(_ours(stack, "aws_elasticache_replication_group", prefix))


def _ref(stack: dict[str, Any], resource_type: str, suffix: str, attribute: str) -> str:
    return (
        f"${{{resource_type}.{name_by_path(resources(stack, resource_type), suffix)}.{attribute}}}"
    )


def _key_ref(stack: dict[str, Any]) -> str:
    return _ref(stack, "aws_kms_key", "redis_key", "arn")


def _resolve(scope: Redis, token: str) -> str:
    resolved: str = Tokenization.resolve(
        token,
        scope=TerraformStack.of(scope),
        preparing=False,
        resolver=DefaultTokenResolver(StringConcat()),
    )
    return resolved


def _parameters(stack: dict[str, Any], prefix: str = "redis") -> dict[str, str]:
    group = only(_ours(stack, "aws_elasticache_parameter_group", prefix))
    return {p["name"]: p["value"] for p in group["parameter"]}


# -- replication group -------------------------------------------------------------------


def test_runs_pinned_redis_oss_7(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["engine"] == "redis"
    assert group["engine_version"] == REDIS_ENGINE_VERSION
    assert REDIS_ENGINE_VERSION.startswith("7.")
    assert group["replication_group_id"] == "unit-cache"
    assert group["node_type"] == "cache.m5.large"
    assert group["port"] == 6379
    assert group["auto_minor_version_upgrade"] == "true"


def test_multi_az_with_automatic_failover_over_the_vpc_zones(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["multi_az_enabled"] is True
    assert group["automatic_failover_enabled"] is True
    assert group["num_cache_clusters"] == 3
    assert group["cluster_mode"] == "disabled"
    assert group["preferred_cache_cluster_azs"] == list(UNIT_ZONES)
    assert "num_node_groups" not in group
    assert "replicas_per_node_group" not in group


def test_encrypted_at_rest_with_the_cmk_and_in_transit(replicated: dict[str, Any]) -> None:
    group = _group(replicated)
    assert group["at_rest_encryption_enabled"] == "true"
    assert group["kms_key_id"] == _key_ref(replicated)
    assert group["transit_encryption_enabled"] is True
    assert group["transit_encryption_mode"] == "required"
    key = only(_ours(replicated, "aws_kms_key"))
    assert key["enable_key_rotation"] is True
    assert key["deletion_window_in_days"] == 30


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
    assert user["access_string"] == "on ~* +@all -@dangerous"
    assert user["engine"] == "redis"


def test_default_user_is_replaced_by_a_disabled_one(replicated: dict[str, Any]) -> None:
    user = by_path(resources(replicated, "aws_elasticache_user"), "default_user")
    assert user["user_name"] == "default"
    assert user["user_id"] == "unit-cache-default"
    assert user["access_string"] == "off -@all"
    assert user["authentication_mode"] == {"type": "no-password-required"}


def test_user_group_with_both_users_is_attached(replicated: dict[str, Any]) -> None:
    users = resources(replicated, "aws_elasticache_user")
    groups = resources(replicated, "aws_elasticache_user_group")
    user_group = only(groups)
    assert user_group["user_group_id"] == "unit-cache-users"
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
    assert group["name"] == "unit-cache-redis7"
    assert _parameters(replicated) == {"maxmemory-policy": "volatile-lru", "cluster-enabled": "no"}
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
    log_groups = _ours(replicated, "aws_cloudwatch_log_group")
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
        assert delivery["log_format"] == "json"
        target = name_by_path(log_groups, f"log_group_{delivery['log_type'].replace('-', '_')}")
        assert delivery["destination"] == f"${{aws_cloudwatch_log_group.{target}.name}}"


def test_key_policy_lets_only_the_log_groups_use_the_key(replicated: dict[str, Any]) -> None:
    policy = by_path(data_sources(replicated, "aws_iam_policy_document"), "redis_key_policy")
    grant = next(s for s in policy["statement"] if s["sid"] == "ServiceUse0")
    (condition,) = grant["condition"]
    assert condition["variable"] == "kms:EncryptionContext:aws:logs:arn"
    assert sorted(value.rpartition(":log-group:")[2] for value in condition["values"]) == [
        "/aws/elasticache/unit-cache/engine-log",
        "/aws/elasticache/unit-cache/slow-log",
    ]


def test_security_group_admits_redis_only_from_the_given_groups(
    replicated: dict[str, Any],
) -> None:
    groups = resources(replicated, "aws_security_group")
    group = only(groups)
    assert group["name"] == "unit-cache-redis"
    assert group["vpc_id"] == _ref(replicated, "aws_vpc", "vpc", "id")
    assert "ingress" not in group
    assert "egress" not in group
    (rule,) = resources(replicated, "aws_vpc_security_group_ingress_rule").values()
    assert rule["referenced_security_group_id"] == NODES_SG
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 6379, 6379)
    assert rule["description"] == "Redis 6379/tcp from eks_nodes"
    assert "cidr_ipv4" not in rule
    cache_resources = {t: _ours(replicated, t) for t in replicated["resource"]}
    assert "0.0.0.0/0" not in json.dumps(cache_resources)
    assert _group(replicated)["security_group_ids"] == [
        f"${{aws_security_group.{next(iter(groups))}.id}}"
    ]


def test_subnet_group_holds_the_vpc_database_subnets(replicated: dict[str, Any]) -> None:
    subnets = resources(replicated, "aws_subnet")
    group = only(resources(replicated, "aws_elasticache_subnet_group"))
    assert group["subnet_ids"] == [
        f"${{aws_subnet.{name_by_path(subnets, f'vpc_subnet_database_{zone}')}.id}}"
        for zone in UNIT_ZONES
    ]
    assert _group(replicated)["subnet_group_name"] == _ref(
        replicated, "aws_elasticache_subnet_group", "redis_subnet_group", "name"
    )


def test_allow_connections_from_refuses_cidrs_and_duplicate_labels(
    replicated_synth: Synth,
) -> None:
    _, redis = replicated_synth
    with pytest.raises(SettingsError) as caught:
        redis.allow_connections_from("office", "192.168.0.0/16")
    assert caught.value.lines == (
        "ServicePortSecurityGroup.sources['office'] = '192.168.0.0/16': expected a security "
        "group id (sg-...) or a reference to one; data stores admit security groups, never "
        "CIDRs",
    )
    with pytest.raises(ValueError, match="sources: label 'eks_nodes' is already admitted"):
        redis.allow_connections_from("eks_nodes", JOBS_SG)


# -- cluster mode ------------------------------------------------------------------------


def test_cluster_mode_shards_the_data(sharded: dict[str, Any]) -> None:
    group = _group(sharded)
    assert group["cluster_mode"] == "enabled"
    assert group["num_node_groups"] == 3
    assert group["replicas_per_node_group"] == 1
    assert "num_cache_clusters" not in group
    assert "preferred_cache_cluster_azs" not in group
    assert group["multi_az_enabled"] is True
    assert group["automatic_failover_enabled"] is True
    assert _parameters(sharded) == {"maxmemory-policy": "allkeys-lru", "cluster-enabled": "yes"}


def test_cluster_mode_without_replicas_still_fails_over_automatically(
    sharded: dict[str, Any],
) -> None:
    group = _group(sharded, "bare")
    assert group["replication_group_id"] == "unit-bare"
    assert group["node_type"] == "cache.t4g.small"
    assert group["cluster_mode"] == "enabled"
    assert group["num_node_groups"] == 2
    assert group["replicas_per_node_group"] == 0
    assert group["multi_az_enabled"] is False
    assert group["automatic_failover_enabled"] is True
    assert "preferred_cache_cluster_azs" not in group
    assert "final_snapshot_identifier" not in group
    assert _parameters(sharded, "bare")["cluster-enabled"] == "yes"


def test_cluster_mode_exposes_the_configuration_endpoint(
    sharded_synth: tuple[dict[str, Any], tuple[Redis, Redis]],
) -> None:
    stack, (redis, bare) = sharded_synth
    for cache, prefix in ((redis, "redis"), (bare, "bare")):
        assert cache.primary_endpoint_address is None
        assert cache.reader_endpoint_address is None
        group_name = next(iter(_ours(stack, "aws_elasticache_replication_group", prefix)))
        reference = (
            f"${{aws_elasticache_replication_group.{group_name}.configuration_endpoint_address}}"
        )
        assert cache.configuration_endpoint_address is not None
        assert _resolve(cache, cache.configuration_endpoint_address) == reference
        assert _resolve(cache, cache.endpoint_address) == reference
    assert redis.member_cluster_ids == [
        f"unit-cache-{shard:04d}-{node:03d}" for shard in (1, 2, 3) for node in (1, 2)
    ]
    assert bare.member_cluster_ids == ["unit-bare-0001-001", "unit-bare-0002-001"]


# -- outputs ---------------------------------------------------------------------------


def test_outputs_are_references_to_the_group_resources(replicated_synth: Synth) -> None:
    stack, redis = replicated_synth
    group_name = next(iter(_ours(stack, "aws_elasticache_replication_group")))
    group = f"aws_elasticache_replication_group.{group_name}"
    app_user = name_by_path(resources(stack, "aws_elasticache_user"), "app_user")
    user_group = next(iter(resources(stack, "aws_elasticache_user_group")))
    assert redis.primary_endpoint_address is not None
    assert redis.reader_endpoint_address is not None
    expected: list[tuple[str, str]] = [
        (redis.replication_group_id, f"${{{group}.id}}"),
        (redis.replication_group_arn, f"${{{group}.arn}}"),
        (redis.primary_endpoint_address, f"${{{group}.primary_endpoint_address}}"),
        (redis.reader_endpoint_address, f"${{{group}.reader_endpoint_address}}"),
        (redis.endpoint_address, f"${{{group}.primary_endpoint_address}}"),
        (redis.security_group_id, _ref(stack, "aws_security_group", "redis_security_group", "id")),
        (redis.user_group_id, f"${{aws_elasticache_user_group.{user_group}.user_group_id}}"),
        (redis.app_user_id, f"${{aws_elasticache_user.{app_user}.user_id}}"),
        (redis.app_user_arn, f"${{aws_elasticache_user.{app_user}.arn}}"),
        (redis.kms_key_arn, _key_ref(stack)),
    ]
    for token, reference in expected:
        assert _resolve(redis, token) == reference
    assert redis.configuration_endpoint_address is None
    assert redis.port == 6379
    assert redis.member_cluster_ids == ["unit-cache-001", "unit-cache-002", "unit-cache-003"]
