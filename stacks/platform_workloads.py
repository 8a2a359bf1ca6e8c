"""An environment's namespaces and services, composed into its platform stack."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.service import Service, ServiceProps
from platform_cdktf.modules.tenancy import (
    DeployerAccess,
    DeployerAccessProps,
    Tenancy,
    TenancyProps,
    deployer_roles,
    egress_peers,
)

from .platform_context import ClusterContext
from .platform_operations import add_load_balancer_alarms


def add_workloads(stack: Construct, *, config: EnvironmentConfig, cluster: ClusterContext) -> None:
    """Add the environment's namespaces and services to ``stack``.

    Each namespace admits the ALB (from the public subnets, where its ENIs are) on the
    ports of its services that have an Ingress, and may reach the data stores' ports in
    the database subnets.
    """
    tenancies: dict[str, Tenancy] = {}
    peers = egress_peers(config.namespaces)
    for namespace in config.namespaces:
        members = [service for service in config.services if service.namespace == namespace.name]
        tenancies[namespace.name] = Tenancy(
            stack,
            f"namespace_{namespace.name}",
            props=TenancyProps(
                settings=namespace,
                kubernetes_version=cluster.kubernetes_version,
                load_balancer_cidrs=config.network.public_subnets,
                load_balancer_ports=sorted(
                    {service.port for service in members if service.ingress is not None}
                ),
                data_store_cidrs=config.network.database_subnets,
                data_store_ports=config.database_ports,
                egress_to_namespaces=peers.get(namespace.name, ()),
            ),
        )
    for role_name, namespaces in deployer_roles(config.namespaces).items():
        DeployerAccess(
            stack,
            f"deployer_{role_name}",
            props=DeployerAccessProps(
                cluster_name=cluster.name, role_name=role_name, namespaces=namespaces
            ),
        )
    services = [
        Service(
            stack,
            f"service_{service.name}",
            props=ServiceProps(
                settings=service,
                cluster_name=cluster.name,
                identity=cluster.identity,
                database_cluster_identifier=config.aurora_cluster_identifier,
                cache_replication_group_id=config.redis_replication_group_id,
                depends_on=[tenancies[service.namespace].namespace],
            ),
        )
        for service in config.services
    ]
    add_load_balancer_alarms(stack, config=config, cluster=cluster, services=services)
