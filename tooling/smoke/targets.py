"""What the smoke check expects of an environment, read from its configuration.

Nothing here is a second list: the zones are ``network.availability_zones``, the add-ons
are the core stack's :data:`~platform_cdktf.modules.eks.settings.CORE_ADDONS` and the
platform add-ons that ``addons`` turns on, the services are ``services``.
"""

from __future__ import annotations

from dataclasses import dataclass

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.cluster_addons.settings import (
    ClusterAddonsSettings,
)
from platform_cdktf.modules.eks.settings import CORE_ADDONS


@dataclass(frozen=True)
class ServiceTarget:
    """One configured service as the smoke check sees it."""

    name: str
    """Name of its Deployment, Service and Ingress (modules/service names them all so)."""
    namespace: str
    """Its namespace."""
    readiness_path: str
    """Readiness probe path, also the load balancer's health check."""
    host: str | None
    """Host name of its Ingress; ``None`` for a service reachable only in the cluster."""
    ingress_path: str = "/"
    """Path prefix its Ingress routes (``pathType: Prefix``)."""

    @property
    def readiness_routed(self) -> bool:
        """Whether the Ingress routes the readiness path to the service: ``Prefix``
        matching is by path element, so ``/api`` matches ``/api`` and ``/api/ready`` but
        not ``/apiready`` (Kubernetes, "Ingress": Path types)."""
        prefix = self.ingress_path.rstrip("/")
        path = self.readiness_path
        return not prefix or path == prefix or path.startswith(prefix + "/")


@dataclass(frozen=True)
class SmokeTargets:
    """Everything the smoke check of one environment looks at."""

    environment: str
    cluster_name: str
    region: str
    zones: tuple[str, ...]
    """Availability Zones that must each have a Ready node."""
    addons: tuple[str, ...]
    """EKS add-ons that must be ``ACTIVE``."""
    services: tuple[ServiceTarget, ...]
    direct_to_load_balancer: bool
    """Whether the load balancers admit this machine: true when ``alb_controller`` sets no
    ``inbound_cidrs``. Otherwise (prod: Cloudflare's ranges only) the readiness request
    goes to the service's host name through public DNS, the path its users take."""


def expected_addons(addons: ClusterAddonsSettings) -> tuple[str, ...]:
    """Every EKS add-on of a cluster: the core add-ons the core stack always creates and
    the platform add-ons ``addons`` enables (modules/cluster_addons)."""
    return (*CORE_ADDONS, *addons.enabled_addons)


def smoke_targets(config: EnvironmentConfig) -> SmokeTargets:
    """The smoke check's expectations of ``config``'s environment."""
    return SmokeTargets(
        environment=config.name,
        cluster_name=config.cluster_name,
        region=config.region,
        zones=tuple(config.network.availability_zones),
        addons=expected_addons(config.addons),
        services=tuple(
            ServiceTarget(
                name=service.name,
                namespace=service.namespace,
                readiness_path=service.readiness.path,
                host=service.ingress.host if service.ingress is not None else None,
                ingress_path=service.ingress.path if service.ingress is not None else "/",
            )
            for service in config.services
        ),
        direct_to_load_balancer=not config.alb_controller.inbound_cidrs,
    )
