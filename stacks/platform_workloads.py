"""An environment's namespaces and services, composed into its platform stack."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig

from .platform_context import ClusterContext


def add_workloads(stack: Construct, *, config: EnvironmentConfig, cluster: ClusterContext) -> None:
    """Add the environment's namespaces and services to ``stack``."""
