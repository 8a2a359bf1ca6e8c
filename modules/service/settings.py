"""What a deployment decides about one application it runs on the cluster (cdktf-free).

The numbers default to the seed's deployment practice: rolling updates with 25% surge and
25% unavailable, liveness on ``/health`` and readiness on ``/ready``, 2 to 10 replicas
scaled at 80% CPU, and a PodDisruptionBudget.
"""

from __future__ import annotations

import math
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from ..shared.settings import FieldError, Settings, problem_if, raise_problems
from ..shared.validation import Port, Rule, matching
from ..tenancy.quantity import Quantity, at_most
from ..tenancy.settings import NamespaceName

check_service_name = matching(
    r"[a-z]([-a-z0-9]{0,38}[a-z0-9])?",
    "expected a DNS-1035 label of at most 40 characters: lowercase letters, digits and "
    "hyphens, starting with a letter",
)

ServiceName = Annotated[str, AfterValidator(check_service_name), Rule("a service name")]
"""Name of a service: its Deployment, Service, ServiceAccount and IAM role derive from it."""

_check_tag_form = matching(
    r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}",
    "expected an image tag: up to 128 letters, digits, underscores, periods and hyphens, "
    "not starting with a period or hyphen (OCI distribution spec)",
)


def check_image_tag(tag: str) -> str:
    """A well-formed tag that names one build: not ``latest``, which moves, so that the
    tag in ``releases.toml`` says exactly what runs and a rollback is a one-line change."""
    _check_tag_form(tag)
    if tag == "latest":
        raise ValueError("expected an immutable release tag such as 0.1.0, not 'latest'")
    return tag


check_repository = matching(
    r"([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*",
    "expected an image repository without tag or digest: lowercase path components such "
    "as sample-service or registry.example.com/team/app",
)
check_http_path = matching(
    r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*",
    "expected an absolute HTTP path such as /health",
)
check_host = matching(
    r"(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    "expected a fully qualified lowercase DNS name such as sample.dev.example.com",
)
check_env_name = matching(
    r"[A-Za-z_][A-Za-z0-9_]*",
    "expected an environment variable name: letters, digits and underscores, not "
    "starting with a digit",
)
check_rollout_amount = matching(
    r"[0-9]+%?",
    "expected a number of pods such as 1 or a percentage such as 25%",
)
check_certificate_arn = matching(
    r"arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+",
    "expected an ACM certificate ARN such as arn:aws:acm:us-east-1:123456789012:certificate/<id>",
)

HttpPath = Annotated[str, AfterValidator(check_http_path), Rule("an absolute HTTP path")]
"""An absolute HTTP path."""
EnvName = Annotated[str, AfterValidator(check_env_name), Rule("an environment variable name")]
"""An environment variable name (the portable C-identifier form)."""
RolloutAmount = Annotated[
    str, AfterValidator(check_rollout_amount), Rule("a pod count or a percentage")
]
"""A rolling-update amount: a number of pods (``1``) or a percentage (``25%``)."""


def rollout_pods(amount: str, replicas: int, *, round_up: bool) -> int:
    """Pods ``amount`` stands for at ``replicas`` replicas: Kubernetes rounds a percentage
    of maxSurge up and of maxUnavailable down (Kubernetes, "Deployments": Max Surge, Max
    Unavailable)."""
    if not amount.endswith("%"):
        return int(amount)
    exact = replicas * int(amount[:-1]) / 100
    return math.ceil(exact) if round_up else math.floor(exact)


class ImageSettings(Settings):
    """The container image: a repository and an exact tag."""

    repository: Annotated[
        str, AfterValidator(check_repository), Rule("an image repository, no tag")
    ]
    """An image repository (``registry/path``), or a bare ECR repository name such as
    ``sample-service`` that is resolved in the environment's account and Region."""
    tag: Annotated[str, AfterValidator(check_image_tag), Rule("an image tag")]
    """Image tag, kept in ``environments/releases.toml`` so a service's pipeline changes
    it with a one-line commit."""


class ProbeSettings(Settings):
    """An HTTP probe on the service's port."""

    path: HttpPath
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

    cpu_request: Quantity
    """CPU request, a Kubernetes quantity such as ``250m``."""
    memory_request: Quantity
    """Memory request, such as ``256Mi``."""
    cpu_limit: Quantity
    """CPU limit (at least ``cpu_request``)."""
    memory_limit: Quantity
    """Memory limit (at least ``memory_request``)."""

    @model_validator(mode="after")
    def _requests_within_limits(self) -> Self:
        raise_problems(
            problem_if(
                not at_most(self.cpu_request, self.cpu_limit),
                "cpu_limit",
                self.cpu_limit,
                f"expected at least cpu_request ({self.cpu_request})",
            ),
            problem_if(
                not at_most(self.memory_request, self.memory_limit),
                "memory_limit",
                self.memory_limit,
                f"expected at least memory_request ({self.memory_request})",
            ),
        )
        return self


class AutoscalingSettings(Settings):
    """The HorizontalPodAutoscaler (autoscaling/v2) of the service."""

    min_replicas: int = Field(default=2, ge=2)
    """Fewest replicas, at least 2: the PodDisruptionBudget lets a node drain evict one pod
    at a time, so a single replica would be evicted with nothing left to serve. Default: 2
    (the seed)."""
    max_replicas: int = Field(default=10, ge=1)
    """Most replicas. Default: 10 (the seed)."""
    cpu_utilization: int = Field(default=80, ge=1, le=100)
    """Target average CPU utilization, percent of the request. Default: 80 (the seed)."""

    @model_validator(mode="after")
    def _range(self) -> Self:
        raise_problems(
            problem_if(
                self.max_replicas < self.min_replicas,
                "max_replicas",
                self.max_replicas,
                f"expected at least min_replicas ({self.min_replicas})",
            )
        )
        return self


class RolloutSettings(Settings):
    """The Deployment's rolling-update strategy."""

    max_surge: RolloutAmount = "25%"
    """Pods above the desired count during a rollout. Default: 25% (the seed)."""
    max_unavailable: RolloutAmount = "25%"
    """Pods below the desired count during a rollout. Default: 25% (the seed)."""

    @model_validator(mode="after")
    def _progresses(self) -> Self:
        # The API server rejects maxSurge and maxUnavailable both zero: such a rollout
        # could never replace a pod (Kubernetes, "Deployments": Max Unavailable).
        raise_problems(
            problem_if(
                rollout_pods(self.max_surge, 100, round_up=True) == 0
                and rollout_pods(self.max_unavailable, 100, round_up=False) == 0,
                "max_unavailable",
                self.max_unavailable,
                "expected max_surge or max_unavailable above zero",
            ),
            problem_if(
                self.max_unavailable.endswith("%") and int(self.max_unavailable[:-1]) > 100,
                "max_unavailable",
                self.max_unavailable,
                "expected at most 100%",
            ),
        )
        return self


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
    """Aurora PostgreSQL users the service may connect as (``rds-db:connect``); each must
    exist in the database with the ``rds_iam`` role. Default: none."""
    cache_users: tuple[str, ...] = ()
    """ElastiCache users the service may connect as (``elasticache:Connect``), user ids of
    the environment's replication group. Default: none."""


class IngressSettings(Settings):
    """How the service is reached from outside: an HTTPS Ingress on the shared ALB."""

    host: Annotated[str, AfterValidator(check_host), Rule("a DNS name")]
    """Host name the Ingress answers, e.g. ``sample.dev.example.com``."""
    certificate_arn: (
        Annotated[str, AfterValidator(check_certificate_arn), Rule("an ACM certificate ARN")] | None
    ) = None
    """ACM certificate for ``host``. Default: discovered by the controller from ``host``."""
    path: HttpPath = "/"
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
    run_as_user: int = Field(default=10001, ge=10000, le=2**31 - 1)
    """UID (and GID) the container runs as, overriding the image's ``USER``: at least
    10000, so that it is no user of the node (checkov CKV_K8S_40). Default: 10001, the
    sample image's user."""
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
    env: dict[EnvName, str] = Field(default_factory=dict)
    """Plain environment variables. Default: none."""
    secret_env: dict[EnvName, SecretReference] = Field(default_factory=dict)
    """Environment variables from Secrets. Default: none."""
    data_access: DataAccessSettings = Field(default_factory=DataAccessSettings)
    """IAM-authenticated access to the platform's data stores. Default: none."""
    iam_statements: tuple[IamStatementSettings, ...] = ()
    """Further permissions of the workload identity. Default: none."""
    ingress: IngressSettings | None = None
    """The Ingress. Default: none (reachable inside the cluster only)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        both = sorted(set(self.env) & set(self.secret_env))
        problems: list[FieldError | None] = [
            problem_if(
                bool(both),
                "secret_env",
                both,
                "expected names not also in env (one value per variable)",
            ),
        ]
        raise_problems(*problems)
        return self

    @property
    def peak_pods(self) -> int:
        """Most pods the service runs at once: ``max_replicas`` plus the rollout's surge."""
        most = self.autoscaling.max_replicas
        return most + rollout_pods(self.rollout.max_surge, most, round_up=True)
