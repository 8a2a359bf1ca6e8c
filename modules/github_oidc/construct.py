"""The GitHub Actions OIDC provider and the plan (read-only) and apply roles it federates."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from ..guardrails.marks import suppress
from ..shared import AccountContext
from .props import GithubOidcProps

GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
GITHUB_OIDC_URL = f"https://{GITHUB_OIDC_HOST}"
"""Issuer of the ID tokens GitHub Actions jobs request with ``id-token: write``."""
GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com"
"""Audience ``aws-actions/configure-aws-credentials`` requests by default."""

READ_ONLY_POLICY = "ReadOnlyAccess"
"""AWS managed policy that lets ``terraform plan`` refresh every resource type."""
ADMINISTRATOR_POLICY = "AdministratorAccess"
"""AWS managed policy of the apply role (narrowed by an optional permissions boundary)."""

STATE_KEY_ACTIONS = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
"""What reading encrypted state and writing a lock entry need of the state key."""
LOCK_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")
"""Terraform's DynamoDB locking protocol: read the digest, take and release the lock."""


class GithubOidc(Construct):
    """GitHub Actions may assume two roles in the account, without long-lived keys.

    * **Provider**: the IAM OIDC provider for ``token.actions.githubusercontent.com``
      with the client id ``sts.amazonaws.com`` and no thumbprint (IAM validates GitHub's
      certificate chain itself; an empty list drifts on every plan). It is created
      unless ``existing_provider_arn`` names one: an account holds one per URL.
    * **Plan role** ``<prefix>-plan``: ``ReadOnlyAccess`` plus exactly what a plan
      writes to the backend: lock entries in the lock table (and ``*.tflock`` objects,
      for the S3-native lockfile opt-in) and the state key to encrypt them. Trusted by
      the repository's ``pull_request`` jobs (and ``plan_branches`` pushes) only.
    * **Apply role** ``<prefix>-apply``: ``AdministratorAccess``, trusted only by jobs
      that run in one of the repository's GitHub environments, so that environment
      protection rules (required reviewers) gate every apply.

    ``AdministratorAccess`` is the pragmatic default for an infrastructure-as-code apply
    role: the platform creates IAM roles, KMS keys, VPCs, EKS, RDS and more, and a
    hand-written allow-list would break on every new module. What the role can do is
    governed instead by who can run it (environment reviewers, branch protection) and,
    where the organisation requires it, by a permissions boundary: set
    ``permissions_boundary_arn`` to a policy that denies, for example, changes to the
    organisation's own IAM roles, CloudTrail, or IAM users and access keys; the
    effective permissions are the intersection of the boundary and this policy.

    Both trust policies require ``:aud`` = ``sts.amazonaws.com`` and an exact ``:sub``
    (``StringEquals``, never ``StringLike`` with wildcards): without a ``sub``
    condition any GitHub repository could assume the role.
    """

    def __init__(self, scope: Construct, id_: str, *, props: GithubOidcProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        self.provider: IamOpenidConnectProvider | None = None
        if settings.existing_provider_arn is None:
            self.provider = IamOpenidConnectProvider(
                self, "provider", url=GITHUB_OIDC_URL, client_id_list=[GITHUB_OIDC_AUDIENCE]
            )
            self._provider_arn = self.provider.arn
        else:
            self._provider_arn = settings.existing_provider_arn
        account = AccountContext.of(self)

        self.plan_role = self._role(
            "plan",
            f"terraform plan from GitHub Actions of {settings.repository} (read-only)",
            settings.plan_subjects,
            attachment=("plan_read_only", account.aws_managed_policy_arn(READ_ONLY_POLICY)),
        )
        IamRolePolicy(
            self,
            "plan_state_policy",
            name="terraform-state-locking",
            role=self.plan_role.id,
            policy=self._state_access(props).json,
        )
        self.apply_role = self._role(
            "apply",
            f"terraform apply from GitHub Actions of {settings.repository}, "
            f"environments {', '.join(settings.environments)}",
            settings.apply_subjects,
            attachment=(
                "apply_administrator",
                account.aws_managed_policy_arn(ADMINISTRATOR_POLICY),
            ),
            permissions_boundary=settings.permissions_boundary_arn,
        )
        if settings.permissions_boundary_arn is None:
            suppress(
                self.apply_role,
                "IAM-02",
                "Without permissions_boundary_arn the apply role keeps full "
                "AdministratorAccess by design: only jobs in reviewer-protected GitHub "
                "environments can assume it. Set permissions_boundary_arn to cap it.",
            )

    def _role(
        self,
        kind: str,
        description: str,
        subjects: Sequence[str],
        *,
        attachment: tuple[str, str],
        permissions_boundary: str | None = None,
    ) -> IamRole:
        """Role ``<prefix>-<kind>`` (id ``<kind>_role``) trusted by ``subjects``, with the
        managed policy of ``attachment`` (its id, its ARN) attached."""
        role = IamRole(
            self,
            f"{kind}_role",
            name=f"{self.props.name_prefix}-{kind}",
            description=description,
            assume_role_policy=self._trust(f"{kind}_trust", subjects),
            max_session_duration=self.props.settings.max_session_duration_seconds,
            permissions_boundary=permissions_boundary,
        )
        attachment_id, policy_arn = attachment
        IamRolePolicyAttachment(self, attachment_id, role=role.name, policy_arn=policy_arn)
        return role

    def _trust(self, id_: str, subjects: Sequence[str]) -> str:
        """A web-identity trust policy pinned to GitHub's audience and the subjects."""
        document = DataAwsIamPolicyDocument(
            self,
            id_,
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="GithubActions",
                    effect="Allow",
                    actions=["sts:AssumeRoleWithWebIdentity"],
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Federated", identifiers=[self._provider_arn]
                        )
                    ],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals",
                            variable=f"{GITHUB_OIDC_HOST}:aud",
                            values=[GITHUB_OIDC_AUDIENCE],
                        ),
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="StringEquals",
                            variable=f"{GITHUB_OIDC_HOST}:sub",
                            values=list(subjects),
                        ),
                    ],
                )
            ],
        )
        return document.json

    def _state_access(self, props: GithubOidcProps) -> DataAwsIamPolicyDocument:
        """Backend access of ``terraform plan``: read state, take and release locks."""
        bucket = props.state_bucket_arn
        return DataAwsIamPolicyDocument(
            self,
            "plan_state_access",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="ListStateBucket",
                    effect="Allow",
                    actions=["s3:ListBucket"],
                    resources=[bucket],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="ReadState",
                    effect="Allow",
                    actions=["s3:GetObject"],
                    resources=[f"{bucket}/*"],
                ),
                DataAwsIamPolicyDocumentStatement(
                    # Only for the S3-native lockfile (use_lockfile); state objects stay
                    # read-only.
                    sid="S3NativeLockfiles",
                    effect="Allow",
                    actions=["s3:PutObject", "s3:DeleteObject"],
                    resources=[f"{bucket}/*.tflock"],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="LockTable",
                    effect="Allow",
                    actions=list(LOCK_TABLE_ACTIONS),
                    resources=[props.lock_table_arn],
                ),
                DataAwsIamPolicyDocumentStatement(
                    sid="StateKey",
                    effect="Allow",
                    actions=list(STATE_KEY_ACTIONS),
                    resources=[props.state_key_arn],
                ),
            ],
        )

    @property
    def provider_arn(self) -> str:
        """ARN of the GitHub OIDC provider (created here or the existing one)."""
        return self._provider_arn

    @property
    def plan_role_arn(self) -> str:
        """ARN of the read-only plan role (``role-to-assume`` of pull-request plans)."""
        return self.plan_role.arn

    @property
    def apply_role_arn(self) -> str:
        """ARN of the apply role (``role-to-assume`` of environment-gated applies)."""
        return self.apply_role.arn
