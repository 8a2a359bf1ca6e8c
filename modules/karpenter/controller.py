"""The Karpenter controller: its AWS role, its CRDs and its Helm release.

Upstream: aws/karpenter-provider-aws v1.14.1 (commit 1d927085dd81a9df9301e613f371dac5b4d16bfe):
the controller policy of the getting-started CloudFormation template
(``website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml``),
the chart values (``charts/karpenter/values.yaml``) and the install command
(``.../scripts/step08-apply-helm-chart.sh``).
"""

from __future__ import annotations

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
)
from constructs import Construct

from ..guardrails import suppress
from ..shared import AccountContext
from ..shared.helm import HelmChart, escaped_key
from .names import NAMESPACE, SERVICE_ACCOUNT
from .props import KarpenterProps
from .settings import KARPENTER_VERSION

REPOSITORY = "oci://public.ecr.aws/karpenter"
"""Karpenter's chart registry (``helm upgrade --install karpenter
oci://public.ecr.aws/karpenter/karpenter``; karpenter.sh "Getting Started")."""

KARPENTER_CHART = HelmChart(
    repository=REPOSITORY, chart="karpenter", version=KARPENTER_VERSION, app_version="1.14.1"
)
"""The controller chart, pinned (``charts/karpenter/Chart.yaml``: version and appVersion
1.14.1)."""

KARPENTER_CRD_CHART = HelmChart(
    repository=REPOSITORY, chart="karpenter-crd", version=KARPENTER_VERSION, app_version="1.14.1"
)
"""The CRD chart of the same release. Its CRDs are templates, so Helm upgrades them with
each chart bump; CRDs in the ``crds/`` directory of the controller chart would be
installed once and never upgraded ("we recommend using the independent karpenter-crd chart
to manage CRDs"; karpenter.sh "Upgrade Guide", "CRD Upgrades")."""

IMAGE_STATEMENT = "AllowLaunchFromImages"
"""Statement letting the controller launch from any image (EKS-optimized AMIs are AWS's)."""

ACCEPTED_FINDINGS: tuple[tuple[str, str, str], ...] = (
    (
        "IAM-01",
        IMAGE_STATEMENT,
        "launching from an AMI reads the image and its snapshots and changes neither; "
        "EKS-optimized AMIs belong to AWS accounts that differ per Region, so the ARN "
        "cannot name one (upstream AllowScopedEC2InstanceAccessActions)",
    ),
    (
        "IAM-05",
        'RESOURCE_MISMATCH: [{"action": "ec2:',
        "RunInstances and CreateFleet are authorized per resource they touch against all "
        "statements together; the resources are split over statements only so each kind "
        "gets its own tag conditions, as in the upstream controller policy",
    ),
    (
        "IAM-05",
        "ssm:GetParameter",
        "the EKS-optimized AMI parameters under /aws/service/ are AWS's public parameters, "
        "whose ARN has no account (upstream AllowSSMReadActions)",
    ),
)
"""Guardrail findings on the controller policy, reviewed: (rule, message part, reason)."""

CONTROLLER_RESOURCES = {"cpu": "1", "memory": "1Gi"}
"""Requests and limits of the controller container, as upstream installs it
(``step08-apply-helm-chart.sh``: ``controller.resources.{requests,limits}.{cpu=1,
memory=1Gi}``); the chart sets none."""


class KarpenterController(Construct):
    """The Karpenter controller with the least privilege upstream documents.

    Its role (through the cluster's identity: Pod Identity or IRSA) holds the upstream
    controller policy narrowed to this cluster:

    * EC2 launches, tagging and deletion only for resources tagged
      ``kubernetes.io/cluster/<cluster>=owned`` with a ``karpenter.sh/nodepool`` tag;
    * ``iam:PassRole`` of the node role only, to EC2 only;
    * the interruption queue by its exact ARN, ``eks:DescribeCluster`` of this cluster;
    * no instance-profile writes: the EC2NodeClass names the profile the core stack
      created (``spec.instanceProfile``: "Karpenter will not manage the InstanceProfile on
      your behalf"; karpenter.sh "NodeClasses"), so upstream's
      ``iam:CreateInstanceProfile``/``TagInstanceProfile``/``AddRoleToInstanceProfile``/
      ``RemoveRoleFromInstanceProfile``/``DeleteInstanceProfile`` statements are left
      out; reading it stays (``iam:GetInstanceProfile`` of that profile only).

    The controller runs on the ``general`` managed node group: the chart's default
    affinity requires nodes without the ``karpenter.sh/nodepool`` label (never a node
    Karpenter launched) and spreads replicas over hosts and zones (``values.yaml``
    ``affinity``, ``topologySpreadConstraints``). Its PodDisruptionBudget lets one
    replica go at a time.
    """

    def __init__(self, scope: Construct, id_: str, *, props: KarpenterProps) -> None:
        super().__init__(scope, id_)
        names = props.names
        self.role = props.identity.role(
            self,
            "role",
            role_name=names.controller_role,
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            policy_json=self._policy(props),
        )
        if self.role.policy is not None:
            for rule_id, matching, reason in ACCEPTED_FINDINGS:
                suppress(self.role.policy, rule_id, reason, matching=matching)
        self.crds = KARPENTER_CRD_CHART.release(
            self, "crds", name="karpenter-crd", namespace=NAMESPACE, values={}
        )
        settings = props.settings
        self.release = KARPENTER_CHART.release(
            self,
            "release",
            name="karpenter",
            namespace=NAMESPACE,
            values={
                "settings.clusterName": props.cluster_name,
                "settings.clusterEndpoint": props.endpoint,
                "settings.interruptionQueue": names.queue,
                "serviceAccount.create": True,
                "serviceAccount.name": SERVICE_ACCOUNT,
                **{
                    f"serviceAccount.annotations.{escaped_key(key)}": value
                    for key, value in self.role.service_account_annotations.items()
                },
                # IMDS is closed to pods (hop limit 1): the Region is given, as the
                # chart's values.yaml example of controller.env shows.
                "controller.env[0].name": "AWS_REGION",
                "controller.env[0].value": props.region,
                "replicas": settings.controller_replicas,
                "podDisruptionBudget.maxUnavailable": 1,
                **{
                    f"controller.resources.{kind}.{resource}": amount
                    for kind in ("requests", "limits")
                    for resource, amount in CONTROLLER_RESOURCES.items()
                },
            },
            depends_on=[self.crds, *self.role.ready],
        )
        # The CRDs belong to the karpenter-crd release; the controller chart's crds/
        # directory would only be installed on first install and then never upgraded.
        self.release.skip_crds = True

    def _policy(self, props: KarpenterProps) -> str:
        account = AccountContext.of(self)
        partition, region, account_id = account.partition, account.region, account.account_id
        cluster = props.cluster_name
        names = props.names
        ec2 = f"arn:{partition}:ec2:{region}"
        owned = f"kubernetes.io/cluster/{cluster}"

        def condition(
            test: str, variable: str, *values: str
        ) -> DataAwsIamPolicyDocumentStatementCondition:
            return DataAwsIamPolicyDocumentStatementCondition(
                test=test, variable=variable, values=list(values)
            )

        resource_owned = [
            condition("StringEquals", f"aws:ResourceTag/{owned}", "owned"),
            condition("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", "*"),
        ]
        request_owned = [
            condition("StringEquals", f"aws:RequestTag/{owned}", "owned"),
            condition("StringEquals", "aws:RequestTag/eks:eks-cluster-name", cluster),
            condition("StringLike", "aws:RequestTag/karpenter.sh/nodepool", "*"),
        ]
        created = [
            f"{ec2}:*:{kind}/*"
            for kind in (
                "fleet",
                "instance",
                "volume",
                "network-interface",
                "launch-template",
                "spot-instances-request",
            )
        ]
        statements = [
            # Upstream's statement names subnets, security groups, capacity reservations
            # and placement groups of any account; here of this account only.
            DataAwsIamPolicyDocumentStatement(
                sid="AllowScopedEC2InstanceAccessActions",
                effect="Allow",
                actions=["ec2:RunInstances", "ec2:CreateFleet"],
                resources=[
                    f"{ec2}:{account_id}:{kind}/*"
                    for kind in (
                        "security-group",
                        "subnet",
                        "capacity-reservation",
                        "placement-group",
                    )
                ],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid=IMAGE_STATEMENT,
                effect="Allow",
                actions=["ec2:RunInstances", "ec2:CreateFleet"],
                resources=[f"{ec2}::image/*", f"{ec2}::snapshot/*"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowScopedEC2LaunchTemplateAccessActions",
                effect="Allow",
                actions=["ec2:RunInstances", "ec2:CreateFleet"],
                resources=[f"{ec2}:*:launch-template/*"],
                condition=resource_owned,
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowScopedEC2InstanceActionsWithTags",
                effect="Allow",
                actions=["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                resources=created,
                condition=request_owned,
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowScopedResourceCreationTagging",
                effect="Allow",
                actions=["ec2:CreateTags"],
                resources=created,
                condition=[
                    *request_owned,
                    condition(
                        "StringEquals",
                        "ec2:CreateAction",
                        "RunInstances",
                        "CreateFleet",
                        "CreateLaunchTemplate",
                    ),
                ],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowScopedResourceTagging",
                effect="Allow",
                actions=["ec2:CreateTags"],
                resources=[f"{ec2}:*:instance/*"],
                condition=[
                    *resource_owned,
                    condition(
                        "StringEqualsIfExists", "aws:RequestTag/eks:eks-cluster-name", cluster
                    ),
                    condition(
                        "ForAllValues:StringEquals",
                        "aws:TagKeys",
                        "eks:eks-cluster-name",
                        "karpenter.sh/nodeclaim",
                        "Name",
                    ),
                ],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowScopedDeletion",
                effect="Allow",
                actions=["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                resources=[f"{ec2}:*:instance/*", f"{ec2}:*:launch-template/*"],
                condition=resource_owned,
            ),
            # Describe* calls support no resource-level permissions; the Region is pinned.
            DataAwsIamPolicyDocumentStatement(
                sid="AllowRegionalReadActions",
                effect="Allow",
                actions=[
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                resources=["*"],
                condition=[condition("StringEquals", "aws:RequestedRegion", region)],
            ),
            # The EKS-optimized AMI ids of an alias are public SSM parameters.
            DataAwsIamPolicyDocumentStatement(
                sid="AllowSSMReadActions",
                effect="Allow",
                actions=["ssm:GetParameter"],
                resources=[f"arn:{partition}:ssm:{region}::parameter/aws/service/*"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowPricingReadActions",
                effect="Allow",
                actions=["pricing:GetProducts"],
                resources=["*"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowInterruptionQueueActions",
                effect="Allow",
                actions=["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                resources=[f"arn:{partition}:sqs:{region}:{account_id}:{names.queue}"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowPassingInstanceRole",
                effect="Allow",
                actions=["iam:PassRole"],
                resources=[account.role_arn(names.node_role)],
                condition=[
                    condition(
                        "StringEquals",
                        "iam:PassedToService",
                        "ec2.amazonaws.com",
                        "ec2.amazonaws.com.cn",
                    )
                ],
            ),
            # ListInstanceProfiles supports no resource-level permission; Karpenter's
            # instance profile garbage collection lists them (it deletes only profiles
            # it tagged, and may delete none here).
            DataAwsIamPolicyDocumentStatement(
                sid="AllowUnscopedInstanceProfileListAction",
                effect="Allow",
                actions=["iam:ListInstanceProfiles"],
                resources=["*"],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowInstanceProfileReadActions",
                effect="Allow",
                actions=["iam:GetInstanceProfile"],
                resources=[
                    f"arn:{partition}:iam::{account_id}:instance-profile/{names.instance_profile}"
                ],
            ),
            DataAwsIamPolicyDocumentStatement(
                sid="AllowAPIServerEndpointDiscovery",
                effect="Allow",
                actions=["eks:DescribeCluster"],
                resources=[f"arn:{partition}:eks:{region}:{account_id}:cluster/{cluster}"],
            ),
        ]
        return DataAwsIamPolicyDocument(self, "policy", statement=statements).json
