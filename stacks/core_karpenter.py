"""Karpenter's AWS half, composed into the core stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from platform_cdktf.modules.karpenter import KarpenterInfrastructure, KarpenterInfrastructureProps

if TYPE_CHECKING:
    from .core import CoreStack


def add_karpenter_infrastructure(stack: CoreStack) -> None:
    """Add Karpenter's node role, instance profile, access entry, interruption queue and
    rules (construct id ``karpenter``).

    Subnets and the security group are found by what the core stack already sets: the
    EC2NodeClass selects the private subnets by their ``Tier`` and cluster tags, and the
    cluster security group by id, so turning Karpenter on adds no tag to the VPC.
    """
    KarpenterInfrastructure(
        stack,
        "karpenter",
        props=KarpenterInfrastructureProps(
            cluster_name=stack.config.cluster_name,
            cluster=stack.eks.name,
            # Where the EKS module installs no add-ons, the VPC CNI runs on the node role.
            cni_policy_on_node_role=not stack.target.supports("eks_addons"),
            access_entry=stack.target.supports("eks_access_entries"),
        ),
    )
