"""Values shared by every environment: Region, tags, the state backend, the network plan."""

from __future__ import annotations

from typing import Any

from platform_cdktf.modules.github_oidc.identity import GithubDelivery
from platform_cdktf.modules.providers.settings import Tags
from platform_cdktf.modules.service.settings import (
    DataAccessSettings,
    ImageSettings,
    IngressSettings,
    ResourcesSettings,
    ServiceSettings,
)
from platform_cdktf.modules.state_backend.settings import StateBackendSettings
from platform_cdktf.modules.vpc.settings import (
    NatGatewayStrategy,
    VpcSettings,
    standard_subnet_plan,
)

from .releases import release_tag

REGION = "us-east-1"
"""Region of both environments."""
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
"""The three Availability Zones the seed spreads every tier over."""
ADMIN_ROLES = ("platform-admin",)
"""IAM roles that get cluster-admin on every cluster (create them before applying)."""

APPS_NAMESPACE = "apps"
"""The namespace the sample service (and the first teams) deploy into."""
APPS_DEPLOYER_ROLE = "platform-apps-deployer"
"""IAM role that may deploy into ``apps`` and nowhere else (create it before applying, as
the ADMIN_ROLES; a service's pipeline assumes it to run ``kubectl`` there)."""
SERVICE_DOMAIN = "example.com"
"""Placeholder DNS domain of the services' Ingress hosts (RFC 2606 reserves it). Replace
it with a domain whose ACM certificate exists in the environment's account: the load
balancer controller finds the certificate by host name."""

PROJECT_TAGS = Tags(project="enterprise-platform", owner="platform-team", cost_center="CC-1001")
"""Ownership tags. Replace owner and cost_center with your organisation's values."""

STATE_BACKEND = StateBackendSettings(
    bucket="enterprise-platform-terraform-state",
    lock_table="enterprise-platform-terraform-locks",
    region="us-east-1",
)
"""The state bucket and lock table created by the bootstrap stack. S3 bucket names are
global: choose your own (for example suffixed with the account id) before deploying."""

GITHUB: GithubDelivery | None = None
"""The GitHub repository that plans and applies every environment, pinned by its numeric
ids. Unset, no delivery identity, runner or access entry is synthesized (synthesis says
so in one line). Set it to your repository, for example::

    GITHUB = GithubDelivery(
        repository="your-org/platform-infrastructure",
        repository_id=123456789,  # gh api repos/your-org/platform-infrastructure --jq .id
        owner_id=987654321,  # gh api repos/your-org/platform-infrastructure --jq .owner.id
    )

then apply the bootstrap and customize the repository's OIDC ``sub`` claim
(docs/delivery-identities.md)."""


def name_prefix(environment: str) -> str:
    """Prefix of an environment's resource names, e.g. ``platform-dev``."""
    return f"platform-{environment}"


def identity(name: str, *, production: bool) -> dict[str, Any]:
    """The fields that name an environment and say where its state and tags come from."""
    return {
        "name": name,
        "region": REGION,
        "name_prefix": name_prefix(name),
        "production": production,
        "tags": PROJECT_TAGS,
        "state": STATE_BACKEND,
        "github": GITHUB,
    }


def standard_network(vpc_cidr: str, *, nat_gateways: NatGatewayStrategy) -> VpcSettings:
    """A /16 over :data:`ZONES` with the standard subnet plan and a year of flow logs."""
    return VpcSettings(
        vpc_cidr=vpc_cidr,
        availability_zones=ZONES,
        nat_gateways=nat_gateways,
        flow_log_retention_days=365,
        **standard_subnet_plan(vpc_cidr),
    )


def sample_service(environment: str) -> ServiceSettings:
    """The sample service of ``examples/sample-service`` with the seed's deployment
    numbers: port 8080, liveness ``/health``, readiness ``/ready``, rolling updates 25% /
    25%, 2-10 replicas at 80% CPU (the defaults of :class:`ServiceSettings`), its image
    from the ECR repository ``sample-service`` at the tag in ``releases.toml``."""
    return ServiceSettings(
        name="sample-service",
        namespace=APPS_NAMESPACE,
        image=ImageSettings(
            repository="sample-service", tag=release_tag(environment, "sample-service")
        ),
        port=8080,
        resources=ResourcesSettings(
            cpu_request="100m", memory_request="128Mi", cpu_limit="500m", memory_limit="256Mi"
        ),
        env={"LOG_LEVEL": "info"},
        # The access a typical service of the platform has: IAM authentication to Aurora
        # as the PostgreSQL user `sample_service` (created with `GRANT rds_iam`) and to
        # Redis as the Redis module's IAM user. Its Pod Identity role allows exactly that.
        data_access=DataAccessSettings(
            database_users=("sample_service",),
            cache_users=(f"{name_prefix(environment)}-redis-app",),
        ),
        ingress=IngressSettings(host=f"sample-service.{environment}.{SERVICE_DOMAIN}"),
    )
