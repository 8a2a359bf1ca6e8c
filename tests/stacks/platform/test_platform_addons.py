"""The platform add-ons in each environment's platform stack."""

from __future__ import annotations

import json

import pytest

from platform_cdktf.environments import load_environment
from platform_cdktf.modules.cluster_addons import PLATFORM_ADDONS
from tests.support.synth import StackJson, by_path, data_sources, resources

ENVIRONMENTS = ["dev", "prod"]


def _addons(platform: StackJson) -> dict[str, dict[str, object]]:
    return {a["addon_name"]: a for a in resources(platform, "aws_eks_addon").values()}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_platform_holds_the_addons_at_the_versions_of_its_kubernetes_version(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    config = load_environment(environment)
    addons = _addons(platform)
    assert sorted(addons) == sorted(PLATFORM_ADDONS)
    lookups = data_sources(platform, "aws_eks_addon_version")
    pins = config.addons.pinned_versions(config.eks.kubernetes_version)
    for name, addon in addons.items():
        assert addon["cluster_name"] == config.cluster_name
        if name in pins:
            assert addon["addon_version"] == pins[name]
            continue
        construct_id = name.replace("-", "_")
        lookup = by_path(lookups, f"cluster_addons/{construct_id}_version")
        assert {k: v for k, v in lookup.items() if k != "//"} == {
            "addon_name": name,
            "kubernetes_version": config.eks.kubernetes_version,
            "most_recent": False,
        }
        assert str(addon["addon_version"]).startswith("${data.aws_eks_addon_version.")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_cloudwatch_identity_is_trusted_only_by_its_service_account(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    config = load_environment(environment)
    trust = by_path(
        data_sources(platform, "aws_iam_policy_document"),
        "cluster_addons/cloudwatch_identity/trust",
    )
    # dev and prod run IRSA (eks.workload_identity): the add-on names the role.
    (statement,) = trust["statement"]
    assert statement["principals"] == [
        {
            "type": "Federated",
            "identifiers": ["${data.aws_iam_openid_connect_provider.oidc_provider.arn}"],
        }
    ]
    subjects = [c["values"] for c in statement["condition"] if c["variable"].endswith(":sub")]
    assert subjects == [["system:serviceaccount:amazon-cloudwatch:cloudwatch-agent"]]
    role = by_path(resources(platform, "aws_iam_role"), "cluster_addons/cloudwatch_identity/role")
    assert role["name"] == f"{config.cluster_name}-cloudwatch-agent"
    assert resources(platform, "aws_eks_pod_identity_association") == {}
    cloudwatch = _addons(platform)["amazon-cloudwatch-observability"]
    assert str(cloudwatch["service_account_role_arn"]).startswith("${aws_iam_role.")
    assert json.loads(str(cloudwatch["configuration_values"])) == {
        "containerLogs": {"enabled": config.addons.container_logs}
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_alb_controller_has_a_pdb_and_a_zone_spread(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    (release,) = (
        r
        for r in resources(platform, "helm_release").values()
        if r["name"] == "aws-load-balancer-controller"
    )
    values = {entry["name"]: entry["value"] for entry in release["set"]}
    assert values["podDisruptionBudget.maxUnavailable"] == "1"
    assert values["topologySpreadConstraints[0].topologyKey"] == "topology.kubernetes.io/zone"
    assert values["topologySpreadConstraints[0].maxSkew"] == "1"
    assert int(values["replicaCount"]) >= 2, "a PDB protects nothing with one replica"
