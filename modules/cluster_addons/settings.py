"""What a deployment decides about the cluster's platform add-ons (cdktf-free)."""

from __future__ import annotations

from ..shared.settings import Settings


class ClusterAddonsSettings(Settings):
    """The add-ons that make the cluster an application platform: metrics-server (the
    HPA's CPU metrics), the Amazon CloudWatch Observability add-on (Container Insights and
    container logs) and the EKS Pod Identity agent."""
