"""The Kubernetes cluster autoscaler: its IRSA role and its Helm release."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
)
from constructs import Construct

from ..shared import AccountContext
from ..shared.helm import HelmChart, escaped_key
from ..shared.settings import invalid
from .calendar import load_calendar
from .identity import InClusterProps

AUTOSCALER_REPOSITORY = "https://kubernetes.github.io/autoscaler"
"""The kubernetes/autoscaler project's chart repository."""


def cluster_autoscaler_chart(kubernetes_version: str) -> HelmChart:
    """The cluster-autoscaler chart of a Kubernetes minor, from the support calendar
    (``kubernetes_calendar.toml``): the autoscaler's minor must match the cluster's
    (kubernetes/autoscaler, cluster-autoscaler README, "Releases"). Raises
    :class:`~.calendar.NoClusterAutoscalerChartError` for a minor without a released chart."""
    pin = load_calendar().cluster_autoscaler_chart(kubernetes_version)
    return HelmChart(
        repository=AUTOSCALER_REPOSITORY,
        chart="cluster-autoscaler",
        version=pin.chart,
        app_version=pin.app,
    )


CLUSTER_AUTOSCALER_CHART = cluster_autoscaler_chart("1.35")
"""The chart of Kubernetes 1.35 (chart 9.59.0, cluster-autoscaler 1.35.0), the default
``eks.kubernetes_version``; other minors: :func:`cluster_autoscaler_chart`."""

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "cluster-autoscaler"


@dataclass(frozen=True, kw_only=True)
class ClusterAutoscalerProps(InClusterProps):
    """Where the autoscaler runs: it scales the managed node groups of ``cluster_name``
    (tagged by EKS for auto-discovery)."""

    chart: HelmChart = CLUSTER_AUTOSCALER_CHART
    """Pinned chart; its app minor must be ``kubernetes_version``. Default:
    :data:`CLUSTER_AUTOSCALER_CHART` (pass :func:`cluster_autoscaler_chart` of the
    cluster's version)."""
    kubernetes_version: str | None = None
    """The cluster's Kubernetes minor, checked against the chart's app version. Default:
    none (unchecked, for callers that predate the check)."""

    def __post_init__(self) -> None:
        version = self.kubernetes_version
        if version is not None and not self.chart.app_version.startswith(f"{version}."):
            raise invalid(
                self,
                "chart",
                f"{self.chart.chart} {self.chart.version} (app {self.chart.app_version})",
                f"a chart of cluster-autoscaler {version}.x: the autoscaler's minor must "
                f"match the cluster's (cluster_autoscaler_chart({version!r}))",
            )


class ClusterAutoscaler(Construct):
    """Scales managed node groups between their min and max sizes.

    Least privilege: it may change the desired capacity of, or terminate instances in,
    only the Auto Scaling groups tagged ``k8s.io/cluster-autoscaler/<cluster>=owned``
    (EKS tags its managed node groups so); everything else is read-only.
    """

    def __init__(self, scope: Construct, id_: str, *, props: ClusterAutoscalerProps) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        own_groups = (
            f"arn:{account.partition}:autoscaling:{account.region}:{account.account_id}"
            ":autoScalingGroup:*:autoScalingGroupName/*"
        )
        policy = DataAwsIamPolicyDocument(
            self,
            "policy",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="ScaleOwnNodeGroups",
                    effect="Allow",
                    actions=[
                        "autoscaling:SetDesiredCapacity",
                        "autoscaling:TerminateInstanceInAutoScalingGroup",
                    ],
                    resources=[own_groups],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals",
                            variable=f"aws:ResourceTag/k8s.io/cluster-autoscaler/{props.cluster_name}",
                            values=["owned"],
                        )
                    ],
                ),
                # Describe* calls support no resource-level permissions.
                DataAwsIamPolicyDocumentStatement(
                    sid="DiscoverNodeGroups",
                    effect="Allow",
                    actions=[
                        "autoscaling:DescribeAutoScalingGroups",
                        "autoscaling:DescribeAutoScalingInstances",
                        "autoscaling:DescribeLaunchConfigurations",
                        "autoscaling:DescribeScalingActivities",
                        "autoscaling:DescribeTags",
                        "ec2:DescribeImages",
                        "ec2:DescribeInstanceTypes",
                        "ec2:DescribeLaunchTemplateVersions",
                        "ec2:GetInstanceTypesFromInstanceRequirements",
                    ],
                    resources=["*"],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="ReadOwnNodeGroups",
                    effect="Allow",
                    actions=["eks:DescribeNodegroup"],
                    resources=[
                        f"arn:{account.partition}:eks:{account.region}:{account.account_id}"
                        f":nodegroup/{props.cluster_name}/*/*"
                    ],
                ),
            ],
        )
        # Construct id "irsa" whatever the mechanism: the role keeps its address.
        self.role = props.identity.role(
            self,
            "irsa",
            role_name=f"{props.cluster_name}-cluster-autoscaler",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            policy_json=policy.json,
        )
        chart = props.chart
        self.release = chart.release(
            self,
            "release",
            name="cluster-autoscaler",
            namespace=NAMESPACE,
            values={
                "cloudProvider": "aws",
                "awsRegion": props.region,
                "autoDiscovery.clusterName": props.cluster_name,
                "rbac.serviceAccount.create": True,
                "rbac.serviceAccount.name": SERVICE_ACCOUNT,
                **{
                    f"rbac.serviceAccount.annotations.{escaped_key(key)}": value
                    for key, value in self.role.service_account_annotations.items()
                },
                # Keeps similar groups (the per-AZ groups of node_groups_per_az) the same
                # size; harmless with one group per kind, whose groups differ in labels
                # and taints (Amazon EKS User Guide, "Cluster Autoscaler").
                "extraArgs.balance-similar-node-groups": True,
                "extraArgs.expander": "least-waste",
                "extraArgs.skip-nodes-with-system-pods": False,
            },
            depends_on=self.role.ready,
        )
