"""The platform add-ons, per-AZ node groups and the configured core add-ons pass
``terraform validate`` with the real AWS provider (add-ons, Pod Identity association,
``aws_eks_addon_version`` lookups, ``configuration_values``).

Uses the terraform on PATH and, offline, the filesystem mirror named by
``TF_PROVIDER_MIRROR`` (``tests/conftest.py`` discovers it).
"""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.cluster_addons import (
    ClusterAddons,
    ClusterAddonsProps,
    ClusterAddonsSettings,
)
from platform_cdktf.modules.eks import EksCluster, EksClusterProps, EksSettings, NodeGroupSettings
from tests.support.terraform import (
    TerraformRun,
    assert_valid_without_warnings,
    validate_synthesized,
)
from tests.support.units import synth_stack, unit_vpc

pytestmark = pytest.mark.terraform


@pytest.fixture(scope="module")
def validation(tmp_path_factory: pytest.TempPathFactory) -> list[TerraformRun]:
    def build(stack: TerraformStack) -> None:
        cluster = EksCluster(
            stack,
            "eks",
            props=EksClusterProps(
                name="unit-eks",
                settings=EksSettings(
                    nodes=NodeGroupSettings(instance_types=("m5.large",)),
                    node_groups_per_az=True,
                ),
                network=unit_vpc(stack),
            ),
        )
        ClusterAddons(
            stack,
            "addons",
            props=ClusterAddonsProps(
                settings=ClusterAddonsSettings(
                    container_logs=False,
                    addon_versions={"1.35": {"metrics-server": "v0.8.0-eksbuild.2"}},
                ),
                cluster_name=cluster.name,
                kubernetes_version="1.35",
            ),
        )

    synthesized: dict[str, Any]
    synthesized, _ = synth_stack(build)
    return validate_synthesized(synthesized, tmp_path_factory.mktemp("addons"))


def test_terraform_validate_accepts_the_addons(validation: list[TerraformRun]) -> None:
    assert_valid_without_warnings(validation)
