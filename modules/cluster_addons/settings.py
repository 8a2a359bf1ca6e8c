"""What a deployment decides about the cluster's platform add-ons (cdktf-free)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from ..eks.settings import PinnedKubernetesVersion, check_addon_versions
from ..shared.settings import Settings
from ..shared.validation import Rule

METRICS_SERVER = "metrics-server"
"""EKS community add-on: Kubernetes metrics-server, the resource-metrics API
(``metrics.k8s.io``) that a HorizontalPodAutoscaler reads CPU and memory from (Amazon EKS
User Guide, "Community add-ons")."""
POD_IDENTITY_AGENT = "eks-pod-identity-agent"
"""AWS add-on: the node DaemonSet that hands Pod Identity credentials to pods (Amazon EKS
User Guide, "Set up the Amazon EKS Pod Identity Agent")."""
CLOUDWATCH_OBSERVABILITY = "amazon-cloudwatch-observability"
"""AWS add-on: the CloudWatch agent (Container Insights) and Fluent Bit (container logs)
(Amazon EKS User Guide, "Amazon CloudWatch Observability agent")."""

PLATFORM_ADDONS = (METRICS_SERVER, POD_IDENTITY_AGENT, CLOUDWATCH_OBSERVABILITY)
"""The add-ons of the platform stack, in the order they are created."""


def check_platform_addon_pins(pins: dict[str, str]) -> dict[str, str]:
    """Pins of one Kubernetes version: known platform add-ons, EKS version strings."""
    return check_addon_versions(pins, PLATFORM_ADDONS)


AddonPins = Annotated[
    dict[str, str],
    AfterValidator(check_platform_addon_pins),
    Rule("platform add-on names mapped to EKS add-on versions"),
]


class ClusterAddonsSettings(Settings):
    """The add-ons that make the cluster an application platform: metrics-server (the
    HPA's CPU metrics), the Amazon CloudWatch Observability add-on (Container Insights and
    container logs) and the EKS Pod Identity agent.

    Versions: an add-on without a pin for the cluster's Kubernetes version gets the version
    EKS marks as the default for that Kubernetes version, read at plan time (the
    ``aws_eks_addon_version`` data source, ``most_recent = false``), exactly as the core
    add-ons are. Exact versions per Kubernetes version (1.34, 1.35, 1.36) could not be
    checked against an upstream list offline, so none is hard-coded; pin them here once read
    from ``aws eks describe-addon-versions --kubernetes-version <v>``.
    """

    metrics_server: bool = True
    """Install metrics-server; without it an HPA has no CPU metrics and never scales.
    Default: true."""
    pod_identity_agent: bool = True
    """Install the EKS Pod Identity agent in the platform stack when the cluster's
    ``eks.workload_identity`` is ``irsa``, for Pod Identity associations of your own. With
    ``pod_identity`` the cluster installs the agent with its core add-ons (before the
    nodes) and this setting has no effect. Default: true."""
    cloudwatch_observability: bool = True
    """Install the Amazon CloudWatch Observability add-on (Container Insights metrics); its
    role is given as the cluster's ``eks.workload_identity`` says. Default: true."""
    container_logs: bool = True
    """Ship container logs to CloudWatch Logs with the add-on's Fluent Bit DaemonSet
    (``/aws/containerinsights/<cluster>/application``); ignored without
    ``cloudwatch_observability``. Default: true."""
    addon_versions: dict[PinnedKubernetesVersion, AddonPins] = Field(default_factory=dict)
    """Pinned add-on versions per Kubernetes version, e.g.
    ``{"1.35": {"metrics-server": "v0.8.0-eksbuild.2"}}``. Only the pins of the cluster's
    ``kubernetes_version`` apply, so a Kubernetes upgrade never carries a pin made for the
    previous version; an add-on without a pin gets the EKS default version of that
    Kubernetes version. Default: none pinned."""

    def pinned_versions(self, kubernetes_version: str) -> dict[str, str]:
        """The pins that apply to a cluster of ``kubernetes_version`` (may be empty)."""
        for version, pins in self.addon_versions.items():
            if version == kubernetes_version:
                return dict(pins)
        return {}

    @property
    def enabled_addons(self) -> tuple[str, ...]:
        """EKS names of the add-ons these settings turn on, in the order they are created."""
        enabled = {
            METRICS_SERVER: self.metrics_server,
            POD_IDENTITY_AGENT: self.pod_identity_agent,
            CLOUDWATCH_OBSERVABILITY: self.cloudwatch_observability,
        }
        return tuple(name for name, on in enabled.items() if on)
