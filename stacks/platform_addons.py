"""The platform add-ons of an environment's cluster, composed into its platform stack."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.cluster_addons import ClusterAddons, ClusterAddonsProps

from .platform_context import ClusterContext


def add_cluster_addons(
    stack: Construct, *, config: EnvironmentConfig, cluster: ClusterContext
) -> ClusterAddons:
    """Add the cluster's platform add-ons (metrics-server, CloudWatch Observability, Pod
    Identity agent) to ``stack``, as ``config.addons`` asks (construct id
    ``cluster_addons``)."""
    return ClusterAddons(
        stack,
        "cluster_addons",
        props=ClusterAddonsProps(
            settings=config.addons,
            cluster_name=cluster.name,
            kubernetes_version=cluster.kubernetes_version,
            identity=cluster.identity,
        ),
    )
