"""Checks that involve an environment's namespaces, services and the rest of its
configuration: where each service runs, who deploys it, and whether it fits its namespace.

Each check returns :class:`FieldError` values naming the field path under the
environment (``services[0].namespace``), so that :class:`EnvironmentConfig` reports them
with everything else that is wrong, before any synthesis.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from platform_cdktf.modules.shared.settings import FieldError
from platform_cdktf.modules.tenancy.quantity import parse_quantity

if TYPE_CHECKING:
    from platform_cdktf.modules.service.settings import ServiceSettings
    from platform_cdktf.modules.tenancy.settings import NamespaceSettings

    from .config import EnvironmentConfig


def workload_problems(config: EnvironmentConfig) -> list[FieldError]:
    """Every problem of ``config.namespaces`` and ``config.services``."""
    return [
        *_unique_names(config),
        *_services_in_namespaces(config),
        *_deployers(config),
        *_ingress_routes(config),
        *_cache_users(config),
        *_fits_namespaces(config),
    ]


def _duplicates(names: list[str]) -> set[str]:
    return {name for name, count in Counter(names).items() if count > 1}


def _unique_names(config: EnvironmentConfig) -> list[FieldError]:
    problems = []
    namespaces = [namespace.name for namespace in config.namespaces]
    for name in sorted(_duplicates(namespaces)):
        index = len(namespaces) - 1 - namespaces[::-1].index(name)
        problems.append(
            FieldError(f"namespaces[{index}].name", name, "expected each namespace once")
        )
    # Unique per environment, not per namespace: releases.toml keys image tags by service
    # name, and the name is the service's DNS label in the namespace's ALB group.
    services = [service.name for service in config.services]
    for name in sorted(_duplicates(services)):
        index = len(services) - 1 - services[::-1].index(name)
        problems.append(
            FieldError(f"services[{index}].name", name, "expected each service name once")
        )
    return problems


def _services_in_namespaces(config: EnvironmentConfig) -> list[FieldError]:
    configured = [namespace.name for namespace in config.namespaces]
    return [
        FieldError(
            f"services[{index}].namespace",
            service.namespace,
            f"expected one of the environment's namespaces {configured} (the namespace "
            "fences the service: quota, limits, network policies)",
        )
        for index, service in enumerate(config.services)
        if service.namespace not in configured
    ]


def _deployers(config: EnvironmentConfig) -> list[FieldError]:
    """A deployer role must not already have an access entry: EKS holds one entry per
    principal, so the cluster admins (and CI roles) cannot also be namespace deployers."""
    taken = dict.fromkeys(config.eks.admin_role_names, "eks.admin_role_names")
    if config.github is not None:
        taken[config.github.plan_role_name(config.name)] = "the GitHub plan role"
        taken[config.github.apply_role_name(config.name)] = "the GitHub apply role"
    return [
        FieldError(
            f"namespaces[{index}].deployer_role_name",
            namespace.deployer_role_name,
            f"expected a role other than {taken[namespace.deployer_role_name]}: it already "
            "has an EKS access entry on the cluster, and a principal has only one",
        )
        for index, namespace in enumerate(config.namespaces)
        if namespace.deployer_role_name in taken
    ]


def _ingress_routes(config: EnvironmentConfig) -> list[FieldError]:
    """Within one namespace's ALB group, two Ingresses with the same host and path would
    fight over one listener rule; across namespaces (two ALBs), one host name cannot point
    at both load balancers."""
    routes: dict[tuple[str, str], int] = {}
    hosts: dict[str, tuple[str, int]] = {}
    problems = []
    for index, service in enumerate(config.services):
        if service.ingress is None:
            continue
        host, path = service.ingress.host, service.ingress.path
        field = f"services[{index}].ingress.host"
        owner = hosts.setdefault(host, (service.namespace, index))
        if owner[0] != service.namespace:
            problems.append(
                FieldError(
                    field,
                    host,
                    f"expected a host not served by namespace {owner[0]!r} "
                    f"(services[{owner[1]}]): each namespace has its own load balancer, "
                    "and one DNS name reaches only one",
                )
            )
            continue
        earlier = routes.setdefault((host, path), index)
        if earlier != index:
            problems.append(
                FieldError(
                    field,
                    host,
                    f"expected a host and path not already routed to services[{earlier}]",
                )
            )
    return problems


def _cache_users(config: EnvironmentConfig) -> list[FieldError]:
    users = list(config.redis_iam_users)
    return [
        FieldError(
            f"services[{index}].data_access.cache_users",
            list(service.data_access.cache_users),
            f"expected users of the environment's cache {users} (modules/redis creates them)",
        )
        for index, service in enumerate(config.services)
        if not set(service.data_access.cache_users) <= set(users)
    ]


def _fits_namespaces(config: EnvironmentConfig) -> list[FieldError]:
    namespaces = {namespace.name: namespace for namespace in config.namespaces}
    problems = []
    for index, service in enumerate(config.services):
        namespace = namespaces.get(service.namespace)
        if namespace is not None:
            problems.extend(_within_limit_range(index, service, namespace))
    for position, namespace in enumerate(config.namespaces):
        members = [service for service in config.services if service.namespace == namespace.name]
        problems.extend(_within_quota(position, namespace, members))
    return problems


def _within_limit_range(
    index: int, service: ServiceSettings, namespace: NamespaceSettings
) -> list[FieldError]:
    problems = []
    for resource in ("cpu", "memory"):
        limit = getattr(service.resources, f"{resource}_limit")
        largest = getattr(namespace.limits, f"max_{resource}")
        if parse_quantity(limit) > parse_quantity(largest):
            problems.append(
                FieldError(
                    f"services[{index}].resources.{resource}_limit",
                    limit,
                    f"expected at most the LimitRange maximum of namespace "
                    f"{namespace.name!r} ({largest}); the API server would reject the pods",
                )
            )
    return problems


def _within_quota(
    position: int, namespace: NamespaceSettings, services: list[ServiceSettings]
) -> list[FieldError]:
    """At their peak (``max_replicas`` plus the rollout's surge) the namespace's services
    must fit its quota, or the HPA or a rollout stalls on "exceeded quota"."""
    quota = namespace.quota
    pods = sum(service.peak_pods for service in services)
    problems = []
    if pods > quota.pods:
        problems.append(
            FieldError(
                f"namespaces[{position}].quota.pods",
                quota.pods,
                f"expected at least {pods}: the peak pod count of the namespace's services "
                "(max_replicas plus rollout surge)",
            )
        )
    for kind, field in (("requests", "request"), ("limits", "limit")):
        for resource in ("cpu", "memory"):
            needed = sum(
                (
                    service.peak_pods
                    * parse_quantity(getattr(service.resources, f"{resource}_{field}"))
                    for service in services
                ),
                Decimal(0),
            )
            hard = getattr(quota, f"{kind}_{resource}")
            if needed > parse_quantity(hard):
                problems.append(
                    FieldError(
                        f"namespaces[{position}].quota.{kind}_{resource}",
                        hard,
                        f"expected at least {_format(needed, resource)}: the namespace's "
                        f"services at their peak pod count need that much",
                    )
                )
    return problems


def _format(amount: Decimal, resource: str) -> str:
    """``amount`` as a quantity to write in the quota: cores or millicores, MiB rounded
    up."""
    if resource == "cpu":
        millicores = int(amount * 1000)
        return str(millicores // 1000) if millicores % 1000 == 0 else f"{millicores}m"
    return f"{int(-(-amount // 2**20))}Mi"
