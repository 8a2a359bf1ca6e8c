"""IAM roles for Kubernetes service accounts through EKS Pod Identity.

EKS Pod Identity hands a role's credentials to the pods of one service account through
the Pod Identity agent (a node DaemonSet, installed as the ``eks-pod-identity-agent``
add-on): no OIDC trust per role, and the role's sessions carry tags naming the cluster,
namespace and service account (Amazon EKS User Guide, "Learn how EKS Pod Identity grants
pods access to AWS services" and "Create IAM role with trust policy required by EKS Pod
Identity").
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import ITerraformDependable
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.eks_pod_identity_association import EksPodIdentityAssociation
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from ..shared import AccountContext
from .service_account_role import ServiceAccountRoleProps

POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com"
"""The service principal that assumes Pod Identity roles."""
POD_IDENTITY_ACTIONS = ("sts:AssumeRole", "sts:TagSession")
"""Both are required: Pod Identity assumes the role and tags the session (Amazon EKS User
Guide, "Create IAM role with trust policy required by EKS Pod Identity")."""


@dataclass(frozen=True, kw_only=True)
class PodIdentityRoleProps(ServiceAccountRoleProps):
    """An IAM role that exactly one service account of one cluster receives through EKS
    Pod Identity."""

    cluster_name: str
    """EKS cluster of the service account."""


class PodIdentityRole(Construct):
    """A role and its Pod Identity association with ``<namespace>/<service_account>``.

    The trust policy admits only Pod Identity sessions of this account whose session tags
    name this cluster, namespace and service account (``aws:RequestTag/eks-cluster-name``,
    ``kubernetes-namespace``, ``kubernetes-service-account``), so another association in
    the account cannot borrow the role.
    """

    def __init__(self, scope: Construct, id_: str, *, props: PodIdentityRoleProps) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        conditions = {
            "aws:SourceAccount": account.account_id,
            "aws:RequestTag/eks-cluster-name": props.cluster_name,
            "aws:RequestTag/kubernetes-namespace": props.namespace,
            "aws:RequestTag/kubernetes-service-account": props.service_account,
        }
        trust = DataAwsIamPolicyDocument(
            self,
            "trust",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    effect="Allow",
                    actions=list(POD_IDENTITY_ACTIONS),
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Service", identifiers=[POD_IDENTITY_PRINCIPAL]
                        )
                    ],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals", variable=key, values=[value]
                        )
                        for key, value in conditions.items()
                    ],
                )
            ],
        )
        self.role = IamRole(self, "role", name=props.role_name, assume_role_policy=trust.json)
        self.policy: IamRolePolicy | None = None
        """The role's inline policy (from ``policy_json``), if it has one."""
        if props.policy_json is not None:
            self.policy = IamRolePolicy(
                self, "policy", name=props.role_name, role=self.role.name, policy=props.policy_json
            )
        for index, arn in enumerate(props.managed_policy_arns):
            IamRolePolicyAttachment(
                self, f"attachment_{index}", role=self.role.name, policy_arn=arn
            )
        self.association = EksPodIdentityAssociation(
            self,
            "association",
            cluster_name=props.cluster_name,
            namespace=props.namespace,
            service_account=props.service_account,
            role_arn=self.role.arn,
        )

    @property
    def arn(self) -> str:
        """ARN of the role."""
        return self.role.arn

    @property
    def service_account_annotations(self) -> dict[str, str]:
        """None: the association names the service account."""
        return {}

    @property
    def addon_role_arn(self) -> str | None:
        """None: an EKS add-on gets this role through the association."""
        return None

    @property
    def ready(self) -> list[ITerraformDependable]:
        """The association: pods read their credentials from it when they start."""
        return [self.association]
