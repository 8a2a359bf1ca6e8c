"""The AWS Load Balancer Controller: IRSA role, service account, Helm release."""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from ..eks.identity import InClusterProps
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
RELEASE_NAME = "aws-load-balancer-controller"
ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone"

AVAILABILITY_VALUES: dict[str, str | int | bool] = {
    # The chart renders this PodDisruptionBudget only with replicaCount > 1 (its
    # templates/pdb.yaml); one replica may be drained at a time.
    "podDisruptionBudget.maxUnavailable": 1,
    # Replicas spread over the AZs, so losing one AZ leaves a webhook endpoint. The chart
    # copies topologySpreadConstraints verbatim, so the selector names the pods by the
    # chart's selector labels (app.kubernetes.io/name and /instance, templates/_helpers.tpl).
    # ScheduleAnyway, not DoNotSchedule: with the webhooks failing closed, a replica running
    # in a crowded AZ is worth more than a replica Pending for a perfect spread (a zone
    # without free capacity, or an AZ outage, would otherwise leave it unscheduled).
    "topologySpreadConstraints[0].maxSkew": 1,
    "topologySpreadConstraints[0].topologyKey": ZONE_TOPOLOGY_KEY,
    "topologySpreadConstraints[0].whenUnsatisfiable": "ScheduleAnyway",
    "topologySpreadConstraints[0].labelSelector.matchLabels.app\\.kubernetes\\.io/name": (
        "aws-load-balancer-controller"
    ),
    "topologySpreadConstraints[0].labelSelector.matchLabels.app\\.kubernetes\\.io/instance": (
        RELEASE_NAME
    ),
}
"""Chart values that keep the controller's webhooks reachable through node drains and the
loss of an AZ (keys of eks-charts ``aws-load-balancer-controller`` 3.5.0 values.yaml:
``podDisruptionBudget``, ``topologySpreadConstraints``)."""


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

    Its admission webhooks fail closed: with no controller replica answering, the API
    server rejects new Services of type LoadBalancer (``serviceMutatorWebhookConfig.
    failurePolicy: Fail``), Ingresses and TargetGroupBindings (chart 3.5.0
    templates/webhook.yaml). So the release adds a PodDisruptionBudget (one replica
    drained at a time) and spreads the replicas over the AZs (:data:`AVAILABILITY_VALUES`);
    both need ``replicas`` >= 2 to mean anything.

    CRDs: the chart's ``crds/`` (TargetGroupBinding, IngressClassParams, ...) are installed
    by Helm on first install only, never upgraded; apply them before a chart upgrade with
    ``platform-cdktf crds alb-controller`` (see docs/crds.md).
    """

    def __init__(self, scope: Construct, id_: str, *, props: AlbControllerProps) -> None:
        super().__init__(scope, id_)
        partition = AccountContext.of(self).partition
        # Construct id "irsa" whatever the mechanism: the role keeps its address.
        self.role = props.identity.role(
            self,
            "irsa",
            role_name=f"{props.cluster_name}-alb-controller",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            policy_json=controller_policy_json(partition, props.cluster_name),
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
                annotations=self.role.service_account_annotations or None,
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
            **AVAILABILITY_VALUES,
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
            name=RELEASE_NAME,
            namespace=NAMESPACE,
            values=values,
            list_values=list_values,
            depends_on=[self.service_account, *self.role.ready],
        )

    @property
    def role_arn(self) -> str:
        """ARN of the controller's IAM role."""
        return self.role.arn
