"""The Redis construct with ``engine = "valkey"``: the same replication group at the same
construct ids, with the Valkey engine, version and parameter group family; the users and the
user group unchanged (engine ``redis``, which Valkey clusters accept); and the Redis OSS
configuration without the parameter group lifecycle it needs for a family change."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.redis import Redis, RedisProps, RedisSettings
from tests.support.synth import by_path, changed_arguments, only, resources
from tests.support.units import NODES_SG, synth_stack, unit_vpc


def _builder(**settings: Any) -> Any:
    def build(stack: TerraformStack) -> Redis:
        return Redis(
            stack,
            "redis",
            props=RedisProps(
                name="unit-cache",
                settings=RedisSettings(node_type="cache.m5.large", **settings),
                network=unit_vpc(stack),
                allowed_security_groups={"eks_nodes": NODES_SG},
            ),
        )

    return build


@pytest.fixture(scope="module")
def valkey() -> dict[str, Any]:
    return synth_stack(_builder(engine="valkey", engine_version="8.2"))[0]


@pytest.fixture(scope="module")
def valkey7() -> dict[str, Any]:
    return synth_stack(_builder(engine="valkey", engine_version="7.2", shards=2))[0]


@pytest.fixture(scope="module")
def redis() -> dict[str, Any]:
    return synth_stack(_builder())[0]


def _elasticache(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        resource_type: resources(stack, resource_type)
        for resource_type in (
            "aws_elasticache_replication_group",
            "aws_elasticache_parameter_group",
            "aws_elasticache_user",
            "aws_elasticache_user_group",
            "aws_elasticache_subnet_group",
        )
    }


def test_replication_group_runs_valkey(valkey: dict[str, Any]) -> None:
    group = only(resources(valkey, "aws_elasticache_replication_group"))
    assert group["engine"] == "valkey"
    assert group["engine_version"] == "8.2"
    assert group["description"] == "Valkey unit-cache"
    # Everything applications see is the same as with Redis OSS.
    assert group["transit_encryption_enabled"] is True
    assert group["transit_encryption_mode"] == "required"
    assert group["port"] == 6379


@pytest.mark.parametrize(("fixture", "family"), [("valkey", "valkey8"), ("valkey7", "valkey7")])
def test_parameter_group_of_the_valkey_family(
    request: pytest.FixtureRequest, fixture: str, family: str
) -> None:
    stack = request.getfixturevalue(fixture)
    group = only(resources(stack, "aws_elasticache_parameter_group"))
    assert group["family"] == family
    assert group["name"] == f"unit-cache-{family}"
    assert group["description"] == "Valkey parameters of unit-cache"
    # The replication group holds on to its parameter group: the new one must exist before
    # the old one (another family, another name) can go.
    assert group["lifecycle"] == {"create_before_destroy": True}
    cluster_enabled = {p["name"]: p["value"] for p in group["parameter"]}["cluster-enabled"]
    assert cluster_enabled == ("yes" if fixture == "valkey7" else "no")


def test_redis_parameter_group_has_no_lifecycle(redis: dict[str, Any]) -> None:
    group = only(resources(redis, "aws_elasticache_parameter_group"))
    assert group["family"] == "redis7"
    assert "lifecycle" not in group


def test_users_and_user_group_keep_the_redis_engine(valkey: dict[str, Any]) -> None:
    users = resources(valkey, "aws_elasticache_user")
    assert {user["engine"] for user in users.values()} == {"redis"}
    assert only(resources(valkey, "aws_elasticache_user_group"))["engine"] == "redis"
    app = by_path(users, "app_user")
    assert app["authentication_mode"] == {"type": "iam"}
    assert app["user_id"] == app["user_name"] == "unit-cache-app"
    default = by_path(users, "default_user")
    assert default["user_name"] == "default"
    assert default["access_string"] == "off -@all"


def test_switching_engine_keeps_every_address(
    redis: dict[str, Any], valkey: dict[str, Any]
) -> None:
    # Same construct ids, so Terraform updates instead of destroying and creating; the
    # only changed arguments are the engine's.
    before, after = _elasticache(redis), _elasticache(valkey)
    changed = changed_arguments(before, after)
    assert changed == {
        ("aws_elasticache_replication_group", "engine"),
        ("aws_elasticache_replication_group", "engine_version"),
        ("aws_elasticache_replication_group", "description"),
        ("aws_elasticache_parameter_group", "family"),
        ("aws_elasticache_parameter_group", "name"),
        ("aws_elasticache_parameter_group", "description"),
        ("aws_elasticache_parameter_group", "lifecycle"),
    }
