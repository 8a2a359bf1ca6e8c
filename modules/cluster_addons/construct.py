"""The platform add-ons of a cluster: metrics-server, the Pod Identity agent (unless the
cluster installs it) and the Amazon CloudWatch Observability add-on with its own workload
identity."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cdktf import ITerraformDependable, TerraformResource
from cdktf_cdktf_provider_aws.eks_addon import EksAddon
from constructs import Construct

from ..eks.addons import managed_addon
from ..eks.identity import ClusterIdentity, ServiceAccountRole
from ..shared import AccountContext
from .settings import (
    CLOUDWATCH_OBSERVABILITY,
    METRICS_SERVER,
    POD_IDENTITY_AGENT,
    ClusterAddonsSettings,
)

CLOUDWATCH_NAMESPACE = "amazon-cloudwatch"
CLOUDWATCH_SERVICE_ACCOUNT = "cloudwatch-agent"
"""The add-on runs the CloudWatch agent and Fluent Bit in ``amazon-cloudwatch`` under the
``cloudwatch-agent`` service account (Amazon EKS User Guide, "Amazon CloudWatch
Observability agent"; aws-observability/helm-charts ``amazon-cloudwatch-observability``
templates/linux/fluent-bit-daemonset.yaml uses the same account)."""
CLOUDWATCH_POLICY = "CloudWatchAgentServerPolicy"
"""AWS managed policy the add-on's role needs for Container Insights metrics and container
logs (Amazon CloudWatch User Guide, "Install the CloudWatch agent with the Amazon
CloudWatch Observability EKS add-on or the Helm chart"). Application Signals traces would
also need ``AWSXrayWriteOnlyAccess``; the platform does not grant it."""


def cloudwatch_configuration(*, container_logs: bool) -> str:
    """Configuration values of the CloudWatch add-on. ``containerLogs.enabled`` turns the
    Fluent Bit DaemonSet on or off (Amazon CloudWatch User Guide, "Install the CloudWatch
    agent with the Amazon CloudWatch Observability EKS add-on ...": opt out with
    ``{"containerLogs": {"enabled": false}}``); it is always sent, so that switching it back
    on is a change of value rather than a removed key."""
    return json.dumps({"containerLogs": {"enabled": container_logs}})


@dataclass(frozen=True, kw_only=True)
class ClusterAddonsProps:
    """The add-ons an environment asks for and the cluster they go into."""

    settings: ClusterAddonsSettings
    """Which add-ons, container logs, pinned versions."""
    cluster_name: str
    """Name of the EKS cluster (created by the core stack)."""
    kubernetes_version: str
    """Kubernetes minor version configured for the cluster, e.g. ``1.35``: selects the
    pins that apply and the EKS default version of an unpinned add-on."""
    identity: ClusterIdentity | None = None
    """How the CloudWatch agent receives its role (the environment's
    ``eks.workload_identity``). In ``pod_identity`` mode the cluster already installs the
    Pod Identity agent with its core add-ons, so this construct does not. Default: Pod
    Identity, with the agent installed here (as ``settings.pod_identity_agent`` says)."""

    @property
    def cluster_identity(self) -> ClusterIdentity:
        """``identity``, else Pod Identity in ``cluster_name``."""
        return self.identity or ClusterIdentity(cluster_name=self.cluster_name, mode="pod_identity")

    @property
    def installs_agent(self) -> bool:
        """Whether this construct installs the Pod Identity agent: asked for in the
        settings, and not already installed by the cluster (``pod_identity`` mode)."""
        if not self.settings.pod_identity_agent:
            return False
        return self.identity is None or self.identity.mode == "irsa"


class ClusterAddons(Construct):
    """EKS add-ons that turn the cluster into an application platform.

    * ``metrics-server`` (EKS community add-on): the ``metrics.k8s.io`` API that a
      HorizontalPodAutoscaler reads CPU utilisation from.
    * ``eks-pod-identity-agent``: gives Pod Identity credentials to pods; the node role's
      ``AmazonEKSWorkerNodePolicy`` already allows ``eks-auth:AssumeRoleForPodIdentity``
      (Amazon EKS User Guide, "Set up the Amazon EKS Pod Identity Agent").
    * ``amazon-cloudwatch-observability``: Container Insights metrics and, unless turned
      off, container logs through Fluent Bit. Its role (:attr:`cloudwatch_identity`,
      ``CloudWatchAgentServerPolicy``) is trusted only for
      ``amazon-cloudwatch/cloudwatch-agent`` of this cluster, through a Pod Identity
      association or IRSA (the add-on's ``service_account_role_arn``), as the cluster's
      identity mode says. The add-on is created after the agent add-on and the association exist,
      so its pods get credentials when they first start. The association is the
      :class:`PodIdentityRole`'s own resource rather than the add-on's
      ``pod_identity_association`` block (both exist in hashicorp/aws 5.100): a service
      account has one association, and the role and the association it trusts are reviewed
      together like every other Pod Identity role of the platform.

    Versions: the pins of ``kubernetes_version`` in the settings, else the version EKS
    marks as default for that Kubernetes version (``aws_eks_addon_version`` with
    ``most_recent = false``, resolved at plan time; ids ``<addon>_version``).
    """

    def __init__(self, scope: Construct, id_: str, *, props: ClusterAddonsProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        self._pins = settings.pinned_versions(props.kubernetes_version)
        self.addons: dict[str, EksAddon] = {}
        """The add-ons created, by EKS add-on name."""
        self.cloudwatch_identity: ServiceAccountRole | None = None
        """The CloudWatch agent's role (with its Pod Identity association, or trusted
        through IRSA), when the add-on is installed."""
        if settings.metrics_server:
            self._addon(METRICS_SERVER)
        if props.installs_agent:
            self._addon(POD_IDENTITY_AGENT)
        if settings.cloudwatch_observability:
            identity = self.cloudwatch_identity = self._cloudwatch_identity()
            # The role, its policy and (Pod Identity) its association exist before the
            # add-on's pods start and ask for credentials.
            identity_resources = [
                child for child in identity.node.children if isinstance(child, TerraformResource)
            ]
            agent = [self.addons[POD_IDENTITY_AGENT]] if props.installs_agent else []
            self._addon(
                CLOUDWATCH_OBSERVABILITY,
                role_arn=identity.addon_role_arn,
                configuration=cloudwatch_configuration(container_logs=settings.container_logs),
                depends_on=[*agent, *identity_resources],
            )

    def _cloudwatch_identity(self) -> ServiceAccountRole:
        account = AccountContext.of(self)
        return self.props.cluster_identity.role(
            self,
            "cloudwatch_identity",
            role_name=f"{self.props.cluster_name}-cloudwatch-agent",
            namespace=CLOUDWATCH_NAMESPACE,
            service_account=CLOUDWATCH_SERVICE_ACCOUNT,
            managed_policy_arns=[account.aws_managed_policy_arn(CLOUDWATCH_POLICY)],
        )

    def _addon(
        self,
        addon_name: str,
        *,
        role_arn: str | None = None,
        configuration: str | None = None,
        depends_on: list[ITerraformDependable] | None = None,
    ) -> EksAddon:
        addon = managed_addon(
            self,
            cluster_name=self.props.cluster_name,
            addon_name=addon_name,
            kubernetes_version=self.props.kubernetes_version,
            version=self._pins.get(addon_name),
            role_arn=role_arn,
            configuration=configuration,
            depends_on=depends_on or (),
        )
        self.addons[addon_name] = addon
        return addon
