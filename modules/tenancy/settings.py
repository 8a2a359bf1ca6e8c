"""What a deployment decides about the namespaces its teams deploy into (cdktf-free)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..eks.settings import RoleName
from ..shared.settings import Settings
from ..shared.validation import Rule, matching

check_namespace_name = matching(
    r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
    "expected a DNS-1123 label: at most 63 lowercase letters, digits and hyphens",
)

NamespaceName = Annotated[
    str, AfterValidator(check_namespace_name), Rule("a Kubernetes namespace name")
]
"""A namespace name (Kubernetes, "Namespaces": an RFC 1123 DNS label)."""

PodSecurityLevel = Literal["restricted", "baseline", "privileged"]
"""A Pod Security Standards level (Kubernetes, "Pod Security Standards")."""


class ResourceQuotaSettings(Settings):
    """The ResourceQuota of a namespace: what all its pods together may request."""

    requests_cpu: str = "4"
    """Sum of CPU requests, a Kubernetes quantity. Default: 4 cores."""
    requests_memory: str = "8Gi"
    """Sum of memory requests. Default: 8Gi."""
    limits_cpu: str = "8"
    """Sum of CPU limits. Default: 8 cores."""
    limits_memory: str = "16Gi"
    """Sum of memory limits. Default: 16Gi."""
    pods: int = Field(default=50, ge=1)
    """Number of pods. Default: 50."""
    load_balancer_services: int = Field(default=0, ge=0)
    """Services of type LoadBalancer (each is an NLB). Default: 0: expose through an
    Ingress on the shared ALB instead."""


class LimitRangeSettings(Settings):
    """The LimitRange of a namespace: defaults for containers that state none, and the
    largest container allowed."""

    default_request_cpu: str = "100m"
    """CPU request of a container that states none. Default: 100m."""
    default_request_memory: str = "128Mi"
    """Memory request of a container that states none. Default: 128Mi."""
    default_limit_cpu: str = "500m"
    """CPU limit of a container that states none. Default: 500m."""
    default_limit_memory: str = "512Mi"
    """Memory limit of a container that states none. Default: 512Mi."""
    max_cpu: str = "2"
    """Largest CPU limit of one container. Default: 2 cores."""
    max_memory: str = "4Gi"
    """Largest memory limit of one container. Default: 4Gi."""


class NamespaceSettings(Settings):
    """A namespace a team deploys into, fenced by Pod Security Standards, a quota, a limit
    range and a default-deny network policy."""

    name: NamespaceName
    """Namespace name."""
    pod_security: PodSecurityLevel = "restricted"
    """Pod Security Standards level, enforced, audited and warned. Default: restricted."""
    quota: ResourceQuotaSettings = Field(default_factory=ResourceQuotaSettings)
    """The namespace's ResourceQuota. Default: the documented quota."""
    limits: LimitRangeSettings = Field(default_factory=LimitRangeSettings)
    """The namespace's LimitRange. Default: the documented limits."""
    deployer_role_name: RoleName | None = None
    """IAM role (of the cluster's account) that may deploy into this namespace and nowhere
    else, through an EKS access entry. Default: none."""
    allow_ingress_from_namespaces: tuple[NamespaceName, ...] = ()
    """Other namespaces whose pods may connect to this one's. Default: none (the same
    namespace, DNS and the load balancers only)."""
