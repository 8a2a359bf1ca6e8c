"""What the platform stack knows of the cluster it deploys into (read by data sources)."""

from __future__ import annotations

from dataclasses import dataclass

from platform_cdktf.modules.eks.identity import ClusterIdentity


@dataclass(frozen=True, kw_only=True)
class ClusterContext:
    """The environment's cluster as the platform stack sees it: tokens of its data
    sources, never values from the core stack's state."""

    name: str
    """Cluster name."""
    region: str
    """AWS Region of the cluster."""
    vpc_id: str
    """VPC of the cluster."""
    endpoint: str
    """API server endpoint of the cluster."""
    security_group_id: str
    """The cluster security group EKS attaches to the control plane and the nodes."""
    identity: ClusterIdentity
    """How the cluster's service accounts receive IAM roles (Pod Identity or IRSA)."""
    kubernetes_version: str
    """Kubernetes minor version configured for the cluster, e.g. ``1.35``."""
