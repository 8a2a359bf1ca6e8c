"""Karpenter's in-cluster half, composed into the platform stack."""

from __future__ import annotations

from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.karpenter import KarpenterController, KarpenterNodePools, KarpenterProps

from .platform_context import ClusterContext


def add_karpenter(stack: Construct, *, config: EnvironmentConfig, cluster: ClusterContext) -> None:
    """Add the Karpenter controller and its NodePool/EC2NodeClass objects (construct ids
    ``karpenter_controller`` and ``karpenter_node_pools``)."""
    settings = config.karpenter
    if settings is None:
        raise ValueError("add_karpenter needs config.karpenter")
    props = KarpenterProps(
        cluster_name=cluster.name,
        region=cluster.region,
        identity=cluster.identity,
        settings=settings,
        endpoint=cluster.endpoint,
        cluster_security_group_id=cluster.security_group_id,
        kubernetes_version=cluster.kubernetes_version,
    )
    controller = KarpenterController(stack, "karpenter_controller", props=props)
    KarpenterNodePools(
        stack,
        "karpenter_node_pools",
        props=props,
        depends_on=[controller.crds, controller.release],
    )
