"""The platform add-ons of an environment's cluster, composed into its platform stack."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig

from .platform_context import ClusterContext


def add_cluster_addons(
    stack: Construct, *, config: EnvironmentConfig, cluster: ClusterContext
) -> None:
    """Add the cluster's platform add-ons (metrics-server, CloudWatch Observability, Pod
    Identity agent) to ``stack``."""
