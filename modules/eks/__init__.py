"""EKS with IRSA: a private, encrypted cluster, managed node groups and core add-ons."""

from __future__ import annotations

from .autoscaler import CLUSTER_AUTOSCALER_CHART, ClusterAutoscaler, ClusterAutoscalerProps
from .construct import CLUSTER_ADMIN_POLICY, EksCluster
from .irsa import IrsaRole, IrsaRoleProps, OidcProvider
from .node_group import AMI_TYPE, ManagedNodeGroup
from .props import (
    CONTROL_PLANE_LOG_TYPES,
    CORE_ADDONS,
    EksClusterProps,
    NodeGroupProps,
    Taint,
)

__all__ = [
    "AMI_TYPE",
    "CLUSTER_ADMIN_POLICY",
    "CLUSTER_AUTOSCALER_CHART",
    "CONTROL_PLANE_LOG_TYPES",
    "CORE_ADDONS",
    "ClusterAutoscaler",
    "ClusterAutoscalerProps",
    "EksCluster",
    "EksClusterProps",
    "IrsaRole",
    "IrsaRoleProps",
    "ManagedNodeGroup",
    "NodeGroupProps",
    "OidcProvider",
    "Taint",
]
