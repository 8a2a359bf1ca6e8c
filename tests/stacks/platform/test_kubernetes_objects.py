"""Every Kubernetes object of the platform stacks is valid for the cluster's version.

The objects are validated offline against the strict OpenAPI-derived schema of the
environment's Kubernetes version (``eks.kubernetes_version``) shipped by
``kubernetes-validate`` (tests/support/kubernetes.py). The negative tests show that the
validation rejects what the API server would: a missing required field, an apiVersion the
version does not serve, an unknown field.
"""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.environments import load_environment
from tests.support.kubernetes import (
    MANIFEST_RESOURCE,
    SERVICE_ACCOUNT_RESOURCE,
    SchemaViolationError,
    StackObject,
    kubernetes_objects,
    schema_violations,
    service_account_manifest,
    validate_manifest,
)
from tests.support.kubernetes_samples import SAMPLE_KINDS, sample, sample_manifests
from tests.support.synth import StackJson

ENVIRONMENTS = ["dev", "prod"]

PLATFORM_KINDS = frozenset(
    {
        "Namespace",
        "ResourceQuota",
        "LimitRange",
        "NetworkPolicy",
        "Role",
        "RoleBinding",
        "ServiceAccount",
        "Deployment",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Service",
        "Ingress",
    }
)
"""The kinds the platform stacks create: tenancy (namespaces, quotas, limit ranges,
network policies, deployer roles) and each configured service."""

VERSION = "1.35"


def _objects(stacks: dict[str, StackJson], environment: str) -> list[StackObject]:
    return kubernetes_objects(stacks[f"{environment}-platform"])


# -- the platform's own objects --------------------------------------------------------


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_platform_object_is_valid_for_the_cluster_version(
    stacks: dict[str, StackJson], environment: str
) -> None:
    version = load_environment(environment).eks.kubernetes_version
    objects = _objects(stacks, environment)
    assert objects, f"{environment}-platform creates no Kubernetes object"
    problems = schema_violations(objects, version)
    assert not problems, f"{environment}-platform objects invalid for Kubernetes {version}:\n" + (
        "\n".join(f"  {problem}" for problem in problems)
    )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_validation_covers_every_kind_the_platform_creates(
    stacks: dict[str, StackJson], environment: str
) -> None:
    kinds = {item.kind for item in _objects(stacks, environment)}
    assert kinds == PLATFORM_KINDS, (
        f"missing: {sorted(PLATFORM_KINDS - kinds)}, unexpected: {sorted(kinds - PLATFORM_KINDS)}"
    )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_collection_misses_no_kubernetes_resource(
    stacks: dict[str, StackJson], environment: str
) -> None:
    """Every ``kubernetes_manifest`` and typed service account of the stack is collected,
    and nothing else (for example a helm release's objects) is."""
    resources = stacks[f"{environment}-platform"]["resource"]
    expected = {
        f"{kind}.{name}"
        for kind in (MANIFEST_RESOURCE, SERVICE_ACCOUNT_RESOURCE)
        for name in resources.get(kind, {})
    }
    assert {item.address for item in _objects(stacks, environment)} == expected


def test_the_configured_versions_have_schemas() -> None:
    """Both environments run a version kubernetes-validate ships (else every object of the
    stack would fail with a clear message, not pass against an older schema)."""
    for environment in ENVIRONMENTS:
        version = load_environment(environment).eks.kubernetes_version
        validate_manifest(sample("Namespace"), version)


# -- the validation itself -------------------------------------------------------------


@pytest.mark.parametrize("manifest", sample_manifests(), ids=lambda m: m["kind"])
def test_a_sample_of_each_kind_passes(manifest: dict[str, Any]) -> None:
    validate_manifest(manifest, VERSION)


def test_the_samples_cover_the_platform_kinds() -> None:
    assert SAMPLE_KINDS == PLATFORM_KINDS


def test_a_deployment_without_a_selector_fails() -> None:
    deployment = sample("Deployment")
    del deployment["spec"]["selector"]
    with pytest.raises(
        SchemaViolationError, match=r"Deployment apps/sample: spec: 'selector' is a required"
    ):
        validate_manifest(deployment, VERSION)


def test_an_api_version_the_cluster_does_not_serve_fails() -> None:
    # apps/v1beta1 Deployments were removed in Kubernetes 1.16.
    deployment = sample("Deployment")
    deployment["apiVersion"] = "apps/v1beta1"
    with pytest.raises(
        SchemaViolationError, match=r"kind Deployment with api version apps/v1beta1"
    ):
        validate_manifest(deployment, VERSION)


def test_an_unknown_field_fails_under_strict_validation() -> None:
    """A misspelt probe would be dropped by a lenient API server: the pod would run
    without readiness checks. Strict validation names it."""
    deployment = sample("Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    with pytest.raises(
        SchemaViolationError,
        match=r"spec\.template\.spec\.containers\.0: .*'readinesProbe' was unexpected",
    ):
        validate_manifest(deployment, VERSION)


def test_a_wrongly_typed_value_fails() -> None:
    autoscaler = sample("HorizontalPodAutoscaler")
    autoscaler["spec"]["minReplicas"] = "2"
    with pytest.raises(SchemaViolationError, match=r"spec\.minReplicas: '2' is not of type"):
        validate_manifest(autoscaler, VERSION)


def test_a_version_without_a_schema_fails_instead_of_falling_back() -> None:
    with pytest.raises(SchemaViolationError, match=r"no schema for Kubernetes 1\.99"):
        validate_manifest(sample("Namespace"), "1.99")


def test_terraform_interpolations_pass_where_a_string_is_expected() -> None:
    account = sample("ServiceAccount")
    account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] = "${aws_iam_role.x.arn}"
    validate_manifest(account, VERSION)


def test_violations_name_the_terraform_address() -> None:
    deployment = sample("Deployment")
    del deployment["spec"]["template"]
    problems = schema_violations(
        [StackObject("kubernetes_manifest.sample_deployment_1A2B3C4D", deployment)], VERSION
    )
    assert problems == [
        "kubernetes_manifest.sample_deployment_1A2B3C4D: Deployment apps/sample: spec: "
        "'template' is a required property (Kubernetes 1.35 schema)"
    ]


# -- collection from synthesized JSON --------------------------------------------------

_SERVICE_ACCOUNT_RESOURCE = {
    "//": {"metadata": {"path": "dev-platform/alb_controller/service_account"}},
    "automount_service_account_token": True,
    "metadata": {
        "annotations": {"eks.amazonaws.com/role-arn": "${aws_iam_role.irsa.arn}"},
        "labels": {"app.kubernetes.io/name": "aws-load-balancer-controller"},
        "name": "aws-load-balancer-controller",
        "namespace": "kube-system",
    },
}


def test_a_typed_service_account_becomes_its_api_object() -> None:
    assert service_account_manifest(_SERVICE_ACCOUNT_RESOURCE) == {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {
            "annotations": {"eks.amazonaws.com/role-arn": "${aws_iam_role.irsa.arn}"},
            "labels": {"app.kubernetes.io/name": "aws-load-balancer-controller"},
            "name": "aws-load-balancer-controller",
            "namespace": "kube-system",
        },
        "automountServiceAccountToken": True,
    }


def test_an_unconverted_service_account_argument_fails_collection() -> None:
    resource = {**_SERVICE_ACCOUNT_RESOURCE, "image_pull_secret": [{"name": "registry"}]}
    with pytest.raises(AssertionError, match=r"not converted: \['image_pull_secret'\]"):
        service_account_manifest(resource)


def test_manifests_and_service_accounts_are_collected_in_address_order() -> None:
    namespace = sample("Namespace")
    stack: StackJson = {
        "resource": {
            "kubernetes_manifest": {"tenancy_apps_9": {"manifest": namespace}},
            "kubernetes_service_account_v1": {"controller_sa": _SERVICE_ACCOUNT_RESOURCE},
            "helm_release": {"chart": {"name": "chart"}},
        }
    }
    objects = kubernetes_objects(stack)
    assert [(item.address, item.kind) for item in objects] == [
        ("kubernetes_manifest.tenancy_apps_9", "Namespace"),
        ("kubernetes_service_account_v1.controller_sa", "ServiceAccount"),
    ]
    assert objects[0].manifest is namespace


def test_a_typed_kubernetes_resource_fails_collection() -> None:
    """A typed resource (``kubernetes_deployment_v1``) is not an API object: it would
    escape validation, so collecting a stack that holds one fails."""
    stack: StackJson = {"resource": {"kubernetes_deployment_v1": {"app": {}}}}
    with pytest.raises(AssertionError, match=r"\['kubernetes_deployment_v1'\] cannot be"):
        kubernetes_objects(stack)
