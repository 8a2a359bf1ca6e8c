"""Props of the Karpenter module: its settings plus what only the composing code knows."""

from __future__ import annotations

from dataclasses import dataclass

from ..eks.identity import InClusterProps
from ..eks.props import check_cluster_name, check_cluster_name_length
from ..shared.settings import invalid, require
from .names import KarpenterNames
from .settings import KarpenterSettings, check_kubernetes_version


@dataclass(frozen=True, kw_only=True)
class KarpenterInfrastructureProps:
    """Karpenter's AWS half in the core stack, for one cluster."""

    cluster_name: str
    """Name of the EKS cluster (plain text: the resource names derive from it)."""
    cluster: str
    """The cluster's name as a reference to the cluster resource, so the access entry is
    created after the cluster."""
    cni_policy_on_node_role: bool = False
    """Attach ``AmazonEKS_CNI_Policy`` to the node role: only where the VPC CNI has no
    role of its own (the EKS module's ``install_addons`` off). Default: false."""
    access_entry: bool = True
    """Create the nodes' EKS access entry (off only where access entries are not
    implemented: the local emulator). Default: true."""

    def __post_init__(self) -> None:
        for check in (check_cluster_name, check_cluster_name_length):
            require(self, "cluster_name", self.cluster_name, check)

    @property
    def names(self) -> KarpenterNames:
        """Names of the node role, instance profile, queue and rules."""
        return KarpenterNames(self.cluster_name)


@dataclass(frozen=True, kw_only=True)
class KarpenterProps(InClusterProps):
    """Karpenter's in-cluster half in the platform stack: the controller and its
    NodePool and EC2NodeClass."""

    settings: KarpenterSettings
    """What the environment decides."""
    endpoint: str
    """API server endpoint of the cluster (the chart's ``settings.clusterEndpoint``)."""
    cluster_security_group_id: str
    """Security group EKS created for the cluster, which the managed nodes use too: the
    Karpenter nodes get the same one, so the data layer admits them alike."""
    kubernetes_version: str
    """Kubernetes minor version of the cluster; refused if the pinned Karpenter does not
    support it."""

    def __post_init__(self) -> None:
        for check in (check_cluster_name, check_cluster_name_length):
            require(self, "cluster_name", self.cluster_name, check)
        why = check_kubernetes_version(self.kubernetes_version)
        if why is not None:
            raise invalid(self, "kubernetes_version", self.kubernetes_version, why)

    @property
    def names(self) -> KarpenterNames:
        """Names of the AWS resources the core stack created for this cluster."""
        return KarpenterNames(self.cluster_name)
