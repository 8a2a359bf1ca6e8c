"""What a deployment decides about the namespaces its teams deploy into (cdktf-free)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from ..eks.settings import RoleName
from ..shared.settings import FieldError, Settings, problem_if, raise_problems
from ..shared.validation import Rule, matching
from .quantity import Quantity, at_most

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

    requests_cpu: Quantity = "4"
    """Sum of CPU requests, a Kubernetes quantity. Default: 4 cores."""
    requests_memory: Quantity = "8Gi"
    """Sum of memory requests. Default: 8Gi."""
    limits_cpu: Quantity = "8"
    """Sum of CPU limits (at least ``requests_cpu``). Default: 8 cores."""
    limits_memory: Quantity = "16Gi"
    """Sum of memory limits (at least ``requests_memory``). Default: 16Gi."""
    pods: int = Field(default=50, ge=1)
    """Number of pods. Default: 50."""
    load_balancer_services: int = Field(default=0, ge=0)
    """Services of type LoadBalancer (each is an NLB). Default: 0: expose through an
    Ingress on the shared ALB instead."""

    @model_validator(mode="after")
    def _requests_within_limits(self) -> Self:
        problems = []
        for resource in ("cpu", "memory"):
            request = getattr(self, f"requests_{resource}")
            limit = getattr(self, f"limits_{resource}")
            problems.append(
                problem_if(
                    not at_most(request, limit),
                    f"limits_{resource}",
                    limit,
                    f"expected at least requests_{resource} ({request}): every container's "
                    "limit is at least its request",
                )
            )
        raise_problems(*problems)
        return self


class LimitRangeSettings(Settings):
    """The LimitRange of a namespace: defaults for containers that state none, and the
    largest container allowed."""

    default_request_cpu: Quantity = "100m"
    """CPU request of a container that states none. Default: 100m."""
    default_request_memory: Quantity = "128Mi"
    """Memory request of a container that states none. Default: 128Mi."""
    default_limit_cpu: Quantity = "500m"
    """CPU limit of a container that states none (at least ``default_request_cpu``).
    Default: 500m."""
    default_limit_memory: Quantity = "512Mi"
    """Memory limit of a container that states none (at least
    ``default_request_memory``). Default: 512Mi."""
    max_cpu: Quantity = "2"
    """Largest CPU limit of one container (at least ``default_limit_cpu``). Default: 2
    cores."""
    max_memory: Quantity = "4Gi"
    """Largest memory limit of one container (at least ``default_limit_memory``).
    Default: 4Gi."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        # The API server rejects a LimitRange whose default request exceeds its default
        # limit, or whose default limit exceeds its max (Kubernetes, "Limit Ranges").
        problems: list[FieldError | None] = []
        for resource in ("cpu", "memory"):
            request = getattr(self, f"default_request_{resource}")
            limit = getattr(self, f"default_limit_{resource}")
            largest = getattr(self, f"max_{resource}")
            problems.append(
                problem_if(
                    not at_most(request, limit),
                    f"default_limit_{resource}",
                    limit,
                    f"expected at least default_request_{resource} ({request})",
                )
            )
            problems.append(
                problem_if(
                    not at_most(limit, largest),
                    f"max_{resource}",
                    largest,
                    f"expected at least default_limit_{resource} ({limit})",
                )
            )
        raise_problems(*problems)
        return self


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
    allow_https_egress: bool = True
    """Pods may open HTTPS (TCP 443) connections to any address: AWS APIs (STS, ECR,
    CloudWatch, Secrets Manager, ...) have no fixed addresses a NetworkPolicy could name.
    Default: true. Without it, pods reach only DNS, their namespace, the Pod Identity
    agent and the platform's data stores."""

    @model_validator(mode="after")
    def _fits(self) -> Self:
        problems: list[FieldError | None] = [
            problem_if(
                self.name in self.allow_ingress_from_namespaces,
                "allow_ingress_from_namespaces",
                list(self.allow_ingress_from_namespaces),
                f"expected other namespaces than {self.name!r} itself (its own pods always "
                "reach each other)",
            ),
            problem_if(
                len(set(self.allow_ingress_from_namespaces))
                != len(self.allow_ingress_from_namespaces),
                "allow_ingress_from_namespaces",
                list(self.allow_ingress_from_namespaces),
                "expected each namespace once",
            ),
        ]
        for resource in ("cpu", "memory"):
            largest = getattr(self.limits, f"max_{resource}")
            quota = getattr(self.quota, f"limits_{resource}")
            problems.append(
                problem_if(
                    not at_most(largest, quota),
                    f"limits.max_{resource}",
                    largest,
                    f"expected at most quota.limits_{resource} ({quota}): a container this "
                    "large could never be admitted",
                )
            )
        raise_problems(*problems)
        return self
