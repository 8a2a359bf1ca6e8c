"""A namespace a team deploys into, and the EKS access of the roles that deploy there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cdktf_cdktf_provider_aws.eks_access_entry import EksAccessEntry
from constructs import Construct

from ..shared import AccountContext
from ..shared.manifest import KubernetesManifest, kubernetes_object, object_metadata
from ..shared.settings import invalid
from .settings import NamespaceSettings

POD_SECURITY_MODES = ("enforce", "audit", "warn")
"""Every Pod Security admission mode, each labelled on the namespace (Kubernetes,
"Enforce Pod Security Standards with namespace labels")."""

DNS_PORT = 53
KUBE_DNS_SELECTOR = {"k8s-app": "kube-dns"}
"""Label of the CoreDNS pods in ``kube-system`` (the EKS ``coredns`` add-on keeps the
upstream ``k8s-app: kube-dns`` label)."""
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
"""The label the API server sets on every namespace to its name (Kubernetes, "Well-Known
Labels, Annotations and Taints"), so a NetworkPolicy can select a namespace by name."""

POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32"
POD_IDENTITY_AGENT_PORT = 80
"""The EKS Pod Identity agent serves credentials on the node at
``http://169.254.170.23/v1/credentials`` (Amazon EKS User Guide, "Set up the Amazon EKS
Pod Identity Agent" and "Configure pods to access AWS services with service accounts":
the injected ``AWS_CONTAINER_CREDENTIALS_FULL_URI``). Under a default-deny egress policy,
pods need this allow or every AWS SDK call fails for want of credentials."""

READINESS_GATE_LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject"
"""Namespace label that makes the AWS Load Balancer Controller inject a target-health
readiness gate into pods behind its load balancers (aws-load-balancer-controller docs,
"Pod readiness gate"; its pod mutating webhook selects namespaces by this label, eks-charts
aws-load-balancer-controller 3.5.0 templates/webhook.yaml, with ``failurePolicy: Ignore``
so pods still start while the controller is down): a rolling update then waits until a
new pod is healthy in the ALB target group before it counts as ready and an old one is
terminated."""

HTTPS_PORT = 443
ANYWHERE = "0.0.0.0/0"

DEPLOYER_RULES: tuple[dict[str, Any], ...] = (
    {
        "apiGroups": ["apps"],
        "resources": ["deployments", "statefulsets"],
        "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
    {"apiGroups": ["apps"], "resources": ["replicasets"], "verbs": ["get", "list", "watch"]},
    {
        "apiGroups": [""],
        "resources": ["services", "configmaps", "serviceaccounts", "persistentvolumeclaims"],
        "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
    {
        # Deleting a pod restarts it; exec, attach and port-forward are not granted: they
        # bypass the deployment pipeline and its review.
        "apiGroups": [""],
        "resources": ["pods"],
        "verbs": ["get", "list", "watch", "delete"],
    },
    {
        "apiGroups": [""],
        "resources": ["pods/log", "events", "endpoints", "resourcequotas", "limitranges"],
        "verbs": ["get", "list", "watch"],
    },
    {
        "apiGroups": ["autoscaling"],
        "resources": ["horizontalpodautoscalers"],
        "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
    {
        "apiGroups": ["policy"],
        "resources": ["poddisruptionbudgets"],
        "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
    {
        "apiGroups": ["networking.k8s.io"],
        "resources": ["ingresses"],
        "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
    {
        "apiGroups": ["networking.k8s.io"],
        "resources": ["networkpolicies"],
        "verbs": ["get", "list", "watch"],
    },
    {
        "apiGroups": ["batch"],
        "resources": ["jobs", "cronjobs"],
        "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
)
"""What a namespace's deployers may do there. Deliberately absent: Secrets (reading one is
holding its credential; the platform team or a secrets operator puts them in place and
pods read them through ``secretKeyRef``), RBAC, NetworkPolicies, ResourceQuotas and
LimitRanges beyond reading (they are the namespace's fence), and anything outside the
namespace (a Role, not a ClusterRole)."""


def deployer_group(namespace: str) -> str:
    """The Kubernetes group whose members deploy into ``namespace``:
    ``platform:<namespace>:deployers``. An EKS access entry maps an IAM role to it."""
    return f"platform:{namespace}:deployers"


@dataclass(frozen=True, kw_only=True)
class TenancyProps:
    """A namespace and what its network policies must admit."""

    settings: NamespaceSettings
    """The namespace's settings."""
    kubernetes_version: str
    """The cluster's Kubernetes minor version, e.g. ``1.35``: the Pod Security Standards
    version labels are pinned to it, so that a cluster upgrade does not tighten the policy
    under running workloads unannounced."""
    load_balancer_cidrs: Sequence[str] = ()
    """Where the ALB reaches pods from: with ``target-type: ip`` its nodes connect from
    their ENIs in the public subnets, so these are the public subnet CIDRs. Default: none."""
    load_balancer_ports: Sequence[int] = ()
    """Container ports the ALB may reach (those of the namespace's services with an
    Ingress). Default: none, so no load-balancer ingress is admitted."""
    data_store_cidrs: Sequence[str] = ()
    """The data stores' subnets (the database subnets). Default: none."""
    data_store_ports: Sequence[int] = ()
    """Ports of the data stores (Aurora, Redis). Default: none."""
    egress_to_namespaces: Sequence[str] = ()
    """Namespaces this one's pods may connect to: those that admit it in their
    ``allow_ingress_from_namespaces`` (under default-deny egress, the admitting side's
    ingress allow alone connects nothing). Default: none."""

    def __post_init__(self) -> None:
        if self.load_balancer_ports and not self.load_balancer_cidrs:
            raise invalid(
                self,
                "load_balancer_cidrs",
                list(self.load_balancer_cidrs),
                "expected the load balancers' subnet CIDRs when load_balancer_ports are set",
            )
        if not self.kubernetes_version.count(".") == 1:
            raise invalid(
                self, "kubernetes_version", self.kubernetes_version, "expected a minor such as 1.35"
            )


class Tenancy(Construct):
    """A namespace fenced for one team.

    * The namespace, labelled with its Pod Security Standards level for ``enforce``,
      ``audit`` and ``warn``, each pinned to the cluster's minor version.
    * A ResourceQuota (requests, limits, pods, LoadBalancer Services) and a LimitRange
      (container defaults and maximum), so that every pod states resources and no team
      can take the cluster.
    * NetworkPolicies: deny all ingress and egress, then allow DNS to CoreDNS, traffic
      within the namespace, the ALB on the service ports, the namespaces named in
      ``allow_ingress_from_namespaces``, the Pod Identity agent, HTTPS anywhere (AWS APIs;
      optional) and the data stores' ports in the database subnets. Enforced by the VPC
      CNI's network policy agent.
    * With ``deployer_role_name``: a Role of what deploying needs in this namespace, bound
      to the group :func:`deployer_group`. The IAM role reaches that group through
      :class:`DeployerAccess`.
    """

    def __init__(self, scope: Construct, id_: str, *, props: TenancyProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        self.name = settings.name
        self.namespace = kubernetes_object(self, "namespace", self.namespace_manifest())
        self.manifests: dict[str, KubernetesManifest] = {}
        """Every namespaced object of this tenancy, by construct id."""
        objects: dict[str, KubernetesManifest] = {
            "quota": self.quota_manifest(),
            "limit_range": self.limit_range_manifest(),
            **self.network_policy_manifests(),
            **self.deployer_manifests(),
        }
        for object_id, manifest in objects.items():
            # The namespace must exist before anything is created in it.
            kubernetes_object(self, object_id, manifest, depends_on=[self.namespace])
            self.manifests[object_id] = manifest

    # -- manifests ------------------------------------------------------------------

    def namespace_manifest(self) -> KubernetesManifest:
        """The Namespace with its Pod Security Standards labels and the load balancer's
        readiness gate label."""
        level = self.props.settings.pod_security
        version = f"v{self.props.kubernetes_version}"
        labels: dict[str, str] = {READINESS_GATE_LABEL: "enabled"}
        for mode in POD_SECURITY_MODES:
            labels[f"pod-security.kubernetes.io/{mode}"] = level
            labels[f"pod-security.kubernetes.io/{mode}-version"] = version
        return {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": object_metadata(self.name, labels=labels),
        }

    def quota_manifest(self) -> KubernetesManifest:
        """The ResourceQuota."""
        quota = self.props.settings.quota
        return {
            "apiVersion": "v1",
            "kind": "ResourceQuota",
            "metadata": self._metadata("quota"),
            "spec": {
                "hard": {
                    "requests.cpu": quota.requests_cpu,
                    "requests.memory": quota.requests_memory,
                    "limits.cpu": quota.limits_cpu,
                    "limits.memory": quota.limits_memory,
                    "pods": str(quota.pods),
                    "services.loadbalancers": str(quota.load_balancer_services),
                }
            },
        }

    def limit_range_manifest(self) -> KubernetesManifest:
        """The LimitRange of containers: defaults for those that state nothing, and a
        maximum."""
        limits = self.props.settings.limits
        return {
            "apiVersion": "v1",
            "kind": "LimitRange",
            "metadata": self._metadata("container-limits"),
            "spec": {
                "limits": [
                    {
                        "type": "Container",
                        "default": {
                            "cpu": limits.default_limit_cpu,
                            "memory": limits.default_limit_memory,
                        },
                        "defaultRequest": {
                            "cpu": limits.default_request_cpu,
                            "memory": limits.default_request_memory,
                        },
                        "max": {"cpu": limits.max_cpu, "memory": limits.max_memory},
                    }
                ]
            },
        }

    def network_policy_manifests(self) -> dict[str, KubernetesManifest]:
        """Default deny, then the explicit allows, by construct id."""
        props = self.props
        settings = props.settings
        policies: dict[str, KubernetesManifest] = {
            # Selecting every pod with both policy types and no rule denies all traffic
            # not allowed by another policy (Kubernetes, "Network Policies": default
            # policies). Kubelet probes still pass: traffic from a pod's own node is
            # always allowed (the VPC CNI agent adds the node IP to every policy,
            # aws/aws-network-policy-agent#65).
            "default_deny": self._policy("default-deny", ingress=None, egress=None),
            "allow_dns": self._policy(
                "allow-dns",
                egress=[
                    {
                        "to": [
                            {
                                "namespaceSelector": {
                                    "matchLabels": {NAMESPACE_NAME_LABEL: "kube-system"}
                                },
                                "podSelector": {"matchLabels": dict(KUBE_DNS_SELECTOR)},
                            }
                        ],
                        "ports": [
                            {"protocol": "UDP", "port": DNS_PORT},
                            {"protocol": "TCP", "port": DNS_PORT},
                        ],
                    }
                ],
            ),
            "allow_same_namespace": self._policy(
                "allow-same-namespace",
                ingress=[{"from": [{"podSelector": {}}]}],
                egress=[{"to": [{"podSelector": {}}]}],
            ),
        }
        if props.load_balancer_ports:
            policies["allow_load_balancer"] = self._policy(
                "allow-load-balancer",
                ingress=[
                    {
                        "from": [{"ipBlock": {"cidr": cidr}} for cidr in props.load_balancer_cidrs],
                        "ports": _tcp(props.load_balancer_ports),
                    }
                ],
            )
        if settings.allow_ingress_from_namespaces:
            policies["allow_from_namespaces"] = self._policy(
                "allow-from-namespaces",
                ingress=[{"from": [_namespaces_named(settings.allow_ingress_from_namespaces)]}],
            )
        if props.egress_to_namespaces:
            policies["allow_to_namespaces"] = self._policy(
                "allow-to-namespaces",
                egress=[{"to": [_namespaces_named(props.egress_to_namespaces)]}],
            )
        aws_egress: list[dict[str, Any]] = [
            {
                "to": [{"ipBlock": {"cidr": POD_IDENTITY_AGENT_CIDR}}],
                "ports": _tcp([POD_IDENTITY_AGENT_PORT]),
            }
        ]
        if settings.allow_https_egress:
            # No `except` list: the VPC CNI network policy agent ignored `except` before
            # v1.0.4 (aws/aws-network-policy-agent#92), and AWS endpoints may be inside the
            # VPC (interface endpoints) or outside it.
            aws_egress.append(
                {"to": [{"ipBlock": {"cidr": ANYWHERE}}], "ports": _tcp([HTTPS_PORT])}
            )
        policies["allow_aws_apis"] = self._policy("allow-aws-apis", egress=aws_egress)
        if props.data_store_cidrs and props.data_store_ports:
            policies["allow_data_stores"] = self._policy(
                "allow-data-stores",
                egress=[
                    {
                        "to": [{"ipBlock": {"cidr": cidr}} for cidr in props.data_store_cidrs],
                        "ports": _tcp(props.data_store_ports),
                    }
                ],
            )
        return policies

    def deployer_manifests(self) -> dict[str, KubernetesManifest]:
        """The deployer Role and its RoleBinding to :func:`deployer_group` (none without a
        deployer role)."""
        if self.props.settings.deployer_role_name is None:
            return {}
        return {
            "deployer_role": {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "Role",
                "metadata": self._metadata("deployer"),
                "rules": [dict(rule) for rule in DEPLOYER_RULES],
            },
            "deployer_binding": {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": self._metadata("deployer"),
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "Role",
                    "name": "deployer",
                },
                "subjects": [
                    {
                        "apiGroup": "rbac.authorization.k8s.io",
                        "kind": "Group",
                        "name": deployer_group(self.name),
                    }
                ],
            },
        }

    # -- helpers --------------------------------------------------------------------

    def _metadata(self, name: str) -> dict[str, Any]:
        return object_metadata(name, namespace=self.name)

    def _policy(
        self,
        name: str,
        *,
        ingress: list[dict[str, Any]] | None = None,
        egress: list[dict[str, Any]] | None = None,
    ) -> KubernetesManifest:
        """A NetworkPolicy over every pod of the namespace. Policy types follow the rules
        given, except for the default deny, which has both and no rule."""
        types = [kind for kind, rules in (("Ingress", ingress), ("Egress", egress)) if rules]
        spec: dict[str, Any] = {"podSelector": {}, "policyTypes": types or ["Ingress", "Egress"]}
        if ingress:
            spec["ingress"] = ingress
        if egress:
            spec["egress"] = egress
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": self._metadata(name),
            "spec": spec,
        }


def _namespaces_named(names: Sequence[str]) -> dict[str, Any]:
    """A NetworkPolicy peer: every pod of the namespaces ``names``."""
    return {
        "namespaceSelector": {
            "matchExpressions": [
                {"key": NAMESPACE_NAME_LABEL, "operator": "In", "values": sorted(set(names))}
            ]
        }
    }


def _tcp(ports: Sequence[int]) -> list[dict[str, Any]]:
    return [{"protocol": "TCP", "port": port} for port in sorted(set(ports))]


@dataclass(frozen=True, kw_only=True)
class DeployerAccessProps:
    """One IAM role and the namespaces it deploys into."""

    cluster_name: str
    """The EKS cluster."""
    role_name: str
    """IAM role (no path) in the cluster's account."""
    namespaces: Sequence[str] = field(default_factory=tuple)
    """Namespaces whose deployer group the role joins (at least one)."""

    def __post_init__(self) -> None:
        if not self.namespaces:
            raise invalid(self, "namespaces", [], "expected at least one namespace")


class DeployerAccess(Construct):
    """An EKS access entry that makes an IAM role a member of the deployer groups of its
    namespaces, and nothing else: no access policy is associated, so the role's rights
    are exactly the RBAC Roles bound to those groups.

    One entry per role: a cluster holds one access entry per IAM principal (Amazon EKS
    User Guide, "Create access entries"), so a role that deploys to several namespaces
    gets all their groups in one entry.
    """

    def __init__(self, scope: Construct, id_: str, *, props: DeployerAccessProps) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        self.entry = EksAccessEntry(
            self,
            "entry",
            cluster_name=props.cluster_name,
            principal_arn=account.role_arn(props.role_name),
            type="STANDARD",
            kubernetes_groups=[deployer_group(name) for name in sorted(set(props.namespaces))],
        )


def egress_peers(namespaces: Sequence[NamespaceSettings]) -> Mapping[str, tuple[str, ...]]:
    """Namespace -> the namespaces that admit its pods (name it in
    ``allow_ingress_from_namespaces``), so that its egress can be opened to them."""
    peers: dict[str, list[str]] = {}
    for namespace in namespaces:
        for source in namespace.allow_ingress_from_namespaces:
            peers.setdefault(source, []).append(namespace.name)
    return {source: tuple(sorted(targets)) for source, targets in peers.items()}


def deployer_roles(namespaces: Sequence[NamespaceSettings]) -> Mapping[str, tuple[str, ...]]:
    """IAM role name -> the namespaces it deploys into, for roles named by any of
    ``namespaces``."""
    roles: dict[str, list[str]] = {}
    for namespace in namespaces:
        if namespace.deployer_role_name is not None:
            roles.setdefault(namespace.deployer_role_name, []).append(namespace.name)
    return {role: tuple(names) for role, names in roles.items()}
