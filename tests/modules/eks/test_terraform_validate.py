"""A cluster with a Graviton node group passes ``terraform validate`` with the real AWS
provider (the ARM AMI type and the instance types are accepted by its schema).

Uses the terraform on PATH and, offline, the filesystem mirror named by
``TF_PROVIDER_MIRROR`` (``tests/conftest.py`` discovers it).
"""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.eks import (
    EksCluster,
    EksClusterProps,
    EksSettings,
    NodeGroupSettings,
    SpotNodeGroupSettings,
)
from tests.support.synth import resources
from tests.support.terraform import (
    TerraformRun,
    assert_valid_without_warnings,
    validate_synthesized,
)
from tests.support.units import synth_stack, unit_vpc

pytestmark = pytest.mark.terraform


@pytest.fixture(scope="module")
def graviton_stack() -> dict[str, Any]:
    settings = EksSettings(
        nodes=NodeGroupSettings(instance_types=("t4g.medium", "m7g.large")),
        spot_nodes=SpotNodeGroupSettings(instance_types=("m6g.large", "c6g.large")),
        admin_role_names=("platform-admin",),
    )

    def build(stack: TerraformStack) -> EksCluster:
        return EksCluster(
            stack,
            "eks",
            props=EksClusterProps(name="arm-eks", settings=settings, network=unit_vpc(stack)),
        )

    stack, _ = synth_stack(build)
    return stack


@pytest.fixture(scope="module")
def validation(
    graviton_stack: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> list[TerraformRun]:
    return validate_synthesized(graviton_stack, tmp_path_factory.mktemp("graviton"))


def test_the_stack_has_only_graviton_node_groups(graviton_stack: dict[str, Any]) -> None:
    groups = resources(graviton_stack, "aws_eks_node_group")
    assert len(groups) == 2
    assert {group["ami_type"] for group in groups.values()} == {"AL2023_ARM_64_STANDARD"}


def test_terraform_init_installs_the_pinned_provider(validation: list[TerraformRun]) -> None:
    init = validation[0]
    hint = (
        ""
        if init.returncode == 0
        else "\nOffline? Set TF_PROVIDER_MIRROR to a filesystem mirror holding hashicorp/aws."
    )
    assert init.returncode == 0, init.describe() + hint
    assert "hashicorp/aws v5.100.0" in init.stdout, init.describe()


def test_terraform_validate_accepts_the_graviton_cluster(validation: list[TerraformRun]) -> None:
    assert_valid_without_warnings(validation)
