"""The AWS Load Balancer Controller: IRSA role, service account, Helm release."""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from ..eks.irsa import InClusterProps, IrsaRole, IrsaRoleProps
from ..guardrails.marks import suppress
from ..shared import AccountContext
from ..shared.extras import missing_kubernetes_extra
from ..shared.helm import HelmChart

try:
    from cdktf_cdktf_provider_helm.release import ReleaseSetListStruct
    from cdktf_cdktf_provider_kubernetes.service_account_v1 import (
        ServiceAccountV1,
        ServiceAccountV1Metadata,
    )
except ModuleNotFoundError as error:  # the `kubernetes` extra is not installed
    raise missing_kubernetes_extra(error) from None
from .policy import ACCEPTED_FINDINGS, CONTROLLER_VERSION, controller_policy_json
from .settings import AlbControllerSettings

ALB_CONTROLLER_CHART = HelmChart(
    repository="https://aws.github.io/eks-charts",
    chart="aws-load-balancer-controller",
    version="3.5.0",
    app_version=CONTROLLER_VERSION,
)
"""eks-charts ``aws-load-balancer-controller`` 3.5.0 deploys controller v3.5.0."""

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "aws-load-balancer-controller"


@dataclass(frozen=True, kw_only=True)
class AlbControllerProps(InClusterProps):
    """Where the controller runs (it discovers subnets by the cluster's tag) and how its
    load balancers are exposed."""

    settings: AlbControllerSettings
    """Replicas and the CIDRs its load balancers admit."""
    vpc_id: str
    """VPC id; given explicitly because IMDS is closed to pods (hop limit 1)."""
    chart: HelmChart = ALB_CONTROLLER_CHART
    """Pinned chart. Default: :data:`ALB_CONTROLLER_CHART`."""


class AlbController(Construct):
    """Provisions ALBs and NLBs for Ingresses and Services of the cluster.

    The IAM role is assumable only by ``kube-system/aws-load-balancer-controller``; the
    service account is created here (annotated with the role ARN) rather than by the
    chart, so the role and the account it trusts are reviewed together.
    """

    def __init__(self, scope: Construct, id_: str, *, props: AlbControllerProps) -> None:
        super().__init__(scope, id_)
        partition = AccountContext.of(self).partition
        self.role = IrsaRole(
            self,
            "irsa",
            props=IrsaRoleProps(
                role_name=f"{props.cluster_name}-alb-controller",
                oidc_provider=props.oidc_provider,
                namespace=NAMESPACE,
                service_account=SERVICE_ACCOUNT,
                policy_json=controller_policy_json(partition, props.cluster_name),
            ),
        )
        if self.role.policy is not None:
            for rule_id, matching, reason in ACCEPTED_FINDINGS:
                suppress(self.role.policy, rule_id, reason, matching=matching)
        self.service_account = ServiceAccountV1(
            self,
            "service_account",
            metadata=ServiceAccountV1Metadata(
                name=SERVICE_ACCOUNT,
                namespace=NAMESPACE,
                labels={
                    "app.kubernetes.io/name": "aws-load-balancer-controller",
                    "app.kubernetes.io/managed-by": "terraform",
                },
                annotations={"eks.amazonaws.com/role-arn": self.role.arn},
            ),
            automount_service_account_token=True,
        )
        chart = props.chart
        values: dict[str, str | int | bool] = {
            "clusterName": props.cluster_name,
            "region": props.region,
            "vpcId": props.vpc_id,
            "replicaCount": props.settings.replicas,
            "serviceAccount.create": False,
            "serviceAccount.name": SERVICE_ACCOUNT,
        }
        list_values = []
        if props.settings.inbound_cidrs:
            list_values.append(
                ReleaseSetListStruct(
                    name="ingressClassParams.spec.inboundCIDRs",
                    value=list(props.settings.inbound_cidrs),
                )
            )
        self.release = chart.release(
            self,
            "release",
            name="aws-load-balancer-controller",
            namespace=NAMESPACE,
            values=values,
            list_values=list_values,
            depends_on=[self.service_account],
        )

    @property
    def role_arn(self) -> str:
        """ARN of the controller's IRSA role."""
        return self.role.arn
