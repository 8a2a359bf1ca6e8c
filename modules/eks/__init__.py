"""EKS with IRSA: a private, encrypted cluster, managed node groups and core add-ons.

:class:`EksSettings` (cdktf-free) holds what a deployment decides; :class:`EksCluster`
builds it, :class:`ClusterAutoscaler` scales its node groups (needs the ``kubernetes``
extra: it is a Helm release).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .autoscaler import CLUSTER_AUTOSCALER_CHART as CLUSTER_AUTOSCALER_CHART
    from .autoscaler import ClusterAutoscaler as ClusterAutoscaler
    from .autoscaler import ClusterAutoscalerProps as ClusterAutoscalerProps
    from .construct import CAPACITY_LABEL as CAPACITY_LABEL
    from .construct import CLUSTER_ADMIN_POLICY as CLUSTER_ADMIN_POLICY
    from .construct import SPOT_TAINT as SPOT_TAINT
    from .construct import EksCluster as EksCluster
    from .irsa import IrsaRole as IrsaRole
    from .irsa import IrsaRoleProps as IrsaRoleProps
    from .irsa import OidcProvider as OidcProvider
    from .node_group import ManagedNodeGroup as ManagedNodeGroup
    from .props import EksClusterProps as EksClusterProps
    from .props import ManagedNodeGroupProps as ManagedNodeGroupProps
    from .settings import AMI_TYPES as AMI_TYPES
    from .settings import CONTROL_PLANE_LOG_TYPES as CONTROL_PLANE_LOG_TYPES
    from .settings import CORE_ADDONS as CORE_ADDONS
    from .settings import SUPPORTED_KUBERNETES_VERSIONS as SUPPORTED_KUBERNETES_VERSIONS
    from .settings import EksSettings as EksSettings
    from .settings import KubernetesVersion as KubernetesVersion
    from .settings import NodeGroupSettings as NodeGroupSettings
    from .settings import SpotNodeGroupSettings as SpotNodeGroupSettings
    from .settings import Taint as Taint

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
