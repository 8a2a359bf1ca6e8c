"""What a deployment decides about one application it runs on the cluster (cdktf-free).

The numbers default to the seed's deployment practice: rolling updates with 25% surge and
25% unavailable, liveness on ``/health`` and readiness on ``/ready``, 2 to 10 replicas
scaled at 80% CPU, and a PodDisruptionBudget.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from ..shared.settings import Settings
from ..shared.validation import Port, Rule, matching
from ..tenancy.settings import NamespaceName

check_service_name = matching(
    r"[a-z]([-a-z0-9]{0,38}[a-z0-9])?",
    "expected a DNS-1035 label of at most 40 characters: lowercase letters, digits and "
    "hyphens, starting with a letter",
)

ServiceName = Annotated[str, AfterValidator(check_service_name), Rule("a service name")]
"""Name of a service: its Deployment, Service, ServiceAccount and IAM role derive from it."""


class ImageSettings(Settings):
    """The container image: a repository and an exact tag."""

    repository: str
    """An image repository (``registry/path``), or a bare ECR repository name such as
    ``sample-service`` that is resolved in the environment's account and Region."""
    tag: str
    """Image tag, kept in ``environments/releases.toml`` so a service's pipeline changes
    it with a one-line commit."""


class ProbeSettings(Settings):
    """An HTTP probe on the service's port."""

    path: str
    """HTTP path, e.g. ``/health``."""
    initial_delay_seconds: int = Field(default=0, ge=0)
    """Seconds before the first probe. Default: 0."""
    period_seconds: int = Field(default=10, ge=1)
    """Seconds between probes. Default: 10."""
    timeout_seconds: int = Field(default=2, ge=1)
    """Seconds a probe may take. Default: 2."""
    failure_threshold: int = Field(default=3, ge=1)
    """Failed probes in a row before the container counts as failed. Default: 3."""


class ResourcesSettings(Settings):
    """Requests and limits of the service's container (required: the scheduler and the
    HPA's CPU utilization are computed from the requests)."""

    cpu_request: str
    """CPU request, a Kubernetes quantity such as ``250m``."""
    memory_request: str
    """Memory request, such as ``256Mi``."""
    cpu_limit: str
    """CPU limit."""
    memory_limit: str
    """Memory limit."""


class AutoscalingSettings(Settings):
    """The HorizontalPodAutoscaler (autoscaling/v2) of the service."""

    min_replicas: int = Field(default=2, ge=1)
    """Fewest replicas. Default: 2 (the seed)."""
    max_replicas: int = Field(default=10, ge=1)
    """Most replicas. Default: 10 (the seed)."""
    cpu_utilization: int = Field(default=80, ge=1, le=100)
    """Target average CPU utilization, percent of the request. Default: 80 (the seed)."""


class RolloutSettings(Settings):
    """The Deployment's rolling-update strategy."""

    max_surge: str = "25%"
    """Pods above the desired count during a rollout. Default: 25% (the seed)."""
    max_unavailable: str = "25%"
    """Pods below the desired count during a rollout. Default: 25% (the seed)."""


class SecretReference(Settings):
    """An environment variable read from a key of a Kubernetes Secret in the namespace."""

    secret: str
    """Secret name."""
    key: str
    """Key in the Secret."""


class IamStatementSettings(Settings):
    """An extra IAM statement of the service's workload identity."""

    actions: tuple[str, ...] = Field(min_length=1)
    """IAM actions, ``service:Action``."""
    resources: tuple[str, ...] = Field(min_length=1)
    """Resource ARNs."""


class DataAccessSettings(Settings):
    """The platform data stores the service connects to with IAM authentication."""

    database_users: tuple[str, ...] = ()
    """Aurora PostgreSQL users the service may connect as (``rds-db:connect``)."""
    cache_users: tuple[str, ...] = ()
    """ElastiCache users the service may connect as (``elasticache:Connect``)."""


class IngressSettings(Settings):
    """How the service is reached from outside: an HTTPS Ingress on the shared ALB."""

    host: str
    """Host name the Ingress answers, e.g. ``sample.dev.example.com``."""
    certificate_arn: str | None = None
    """ACM certificate for ``host``. Default: discovered by the controller from ``host``."""
    path: str = "/"
    """Path prefix routed to the service. Default: ``/``."""


class ServiceSettings(Settings):
    """One application on the cluster: a Deployment and what keeps it available and
    reachable."""

    name: ServiceName
    """Service name."""
    namespace: NamespaceName
    """Namespace (one of the environment's ``namespaces``)."""
    image: ImageSettings
    """Container image."""
    port: Port = 8080
    """Container port the application listens on. Default: 8080."""
    liveness: ProbeSettings = Field(default_factory=lambda: ProbeSettings(path="/health"))
    """Liveness probe. Default: ``/health``."""
    readiness: ProbeSettings = Field(default_factory=lambda: ProbeSettings(path="/ready"))
    """Readiness probe; also the load balancer's health check. Default: ``/ready``."""
    resources: ResourcesSettings
    """Requests and limits (required)."""
    autoscaling: AutoscalingSettings = Field(default_factory=AutoscalingSettings)
    """Replica range and CPU target. Default: 2-10 at 80%."""
    rollout: RolloutSettings = Field(default_factory=RolloutSettings)
    """Rolling-update strategy. Default: 25% / 25%."""
    env: dict[str, str] = Field(default_factory=dict)
    """Plain environment variables. Default: none."""
    secret_env: dict[str, SecretReference] = Field(default_factory=dict)
    """Environment variables from Secrets. Default: none."""
    data_access: DataAccessSettings = Field(default_factory=DataAccessSettings)
    """IAM-authenticated access to the platform's data stores. Default: none."""
    iam_statements: tuple[IamStatementSettings, ...] = ()
    """Further permissions of the workload identity. Default: none."""
    ingress: IngressSettings | None = None
    """The Ingress. Default: none (reachable inside the cluster only)."""
