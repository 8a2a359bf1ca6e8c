"""Configuration validation: good configs load, bad ones fail naming field and value."""

from __future__ import annotations

import copy
import ipaddress
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from platform_cdktf.environments import (
    ENVIRONMENT_NAMES,
    ConfigError,
    EnvironmentConfig,
    NetworkConfig,
    build_config,
    load_environment,
    load_environments,
)
from platform_cdktf.environments.common import standard_subnet_plan

Mutation = Callable[[dict[str, Any]], None]


def _validate(data: dict[str, Any]) -> EnvironmentConfig:
    return build_config("test", lambda: EnvironmentConfig.model_validate(data))


def _mutated(base: EnvironmentConfig, mutate: Mutation) -> dict[str, Any]:
    data = copy.deepcopy(base.model_dump())
    mutate(data)
    return data


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, leaf = path.split(".")
        target = data
        for part in parents:
            target = target[part]
        target[leaf] = value

    return mutate


@pytest.mark.parametrize("name", ENVIRONMENT_NAMES)
def test_every_environment_loads(name: str) -> None:
    config = load_environment(name)
    assert config.name == name
    assert len(config.network.availability_zones) == 3


def test_environment_modules_import_no_cdktf() -> None:
    """Configuration is data: it must load without the (slow) cdktf packages."""
    script = (
        "import sys; from platform_cdktf.environments import load_environments; "
        "load_environments(); "
        "heavy = sorted(m for m in sys.modules if m.startswith(('cdktf', 'jsii', 'constructs')));"
        "print(','.join(heavy))"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
    assert time.perf_counter() - started < 10  # generous: a provider import alone takes ~12 s


def test_seed_sizing() -> None:
    dev, prod = load_environments()
    assert dev.nodes.instance_types == ("t3.medium",)
    assert prod.nodes.instance_types == ("m5.large",)
    assert (dev.aurora.instance_class, prod.aurora.instance_class) == (
        "db.t3.medium",
        "db.r5.large",
    )
    assert (dev.redis.node_type, prod.redis.node_type) == ("cache.t3.small", "cache.m5.large")
    for config in (dev, prod):
        assert (config.nodes.min_size, config.nodes.desired_size, config.nodes.max_size) == (
            2,
            3,
            6,
        )


def test_prod_uses_nat_per_az_and_dev_a_single_nat(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    assert prod_config.network.nat_gateways == "one_per_az"
    assert dev_config.network.nat_gateways == "single"


def test_environments_do_not_share_address_space(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    dev = ipaddress.IPv4Network(dev_config.network.vpc_cidr)
    prod = ipaddress.IPv4Network(prod_config.network.vpc_cidr)
    assert not dev.overlaps(prod)


def test_state_keys_are_per_environment_and_stack(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    assert dev_config.state_key("core") == "dev/core.tfstate"
    assert prod_config.state_key("core") == "prod/core.tfstate"


def test_standard_subnet_plan_fits_the_vpc() -> None:
    plan = standard_subnet_plan("10.42.0.0/16")
    assert plan["private_subnets"] == ("10.42.0.0/18", "10.42.64.0/18", "10.42.128.0/18")
    assert plan["public_subnets"] == ("10.42.192.0/24", "10.42.193.0/24", "10.42.194.0/24")
    assert plan["database_subnets"] == ("10.42.200.0/24", "10.42.201.0/24", "10.42.202.0/24")
    NetworkConfig(
        vpc_cidr="10.42.0.0/16",
        availability_zones=("eu-west-1a", "eu-west-1b", "eu-west-1c"),
        **plan,
    )


def _move_to_ireland(data: dict[str, Any]) -> None:
    data["region"] = "eu-west-1"
    data["network"]["availability_zones"] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


GOOD_VARIATIONS: list[tuple[str, Mutation]] = [
    ("eu-region", _move_to_ireland),
    ("max-aurora-readers", _set("aurora.instance_count", 16)),
    ("account-guard", _set("account_id", "123456789012")),
    ("extra-tags", _set("tags.extra", {"DataClassification": "internal"})),
    ("single-nat-outside-prod", _set("network.nat_gateways", "single")),
    ("scaling-all-equal", lambda d: d["nodes"].update(min_size=3, desired_size=3, max_size=3)),
    ("dev-public-endpoint-restricted", _set("eks.public_access_cidrs", ["203.0.113.0/24"])),
    ("no-spot-group", _set("eks.spot_nodes", None)),
]


@pytest.mark.parametrize(
    ("label", "mutate"), GOOD_VARIATIONS, ids=[label for label, _ in GOOD_VARIATIONS]
)
def test_good_variations_are_accepted(
    dev_config: EnvironmentConfig, label: str, mutate: Mutation
) -> None:
    _validate(_mutated(dev_config, mutate))


# (id, mutation, base environment, fragments the single error line must contain)
BAD_CASES: list[tuple[str, Mutation, str, list[str]]] = [
    (
        "overlapping-subnets",
        _set("network.database_subnets", ["10.10.0.0/24", "10.10.201.0/24", "10.10.202.0/24"]),
        "dev",
        ["network.database_subnets[0]", "'10.10.0.0/24'", "overlaps private_subnets[0]"],
    ),
    (
        "two-azs",
        _set("network.availability_zones", ["us-east-1a", "us-east-1b"]),
        "dev",
        ["network.availability_zones", "['us-east-1a', 'us-east-1b']", "exactly 3"],
    ),
    (
        "duplicate-az",
        _set("network.availability_zones", ["us-east-1a", "us-east-1a", "us-east-1b"]),
        "dev",
        ["network.availability_zones", "3 distinct", "duplicate"],
    ),
    (
        "malformed-cidr",
        _set("network.vpc_cidr", "10.10.0.0/33"),
        "dev",
        ["network.vpc_cidr", "'10.10.0.0/33'", "IPv4 CIDR"],
    ),
    (
        "cidr-with-host-bits",
        _set("network.vpc_cidr", "10.10.0.1/16"),
        "dev",
        ["network.vpc_cidr", "'10.10.0.1/16'", "host bits"],
    ),
    (
        "vpc-too-large",
        _set("network.vpc_cidr", "10.0.0.0/8"),
        "dev",
        ["network.vpc_cidr", "'10.0.0.0/8'", "/16 and /24"],
    ),
    (
        "subnet-outside-vpc",
        _set("network.public_subnets", ["10.99.0.0/24", "10.10.193.0/24", "10.10.194.0/24"]),
        "dev",
        ["network.public_subnets[0]", "'10.99.0.0/24'", "inside vpc_cidr 10.10.0.0/16"],
    ),
    (
        "subnet-count",
        _set("network.private_subnets", ["10.10.0.0/18", "10.10.64.0/18"]),
        "dev",
        ["network.private_subnets", "one CIDR per Availability Zone (3), got 2"],
    ),
    (
        "unknown-region",
        _set("region", "us-east-9"),
        "dev",
        ["region", "'us-east-9'", "unknown AWS region"],
    ),
    (
        "az-of-another-region",
        _set("network.availability_zones", ["us-east-1a", "us-east-1b", "us-west-2c"]),
        "dev",
        ["network.availability_zones[2]", "'us-west-2c'", "region us-east-1"],
    ),
    (
        "scaling-order",
        lambda d: d["nodes"].update(min_size=4, desired_size=3, max_size=6),
        "dev",
        ["nodes.desired_size", "min_size (4) <= desired_size <= max_size (6)"],
    ),
    (
        "aurora-family",
        _set("aurora.instance_class", "db.m1.small"),
        "dev",
        ["aurora.instance_class", "'db.m1.small'", "families"],
    ),
    (
        "too-many-aurora-readers",
        _set("aurora.instance_count", 17),
        "dev",
        ["aurora.instance_count", "17", "less than or equal to 16"],
    ),
    (
        "retention-above-35",
        _set("aurora.backup_retention_days", 36),
        "prod",
        ["aurora.backup_retention_days", "36", "less than or equal to 35"],
    ),
    (
        "prod-single-nat",
        _set("network.nat_gateways", "single"),
        "prod",
        ["network.nat_gateways", "'single'", "production requires one_per_az"],
    ),
    (
        "prod-burstable-database",
        _set("aurora.instance_class", "db.t3.medium"),
        "prod",
        ["aurora.instance_class", "'db.t3.medium'", "burstable"],
    ),
    (
        "bad-flow-log-retention",
        _set("network.flow_log_retention_days", 100),
        "dev",
        ["network.flow_log_retention_days", "100", "retention values"],
    ),
    (
        "bucket-name",
        _set("state.bucket", "Terraform_State"),
        "dev",
        ["state.bucket", "'Terraform_State'", "S3 bucket name"],
    ),
    (
        "reserved-tag",
        _set("tags.extra", {"Environment": "qa"}),
        "dev",
        ["tags.extra", "['Environment'] are set by the platform"],
    ),
    (
        "account-id",
        _set("account_id", "12345"),
        "dev",
        ["account_id", "'12345'", "12-digit"],
    ),
    (
        "name-prefix",
        _set("name_prefix", "Platform_Dev"),
        "dev",
        ["name_prefix", "'Platform_Dev'", "lowercase"],
    ),
    (
        "prod-public-api-endpoint",
        _set("eks.public_access_cidrs", ["203.0.113.0/24"]),
        "prod",
        ["eks.public_access_cidrs", "['203.0.113.0/24']", "private"],
    ),
    (
        "api-endpoint-open-to-the-world",
        _set("eks.public_access_cidrs", ["0.0.0.0/0"]),
        "dev",
        ["eks.public_access_cidrs", "0.0.0.0/0 is too wide"],
    ),
    (
        "unsupported-kubernetes",
        _set("eks.kubernetes_version", "1.29"),
        "dev",
        ["eks.kubernetes_version", "'1.29'", "expected one of"],
    ),
    (
        "admin-role-arn-instead-of-name",
        _set("eks.admin_role_names", ["arn:aws:iam::1:role/x"]),
        "dev",
        ["eks.admin_role_names", "not an ARN"],
    ),
    (
        "unknown-addon",
        _set("eks.addon_versions", {"istio": "1.0"}),
        "dev",
        ["eks.addon_versions", "unknown add-ons ['istio']"],
    ),
    (
        "multi-az-redis-without-replica",
        _set("redis.replicas_per_shard", 0),
        "dev",
        ["redis.multi_az", "True", "needs replicas_per_shard >= 1"],
    ),
    (
        "more-than-15-readers",
        _set("aurora.max_readers", 16),
        "prod",
        ["aurora.max_readers", "16", "at most 15 read replicas"],
    ),
    (
        "prod-without-deletion-protection",
        _set("aurora.deletion_protection", False),
        "prod",
        ["aurora.deletion_protection", "False", "production requires deletion protection"],
    ),
    (
        "prod-without-dr-copies",
        _set("aurora.dr_region", None),
        "prod",
        ["aurora.dr_region", "None", "cross-Region backup copies"],
    ),
    (
        "dr-region-equals-region",
        _set("aurora.dr_region", "us-east-1"),
        "dev",
        ["aurora.dr_region", "'us-east-1'", "other than"],
    ),
    (
        "backup-window-format",
        _set("aurora.backup_window", "3am-4am"),
        "dev",
        ["aurora.backup_window", "'3am-4am'", "UTC window like 03:00-04:00"],
    ),
    (
        "eviction-policy",
        _set("redis.eviction_policy", "lru"),
        "dev",
        ["redis.eviction_policy", "'lru'", "expected one of"],
    ),
    (
        "unknown-field",
        _set("network.nat_gateway", "single"),
        "dev",
        ["network.nat_gateway", "Extra inputs are not permitted"],
    ),
]


@pytest.mark.parametrize(
    ("label", "mutate", "base", "fragments"),
    BAD_CASES,
    ids=[case[0] for case in BAD_CASES],
)
def test_bad_config_names_field_value_and_expectation(
    label: str, mutate: Mutation, base: str, fragments: list[str]
) -> None:
    data = _mutated(load_environment(base), mutate)
    with pytest.raises(ConfigError) as raised:
        _validate(data)
    message = str(raised.value)
    matching = [line for line in raised.value.problems if all(f in line for f in fragments)]
    assert matching, f"no single problem line holds {fragments}:\n{message}"


def test_error_path_of_a_nested_model_built_directly() -> None:
    """``dev.py`` builds ``NetworkConfig(...)`` itself; the error still says ``network.``."""

    def build() -> NetworkConfig:
        return NetworkConfig(
            vpc_cidr="10.10.0.0/16",
            availability_zones=("us-east-1a", "us-east-1b"),
            **standard_subnet_plan("10.10.0.0/16"),
        )

    with pytest.raises(ConfigError, match=r"network\.availability_zones = \("):
        build_config("dev", build)


def test_unknown_environment_is_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown environment 'staging'"):
        load_environment("staging")


def test_config_is_immutable(dev_config: EnvironmentConfig) -> None:
    with pytest.raises(ValueError, match="frozen"):
        dev_config.network.vpc_cidr = "10.0.0.0/16"  # type: ignore[misc]


def test_default_tags_carry_ownership(prod_config: EnvironmentConfig) -> None:
    tags = prod_config.default_tags()
    assert tags["Environment"] == "prod"
    assert tags["ManagedBy"] == "cdktf"
    assert {"Project", "Owner", "CostCenter"} <= tags.keys()
