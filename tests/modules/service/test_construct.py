"""The Service construct: the seed's deployment practices as manifests, and a workload
identity scoped to what the service declares."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider

from platform_cdktf.modules.eks import OidcProvider
from platform_cdktf.modules.eks.identity import ClusterIdentity
from platform_cdktf.modules.service import (
    INGRESS_CLASS,
    SSL_POLICY,
    Service,
    ServiceProps,
    ServiceSettings,
)
from platform_cdktf.modules.shared.settings import SettingsError
from tests.modules.service.test_settings import GOOD
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import synth_stack

ALB = "alb.ingress.kubernetes.io"


def _synth(settings: ServiceSettings, **props: Any) -> dict[str, Any]:
    def build(stack: TerraformStack) -> None:
        KubernetesProvider(stack, "kubernetes")
        Service(
            stack,
            "service_sample",
            props=ServiceProps(settings=settings, cluster_name="unit-eks", **props),
        )

    stack, _ = synth_stack(build)
    return stack


def _objects(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Manifests by kind (one object of each kind per service)."""
    return {
        r["manifest"]["kind"]: r["manifest"]
        for r in resources(stack, "kubernetes_manifest").values()
    }


@pytest.fixture(scope="module")
def plain() -> dict[str, Any]:
    """The defaults, with an Ingress and a secret reference, no AWS permissions."""
    return _synth(
        ServiceSettings(
            **GOOD,
            env={"LOG_LEVEL": "info"},
            secret_env={"API_TOKEN": {"secret": "sample-secrets", "key": "token"}},
            ingress={"host": "sample.dev.example.com"},
        )
    )


@pytest.fixture(scope="module")
def with_data() -> dict[str, Any]:
    """Database and cache users and an extra statement."""
    return _synth(
        ServiceSettings(
            **GOOD,
            data_access={"database_users": ("sample_app",), "cache_users": ("unit-redis-app",)},
            iam_statements=(
                {"actions": ("s3:GetObject",), "resources": ("arn:aws:s3:::bucket/*",)},
            ),
        ),
        database_cluster_identifier="unit-aurora",
        cache_replication_group_id="unit-redis",
    )


def test_deployment_rolls_out_25_25_and_leaves_replicas_to_the_hpa(plain: dict[str, Any]) -> None:
    spec = _objects(plain)["Deployment"]["spec"]
    assert "replicas" not in spec
    assert spec["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
    }
    assert spec["selector"] == {"matchLabels": {"app.kubernetes.io/name": "sample-service"}}
    assert spec["template"]["metadata"]["labels"] == spec["selector"]["matchLabels"]


def test_probes_use_health_and_ready_on_the_named_port(plain: dict[str, Any]) -> None:
    (container,) = _objects(plain)["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert container["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert container["readinessProbe"]["periodSeconds"] == 10
    assert container["resources"] == {
        "requests": {"cpu": "100m", "memory": "128Mi"},
        "limits": {"cpu": "500m", "memory": "256Mi"},
    }


def test_the_container_passes_pod_security_restricted(plain: dict[str, Any]) -> None:
    pod = _objects(plain)["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert pod["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "runAsGroup": 10001,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert container["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
    assert pod["volumes"] == [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]
    assert pod["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] == "sample-service"


def test_pods_spread_over_zones_strictly_and_nodes_loosely(plain: dict[str, Any]) -> None:
    constraints = _objects(plain)["Deployment"]["spec"]["template"]["spec"][
        "topologySpreadConstraints"
    ]
    assert [(c["topologyKey"], c["maxSkew"], c["whenUnsatisfiable"]) for c in constraints] == [
        ("topology.kubernetes.io/zone", 1, "DoNotSchedule"),
        ("kubernetes.io/hostname", 1, "ScheduleAnyway"),
    ]


def test_env_and_secret_references(plain: dict[str, Any]) -> None:
    (container,) = _objects(plain)["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert container["env"] == [
        {"name": "LOG_LEVEL", "value": "info"},
        {
            "name": "API_TOKEN",
            "valueFrom": {"secretKeyRef": {"name": "sample-secrets", "key": "token"}},
        },
    ]


def test_a_bare_repository_resolves_to_ecr_of_the_account_and_region(plain: dict[str, Any]) -> None:
    (container,) = _objects(plain)["Deployment"]["spec"]["template"]["spec"]["containers"]
    image = container["image"]
    assert image.startswith("${data.aws_caller_identity.")
    assert ".dkr.ecr.${data.aws_region." in image
    assert image.endswith("/sample-service:0.1.0")


def test_a_registry_repository_is_used_as_is() -> None:
    settings = ServiceSettings(
        **{**GOOD, "image": {"repository": "public.ecr.aws/team/app", "tag": "1.2.3"}}
    )
    (container,) = _objects(_synth(settings))["Deployment"]["spec"]["template"]["spec"][
        "containers"
    ]
    assert container["image"] == "public.ecr.aws/team/app:1.2.3"


def test_hpa_scales_2_to_10_at_80_percent_cpu(plain: dict[str, Any]) -> None:
    hpa = _objects(plain)["HorizontalPodAutoscaler"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    spec = hpa["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "sample-service",
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 10)
    (metric,) = spec["metrics"]
    assert metric == {
        "type": "Resource",
        "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}},
    }


def test_pdb_evicts_one_pod_at_a_time(plain: dict[str, Any]) -> None:
    pdb = _objects(plain)["PodDisruptionBudget"]
    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"] == {
        "maxUnavailable": 1,
        "selector": {"matchLabels": {"app.kubernetes.io/name": "sample-service"}},
    }


def test_cluster_ip_service_targets_the_named_port(plain: dict[str, Any]) -> None:
    spec = _objects(plain)["Service"]["spec"]
    assert spec["type"] == "ClusterIP"
    assert spec["ports"] == [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]


def test_ingress_is_https_on_the_alb_class_with_readiness_health_checks(
    plain: dict[str, Any],
) -> None:
    ingress = _objects(plain)["Ingress"]
    annotations = ingress["metadata"]["annotations"]
    assert ingress["spec"]["ingressClassName"] == INGRESS_CLASS == "alb"
    assert annotations[f"{ALB}/scheme"] == "internet-facing"
    assert annotations[f"{ALB}/target-type"] == "ip"
    assert json.loads(annotations[f"{ALB}/listen-ports"]) == [{"HTTP": 80}, {"HTTPS": 443}]
    assert annotations[f"{ALB}/ssl-redirect"] == "443"
    assert annotations[f"{ALB}/ssl-policy"] == SSL_POLICY
    assert "TLS13" in SSL_POLICY
    assert annotations[f"{ALB}/healthcheck-path"] == "/ready"
    assert annotations[f"{ALB}/healthcheck-port"] == "traffic-port"
    assert annotations[f"{ALB}/success-codes"] == "200"
    assert annotations[f"{ALB}/group.name"] == "apps"
    # Sources are restricted by the class's IngressClassParams, never per Ingress.
    assert f"{ALB}/inbound-cidrs" not in annotations
    assert f"{ALB}/certificate-arn" not in annotations
    (rule,) = ingress["spec"]["rules"]
    assert rule["host"] == "sample.dev.example.com"
    (path,) = rule["http"]["paths"]
    assert path == {
        "path": "/",
        "pathType": "Prefix",
        "backend": {"service": {"name": "sample-service", "port": {"name": "http"}}},
    }


def test_certificate_arn_is_passed_when_set() -> None:
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
    settings = ServiceSettings(
        **GOOD, ingress={"host": "sample.example.com", "certificate_arn": arn}
    )
    annotations = _objects(_synth(settings))["Ingress"]["metadata"]["annotations"]
    assert annotations[f"{ALB}/certificate-arn"] == arn


def test_without_permissions_there_is_no_role(plain: dict[str, Any]) -> None:
    assert resources(plain, "aws_iam_role") == {}
    assert resources(plain, "aws_eks_pod_identity_association") == {}
    assert "Ingress" in _objects(plain)


def test_workload_identity_grants_exactly_the_declared_access(with_data: dict[str, Any]) -> None:
    association = only(resources(with_data, "aws_eks_pod_identity_association"))
    assert association["namespace"] == "apps"
    assert association["service_account"] == "sample-service"
    assert association["cluster_name"] == "unit-eks"
    role = only(resources(with_data, "aws_iam_role"))
    assert role["name"] == "unit-eks-apps-sample-service"
    documents = data_sources(with_data, "aws_iam_policy_document")
    policy = next(d for name, d in documents.items() if "policy" in name and "trust" not in name)
    statements = {s["sid"]: s for s in policy["statement"]}
    assert sorted(statements) == ["ConnectToCache", "ConnectToDatabase", "Declared0"]
    database = statements["ConnectToDatabase"]
    assert database["actions"] == ["rds-db:connect"]
    (arn,) = database["resources"]
    assert ":rds-db:${data.aws_region." in arn
    assert ":dbuser:${data.aws_rds_cluster." in arn
    assert arn.endswith(".cluster_resource_id}/sample_app")
    cluster = only(data_sources(with_data, "aws_rds_cluster"))
    assert cluster["cluster_identifier"] == "unit-aurora"
    cache = statements["ConnectToCache"]
    assert cache["actions"] == ["elasticache:Connect"]
    assert [r.rsplit(":", 2)[-2:] for r in cache["resources"]] == [
        ["replicationgroup", "unit-redis"],
        ["user", "unit-redis-app"],
    ]
    assert statements["Declared0"]["actions"] == ["s3:GetObject"]


def _with_data_through(identity: ClusterIdentity) -> dict[str, Any]:
    return _synth(
        ServiceSettings(**GOOD, data_access={"database_users": ("sample_app",)}),
        database_cluster_identifier="unit-aurora",
        identity=identity,
    )


def test_pod_identity_pods_wait_for_the_association(with_data: dict[str, Any]) -> None:
    manifests = resources(with_data, "kubernetes_manifest")
    deployment = by_path(manifests, "service_sample/deployment")
    association = name_by_path(
        resources(with_data, "aws_eks_pod_identity_association"),
        "service_sample/identity/association",
    )
    account = name_by_path(manifests, "service_sample/service_account")
    assert f"aws_eks_pod_identity_association.{association}" in deployment["depends_on"]
    assert f"kubernetes_manifest.{account}" in deployment["depends_on"]
    template = deployment["manifest"]["spec"]["template"]["metadata"]
    assert template["annotations"] == {"platform/workload-identity": "pod_identity"}
    assert (
        "annotations"
        not in by_path(manifests, "service_sample/service_account")["manifest"]["metadata"]
    )


def test_with_irsa_the_service_account_names_the_role() -> None:
    oidc = OidcProvider(
        arn="arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
        issuer_url="https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
    )
    stack = _with_data_through(
        ClusterIdentity(cluster_name="unit-eks", mode="irsa", oidc_provider=oidc)
    )
    assert resources(stack, "aws_eks_pod_identity_association") == {}
    role = name_by_path(resources(stack, "aws_iam_role"), "service_sample/identity/role")
    manifests = resources(stack, "kubernetes_manifest")
    account = by_path(manifests, "service_sample/service_account")["manifest"]
    assert account["metadata"]["annotations"] == {
        "eks.amazonaws.com/role-arn": f"${{aws_iam_role.{role}.arn}}"
    }
    # A change of mechanism rolls the pods: credentials are injected when a pod starts.
    deployment = by_path(manifests, "service_sample/deployment")["manifest"]
    assert deployment["spec"]["template"]["metadata"]["annotations"] == {
        "platform/workload-identity": "irsa"
    }
    # Same role address as with Pod Identity; the policy becomes a managed policy.
    pod_identity = _with_data_through(ClusterIdentity(cluster_name="unit-eks", mode="pod_identity"))
    assert set(resources(stack, "aws_iam_role")) == set(resources(pod_identity, "aws_iam_role"))
    policy = only(resources(stack, "aws_iam_policy"))
    assert policy["name"] == "unit-eks-apps-sample-service"


def test_props_require_the_data_stores_the_service_uses() -> None:
    settings = ServiceSettings(**GOOD, data_access={"database_users": ("app",)})
    with pytest.raises(SettingsError, match="database_cluster_identifier"):
        ServiceProps(settings=settings, cluster_name="unit-eks")
    settings = ServiceSettings(**GOOD, data_access={"cache_users": ("app",)})
    with pytest.raises(SettingsError, match="cache_replication_group_id"):
        ServiceProps(settings=settings, cluster_name="unit-eks")


def test_props_refuse_a_role_name_iam_cannot_hold() -> None:
    settings = ServiceSettings(
        **{
            **GOOD,
            "name": "a-very-long-service-name-of-forty-chars",
            "namespace": "a-rather-long-namespace-name",
            "iam_statements": ({"actions": ("s3:GetObject",), "resources": ("*",)},),
        }
    )
    with pytest.raises(SettingsError, match="IAM allows 64"):
        ServiceProps(settings=settings, cluster_name="platform-prod-eks")
