"""Karpenter's AWS half (core stack): the node role and instance profile, the nodes'
access entry, and the interruption queue fed by EventBridge.

Upstream: the getting-started CloudFormation template of aws/karpenter-provider-aws
(``website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml``
at v1.14.1, commit 1d927085dd81a9df9301e613f371dac5b4d16bfe) and terraform-aws-modules'
``modules/karpenter/main.tf`` (terraform-aws-eks, commit 00587f53).
"""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.eks_access_entry import EksAccessEntry
from cdktf_cdktf_provider_aws.iam_instance_profile import IamInstanceProfile
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
from constructs import Construct

from ..shared import AccountContext
from ..shared.iam import service_trust_policy
from .props import KarpenterInfrastructureProps

NODE_POLICIES = (
    "AmazonEKSWorkerNodePolicy",
    # Pull-only: the node never lists or describes repositories (the upstream template
    # attaches AmazonEC2ContainerRegistryPullOnly too).
    "AmazonEC2ContainerRegistryPullOnly",
    # Shell access through Session Manager, like the managed nodes.
    "AmazonSSMManagedInstanceCore",
)
"""AWS managed policies of the Karpenter node role. ``AmazonEKS_CNI_Policy``, which the
upstream template attaches too, is left out: the VPC CNI has its own role (the EKS
module's ``vpc_cni_role``), so no process on the node needs network-interface rights."""

CNI_POLICY = "AmazonEKS_CNI_Policy"
"""The VPC CNI's policy, on the node role only where the CNI has no role of its own."""

QUEUE_RETENTION_SECONDS = 300
"""Interruption messages older than five minutes are stale: a spot interruption warning
comes two minutes ahead (upstream ``MessageRetentionPeriod: 300``)."""

INTERRUPTION_EVENTS: dict[str, tuple[str, str, str]] = {
    "health": ("aws.health", "AWS Health Event", "AWS Health scheduled changes"),
    "spot": (
        "aws.ec2",
        "EC2 Spot Instance Interruption Warning",
        "EC2 Spot Instance interruption warnings",
    ),
    "rebal": (
        "aws.ec2",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance rebalance recommendations",
    ),
    "state": (
        "aws.ec2",
        "EC2 Instance State-change Notification",
        "EC2 Instance state-change notifications",
    ),
    "reserve": (
        "aws.ec2",
        "EC2 Capacity Reservation Instance Interruption Warning",
        "EC2 Capacity Reservation interruption warnings",
    ),
}
"""Events Karpenter handles, by rule kind: (source, detail-type, description). The five
rules of the upstream template (ScheduledChangeRule, SpotInterruptionRule, RebalanceRule,
InstanceStateChangeRule, CapacityReservationInterruptionRule)."""

EVENT_TARGET_ID = "KarpenterInterruptionQueueTarget"
"""Target id of every rule (upstream's)."""


class KarpenterInfrastructure(Construct):
    """What Karpenter needs in AWS before its controller starts.

    * Node role (EC2 trust) with :data:`NODE_POLICIES`, and its instance profile; the
      EC2NodeClass names the profile (``spec.instanceProfile``), so Karpenter never
      creates, tags or deletes instance profiles and its controller needs no rights to.
    * An EKS access entry of type ``EC2_LINUX`` for the node role, the type "for an IAM
      role used with Linux or Bottlerocket self-managed nodes" (Amazon EKS User Guide,
      "Create access entries", as eksctl's access-entry docs quote it; terraform-aws-eks
      ``aws_eks_access_entry.node``): the nodes join as ``system:nodes``.
    * The interruption queue: SSE-SQS encrypted (as upstream: EventBridge can send to it
      without a key policy), messages kept 300 s, TLS only; EventBridge and SQS may send
      to it. Five EventBridge rules forward the interruption events.
    """

    def __init__(self, scope: Construct, id_: str, *, props: KarpenterInfrastructureProps) -> None:
        super().__init__(scope, id_)
        names = props.names
        self.node_role = IamRole(
            self,
            "node_role",
            name=names.node_role,
            description=f"Nodes Karpenter launches for {props.cluster_name}",
            assume_role_policy=service_trust_policy(
                self, "node_trust", service="ec2.amazonaws.com", same_account_only=False
            ),
        )
        account = AccountContext.of(self)
        policies = (*NODE_POLICIES, CNI_POLICY) if props.cni_policy_on_node_role else NODE_POLICIES
        self.node_policies = [
            IamRolePolicyAttachment(
                self,
                f"node_{policy}",
                role=self.node_role.name,
                policy_arn=account.aws_managed_policy_arn(policy),
            )
            for policy in policies
        ]
        self.instance_profile = IamInstanceProfile(
            self, "instance_profile", name=names.instance_profile, role=self.node_role.name
        )
        self.access_entry = (
            EksAccessEntry(
                self,
                "node_access",
                cluster_name=props.cluster,
                principal_arn=self.node_role.arn,
                type="EC2_LINUX",
            )
            if props.access_entry
            else None
        )
        self.queue = SqsQueue(
            self,
            "queue",
            name=names.queue,
            message_retention_seconds=QUEUE_RETENTION_SECONDS,
            sqs_managed_sse_enabled=True,
        )
        self.queue_policy = SqsQueuePolicy(
            self, "queue_policy", queue_url=self.queue.url, policy=self._queue_policy()
        )
        self.rules = {}
        for kind, (source, detail_type, description) in INTERRUPTION_EVENTS.items():
            rule = CloudwatchEventRule(
                self,
                f"rule_{kind}",
                name=names.rule(kind),
                description=f"Karpenter interruption: {description}",
                event_pattern=json.dumps({"source": [source], "detail-type": [detail_type]}),
            )
            CloudwatchEventTarget(
                self,
                f"target_{kind}",
                rule=rule.name,
                target_id=EVENT_TARGET_ID,
                arn=self.queue.arn,
            )
            self.rules[kind] = rule

    def _queue_policy(self) -> str:
        # Upstream KarpenterInterruptionQueuePolicy: EventBridge (and SQS) may send; any
        # request without TLS is denied.
        document = DataAwsIamPolicyDocument(
            self,
            "queue_policy_document",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="EventsSend",
                    effect="Allow",
                    actions=["sqs:SendMessage"],
                    resources=[self.queue.arn],
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Service",
                            identifiers=["events.amazonaws.com", "sqs.amazonaws.com"],
                        )
                    ],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="DenyHTTP",
                    effect="Deny",
                    actions=["sqs:*"],
                    resources=[self.queue.arn],
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(type="*", identifiers=["*"])
                    ],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="Bool", variable="aws:SecureTransport", values=["false"]
                        )
                    ],
                ),
            ],
        )
        return document.json

    @property
    def queue_name(self) -> str:
        """Name of the interruption queue (the chart's ``settings.interruptionQueue``)."""
        return self.queue.name

    @property
    def node_role_arn(self) -> str:
        """ARN of the node role."""
        return self.node_role.arn
