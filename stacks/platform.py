"""The ``<env>-platform`` stack: what runs inside the cluster.

The kubernetes and helm providers cannot be configured in the root that creates the
cluster (the endpoint is unknown at plan time, which ends in "cluster unreachable" or
providers silently talking to localhost), so in-cluster resources live in this second
stack, applied after ``<env>-core``. It finds the cluster through data sources by its
name from the configuration, which keeps the stacks independent: no remote-state read,
and a plan of this stack never needs the core stack's state.
"""

from __future__ import annotations

from cdktf import Fn
from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster
from cdktf_cdktf_provider_aws.data_aws_iam_openid_connect_provider import (
    DataAwsIamOpenidConnectProvider,
)
from cdktf_cdktf_provider_helm.provider import (
    HelmProvider,
    HelmProviderKubernetes,
    HelmProviderKubernetesExec,
)
from cdktf_cdktf_provider_kubernetes.provider import KubernetesProvider, KubernetesProviderExec
from constructs import Construct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.alb_controller import AlbController, AlbControllerProps
from platform_cdktf.modules.eks import ClusterAutoscaler, ClusterAutoscalerProps, OidcProvider
from platform_cdktf.modules.eks.autoscaler import cluster_autoscaler_chart
from platform_cdktf.modules.eks.identity import ClusterIdentity

from .base import EnvironmentStack, environment_stack_name
from .platform_addons import add_cluster_addons
from .platform_context import ClusterContext
from .platform_karpenter import add_karpenter
from .platform_workloads import add_workloads

PLATFORM_STACK = "platform"
EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"


def platform_stack_name(environment: str) -> str:
    """Stack name of an environment's platform stack, e.g. ``prod-platform``."""
    return environment_stack_name(environment, PLATFORM_STACK)


class PlatformStack(EnvironmentStack):
    """In-cluster resources of one environment, with state in ``<env>/platform.tfstate``.

    The kubernetes and helm providers authenticate with short-lived tokens from
    ``aws eks get-token`` (an ``exec`` block), so no credential is stored anywhere;
    whoever runs Terraform needs the AWS CLI and an access entry on the cluster.
    """

    def __init__(self, scope: Construct, *, config: EnvironmentConfig) -> None:
        super().__init__(scope, config=config, kind=PLATFORM_STACK)
        cluster = DataAwsEksCluster(self, "cluster", name=config.cluster_name)
        issuer = cluster.identity.get(0).oidc.get(0).issuer
        oidc = DataAwsIamOpenidConnectProvider(self, "oidc_provider", url=issuer)
        token_args = [
            "eks",
            "get-token",
            "--cluster-name",
            config.cluster_name,
            "--region",
            config.region,
        ]
        ca_certificate = Fn.base64decode(cluster.certificate_authority.get(0).data)
        KubernetesProvider(
            self,
            "kubernetes",
            host=cluster.endpoint,
            cluster_ca_certificate=ca_certificate,
            exec=[
                KubernetesProviderExec(api_version=EXEC_API_VERSION, command="aws", args=token_args)
            ],
        )
        HelmProvider(
            self,
            "helm",
            kubernetes=HelmProviderKubernetes(
                host=cluster.endpoint,
                cluster_ca_certificate=ca_certificate,
                exec=HelmProviderKubernetesExec(
                    api_version=EXEC_API_VERSION, command="aws", args=token_args
                ),
            ),
        )
        identity = ClusterIdentity(
            cluster_name=config.cluster_name,
            mode=config.eks.workload_identity,
            oidc_provider=OidcProvider(arn=oidc.arn, issuer_url=issuer),
        )
        self.alb_controller = AlbController(
            self,
            "alb_controller",
            props=AlbControllerProps(
                settings=config.alb_controller,
                cluster_name=config.cluster_name,
                region=config.region,
                vpc_id=cluster.vpc_config.get(0).vpc_id,
                identity=identity,
            ),
        )
        context = ClusterContext(
            name=config.cluster_name,
            region=config.region,
            vpc_id=cluster.vpc_config.get(0).vpc_id,
            endpoint=cluster.endpoint,
            security_group_id=cluster.vpc_config.get(0).cluster_security_group_id,
            identity=identity,
            kubernetes_version=config.eks.kubernetes_version,
        )
        self.cluster_autoscaler: ClusterAutoscaler | None = None
        """The cluster autoscaler, unless Karpenter scales the nodes."""
        if config.karpenter is None:
            self.cluster_autoscaler = ClusterAutoscaler(
                self,
                "cluster_autoscaler",
                props=ClusterAutoscalerProps(
                    cluster_name=config.cluster_name,
                    region=config.region,
                    identity=identity,
                    chart=cluster_autoscaler_chart(config.eks.kubernetes_version),
                    kubernetes_version=config.eks.kubernetes_version,
                ),
            )
        else:
            add_karpenter(self, config=config, cluster=context)
        add_cluster_addons(self, config=config, cluster=context)
        add_workloads(self, config=config, cluster=context)
        outputs: dict[str, tuple[object, str]] = {
            "alb_controller_role_arn": (
                self.alb_controller.role_arn,
                "IRSA role of the AWS Load Balancer Controller",
            ),
        }
        if self.cluster_autoscaler is not None:
            outputs["cluster_autoscaler_role_arn"] = (
                self.cluster_autoscaler.role.arn,
                "IRSA role of the cluster autoscaler",
            )
        self.outputs(outputs)
