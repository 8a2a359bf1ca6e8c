"""Names both halves of Karpenter derive from the cluster name (cdktf-free).

The core stack creates the node role, its instance profile and the interruption queue;
the platform stack grants the controller exactly those, by name, without reading the core
stack's state.
"""

from __future__ import annotations

from dataclasses import dataclass

NAMESPACE = "kube-system"
"""Namespace of the controller, as upstream installs it (``KARPENTER_NAMESPACE=kube-system``;
karpenter.sh "Getting Started with Karpenter"): it runs at ``system-cluster-critical``."""
SERVICE_ACCOUNT = "karpenter"
"""Service account of the controller (the chart's ``serviceAccount.name``)."""


@dataclass(frozen=True)
class KarpenterNames:
    """Names of Karpenter's AWS resources for cluster ``cluster_name`` (at most 45
    characters, so every derived name fits its limit)."""

    cluster_name: str
    """Name of the EKS cluster."""

    @property
    def node_role(self) -> str:
        """IAM role of the nodes Karpenter launches (IAM: at most 64 characters)."""
        return f"{self.cluster_name}-karpenter-node"

    @property
    def instance_profile(self) -> str:
        """Instance profile of :attr:`node_role`, named alike."""
        return self.node_role

    @property
    def controller_role(self) -> str:
        """IAM role of the controller."""
        return f"{self.cluster_name}-karpenter"

    @property
    def queue(self) -> str:
        """SQS interruption queue (SQS: at most 80 characters)."""
        return f"{self.cluster_name}-karpenter"

    def rule(self, kind: str) -> str:
        """EventBridge rule sending ``kind`` events to the queue (at most 64 characters:
        ``kind`` at most 8)."""
        return f"{self.cluster_name}-karpenter-{kind}"
