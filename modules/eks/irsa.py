"""IAM roles for Kubernetes service accounts (IRSA)."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import Fn, ITerraformDependable
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from .service_account_role import ServiceAccountRoleProps

STS_AUDIENCE = "sts.amazonaws.com"


@dataclass(frozen=True, kw_only=True)
class OidcProvider:
    """The cluster's IAM OIDC identity provider, as IRSA trust policies need it."""

    arn: str
    """ARN of the ``aws_iam_openid_connect_provider``."""
    issuer_url: str
    """Issuer URL of the cluster, ``https://oidc.eks.<region>.amazonaws.com/id/<id>``."""

    @property
    def issuer_host(self) -> str:
        """The issuer without ``https://``: the prefix of the ``:sub``/``:aud`` keys."""
        return Fn.replace(self.issuer_url, "https://", "")


@dataclass(frozen=True, kw_only=True)
class IrsaRoleProps(ServiceAccountRoleProps):
    """An IAM role that exactly one Kubernetes service account may assume through the
    cluster's OIDC provider."""

    oidc_provider: OidcProvider
    """The cluster's OIDC provider."""


class IrsaRole(Construct):
    """A role trusted only by ``system:serviceaccount:<namespace>:<name>`` of one cluster.

    The trust policy pins both the subject (``:sub``, the service account) and the
    audience (``:aud``, STS); without ``:sub`` any pod of the cluster could assume it.
    """

    def __init__(self, scope: Construct, id_: str, *, props: IrsaRoleProps) -> None:
        super().__init__(scope, id_)
        host = props.oidc_provider.issuer_host
        self.subject = f"system:serviceaccount:{props.namespace}:{props.service_account}"
        trust = DataAwsIamPolicyDocument(
            self,
            "trust",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    effect="Allow",
                    actions=["sts:AssumeRoleWithWebIdentity"],
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Federated", identifiers=[props.oidc_provider.arn]
                        )
                    ],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals", variable=f"{host}:sub", values=[self.subject]
                        ),
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals", variable=f"{host}:aud", values=[STS_AUDIENCE]
                        ),
                    ],
                )
            ],
        )
        self.role = IamRole(self, "role", name=props.role_name, assume_role_policy=trust.json)
        policy_arns = list(props.managed_policy_arns)
        self.policy: IamPolicy | None = None
        """The role's own policy (from ``policy_json``), if it has one."""
        if props.policy_json is not None:
            self.policy = IamPolicy(self, "policy", name=props.role_name, policy=props.policy_json)
            policy_arns.append(self.policy.arn)
        for index, arn in enumerate(policy_arns):
            IamRolePolicyAttachment(
                self, f"attachment_{index}", role=self.role.name, policy_arn=arn
            )

    @property
    def arn(self) -> str:
        """ARN of the role (the service account's ``eks.amazonaws.com/role-arn``)."""
        return self.role.arn

    @property
    def service_account_annotations(self) -> dict[str, str]:
        """The annotation that names this role on the service account."""
        return {"eks.amazonaws.com/role-arn": self.role.arn}

    @property
    def addon_role_arn(self) -> str | None:
        """The role, as an EKS add-on's ``service_account_role_arn``."""
        return self.role.arn

    @property
    def ready(self) -> list[ITerraformDependable]:
        """Nothing beyond the references: the annotation carries the role ARN."""
        return []
