"""Karpenter settings and the environment checks around them: good input builds, bad
input names the field, the value and what was expected."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.modules.eks.settings import SUPPORTED_KUBERNETES_VERSIONS
from platform_cdktf.modules.karpenter.settings import (
    KARPENTER_KUBERNETES_VERSIONS,
    KarpenterSettings,
    check_kubernetes_version,
)
from platform_cdktf.modules.shared.settings import SettingsError

PINNED = KarpenterSettings(ami_version="v20240807")


def _environment(
    name: str, karpenter: KarpenterSettings | None = PINNED, **changes: Any
) -> EnvironmentConfig:
    """``name`` with Karpenter on (no spot group, no dev schedule), validated again."""
    data = load_environment(name).model_dump()
    data["eks"]["spot_nodes"] = None
    data["dev_schedule"] = None
    data["karpenter"] = None if karpenter is None else karpenter.model_dump()
    for path, value in changes.items():
        target = data
        *parents, leaf = path.split("__")
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    return EnvironmentConfig.model_validate(data)


def test_defaults_are_spot_and_on_demand_al2023_with_limits() -> None:
    settings = KarpenterSettings()
    assert settings.capacity_types == ("spot", "on-demand")
    assert settings.ami_alias == "al2023@latest"
    assert settings.kubernetes_architectures == ["amd64"]
    assert (settings.cpu_limit, settings.memory_limit_gib) == (100, 400)
    assert settings.controller_replicas == 2


def test_good_input_builds() -> None:
    settings = KarpenterSettings(
        ami_family="bottlerocket",
        ami_version="v1.20.4",
        capacity_types=("on-demand",),
        architectures=("x86_64", "arm64"),
        instance_categories=("m", "t"),
        expire_after="Never",
        consolidate_after="30s",
    )
    assert settings.ami_alias == "bottlerocket@v1.20.4"
    assert settings.kubernetes_architectures == ["amd64", "arm64"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"capacity_types": ()},
            "KarpenterSettings.capacity_types = (): Tuple should have at least 1 item",
        ),
        ({"capacity_types": ("spot", "spot")}, "expected distinct values, got ['spot', 'spot']"),
        ({"capacity_types": ("reserved",)}, "KarpenterSettings.capacity_types[0] = 'reserved'"),
        (
            {"architectures": ("sparc",)},
            "architectures[0] = 'sparc': Input should be 'x86_64' or 'arm64'",
        ),
        ({"cpu_limit": 0}, "KarpenterSettings.cpu_limit = 0: Input should be greater than 0"),
        (
            {"memory_limit_gib": -1},
            "KarpenterSettings.memory_limit_gib = -1: Input should be greater than 0",
        ),
        (
            {"controller_replicas": 1},
            "controller_replicas = 1: Input should be greater than or equal to 2",
        ),
        (
            {"instance_categories": ("c", "inf")},
            "['inf'] are not instance categories of the instance catalogue; expected some of "
            "['c', 'm', 'r', 't']",
        ),
        (
            {"consolidate_after": "5 minutes"},
            "expected a duration such as 30s, 5m or 720h, got '5 minutes'",
        ),
        ({"expire_after": "never"}, "expected a duration such as 30s, 5m or 720h or Never"),
        (
            {"ami_version": "v1.2.3"},
            "ami_version = 'v1.2.3': expected latest or an AMI release of al2023 such as v20240807",
        ),
        (
            {"ami_family": "bottlerocket", "ami_version": "v20240807"},
            "expected latest or an AMI release of bottlerocket such as v1.20.4",
        ),
    ],
)
def test_bad_input_is_refused_by_field(values: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError) as error:
        KarpenterSettings(**values)
    assert message in str(error.value)


def test_pinned_karpenter_covers_every_offered_kubernetes_version() -> None:
    assert set(SUPPORTED_KUBERNETES_VERSIONS) <= set(KARPENTER_KUBERNETES_VERSIONS)


def test_a_kubernetes_version_beyond_the_matrix_is_refused() -> None:
    why = check_kubernetes_version("1.37")
    assert why is not None
    assert "Karpenter 1.14.1 supports (1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36" in why
    assert check_kubernetes_version("1.35") is None


@pytest.mark.parametrize("name", ["dev", "prod"])
def test_karpenter_environment_validates(name: str) -> None:
    config = _environment(name)
    assert config.karpenter == PINNED


def test_spot_node_group_is_refused_with_karpenter() -> None:
    data = _environment("dev").model_dump()
    spot = load_environment("dev").eks.spot_nodes
    assert spot is not None
    data["eks"]["spot_nodes"] = spot.model_dump()
    with pytest.raises(ValidationError) as error:
        EnvironmentConfig.model_validate(data)
    assert "eks.spot_nodes = 'set': expected no spot node group with karpenter" in str(error.value)


def test_dev_schedule_is_refused_with_karpenter() -> None:
    data = _environment("dev").model_dump()
    schedule = load_environment("dev").dev_schedule
    assert schedule is not None
    data["dev_schedule"] = schedule.model_dump()
    with pytest.raises(ValidationError) as error:
        EnvironmentConfig.model_validate(data)
    message = str(error.value)
    assert "dev_schedule = 'set': expected no dev_schedule with karpenter" in message
    assert "Karpenter's nodes are in no node group and would keep running" in message


def test_general_group_must_hold_every_controller_replica() -> None:
    with pytest.raises(ValidationError) as error:
        _environment("dev", KarpenterSettings(controller_replicas=3), eks__nodes__min_size=2)
    assert "eks.nodes.min_size = 2: expected at least karpenter.controller_replicas (3)" in str(
        error.value
    )


def test_production_refuses_the_latest_ami() -> None:
    with pytest.raises(ValidationError) as error:
        _environment("prod", KarpenterSettings())
    assert "karpenter.ami_version = 'latest': expected a pinned AMI release in production" in str(
        error.value
    )
    assert _environment("dev", KarpenterSettings()).karpenter == KarpenterSettings()


def test_default_environments_keep_the_cluster_autoscaler() -> None:
    assert load_environment("dev").karpenter is None
    assert load_environment("prod").karpenter is None
