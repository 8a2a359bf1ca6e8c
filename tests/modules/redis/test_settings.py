"""RedisSettings on its own: defaults, derived layout, every limit and cross-field check with
its error line, and the boundary values that are accepted."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from platform_cdktf.modules.catalogue import CacheNodeType, elasticache_node_type
from platform_cdktf.modules.redis import (
    REDIS_ENGINE,
    REDIS_ENGINE_VERSION,
    REDIS_PARAMETER_FAMILY,
    VALKEY_ENGINE_VERSION,
    VALKEY_PARAMETER_FAMILIES,
    RedisSettings,
)
from platform_cdktf.modules.redis import settings as redis_settings
from platform_cdktf.modules.shared.settings import SettingsError

NODE = "cache.m5.large"
S = "RedisSettings"


def _settings(**overrides: Any) -> RedisSettings:
    values: dict[str, Any] = {"node_type": NODE, **overrides}
    return RedisSettings(**values)


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _settings(**overrides)
    return caught.value.lines


# -- defaults and derived values -------------------------------------------------------


def test_defaults() -> None:
    settings = _settings()
    assert settings.replicas_per_shard == 1
    assert settings.shards == 1
    assert settings.multi_az is True
    assert settings.engine_version == REDIS_ENGINE_VERSION == "7.1"
    assert REDIS_ENGINE == "redis"
    assert REDIS_PARAMETER_FAMILY == "redis7"
    assert settings.port == 6379
    assert settings.eviction_policy == "volatile-lru"
    assert settings.snapshot_retention_days == 7
    assert settings.snapshot_window == "03:00-04:00"
    assert settings.maintenance_window == "sun:05:00-sun:06:00"
    assert settings.final_snapshot is True
    assert settings.log_retention_days == 365
    assert settings.app_access_string == "on ~* +@all -@dangerous"
    assert settings.key_deletion_window_days == 30


@pytest.mark.parametrize(
    ("layout", "cluster_mode", "failover", "nodes_per_shard"),
    [
        ({}, False, True, 2),
        ({"replicas_per_shard": 0, "multi_az": False}, False, False, 1),
        ({"replicas_per_shard": 2, "multi_az": False}, False, False, 3),
        ({"replicas_per_shard": 5}, False, True, 6),
        ({"shards": 3, "replicas_per_shard": 1}, True, True, 2),
        # ElastiCache requires automatic failover in cluster mode, even without replicas.
        ({"shards": 2, "replicas_per_shard": 0, "multi_az": False}, True, True, 1),
    ],
)
def test_derived_layout(
    layout: dict[str, Any], cluster_mode: bool, failover: bool, nodes_per_shard: int
) -> None:
    settings = _settings(**layout)
    assert settings.cluster_mode is cluster_mode
    assert settings.automatic_failover is failover
    assert settings.nodes_per_shard == nodes_per_shard


def test_settings_are_frozen() -> None:
    settings = _settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.shards = 2  # type: ignore[misc]


def test_node_type_is_required() -> None:
    with pytest.raises(SettingsError) as caught:
        RedisSettings()  # type: ignore[call-arg]
    assert caught.value.lines == (f"{S}.node_type: required setting is missing",)


def test_unknown_keys_are_typos() -> None:
    assert _lines(replicas=2) == (f"{S}.replicas = 2: unknown setting (a typo?)",)


# -- node type from the catalogue -----------------------------------------------------


def test_node_type_typo_suggests_the_size() -> None:
    assert _lines(node_type="cache.m5.lrage") == (
        f"{S}.node_type = 'cache.m5.lrage': 'cache.m5.lrage' is not a known ElastiCache node "
        "type; did you mean 'cache.m5.large'?",
    )


def test_unknown_node_family_suggests_close_types() -> None:
    (line,) = _lines(node_type="cache.zz9.large")
    assert line.startswith(
        f"{S}.node_type = 'cache.zz9.large': 'cache.zz9.large': unknown ElastiCache family "
        "'cache.zz9' (did you mean"
    )
    assert "known families: cache.c7gn, cache.c8gn, cache.m5," in line


def test_ec2_name_without_cache_prefix_is_rejected() -> None:
    (line,) = _lines(node_type="m5.large")
    assert line.startswith(
        f"{S}.node_type = 'm5.large': 'm5.large': unknown ElastiCache family 'm5'; known families: "
    )


@pytest.mark.parametrize("node_type", ["cache.m8g.large", "cache.r8g.xlarge", "cache.c8gn.large"])
def test_valkey_only_node_types_are_rejected_for_redis(node_type: str) -> None:
    assert _lines(node_type=node_type) == (
        f"{S}.node_type = {node_type!r}: does not run Redis OSS (engine = 'redis')",
    )


@pytest.mark.parametrize("node_type", ["cache.m8g.large", "cache.r8g.xlarge", "cache.c8gn.large"])
def test_valkey_only_node_types_are_accepted_for_valkey(node_type: str) -> None:
    assert _settings(node_type=node_type, engine="valkey").node_type == node_type


@pytest.mark.parametrize(
    "node_type", ["cache.t3.micro", "cache.t4g.small", "cache.r6gd.xlarge", "cache.c7gn.16xlarge"]
)
def test_redis_node_types_are_accepted(node_type: str) -> None:
    assert _settings(node_type=node_type).node_type == node_type


def test_node_type_must_support_the_engine_version(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every Redis node type of the catalogue runs 7.x; a node type needing a newer Redis
    # than the one asked for shows the check.
    real = elasticache_node_type(NODE)
    newer = CacheNodeType(
        name=real.name,
        family=real.family,
        size=real.size,
        architecture=real.architecture,
        vcpus=real.vcpus,
        memory_gib=real.memory_gib,
        burstable=real.burstable,
        engines=MappingProxyType({"redis": "7.2", "valkey": "7.2"}),
    )
    monkeypatch.setattr(redis_settings, "elasticache_node_type", lambda name: newer)
    assert _lines(engine_version="7.1") == (
        f"{S}.node_type = 'cache.m5.large': needs Redis OSS 7.2 or newer, not 7.1",
    )
    assert _settings(engine_version="7.2").engine_version == "7.2"


# -- engine version ----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["6.2", "8.0", "7", "7.1.0", "valkey-7.2"])
def test_engine_version_must_be_7_x(version: str) -> None:
    assert _lines(engine_version=version) == (
        f"{S}.engine_version = {version!r}: expected a 7.x version (parameter family redis7; "
        "IAM authentication needs 7+)",
    )


def test_engine_version_7_0_is_accepted() -> None:
    assert _settings(engine_version="7.0").engine_version == "7.0"


# -- windows ---------------------------------------------------------------------------------


def test_snapshot_window_lasts_at_least_60_minutes() -> None:
    assert _lines(snapshot_window="03:00-03:59") == (
        f"{S}.snapshot_window = '03:00-03:59': the window lasts 59 minutes; AWS requires at "
        "least 60",
    )


def test_maintenance_window_lasts_at_least_60_minutes() -> None:
    assert _lines(maintenance_window="sun:05:00-sun:05:59") == (
        f"{S}.maintenance_window = 'sun:05:00-sun:05:59': the window lasts 59 minutes; AWS "
        "requires at least 60",
    )


def test_window_formats() -> None:
    assert _lines(snapshot_window="3:00-4:00") == (
        f"{S}.snapshot_window = '3:00-4:00': expected a daily UTC window hh24:mi-hh24:mi such "
        "as 03:00-04:00",
    )
    assert _lines(maintenance_window="sun 05:00-06:00") == (
        f"{S}.maintenance_window = 'sun 05:00-06:00': expected a weekly UTC window "
        "ddd:hh24:mi-ddd:hh24:mi such as sun:04:30-sun:05:30",
    )


def test_windows_of_exactly_60_minutes_and_wrapping_ones_are_accepted() -> None:
    settings = _settings(snapshot_window="22:00-23:00", maintenance_window="sun:23:30-mon:00:30")
    assert (settings.snapshot_window, settings.maintenance_window) == (
        "22:00-23:00",
        "sun:23:30-mon:00:30",
    )
    assert _settings(snapshot_window="23:30-00:30").snapshot_window == "23:30-00:30"


@pytest.mark.parametrize(
    ("snapshot", "maintenance"),
    [
        ("03:00-04:00", "tue:03:30-tue:04:30"),
        ("03:00-04:00", "sat:02:00-sat:05:00"),
        # The daily window wraps past midnight into the maintenance window.
        ("23:30-00:30", "mon:00:00-mon:01:00"),
        # The weekly window wraps past Sunday midnight into Monday's snapshot.
        ("00:00-01:00", "sun:23:30-mon:00:30"),
    ],
)
def test_maintenance_window_must_not_overlap_the_snapshot_window(
    snapshot: str, maintenance: str
) -> None:
    assert _lines(snapshot_window=snapshot, maintenance_window=maintenance) == (
        f"{S}.maintenance_window = {maintenance!r}: overlaps snapshot_window {snapshot!r}",
    )


def test_windows_that_only_touch_are_accepted() -> None:
    settings = _settings(snapshot_window="03:00-04:00", maintenance_window="sun:04:00-sun:05:00")
    assert settings.maintenance_window == "sun:04:00-sun:05:00"


# -- high availability ---------------------------------------------------------------------


def test_multi_az_needs_a_replica() -> None:
    assert _lines(replicas_per_shard=0) == (
        f"{S}.multi_az = True: Multi-AZ fails over to a replica: set replicas_per_shard >= 1, "
        "or multi_az = False",
    )
    assert _lines(shards=2, replicas_per_shard=0) == (
        f"{S}.multi_az = True: Multi-AZ fails over to a replica: set replicas_per_shard >= 1, "
        "or multi_az = False",
    )


def test_a_single_node_without_multi_az_is_accepted() -> None:
    settings = _settings(replicas_per_shard=0, multi_az=False)
    assert (settings.nodes_per_shard, settings.automatic_failover) == (1, False)


def test_cluster_mode_without_replicas_or_multi_az_is_accepted_with_failover() -> None:
    settings = _settings(shards=2, replicas_per_shard=0, multi_az=False)
    assert settings.cluster_mode is True
    assert settings.multi_az is False
    assert settings.automatic_failover is True


def test_every_cross_field_problem_is_reported() -> None:
    with pytest.raises(SettingsError) as caught:
        _settings(replicas_per_shard=0, maintenance_window="tue:03:30-tue:04:30")
    assert [problem.path for problem in caught.value.problems] == [
        "multi_az",
        "maintenance_window",
    ]
    assert len(caught.value.lines) == 2


# -- numeric and enumerated limits ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("replicas_per_shard", 6, "Input should be less than or equal to 5"),
        ("replicas_per_shard", -1, "Input should be greater than or equal to 0"),
        ("shards", 0, "Input should be greater than or equal to 1"),
        ("shards", 501, "Input should be less than or equal to 500"),
        ("port", 1023, "Input should be greater than or equal to 1024"),
        ("port", 65536, "Input should be less than or equal to 65535"),
        ("snapshot_retention_days", -1, "Input should be greater than or equal to 0"),
        ("snapshot_retention_days", 36, "Input should be less than or equal to 35"),
        ("key_deletion_window_days", 6, "Input should be greater than or equal to 7"),
        ("key_deletion_window_days", 31, "Input should be less than or equal to 30"),
        (
            "log_retention_days",
            2,
            "expected one of the CloudWatch Logs retention values [1, 3, 5, 7, 14, 30, 60, "
            "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
        ),
        (
            "eviction_policy",
            "lru",
            "Input should be 'volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', "
            "'volatile-random', 'allkeys-random', 'volatile-ttl' or 'noeviction'",
        ),
        (
            "app_access_string",
            "off ~* +@all",
            "expected an ACL starting with 'on ' (the user must be enabled)",
        ),
        (
            "app_access_string",
            "~* +@all",
            "expected an ACL starting with 'on ' (the user must be enabled)",
        ),
    ],
)
def test_limits(field: str, value: Any, expected: str) -> None:
    assert _lines(**{field: value}) == (f"{S}.{field} = {value!r}: {expected}",)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("replicas_per_shard", 5),
        ("shards", 500),
        ("port", 1024),
        ("port", 65535),
        ("snapshot_retention_days", 0),
        ("snapshot_retention_days", 35),
        ("key_deletion_window_days", 7),
        ("log_retention_days", 1),
        ("eviction_policy", "noeviction"),
        ("app_access_string", "on ~app:* +@read"),
    ],
)
def test_boundaries_are_accepted(field: str, value: Any) -> None:
    assert getattr(_settings(**{field: value}), field) == value


# -- engine: Valkey ------------------------------------------------------------------------


def test_redis_oss_is_the_default_engine() -> None:
    settings = _settings()
    assert settings.engine == "redis"
    assert settings.engine_title == "Redis OSS"
    assert settings.parameter_family == "redis7"


def test_valkey_defaults_to_its_own_version() -> None:
    settings = _settings(engine="valkey")
    assert settings.engine_version == VALKEY_ENGINE_VERSION == "8.1"
    assert settings.engine_title == "Valkey"
    assert settings.parameter_family == "valkey8"


@pytest.mark.parametrize(
    ("version", "family"),
    [("7.2", "valkey7"), ("8.0", "valkey8"), ("8.1", "valkey8"), ("8.2", "valkey8")],
)
def test_valkey_versions_and_their_parameter_families(version: str, family: str) -> None:
    settings = _settings(engine="valkey", engine_version=version)
    assert settings.engine_version == version
    assert settings.parameter_family == family
    assert VALKEY_PARAMETER_FAMILIES[version] == family


@pytest.mark.parametrize("version", ["7.1", "7.0", "6.2", "8", "8.1.0", "9.9", "redis-8.1"])
def test_valkey_rejects_versions_elasticache_does_not_offer(version: str) -> None:
    assert _lines(engine="valkey", engine_version=version) == (
        f"{S}.engine_version = {version!r}: expected a Valkey version ElastiCache offers: "
        "one of 7.2, 8.0, 8.1, 8.2",
    )


def test_redis_rejects_valkey_only_versions() -> None:
    # 8.x exists for Valkey only; with the default engine it is still a Redis OSS error.
    assert _lines(engine_version="8.1") == (
        f"{S}.engine_version = '8.1': expected a 7.x version (parameter family redis7; "
        "IAM authentication needs 7+)",
    )


def test_unknown_engine_is_rejected() -> None:
    (line,) = _lines(engine="memcached")
    assert line.startswith(f"{S}.engine = 'memcached': ")
    assert "'redis'" in line
    assert "'valkey'" in line


def test_valkey_node_type_must_support_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    real = elasticache_node_type(NODE)
    newer = CacheNodeType(
        name=real.name,
        family=real.family,
        size=real.size,
        architecture=real.architecture,
        vcpus=real.vcpus,
        memory_gib=real.memory_gib,
        burstable=real.burstable,
        engines=MappingProxyType({"redis": "4.0.10", "valkey": "8.0"}),
    )
    monkeypatch.setattr(redis_settings, "elasticache_node_type", lambda name: newer)
    assert _lines(engine="valkey", engine_version="7.2") == (
        f"{S}.node_type = 'cache.m5.large': needs Valkey 8.0 or newer, not 7.2",
    )
    assert _settings(engine="valkey", engine_version="8.0").engine_version == "8.0"


def test_every_catalogue_valkey_family_runs_every_offered_version() -> None:
    # The catalogue gives 7.2 as the Valkey minimum of every node family, so any offered
    # version passes on a node type that runs Valkey at all.
    for version in VALKEY_PARAMETER_FAMILIES:
        assert _settings(node_type="cache.t4g.micro", engine="valkey", engine_version=version)
