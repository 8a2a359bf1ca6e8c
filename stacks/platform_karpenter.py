"""Karpenter's in-cluster half, composed into the platform stack."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig

from .platform_context import ClusterContext


def add_karpenter(stack: Construct, *, config: EnvironmentConfig, cluster: ClusterContext) -> None:
    """Add the Karpenter controller and its NodePool/EC2NodeClass objects (placeholder)."""
    raise NotImplementedError("Karpenter is being built")
