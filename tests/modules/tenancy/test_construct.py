"""The Tenancy construct: a namespace, its fences and its deployers, as manifests."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider

from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.tenancy import (
    POD_IDENTITY_AGENT_CIDR,
    DeployerAccess,
    DeployerAccessProps,
    NamespaceSettings,
    Tenancy,
    TenancyProps,
    deployer_roles,
    egress_peers,
)
from tests.support.synth import only, resources
from tests.support.units import synth_stack

PUBLIC = ("10.0.192.0/24", "10.0.193.0/24", "10.0.194.0/24")
DATABASE = ("10.0.200.0/24", "10.0.201.0/24", "10.0.202.0/24")


def _synth(
    *namespaces: NamespaceSettings, load_balancer_ports: tuple[int, ...] = (8080,)
) -> dict[str, Any]:
    def build(stack: TerraformStack) -> None:
        KubernetesProvider(stack, "kubernetes")
        for namespace in namespaces:
            Tenancy(
                stack,
                f"namespace_{namespace.name}",
                props=TenancyProps(
                    settings=namespace,
                    kubernetes_version="1.35",
                    load_balancer_cidrs=PUBLIC,
                    load_balancer_ports=load_balancer_ports,
                    data_store_cidrs=DATABASE,
                    data_store_ports=(5432, 6379),
                ),
            )
        for role, names in deployer_roles(namespaces).items():
            DeployerAccess(
                stack,
                f"deployer_{role}",
                props=DeployerAccessProps(
                    cluster_name="unit-eks", role_name=role, namespaces=names
                ),
            )

    stack, _ = synth_stack(build)
    return stack


def _objects(stack: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Manifests by (kind, name)."""
    return {
        (r["manifest"]["kind"], r["manifest"]["metadata"]["name"]): r
        for r in resources(stack, "kubernetes_manifest").values()
    }


@pytest.fixture(scope="module")
def apps() -> dict[str, Any]:
    return _synth(
        NamespaceSettings(
            name="apps",
            deployer_role_name="apps-deployer",
            allow_ingress_from_namespaces=("monitoring",),
        )
    )


def test_namespace_carries_pss_labels_pinned_to_the_cluster_version(apps: dict[str, Any]) -> None:
    labels = _objects(apps)[("Namespace", "apps")]["manifest"]["metadata"]["labels"]
    for mode in ("enforce", "audit", "warn"):
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted"
        assert labels[f"pod-security.kubernetes.io/{mode}-version"] == "v1.35"
    assert labels["app.kubernetes.io/managed-by"] == "terraform"
    # Rollouts wait for the ALB to see a new pod healthy before an old one goes.
    assert labels["elbv2.k8s.aws/pod-readiness-gate-inject"] == "enabled"


def test_quota_and_limit_range_hold_the_settings(apps: dict[str, Any]) -> None:
    objects = _objects(apps)
    hard = objects[("ResourceQuota", "quota")]["manifest"]["spec"]["hard"]
    assert hard == {
        "requests.cpu": "4",
        "requests.memory": "8Gi",
        "limits.cpu": "8",
        "limits.memory": "16Gi",
        "pods": "50",
        "services.loadbalancers": "0",
    }
    (limit,) = objects[("LimitRange", "container-limits")]["manifest"]["spec"]["limits"]
    assert limit == {
        "type": "Container",
        "default": {"cpu": "500m", "memory": "512Mi"},
        "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
        "max": {"cpu": "2", "memory": "4Gi"},
    }


def test_every_namespaced_object_waits_for_the_namespace(apps: dict[str, Any]) -> None:
    objects = _objects(apps)
    namespace = next(
        name
        for name, r in resources(apps, "kubernetes_manifest").items()
        if r["manifest"]["kind"] == "Namespace"
    )
    for (kind, _), resource in objects.items():
        if kind != "Namespace":
            assert resource["depends_on"] == [f"kubernetes_manifest.{namespace}"]
            assert resource["manifest"]["metadata"]["namespace"] == "apps"


def test_default_deny_selects_every_pod_for_both_directions(apps: dict[str, Any]) -> None:
    spec = _objects(apps)[("NetworkPolicy", "default-deny")]["manifest"]["spec"]
    assert spec == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_dns_is_allowed_to_coredns_only(apps: dict[str, Any]) -> None:
    spec = _objects(apps)[("NetworkPolicy", "allow-dns")]["manifest"]["spec"]
    assert spec["policyTypes"] == ["Egress"]
    (rule,) = spec["egress"]
    assert rule["to"] == [
        {
            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
        }
    ]
    assert {(p["protocol"], p["port"]) for p in rule["ports"]} == {("UDP", 53), ("TCP", 53)}


def test_the_alb_reaches_the_service_ports_from_the_public_subnets(apps: dict[str, Any]) -> None:
    spec = _objects(apps)[("NetworkPolicy", "allow-load-balancer")]["manifest"]["spec"]
    (rule,) = spec["ingress"]
    assert [peer["ipBlock"]["cidr"] for peer in rule["from"]] == list(PUBLIC)
    assert rule["ports"] == [{"protocol": "TCP", "port": 8080}]


def test_egress_admits_pod_identity_https_and_the_data_stores(apps: dict[str, Any]) -> None:
    objects = _objects(apps)
    aws = objects[("NetworkPolicy", "allow-aws-apis")]["manifest"]["spec"]["egress"]
    assert aws == [
        {
            "to": [{"ipBlock": {"cidr": POD_IDENTITY_AGENT_CIDR}}],
            "ports": [{"protocol": "TCP", "port": 80}],
        },
        {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"protocol": "TCP", "port": 443}]},
    ]
    (data,) = objects[("NetworkPolicy", "allow-data-stores")]["manifest"]["spec"]["egress"]
    assert [peer["ipBlock"]["cidr"] for peer in data["to"]] == list(DATABASE)
    assert [p["port"] for p in data["ports"]] == [5432, 6379]


def test_peer_namespaces_are_selected_by_name(apps: dict[str, Any]) -> None:
    spec = _objects(apps)[("NetworkPolicy", "allow-from-namespaces")]["manifest"]["spec"]
    (rule,) = spec["ingress"]
    (peer,) = rule["from"]
    assert peer["namespaceSelector"]["matchExpressions"] == [
        {"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["monitoring"]}
    ]


def test_without_https_egress_or_ingress_ports_those_allows_are_absent() -> None:
    stack = _synth(
        NamespaceSettings(name="batch", allow_https_egress=False), load_balancer_ports=()
    )
    objects = _objects(stack)
    assert ("NetworkPolicy", "allow-load-balancer") not in objects
    assert ("NetworkPolicy", "allow-from-namespaces") not in objects
    assert ("Role", "deployer") not in objects
    aws = objects[("NetworkPolicy", "allow-aws-apis")]["manifest"]["spec"]["egress"]
    assert [rule["to"][0]["ipBlock"]["cidr"] for rule in aws] == [POD_IDENTITY_AGENT_CIDR]
    assert resources(stack, "aws_eks_access_entry") == {}


def test_deployer_role_is_namespaced_and_never_touches_secrets_or_rbac(
    apps: dict[str, Any],
) -> None:
    objects = _objects(apps)
    role = objects[("Role", "deployer")]["manifest"]
    resources_granted = {resource for rule in role["rules"] for resource in rule["resources"]}
    assert "deployments" in resources_granted
    assert "ingresses" in resources_granted
    assert "horizontalpodautoscalers" in resources_granted
    assert "secrets" not in resources_granted
    assert "pods/exec" not in resources_granted
    assert not any("rbac.authorization.k8s.io" in rule["apiGroups"] for rule in role["rules"])
    for rule in role["rules"]:
        if rule["resources"] == ["networkpolicies"]:
            assert rule["verbs"] == ["get", "list", "watch"]
    binding = objects[("RoleBinding", "deployer")]["manifest"]
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": "deployer",
    }
    assert binding["subjects"] == [
        {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "Group",
            "name": "platform:apps:deployers",
        }
    ]


def test_one_access_entry_per_role_with_the_groups_of_all_its_namespaces() -> None:
    stack = _synth(
        NamespaceSettings(name="web", deployer_role_name="team-deployer"),
        NamespaceSettings(name="api", deployer_role_name="team-deployer"),
        NamespaceSettings(name="batch", deployer_role_name="batch-deployer"),
    )
    entries = {
        entry["principal_arn"].rsplit("/", 1)[1]: entry
        for entry in resources(stack, "aws_eks_access_entry").values()
    }
    assert sorted(entries) == ["batch-deployer", "team-deployer"]
    team = entries["team-deployer"]
    assert team["kubernetes_groups"] == ["platform:api:deployers", "platform:web:deployers"]
    assert team["type"] == "STANDARD"
    assert team["cluster_name"] == "unit-eks"
    # Built in the cluster's account and partition, never a hard-coded ARN.
    assert team["principal_arn"].startswith("arn:${data.aws_partition.")
    assert ":iam::${data.aws_caller_identity." in team["principal_arn"]
    # Rights come from RBAC alone: no access policy is associated.
    assert resources(stack, "aws_eks_access_policy_association") == {}


def test_props_refuse_ports_without_load_balancer_cidrs() -> None:
    with pytest.raises(SettingsError, match="load_balancer_cidrs"):
        TenancyProps(
            settings=NamespaceSettings(name="apps"),
            kubernetes_version="1.35",
            load_balancer_ports=(8080,),
        )


def test_deployer_access_needs_a_namespace() -> None:
    with pytest.raises(SettingsError, match="at least one namespace"):
        DeployerAccessProps(cluster_name="unit-eks", role_name="r", namespaces=())


def test_only_one_access_entry_resource_per_stack_for_one_role() -> None:
    stack = _synth(NamespaceSettings(name="apps", deployer_role_name="apps-deployer"))
    entry = only(resources(stack, "aws_eks_access_entry"))
    assert entry["kubernetes_groups"] == ["platform:apps:deployers"]


def test_a_namespace_admitted_by_another_gets_egress_to_it() -> None:
    web = NamespaceSettings(name="web")
    api = NamespaceSettings(name="api", allow_ingress_from_namespaces=("web",))
    assert egress_peers([web, api]) == {"web": ("api",)}

    def build(stack: TerraformStack) -> None:
        KubernetesProvider(stack, "kubernetes")
        Tenancy(
            stack,
            "namespace_web",
            props=TenancyProps(
                settings=web, kubernetes_version="1.35", egress_to_namespaces=("api",)
            ),
        )

    stack, _ = synth_stack(build)
    spec = _objects(stack)[("NetworkPolicy", "allow-to-namespaces")]["manifest"]["spec"]
    assert spec["policyTypes"] == ["Egress"]
    assert spec["egress"] == [
        {
            "to": [
                {
                    "namespaceSelector": {
                        "matchExpressions": [
                            {
                                "key": "kubernetes.io/metadata.name",
                                "operator": "In",
                                "values": ["api"],
                            }
                        ]
                    }
                }
            ]
        }
    ]
