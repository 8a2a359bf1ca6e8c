"""The workload identity option in real stacks: dev and prod synthesized with EKS Pod
Identity (the default for new environments) instead of the IRSA they ship with pass
``terraform validate``, give every in-cluster component its role through an association,
and keep every role at the address it has under IRSA."""

from __future__ import annotations

from pathlib import Path

import pytest

from platform_cdktf.environments import EnvironmentConfig, load_environment
from platform_cdktf.stacks.synthesis import synthesize
from tests.support.synth import StackJson, load_stacks, resources
from tests.support.variants import assert_stack_validates, environment_stacks

pytestmark = pytest.mark.terraform

ENVIRONMENTS = ("dev", "prod")

POD_IDENTITY_SERVICE_ACCOUNTS = {
    "core": {("kube-system", "aws-node"), ("kube-system", "ebs-csi-controller-sa")},
    "platform": {
        ("kube-system", "aws-load-balancer-controller"),
        ("kube-system", "cluster-autoscaler"),
        ("amazon-cloudwatch", "cloudwatch-agent"),
        ("apps", "sample-service"),
    },
}
"""Every service account of the shipped environments that calls AWS, by stack kind."""


def with_pod_identity(config: EnvironmentConfig) -> EnvironmentConfig:
    """``config`` with its cluster on EKS Pod Identity."""
    eks = config.eks.model_copy(update={"workload_identity": "pod_identity"})
    return config.model_copy(update={"eks": eks})


@pytest.fixture(scope="module")
def pod_identity(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configs = [with_pod_identity(load_environment(name)) for name in ENVIRONMENTS]
    return synthesize(
        tmp_path_factory.mktemp("pod-identity") / "cdktf.out", environment_stacks(configs)
    )


@pytest.fixture(scope="module")
def pod_identity_stacks(pod_identity: Path) -> dict[str, StackJson]:
    return load_stacks(pod_identity)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_stack_validates(
    pod_identity: Path, tmp_path_factory: pytest.TempPathFactory, environment: str
) -> None:
    workdir = tmp_path_factory.mktemp(f"{environment}-core")
    assert_stack_validates(pod_identity, f"{environment}-core", workdir)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("kind", ["core", "platform"])
def test_every_component_is_associated(
    pod_identity_stacks: dict[str, StackJson], environment: str, kind: str
) -> None:
    stack = pod_identity_stacks[f"{environment}-{kind}"]
    associations = {
        (association["namespace"], association["service_account"])
        for association in resources(stack, "aws_eks_pod_identity_association").values()
    }
    assert associations == POD_IDENTITY_SERVICE_ACCOUNTS[kind]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_agent_comes_with_the_cluster_not_the_platform(
    pod_identity_stacks: dict[str, StackJson], environment: str
) -> None:
    def addons(kind: str) -> set[str]:
        stack = pod_identity_stacks[f"{environment}-{kind}"]
        return {addon["addon_name"] for addon in resources(stack, "aws_eks_addon").values()}

    assert "eks-pod-identity-agent" in addons("core")
    assert "eks-pod-identity-agent" not in addons("platform")


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("kind", ["core", "platform"])
def test_roles_keep_their_addresses_across_mechanisms(
    pod_identity_stacks: dict[str, StackJson],
    stacks: dict[str, StackJson],
    environment: str,
    kind: str,
) -> None:
    # Switching an environment from IRSA changes trust policies in place: no role is
    # destroyed and recreated.
    name = f"{environment}-{kind}"
    assert set(resources(pod_identity_stacks[name], "aws_iam_role")) == set(
        resources(stacks[name], "aws_iam_role")
    )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_shipped_environments_keep_irsa(stacks: dict[str, StackJson], environment: str) -> None:
    for kind in ("core", "platform"):
        assert resources(stacks[f"{environment}-{kind}"], "aws_eks_pod_identity_association") == {}
