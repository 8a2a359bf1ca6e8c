"""The smoke check expects exactly what the configuration deploys."""

from __future__ import annotations

import pytest

from platform_cdktf.environments import load_environment
from platform_cdktf.modules.cluster_addons.settings import ClusterAddonsSettings
from platform_cdktf.tooling.smoke import expected_addons, smoke_targets
from tests.support.synth import StackJson, resources

ENVIRONMENTS = ["dev", "prod"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_expected_addons_are_the_synthesized_ones(
    stacks: dict[str, StackJson], environment: str
) -> None:
    """No second list: the add-ons the check asks EKS about are the ``aws_eks_addon``
    resources of the environment's core and platform stacks."""
    synthesized = {
        addon["addon_name"]
        for kind in ("core", "platform")
        for addon in resources(stacks[f"{environment}-{kind}"], "aws_eks_addon").values()
    }
    targets = smoke_targets(load_environment(environment))
    assert sorted(targets.addons) == sorted(synthesized)


def test_a_disabled_platform_addon_is_not_expected() -> None:
    addons = expected_addons(
        ClusterAddonsSettings(metrics_server=False, cloudwatch_observability=False)
    )
    assert "metrics-server" not in addons
    assert "amazon-cloudwatch-observability" not in addons
    assert "eks-pod-identity-agent" in addons
    assert "coredns" in addons


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_targets_follow_the_configuration(environment: str) -> None:
    config = load_environment(environment)
    targets = smoke_targets(config)
    assert targets.cluster_name == config.cluster_name
    assert targets.zones == tuple(config.network.availability_zones)
    assert len(targets.zones) == 3
    assert [(s.name, s.namespace, s.readiness_path) for s in targets.services] == [
        (s.name, s.namespace, s.readiness.path) for s in config.services
    ]
    assert targets.direct_to_load_balancer == (not config.alb_controller.inbound_cidrs)
