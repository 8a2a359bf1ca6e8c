"""Platform add-ons of an EKS cluster: metrics, Container Insights, Pod Identity.

`ClusterAddonsSettings` (cdktf-free) holds what a deployment decides; `ClusterAddons`
installs, as EKS add-ons in the platform stack:

- **metrics-server** (EKS community add-on): the `metrics.k8s.io` API; without it a
  HorizontalPodAutoscaler has no CPU utilisation to act on.
- **eks-pod-identity-agent**: the node DaemonSet behind every EKS Pod Identity
  association (the CloudWatch agent's and the services' roles).
- **amazon-cloudwatch-observability**: Container Insights metrics and container logs
  (Fluent Bit, `container_logs`), with its own IAM role (`CloudWatchAgentServerPolicy`)
  trusted only for `amazon-cloudwatch/cloudwatch-agent` of this cluster through a Pod
  Identity association; created after the agent and the association.

Versions are pinned per Kubernetes version: `addon_versions["1.35"]` pins apply only to a
1.35 cluster; an add-on without a pin gets the version EKS marks as default for the
cluster's Kubernetes version (`aws_eks_addon_version`, `most_recent = false`), so a
Kubernetes upgrade moves every unpinned add-on to that version's default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import CLOUDWATCH_NAMESPACE as CLOUDWATCH_NAMESPACE
    from .construct import CLOUDWATCH_POLICY as CLOUDWATCH_POLICY
    from .construct import CLOUDWATCH_SERVICE_ACCOUNT as CLOUDWATCH_SERVICE_ACCOUNT
    from .construct import ClusterAddons as ClusterAddons
    from .construct import ClusterAddonsProps as ClusterAddonsProps
    from .construct import cloudwatch_configuration as cloudwatch_configuration
    from .settings import CLOUDWATCH_OBSERVABILITY as CLOUDWATCH_OBSERVABILITY
    from .settings import METRICS_SERVER as METRICS_SERVER
    from .settings import PLATFORM_ADDONS as PLATFORM_ADDONS
    from .settings import POD_IDENTITY_AGENT as POD_IDENTITY_AGENT
    from .settings import ClusterAddonsSettings as ClusterAddonsSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
