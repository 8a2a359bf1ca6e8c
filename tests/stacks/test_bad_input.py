"""Every class of bad value exits 2, names its field path and writes nothing, whether it
comes through an environment (``python main.py``) or through props a consumer builds.
And whatever the configuration accepts synthesizes (no traceback after validation)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cdktf import App, TerraformStack

import platform_cdktf.environments.dev as dev_module
from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.modules.aurora_postgres import AuroraPostgres, AuroraPostgresProps
from platform_cdktf.modules.aurora_postgres.settings import AuroraPostgresSettings
from platform_cdktf.modules.eks import EksCluster, EksClusterProps, EksSettings
from platform_cdktf.modules.eks.settings import NodeGroupSettings
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.redis import Redis, RedisProps
from platform_cdktf.modules.redis.settings import RedisSettings
from platform_cdktf.modules.vpc import Vpc, VpcProps
from platform_cdktf.stacks import cli, synthesis
from tests.support.synth import by_path
from tests.support.units import TEST_TAGS, unit_vpc_settings

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, leaf = path.split(".")
        for part in parents:
            data = data[part]
        data[leaf] = value

    return mutate


# (id, mutation of dev, the start of the one error line)
ENVIRONMENT_CASES: list[tuple[str, Mutation, str]] = [
    (
        "backup-window-overlaps-maintenance",
        _set("aurora.maintenance_window", "sun:03:30-sun:04:30"),
        "aurora.maintenance_window = 'sun:03:30-sun:04:30': overlaps backup_window",
    ),
    (
        "window-shorter-than-30-minutes",
        _set("aurora.backup_window", "03:00-03:20"),
        "aurora.backup_window = '03:00-03:20': the window lasts 20 minutes",
    ),
    (
        "redis-multi-az-without-replicas",
        _set("redis.replicas_per_shard", 0),
        "redis.multi_az = True: Multi-AZ fails over to a replica",
    ),
    (
        "unknown-ec2-family",
        _set("eks.nodes.instance_types", ["t4.medium"]),
        "eks.nodes.instance_types = ['t4.medium']: 't4.medium': unknown EC2 family 't4'",
    ),
    (
        "ec2-size-typo",
        _set("eks.nodes.instance_types", ["m5.lrage"]),
        "eks.nodes.instance_types = ['m5.lrage']: 'm5.lrage' is not a known EC2 instance type",
    ),
    (
        "rds-size-typo",
        _set("aurora.instance_class", "db.r6g.lrage"),
        "aurora.instance_class = 'db.r6g.lrage': 'db.r6g.lrage' is not a known RDS",
    ),
    (
        "mixed-architectures",
        _set("eks.nodes.instance_types", ["m5.large", "m7g.large"]),
        "eks.nodes.instance_types = ['m5.large', 'm7g.large']: mixes architectures",
    ),
    (
        "az-of-another-region",
        _set("network.availability_zones", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
        "network.availability_zones[0] = 'eu-west-1a': expected an Availability Zone of region",
    ),
    (
        "unsupported-kubernetes-version",
        _set("eks.kubernetes_version", "1.30"),
        "eks.kubernetes_version = '1.30'",
    ),
    (
        "cidr-as-alb-source",
        _set("alb_controller.inbound_cidrs", ["0.0.0.0/0"]),
        "alb_controller.inbound_cidrs[0] = '0.0.0.0/0'",
    ),
]


def _dev_with(mutate: Mutation) -> Callable[[], EnvironmentConfig]:
    data = load_environment("dev").model_dump()
    mutate(data)
    return lambda: EnvironmentConfig.model_validate(data)


def _run_main(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: Callable[[], EnvironmentConfig]
) -> tuple[int, Path]:
    outdir = tmp_path / "cdktf.out"
    monkeypatch.setattr(dev_module, "build", build)
    monkeypatch.setenv("CDKTF_OUTDIR", str(outdir))
    monkeypatch.setenv("PLATFORM_ENVIRONMENTS", "dev")
    return cli.main(), outdir


@pytest.mark.parametrize("case", ENVIRONMENT_CASES, ids=[case[0] for case in ENVIRONMENT_CASES])
def test_environment_values_exit_2_with_the_path_and_nothing_written(
    case: tuple[str, Mutation, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, mutate, line = case
    status, _ = _run_main(tmp_path, monkeypatch, _dev_with(mutate))
    stderr = capsys.readouterr().err
    assert status == 2
    assert "invalid configuration 'dev'" in stderr
    assert f"  - {line}" in stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_what_the_configuration_accepts_synthesizes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edge values that validation accepts, at once: Graviton nodes, Redis cluster mode
    without replicas (failover on, as ElastiCache requires), another database port, two
    AZs, windows back to back."""

    def edges(data: dict[str, Any]) -> None:
        network = data["network"]
        for key in ("availability_zones", "public_subnets", "private_subnets", "database_subnets"):
            network[key] = network[key][:2]
        data["eks"]["nodes"]["instance_types"] = ["t4g.medium", "m7g.large"]
        data["redis"].update(shards=3, replicas_per_shard=0, multi_az=False)
        data["aurora"].update(
            port=5433, backup_window="03:00-03:30", maintenance_window="sun:03:30-sun:04:00"
        )

    status, outdir = _run_main(tmp_path, monkeypatch, _dev_with(edges))
    assert status == 0
    core = json.loads((outdir / "stacks" / "dev-core" / "cdk.tf.json").read_text())
    resources = core["resource"]
    groups = resources["aws_eks_node_group"]
    general = by_path(groups, "node_group_general/node_group")
    spot = by_path(groups, "node_group_spot/node_group")
    assert general["ami_type"] == "AL2023_ARM_64_STANDARD"
    assert general["instance_types"] == ["t4g.medium", "m7g.large"]
    assert spot["ami_type"] == "AL2023_x86_64_STANDARD"
    (redis,) = resources["aws_elasticache_replication_group"].values()
    assert (redis["num_node_groups"], redis["replicas_per_node_group"]) == (3, 0)
    assert redis["automatic_failover_enabled"] is True
    assert redis["multi_az_enabled"] is False
    ports = {rule["from_port"] for rule in resources["aws_network_acl_rule"].values()}
    assert {5433, 6379} <= ports
    assert 5432 not in ports


# -- props built directly: a consumer's app, through synthesis.run -------------------


def _stack(app: App) -> TerraformStack:
    stack = TerraformStack(app, "consumer")
    aws_provider(stack, "aws", props=AwsProviderProps(region="us-east-1", tags=TEST_TAGS))
    return stack


def _vpc(stack: TerraformStack, **overrides: Any) -> Vpc:
    ports = overrides.pop("database_ports", (5432, 6379))
    return Vpc(
        stack,
        "vpc",
        props=VpcProps(
            name="consumer", settings=unit_vpc_settings(**overrides), database_ports=ports
        ),
    )


def _overlapping_subnets(app: App) -> None:
    _vpc(_stack(app), public_subnets=("10.0.0.0/24", "10.0.193.0/24", "10.0.194.0/24"))


def _zones_of_another_region(app: App) -> None:
    _vpc(_stack(app), availability_zones=("eu-west-1a", "eu-west-1b", "eu-west-1c"))


def _any_kubernetes_version(app: App) -> None:
    stack = _stack(app)
    settings = EksSettings(
        kubernetes_version="1.29",
        nodes=NodeGroupSettings(instance_types=("m5.large",)),
    )
    EksCluster(
        stack, "eks", props=EksClusterProps(name="c", settings=settings, network=_vpc(stack))
    )


def _cidr_as_security_group(app: App) -> None:
    stack = _stack(app)
    AuroraPostgres(
        stack,
        "db",
        props=AuroraPostgresProps(
            name="consumer-db",
            settings=AuroraPostgresSettings(instance_class="db.r6g.large"),
            network=_vpc(stack),
            allowed_security_groups={"office": "10.0.0.0/8"},
        ),
    )


def _port_the_network_does_not_admit(app: App) -> None:
    stack = _stack(app)
    Redis(
        stack,
        "cache",
        props=RedisProps(
            name="consumer-cache",
            settings=RedisSettings(node_type="cache.m5.large"),
            network=_vpc(stack, database_ports=(5432,)),
        ),
    )


def _windows_overlap(app: App) -> None:
    AuroraPostgresSettings(
        instance_class="db.r6g.large",
        backup_window="03:00-04:00",
        maintenance_window="tue:03:30-tue:04:30",
    )


def _size_typo(app: App) -> None:
    NodeGroupSettings(instance_types=("m5.lrage",))


PROPS_CASES: list[tuple[str, Callable[[App], None], str]] = [
    (
        "overlapping-subnets",
        _overlapping_subnets,
        "VpcSettings.private_subnets[0] = '10.0.0.0/18': overlaps public_subnets[0]",
    ),
    (
        "azs-of-another-region",
        _zones_of_another_region,
        "VpcProps.settings.availability_zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']: "
        "expected Availability Zones of the AWS provider's Region us-east-1",
    ),
    ("any-kubernetes-version", _any_kubernetes_version, "EksSettings.kubernetes_version = '1.29'"),
    (
        "cidr-as-security-group",
        _cidr_as_security_group,
        "AuroraPostgresProps.allowed_security_groups['office'] = '10.0.0.0/8': expected a "
        "security group id",
    ),
    (
        "port-the-network-does-not-admit",
        _port_the_network_does_not_admit,
        "RedisProps.settings.port = 6379: the database tier of VPC 'consumer' admits only [5432]",
    ),
    (
        "windows-overlap",
        _windows_overlap,
        "AuroraPostgresSettings.maintenance_window = 'tue:03:30-tue:04:30': overlaps",
    ),
    ("size-typo", _size_typo, "NodeGroupSettings.instance_types = ('m5.lrage',)"),
]


@pytest.mark.parametrize(
    ("label", "compose", "line"), PROPS_CASES, ids=[case[0] for case in PROPS_CASES]
)
def test_props_built_directly_exit_2_with_the_path_and_nothing_written(
    label: str,
    compose: Callable[[App], None],
    line: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = synthesis.run(compose, outdir=tmp_path / "cdktf.out")
    stderr = capsys.readouterr().err
    assert status == 2
    assert f"  - {line}" in stderr
    assert "Nothing was synthesized" in stderr
    assert list(tmp_path.iterdir()) == []
