"""Karpenter: the node autoscaler option, instead of the cluster autoscaler.

`KarpenterSettings` (cdktf-free) holds what a deployment decides; `karpenter_problems`
checks it against the rest of the environment (no managed spot group, no dev schedule, a
Kubernetes version the pinned Karpenter supports, a pinned AMI in production).

- **AWS half** (`KarpenterInfrastructure`, core stack): the node role (EC2 trust; worker
  node, ECR pull-only and SSM policies; no CNI policy, the VPC CNI has its own role), its
  instance profile, an `EC2_LINUX` access entry, the SSE-encrypted TLS-only interruption
  queue and five EventBridge rules feeding it.
- **Controller** (`KarpenterController`, platform stack): its role through the cluster's
  identity (Pod Identity or IRSA) with the upstream controller policy scoped to this
  cluster, the `karpenter-crd` chart (CRDs Helm upgrades) and the `karpenter` chart,
  pinned, on the `general` node group.
- **Node pools** (`KarpenterNodePools`, platform stack): the EC2NodeClass and NodePool,
  applied by Helm through a small chart shipped in this package (CRDs are read at apply
  time, not plan time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .controller import KARPENTER_CHART as KARPENTER_CHART
    from .controller import KARPENTER_CRD_CHART as KARPENTER_CRD_CHART
    from .controller import KarpenterController as KarpenterController
    from .infrastructure import KarpenterInfrastructure as KarpenterInfrastructure
    from .names import KarpenterNames as KarpenterNames
    from .node_pools import KarpenterNodePools as KarpenterNodePools
    from .props import KarpenterInfrastructureProps as KarpenterInfrastructureProps
    from .props import KarpenterProps as KarpenterProps
    from .settings import KARPENTER_KUBERNETES_VERSIONS as KARPENTER_KUBERNETES_VERSIONS
    from .settings import KARPENTER_VERSION as KARPENTER_VERSION
    from .settings import KarpenterSettings as KarpenterSettings
    from .settings import karpenter_problems as karpenter_problems

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
