"""Both environments' synthesized platform stacks hold the apps namespace, fenced, and the
sample service with exactly the seed's numbers."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import load_environment
from platform_cdktf.modules.alb_controller.cloudflare import CLOUDFLARE_IPV4_RANGES
from tests.support.synth import StackJson, resources

ENVIRONMENTS = ["dev", "prod"]
KINDS = {
    ("v1", "Namespace"),
    ("v1", "ResourceQuota"),
    ("v1", "LimitRange"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("rbac.authorization.k8s.io/v1", "Role"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("v1", "ServiceAccount"),
    ("apps/v1", "Deployment"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("policy/v1", "PodDisruptionBudget"),
    ("v1", "Service"),
    ("networking.k8s.io/v1", "Ingress"),
}
"""Every kind the tenancy and service constructs emit."""


def _in_namespace(stack: StackJson, namespace: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Manifests of ``namespace`` (and the Namespace itself), by (kind, name)."""
    found = {}
    for resource in resources(stack, "kubernetes_manifest").values():
        manifest = resource["manifest"]
        metadata = manifest["metadata"]
        if metadata.get("namespace") == namespace or (
            manifest["kind"] == "Namespace" and metadata["name"] == namespace
        ):
            found[(manifest["kind"], metadata["name"])] = manifest
    return found


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def apps(
    request: pytest.FixtureRequest, stacks: dict[str, StackJson]
) -> dict[tuple[str, str], Any]:
    return _in_namespace(stacks[f"{request.param}-platform"], "apps")


def test_the_platform_objects_are_of_the_expected_kinds(apps: dict[tuple[str, str], Any]) -> None:
    kinds = {(manifest["apiVersion"], manifest["kind"]) for manifest in apps.values()}
    assert kinds == KINDS


def test_apps_is_restricted_with_quota_limits_and_default_deny(
    apps: dict[tuple[str, str], Any],
) -> None:
    labels = apps[("Namespace", "apps")]["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["pod-security.kubernetes.io/audit"] == "restricted"
    assert labels["pod-security.kubernetes.io/warn"] == "restricted"
    assert labels["pod-security.kubernetes.io/enforce-version"] == "v1.35"
    assert apps[("ResourceQuota", "quota")]["spec"]["hard"]["pods"] == "50"
    (limits,) = apps[("LimitRange", "container-limits")]["spec"]["limits"]
    assert limits["type"] == "Container"
    deny = apps[("NetworkPolicy", "default-deny")]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert ("NetworkPolicy", "allow-dns") in apps
    assert ("NetworkPolicy", "allow-load-balancer") in apps


def test_sample_service_has_the_seeds_numbers(apps: dict[tuple[str, str], Any]) -> None:
    deployment = apps[("Deployment", "sample-service")]["spec"]
    assert "replicas" not in deployment
    assert deployment["strategy"]["rollingUpdate"] == {"maxSurge": "25%", "maxUnavailable": "25%"}
    (container,) = deployment["template"]["spec"]["containers"]
    assert container["ports"][0]["containerPort"] == 8080
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert set(container["resources"]) == {"requests", "limits"}
    hpa = apps[("HorizontalPodAutoscaler", "sample-service")]["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (2, 10)
    assert hpa["metrics"][0]["resource"]["target"]["averageUtilization"] == 80
    pdb = apps[("PodDisruptionBudget", "sample-service")]["spec"]
    assert pdb["maxUnavailable"] == 1
    ingress = apps[("Ingress", "sample-service")]
    assert ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/healthcheck-path"] == (
        "/ready"
    )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_image_is_the_ecr_repository_at_the_released_tag(
    stacks: dict[str, StackJson], environment: str
) -> None:
    apps = _in_namespace(stacks[f"{environment}-platform"], "apps")
    (container,) = apps[("Deployment", "sample-service")]["spec"]["template"]["spec"]["containers"]
    (service,) = load_environment(environment).services
    image = container["image"]
    # <account>.dkr.ecr.<region>.<dns suffix>/sample-service:<tag>, from data sources.
    assert image.startswith("${data.aws_caller_identity.")
    assert ".dkr.ecr.${data.aws_region." in image
    assert image.endswith(f"}}/sample-service:{service.image.tag}")


def test_prod_ingress_uses_the_class_restricted_to_cloudflare(stacks: dict[str, StackJson]) -> None:
    """The Cloudflare restriction lives on the default `alb` IngressClass (its
    IngressClassParams inboundCIDRs, set by the controller's release); the service's
    Ingress takes it by using that class and setting no source annotation of its own."""
    prod = stacks["prod-platform"]
    ingress = _in_namespace(prod, "apps")[("Ingress", "sample-service")]
    assert ingress["spec"]["ingressClassName"] == "alb"
    assert "alb.ingress.kubernetes.io/inbound-cidrs" not in ingress["metadata"]["annotations"]
    release = next(
        r
        for r in resources(prod, "helm_release").values()
        if r["name"] == "aws-load-balancer-controller"
    )
    inbound = {entry["name"]: entry["value"] for entry in release.get("set_list", [])}
    assert inbound["ingressClassParams.spec.inboundCIDRs"] == list(CLOUDFLARE_IPV4_RANGES)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_deployer_role_gets_one_access_entry_into_the_apps_group(
    stacks: dict[str, StackJson], environment: str
) -> None:
    entries = [
        entry
        for entry in resources(stacks[f"{environment}-platform"], "aws_eks_access_entry").values()
        if entry["principal_arn"].endswith(":role/platform-apps-deployer")
    ]
    assert len(entries) == 1
    assert entries[0]["kubernetes_groups"] == ["platform:apps:deployers"]
    assert entries[0]["cluster_name"] == load_environment(environment).cluster_name
