"""The typed, validated configuration of one environment: the modules' settings, composed.

Everything here is data: no cdktf import, so loading and validating a configuration takes
milliseconds and fails before any synthesis. Each module's settings model is embedded as
it is (``network`` is a :class:`VpcSettings`, ``aurora`` an :class:`AuroraPostgresSettings`,
...), so an environment gets exactly the checks a consumer building the modules' props
gets. This file adds only what involves several modules or the environment itself: the
Region of the AZs, ports the network must admit, and the production rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from platform_cdktf.modules.alarms.settings import AlarmsSettings
from platform_cdktf.modules.alb_controller.settings import AlbControllerSettings
from platform_cdktf.modules.alert_routing.settings import AlertRoutingSettings
from platform_cdktf.modules.aurora_postgres.settings import AuroraPostgresSettings
from platform_cdktf.modules.ci_runner.settings import CiRunnerSettings
from platform_cdktf.modules.cluster_addons.settings import ClusterAddonsSettings
from platform_cdktf.modules.dev_schedule.settings import DevScheduleSettings
from platform_cdktf.modules.eks.settings import EksSettings, cluster_autoscaler_problems
from platform_cdktf.modules.github_oidc.identity import GithubDelivery
from platform_cdktf.modules.github_oidc.settings import GithubOidcSettings
from platform_cdktf.modules.karpenter.settings import KarpenterSettings, karpenter_problems
from platform_cdktf.modules.operations_alarms.settings import OperationsAlarmsSettings
from platform_cdktf.modules.providers.settings import Tags
from platform_cdktf.modules.redis.settings import RedisSettings
from platform_cdktf.modules.service.settings import ServiceSettings
from platform_cdktf.modules.shared.settings import FieldError, Settings
from platform_cdktf.modules.shared.validation import (
    AccountId,
    NamePrefix,
    Region,
    Rule,
    check_slug,
)
from platform_cdktf.modules.state_backend.settings import StateBackendSettings
from platform_cdktf.modules.tenancy.settings import NamespaceSettings
from platform_cdktf.modules.vpc.settings import VpcSettings, region_of_zone

from .production import production_problems
from .workloads import workload_problems

EnvironmentName = Annotated[
    str,
    Field(min_length=2, max_length=16),
    AfterValidator(check_slug),
    Rule("lowercase letters, digits and single hyphens"),
]


class EnvironmentConfig(Settings):
    """One deployable environment (``dev``, ``prod``): everything its stacks need.

    Built and validated in ``environments/<name>.py``; an invalid value raises before any
    synthesis, with a message naming the field path.
    """

    name: EnvironmentName
    """Environment name; also the prefix of its stack names and state keys."""
    region: Region
    """AWS Region of the environment."""
    name_prefix: NamePrefix
    """Prefix of resource names (kept short: ElastiCache and load balancer names are)."""
    production: bool = False
    """The production rules apply (``environments/production.py``). Default: false."""
    account_id: AccountId | None = None
    """If set, the AWS provider refuses to run against any other account. Default: unset."""
    tags: Tags
    """Ownership and cost tags."""
    state: StateBackendSettings
    """Where this environment's Terraform state lives."""
    network: VpcSettings
    """The VPC and its subnet plan."""
    eks: EksSettings
    """The EKS cluster and its node groups."""
    karpenter: KarpenterSettings | None = None
    """Karpenter scales the nodes instead of the cluster autoscaler (which the seed names):
    the ``general`` node group becomes the small system group its controller runs on, and
    Karpenter launches every other node from its NodePools. Default: unset, the cluster
    autoscaler."""
    aurora: AuroraPostgresSettings
    """The Aurora PostgreSQL cluster."""
    redis: RedisSettings
    """The ElastiCache Redis replication group."""
    alarms: AlarmsSettings = Field(default_factory=AlarmsSettings)
    """Thresholds of the data layer's alarms (Aurora, Redis). Default: the documented
    thresholds."""
    alerts: AlertRoutingSettings = Field(default_factory=AlertRoutingSettings)
    """Who hears of the environment's alerts, per severity (e-mail, PagerDuty, Slack).
    Default: nobody subscribed (the topics exist)."""
    operations_alarms: OperationsAlarmsSettings = Field(default_factory=OperationsAlarmsSettings)
    """Alarms beyond the data layer: EKS nodes and pods, load balancers, NAT gateways,
    AWS Backup jobs and RDS events. Default: the documented thresholds."""
    dev_schedule: DevScheduleSettings | None = None
    """Stop the environment outside working hours (Aurora stopped, node groups at zero)
    and start it again. Refused in production. Default: unset, always on."""
    alb_controller: AlbControllerSettings = Field(default_factory=AlbControllerSettings)
    """The AWS Load Balancer Controller. Default: two replicas, no source restriction."""
    github: GithubDelivery | None = None
    """The GitHub repository that plans and applies this environment. With it, the
    environment's stacks run CI on a runner inside the VPC and give the delivery roles
    (created by the bootstrap stack) access to the cluster. Default: unset, none of that
    is synthesized."""
    ci_runner: CiRunnerSettings = Field(default_factory=CiRunnerSettings)
    """The GitHub Actions runner inside the VPC (only with ``github``). Default: the
    documented runner."""
    addons: ClusterAddonsSettings = Field(default_factory=ClusterAddonsSettings)
    """The platform add-ons of the cluster (metrics-server, CloudWatch Observability, Pod
    Identity agent). Default: all of them, at the versions pinned for the cluster's
    Kubernetes version."""
    namespaces: tuple[NamespaceSettings, ...] = ()
    """Namespaces teams deploy into, each fenced by Pod Security Standards, a quota, a
    limit range and a default-deny network policy. Default: none."""
    services: tuple[ServiceSettings, ...] = ()
    """Applications the platform stack deploys, each into one of ``namespaces``. Default:
    none."""

    @model_validator(mode="after")
    def _across_modules(self) -> Self:
        problems = [
            *self._zones_of_region(),
            *self._data_ports(),
            *self._dr_region(),
            *workload_problems(self),
            *karpenter_problems(self),
            *cluster_autoscaler_problems(self.eks, karpenter=self.karpenter is not None),
        ]
        if self.production:
            problems.extend(production_problems(self))
        if problems:
            raise FieldError.combine(problems)
        return self

    def _zones_of_region(self) -> list[FieldError]:
        return [
            FieldError(
                f"network.availability_zones[{index}]",
                zone,
                f"expected an Availability Zone of region {self.region} such as {self.region}a",
            )
            for index, zone in enumerate(self.network.availability_zones)
            if region_of_zone(zone) != self.region
        ]

    def _data_ports(self) -> list[FieldError]:
        if self.aurora.port == self.redis.port:
            return [
                FieldError("redis.port", self.redis.port, "expected a port other than Aurora's")
            ]
        try:
            self.network.check_database_ports(self.database_ports)
        except ValueError as error:
            return [
                FieldError(
                    "network.availability_zones", list(self.network.availability_zones), str(error)
                )
            ]
        return []

    def _dr_region(self) -> list[FieldError]:
        backup = self.aurora.dr_backup
        if backup is not None and backup.region == self.region:
            return [
                FieldError(
                    "aurora.dr_backup.region",
                    backup.region,
                    f"expected a Region other than the environment's ({self.region})",
                )
            ]
        return []

    @property
    def cluster_name(self) -> str:
        """Name of the environment's EKS cluster (the subnets are tagged for it)."""
        return f"{self.name_prefix}-eks"

    @property
    def aurora_cluster_identifier(self) -> str:
        """Identifier of the environment's Aurora cluster (``<env>-core`` creates it; the
        platform stack finds it by this name)."""
        return f"{self.name_prefix}-aurora"

    @property
    def redis_replication_group_id(self) -> str:
        """Id of the environment's ElastiCache replication group."""
        return f"{self.name_prefix}-redis"

    @property
    def redis_iam_users(self) -> tuple[str, ...]:
        """ElastiCache users of the replication group that authenticate with IAM (the
        Redis module's application user, whose id and name are identical)."""
        return (f"{self.redis_replication_group_id}-app",)

    @property
    def database_ports(self) -> tuple[int, ...]:
        """Ports the database tier admits: those of Aurora and Redis."""
        return (self.aurora.port, self.redis.port)

    def default_tags(self) -> dict[str, str]:
        """Tags every AWS resource of this environment carries (provider default_tags)."""
        return self.tags.for_environment(self.name)

    def state_key(self, stack: str) -> str:
        """S3 key of one of this environment's stacks, e.g. ``prod/core.tfstate``."""
        return self.state.state_key(self.name, stack)


class BootstrapConfig(Settings):
    """The one-off ``bootstrap`` stack that creates the state bucket and lock table."""

    name_prefix: NamePrefix
    """Prefix for the bootstrap's own resource names (KMS alias, GitHub roles)."""
    tags: Tags
    """Ownership and cost tags."""
    state: StateBackendSettings
    """The bucket and table to create; every environment stores its state there."""
    account_id: AccountId | None = None
    """If set, the AWS provider refuses to run against any other account. Default: unset."""
    github: GithubDelivery | None = None
    """The GitHub repository whose Actions workflows plan and apply the environments through
    OIDC roles the bootstrap creates (no long-lived keys). Default: unset, no roles."""
    delivery: GithubOidcSettings = Field(default_factory=GithubOidcSettings)
    """Which environments get delivery identities (only with ``github``). Default: ``dev``
    and ``prod``, two-hour sessions, a new OIDC provider."""

    def default_tags(self) -> dict[str, str]:
        """Tags of the bootstrap resources (``Environment`` = ``shared``)."""
        return self.tags.for_environment("shared")


def check_same_state_backend(
    bootstrap: BootstrapConfig, environments: Sequence[EnvironmentConfig]
) -> list[FieldError]:
    """Every environment must keep its state in the bucket the bootstrap creates."""
    problems = []
    for environment in environments:
        for field, expected in (
            ("bucket", bootstrap.state.bucket),
            ("lock_table", bootstrap.state.lock_table),
            ("region", bootstrap.state.region),
        ):
            value = getattr(environment.state, field)
            if value != expected:
                problems.append(
                    FieldError(
                        f"{environment.name}.state.{field}",
                        value,
                        f"expected the bootstrap's {expected!r} (environments/bootstrap.py)",
                    )
                )
    return problems


def check_delivery_accounts(
    bootstrap: BootstrapConfig, environments: Sequence[EnvironmentConfig]
) -> list[FieldError]:
    """An environment the bootstrap places in an account of its own must run there: its
    ``account_id`` is the one of ``bootstrap.delivery.accounts``."""
    if bootstrap.github is None:
        return []
    problems = []
    for environment in environments:
        expected = bootstrap.delivery.accounts.get(environment.name)
        if expected is not None and environment.account_id != expected:
            problems.append(
                FieldError(
                    f"{environment.name}.account_id",
                    environment.account_id,
                    f"expected {expected!r}, the account bootstrap.delivery.accounts gives "
                    "it (environments/bootstrap.py)",
                )
            )
    return problems
