"""Environment configuration: good configs load, every bad value fails naming its path."""

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
    BootstrapConfig,
    ConfigError,
    EnvironmentConfig,
    build_config,
    check_delivery_accounts,
    load_bootstrap,
    load_environment,
    load_environments,
)
from platform_cdktf.environments.config import check_same_state_backend
from platform_cdktf.modules.eks.settings import EksSettings, NodeGroupSettings
from platform_cdktf.modules.github_oidc.identity import GithubDelivery
from platform_cdktf.modules.github_oidc.settings import GithubOidcSettings
from platform_cdktf.modules.vpc.settings import VpcSettings, standard_subnet_plan

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


def _update(path: str, **values: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for part in path.split("."):
            target = target[part]
        target.update(values)

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
    assert dev.eks.nodes.instance_types == ("t3.medium",)
    assert prod.eks.nodes.instance_types == ("m5.large",)
    assert (dev.aurora.instance_class, prod.aurora.instance_class) == (
        "db.t3.medium",
        "db.r5.large",
    )
    assert (dev.redis.node_type, prod.redis.node_type) == ("cache.t3.small", "cache.m5.large")
    for config in (dev, prod):
        nodes = config.eks.nodes
        assert (nodes.min_size, nodes.desired_size, nodes.max_size) == (2, 3, 6)


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


def test_derived_values(dev_config: EnvironmentConfig, prod_config: EnvironmentConfig) -> None:
    assert dev_config.state_key("core") == "dev/core.tfstate"
    assert prod_config.state_key("platform") == "prod/platform.tfstate"
    assert prod_config.cluster_name == "platform-prod-eks"
    assert dev_config.database_ports == (5432, 6379)
    tags = prod_config.default_tags()
    assert tags["Environment"] == "prod"
    assert tags["ManagedBy"] == "cdktf"
    assert {"Project", "Owner", "CostCenter"} <= tags.keys()


def _move_to_ireland(data: dict[str, Any]) -> None:
    data["region"] = "eu-west-1"
    data["network"]["availability_zones"] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


GOOD_VARIATIONS: list[tuple[str, Mutation]] = [
    ("eu-region", _move_to_ireland),
    ("max-aurora-instances", _set("aurora.instance_count", 16)),
    ("account-guard", _set("account_id", "123456789012")),
    ("extra-tags", _set("tags.extra", {"DataClassification": "internal"})),
    ("scaling-all-equal", _update("eks.nodes", min_size=3, desired_size=3, max_size=3)),
    ("dev-public-endpoint-restricted", _set("eks.public_access_cidrs", ["203.0.113.0/24"])),
    ("no-spot-group", _set("eks.spot_nodes", None)),
    ("graviton-nodes", _set("eks.nodes.instance_types", ["t4g.medium", "m7g.large"])),
    ("graviton-database", _set("aurora.instance_class", "db.r7g.large")),
    (
        "two-azs-outside-prod",
        _update(
            "network",
            availability_zones=["us-east-1a", "us-east-1b"],
            public_subnets=["10.10.192.0/24", "10.10.193.0/24"],
            private_subnets=["10.10.0.0/18", "10.10.64.0/18"],
            database_subnets=["10.10.200.0/24", "10.10.201.0/24"],
        ),
    ),
    (
        "redis-cluster-mode-without-replicas",
        _update("redis", shards=3, replicas_per_shard=0, multi_az=False),
    ),
    ("other-database-port", _set("aurora.port", 5433)),
    (
        "windows-back-to-back",
        _update("aurora", backup_window="03:00-03:30", maintenance_window="sun:03:30-sun:04:00"),
    ),
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
        ["network.database_subnets[0] = '10.10.0.0/24'", "overlaps private_subnets[0]"],
    ),
    (
        "one-az",
        _set("network.availability_zones", ["us-east-1a"]),
        "dev",
        ["network.availability_zones = ['us-east-1a']", "at least 2"],
    ),
    (
        "duplicate-az",
        _set("network.availability_zones", ["us-east-1a", "us-east-1a", "us-east-1b"]),
        "dev",
        ["network.availability_zones", "distinct", "duplicate"],
    ),
    (
        "malformed-cidr",
        _set("network.vpc_cidr", "10.10.0.0/33"),
        "dev",
        ["network.vpc_cidr = '10.10.0.0/33'", "IPv4 CIDR"],
    ),
    (
        "cidr-with-host-bits",
        _set("network.vpc_cidr", "10.10.0.1/16"),
        "dev",
        ["network.vpc_cidr = '10.10.0.1/16'", "host bits"],
    ),
    (
        "vpc-too-large",
        _set("network.vpc_cidr", "10.0.0.0/8"),
        "dev",
        ["network.vpc_cidr = '10.0.0.0/8'", "/16 and /24"],
    ),
    (
        "subnet-outside-vpc",
        _set("network.public_subnets", ["10.99.0.0/24", "10.10.193.0/24", "10.10.194.0/24"]),
        "dev",
        ["network.public_subnets[0] = '10.99.0.0/24'", "inside vpc_cidr 10.10.0.0/16"],
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
        ["region = 'us-east-9'", "unknown AWS region"],
    ),
    (
        "az-of-another-region",
        _set("network.availability_zones", ["us-west-2a", "us-west-2b", "us-west-2c"]),
        "dev",
        ["network.availability_zones[2] = 'us-west-2c'", "region us-east-1"],
    ),
    (
        "azs-of-two-regions",
        _set("network.availability_zones", ["us-east-1a", "us-east-1b", "us-west-2c"]),
        "dev",
        ["network.availability_zones", "AZs of one Region"],
    ),
    (
        "scaling-order",
        _update("eks.nodes", min_size=4, desired_size=3, max_size=6),
        "dev",
        ["eks.nodes.desired_size = 3", "min_size (4) <= desired_size <= max_size (6)"],
    ),
    (
        "unknown-ec2-family",
        _set("eks.nodes.instance_types", ["t4.medium"]),
        "dev",
        ["eks.nodes.instance_types", "unknown EC2 family 't4'"],
    ),
    (
        "ec2-size-typo",
        _set("eks.nodes.instance_types", ["m5.lrage"]),
        "dev",
        ["eks.nodes.instance_types", "did you mean 'm5.large'"],
    ),
    (
        "mixed-architectures",
        _set("eks.spot_nodes.instance_types", ["t3.medium", "t4g.medium"]),
        "dev",
        ["eks.spot_nodes.instance_types", "mixes architectures"],
    ),
    (
        "rds-class-typo",
        _set("aurora.instance_class", "db.r6g.lrage"),
        "dev",
        ["aurora.instance_class = 'db.r6g.lrage'", "did you mean 'db.r6g.large'"],
    ),
    (
        "unknown-rds-family",
        _set("aurora.instance_class", "db.m1.small"),
        "dev",
        ["aurora.instance_class = 'db.m1.small'", "unknown"],
    ),
    (
        "cache-node-typo",
        _set("redis.node_type", "cache.m5.lrage"),
        "dev",
        ["redis.node_type = 'cache.m5.lrage'", "did you mean 'cache.m5.large'"],
    ),
    (
        "too-many-aurora-instances",
        _set("aurora.instance_count", 17),
        "dev",
        ["aurora.instance_count = 17", "less than or equal to 16"],
    ),
    (
        "retention-above-35",
        _set("aurora.backup_retention_days", 36),
        "prod",
        ["aurora.backup_retention_days = 36", "less than or equal to 35"],
    ),
    (
        "backup-window-format",
        _set("aurora.backup_window", "3am-4am"),
        "dev",
        ["aurora.backup_window = '3am-4am'", "hh24:mi-hh24:mi"],
    ),
    (
        "backup-window-too-short",
        _set("aurora.backup_window", "03:00-03:15"),
        "dev",
        ["aurora.backup_window = '03:00-03:15'", "lasts 15 minutes", "at least 30"],
    ),
    (
        "maintenance-overlaps-backup",
        _set("aurora.maintenance_window", "tue:03:30-tue:04:30"),
        "dev",
        ["aurora.maintenance_window = 'tue:03:30-tue:04:30'", "overlaps backup_window"],
    ),
    (
        "redis-window-too-short",
        _set("redis.maintenance_window", "sun:05:00-sun:05:30"),
        "dev",
        ["redis.maintenance_window = 'sun:05:00-sun:05:30'", "at least 60"],
    ),
    (
        "redis-windows-overlap",
        _set("redis.snapshot_window", "04:30-05:30"),
        "dev",
        ["redis.maintenance_window = 'sun:05:00-sun:06:00'", "overlaps snapshot_window"],
    ),
    (
        "multi-az-redis-without-replica",
        _set("redis.replicas_per_shard", 0),
        "dev",
        ["redis.multi_az = True", "replicas_per_shard >= 1"],
    ),
    (
        "eviction-policy",
        _set("redis.eviction_policy", "lru"),
        "dev",
        ["redis.eviction_policy = 'lru'", "allkeys-lru"],
    ),
    (
        "same-port-for-both-stores",
        _set("redis.port", 5432),
        "dev",
        ["redis.port = 5432", "other than Aurora's"],
    ),
    (
        "more-than-15-readers",
        _set("aurora.max_readers", 16),
        "prod",
        ["aurora.max_readers = 16", "less than or equal to 15"],
    ),
    (
        "readers-below-fixed",
        _set("aurora.max_readers", 1),
        "prod",
        ["aurora.max_readers = 1", "at least the 2 readers"],
    ),
    (
        "dr-region-equals-region",
        _set("aurora.dr_backup.region", "us-east-1"),
        "prod",
        ["aurora.dr_backup.region = 'us-east-1'", "other than"],
    ),
    (
        "bad-flow-log-retention",
        _set("network.flow_log_retention_days", 100),
        "dev",
        ["network.flow_log_retention_days = 100", "retention values"],
    ),
    (
        "bucket-name",
        _set("state.bucket", "Terraform_State"),
        "dev",
        ["state.bucket = 'Terraform_State'", "S3 bucket name"],
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
        ["account_id = '12345'", "12-digit"],
    ),
    (
        "name-prefix",
        _set("name_prefix", "Platform_Dev"),
        "dev",
        ["name_prefix = 'Platform_Dev'", "lowercase"],
    ),
    (
        "api-endpoint-open-to-the-world",
        _set("eks.public_access_cidrs", ["0.0.0.0/0"]),
        "dev",
        ["eks.public_access_cidrs[0] = '0.0.0.0/0'", "too wide"],
    ),
    (
        "unsupported-kubernetes",
        _set("eks.kubernetes_version", "1.29"),
        "dev",
        ["eks.kubernetes_version = '1.29'", "'1.35'"],
    ),
    (
        "admin-role-arn-instead-of-name",
        _set("eks.admin_role_names", ["arn:aws:iam::1:role/x"]),
        "dev",
        ["eks.admin_role_names[0]", "not an ARN"],
    ),
    (
        "unknown-addon",
        _set("eks.addon_versions", {"istio": "1.0"}),
        "dev",
        ["eks.addon_versions", "unknown add-ons ['istio']"],
    ),
    (
        "unknown-field",
        _set("network.nat_gateway", "single"),
        "dev",
        ["network.nat_gateway = 'single'", "unknown setting"],
    ),
    (
        "cloudflare-wide-open",
        _set("alb_controller.inbound_cidrs", ["0.0.0.0/0"]),
        "dev",
        ["alb_controller.inbound_cidrs[0] = '0.0.0.0/0'", "restricts nothing"],
    ),
    (
        "too-many-ports-for-the-nacl",
        lambda d: d["network"].update(
            availability_zones=[f"us-east-1{zone}" for zone in "abcdef"],
            public_subnets=[f"10.10.{192 + i}.0/24" for i in range(6)],
            private_subnets=[f"10.10.{16 * i}.0/20" for i in range(6)],
            database_subnets=[f"10.10.{200 + i}.0/24" for i in range(6)],
        ),
        "dev",
        ["network.availability_zones", "needs 30 inbound rules", "quota is 20"],
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
    matching = [line for line in raised.value.lines if all(f in line for f in fragments)]
    assert matching, f"no single problem line holds {fragments}:\n{message}"


def test_every_problem_is_reported_at_once(dev_config: EnvironmentConfig) -> None:
    data = _mutated(dev_config, _set("aurora.maintenance_window", "tue:03:30-tue:04:30"))
    data["redis"]["replicas_per_shard"] = 0
    data["network"]["flow_log_retention_days"] = 100
    with pytest.raises(ConfigError) as raised:
        _validate(data)
    paths = sorted(problem.path for problem in raised.value.problems)
    assert paths == [
        "aurora.maintenance_window",
        "network.flow_log_retention_days",
        "redis.multi_az",
    ]


def test_error_path_of_a_nested_model_built_directly() -> None:
    """``dev.py`` builds ``VpcSettings(...)`` itself; the error still says ``network.``."""

    def build() -> VpcSettings:
        return VpcSettings(
            vpc_cidr="10.10.0.0/16",
            availability_zones=("us-east-1a",),
            **standard_subnet_plan("10.10.0.0/16"),
        )

    with pytest.raises(ConfigError) as raised:
        build_config("dev", build)
    assert raised.value.source == "dev"
    assert any(line.startswith("network.availability_zones = (") for line in raised.value.lines)


def test_error_path_of_a_deeper_model_built_directly() -> None:
    def build() -> EksSettings:
        return EksSettings(nodes=NodeGroupSettings(instance_types=("m5.lrage",)))

    with pytest.raises(ConfigError, match=r"eks\.nodes\.instance_types = \('m5\.lrage',\)"):
        build_config("dev", build)


def test_unknown_environment_is_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown environment 'staging'"):
        load_environment("staging")


def test_config_is_immutable(dev_config: EnvironmentConfig) -> None:
    with pytest.raises(ValueError, match="frozen"):
        dev_config.network.vpc_cidr = "10.0.0.0/16"  # type: ignore[misc]


def test_bootstrap_serves_both_environments_once_a_repository_is_configured() -> None:
    bootstrap = load_bootstrap()
    # No placeholder repository: GITHUB in environments/common.py is unset until set.
    assert bootstrap.github is None
    assert bootstrap.delivery.environments == ("dev", "prod")
    assert bootstrap.default_tags()["Environment"] == "shared"


def test_every_environment_takes_the_shared_repository() -> None:
    from platform_cdktf.environments import common  # noqa: PLC0415

    assert all(env.github is common.GITHUB for env in load_environments())


@pytest.mark.parametrize(
    ("account_id", "expected"),
    [
        ("444455556666", []),
        (
            None,
            [
                "dev.account_id = None: expected '444455556666', the account "
                "bootstrap.delivery.accounts gives it (environments/bootstrap.py)"
            ],
        ),
        (
            "111122223333",
            [
                "dev.account_id = '111122223333': expected '444455556666', the account "
                "bootstrap.delivery.accounts gives it (environments/bootstrap.py)"
            ],
        ),
    ],
)
def test_an_environment_in_its_own_account_runs_in_that_account(
    dev_config: EnvironmentConfig, account_id: str | None, expected: list[str]
) -> None:
    bootstrap = load_bootstrap().model_copy(
        update={
            "github": GithubDelivery(repository="octo-org/platform", repository_id=1, owner_id=2),
            "delivery": GithubOidcSettings(accounts={"dev": "444455556666"}),
        }
    )
    dev = dev_config.model_copy(update={"account_id": account_id})
    problems = check_delivery_accounts(bootstrap, [dev])
    assert [problem.problems[0].line() for problem in problems] == expected
    # Without a repository there are no identities, so nothing to check.
    unconfigured = bootstrap.model_copy(update={"github": None})
    assert check_delivery_accounts(unconfigured, [dev]) == []


def test_environments_must_use_the_bootstrap_state_backend(
    dev_config: EnvironmentConfig,
) -> None:
    bootstrap = load_bootstrap()
    moved = bootstrap.state.model_copy(update={"bucket": "another-bucket"})
    problems = check_same_state_backend(
        BootstrapConfig(**{**bootstrap.model_dump(exclude={"state", "github"}), "state": moved}),
        [dev_config],
    )
    assert [problem.problems[0].line() for problem in problems] == [
        "dev.state.bucket = 'enterprise-platform-terraform-state': expected the bootstrap's "
        "'another-bucket' (environments/bootstrap.py)"
    ]
