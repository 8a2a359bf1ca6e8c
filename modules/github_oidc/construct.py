"""The GitHub Actions OIDC provider and, per environment, a plan role, an apply role and the
apply role's permissions boundary."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider
from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from ..guardrails.marks import suppress
from ..shared import AccountContext
from .documents import (
    GITHUB_OIDC_AUDIENCE,
    GITHUB_OIDC_HOST,
    BoundaryScope,
    StateBackend,
    Statement,
    apply_subject,
    boundary_statements,
    plan_statements,
    plan_subjects,
    trust,
)
from .props import GithubOidcProps
from .render import identity_document, trust_document
from .settings import BOOTSTRAP_IDENTITY

GITHUB_OIDC_URL = f"https://{GITHUB_OIDC_HOST}"
"""Issuer of the ID tokens GitHub Actions jobs request with ``id-token: write``."""

ADMINISTRATOR_POLICY = "AdministratorAccess"
"""AWS managed policy of the apply roles, capped by their environment's boundary."""


class GithubOidc(Construct):
    """GitHub Actions may assume one identity per environment and purpose, without keys.

    * **Provider** (id ``provider``, address unchanged since 0.1): the IAM OIDC provider
      for ``token.actions.githubusercontent.com``, client id ``sts.amazonaws.com``, no
      thumbprint. Created unless ``existing_provider_arn`` names one.
    * **Per environment** ``<env>`` (child construct ``<env>``):

      - plan role ``<prefix>-<env>-plan``, trusted by jobs in GitHub environment
        ``<env>-plan`` on main or a pull request's merge ref; an inline policy that reads
        configuration (:mod:`.read_actions`), its own state objects, the state digest and
        the state key, and writes nothing (plans run with ``-lock=false``);
      - apply role ``<prefix>-<env>-apply``, trusted only by jobs in GitHub environment
        ``<env>`` on ``refs/heads/main`` (StringEquals); ``AdministratorAccess`` capped by
        the boundary ``<prefix>-<env>-boundary`` (:func:`.documents.boundary_statements`),
        which the environment's stacks also put on every role they create.

    * **Bootstrap plan role** ``<prefix>-bootstrap-plan`` (GitHub environment
      ``bootstrap-plan``): plans the bootstrap stack. The bootstrap is applied by an
      operator, never from GitHub: its apply could rewrite every identity here.

    An environment in ``props.accounts`` gets its own OIDC provider (id ``<env>/provider``),
    roles and boundary in its account, through the provider configuration given there.

    Every trust is bound to the numeric owner and repository ids through the customized
    ``sub`` claim (:mod:`.identity`); no trust admits two environments.

    Migration from 0.1 (one ``<prefix>-plan`` and one ``<prefix>-apply`` role for all
    environments): the role names change, so those roles are replaced whatever their
    addresses; no ``moved`` block applies. The provider keeps its address.
    """

    def __init__(self, scope: Construct, id_: str, *, props: GithubOidcProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        self.provider: IamOpenidConnectProvider | None = None
        if settings.existing_provider_arn is None:
            self.provider = _github_provider(self)
            self._provider_arn = self.provider.arn
        else:
            self._provider_arn = settings.existing_provider_arn
        self._account = AccountContext.of(self)
        self._state = StateBackend(
            bucket=props.state_bucket,
            bucket_arn=props.state_bucket_arn,
            lock_table_arn=props.lock_table_arn,
            key_arn=props.state_key_arn,
        )
        self.plan_roles: dict[str, IamRole] = {}
        self.apply_roles: dict[str, IamRole] = {}
        self.boundaries: dict[str, IamPolicy] = {}
        for environment in (BOOTSTRAP_IDENTITY, *settings.environments):
            self._plan_role(environment)
        for environment in settings.environments:
            self._apply_role(environment)

    # --- roles -------------------------------------------------------------------------

    def _provider(self, identity: str) -> TerraformProvider | None:
        """The provider of ``identity``'s account (``None``: the stack's own)."""
        account = self.props.accounts.get(identity)
        return account.provider if account is not None else None

    def _account_id(self, identity: str) -> str:
        account = self.props.accounts.get(identity)
        return account.account_id if account is not None else self._account.account_id

    def _identity_provider_arn(self, identity: str) -> str:
        """The OIDC provider trusted by ``identity``'s roles: one per account, so an
        environment in an account of its own gets its own (id ``<env>/provider``)."""
        provider = self._provider(identity)
        if provider is None:
            return self._provider_arn
        existing = self._scope(identity).node.try_find_child("provider")
        if isinstance(existing, IamOpenidConnectProvider):
            return existing.arn
        return _github_provider(self._scope(identity), provider=provider).arn

    def _scope(self, identity: str) -> Construct:
        """The child construct of ``identity`` (its roles' addresses start with it)."""
        existing = self.node.try_find_child(identity)
        return existing if isinstance(existing, Construct) else Construct(self, identity)

    def _plan_role(self, identity: str) -> IamRole:
        delivery = self.props.delivery
        scope = self._scope(identity)
        provider = self._provider(identity)
        role = self._role(
            scope,
            identity,
            "plan",
            name=delivery.plan_role_name(identity),
            description=f"terraform plan of {identity} from GitHub Actions of "
            f"{delivery.repository} (reads configuration, never data)",
            test="StringLike",
            subjects=plan_subjects(delivery, identity),
        )
        # Pull-request refs are unbounded (refs/pull/N/merge): see plan_subjects for why
        # this one wildcard after the fixed ids and environment grants nothing new.
        suppress(
            role,
            "IAM-03",
            "Plan roles match refs/pull/*/merge after fixed owner id, repository id and "
            "environment <env>-plan: any repository writer can run a pull-request plan by "
            "design, and the role reads configuration only (modules/github_oidc/documents.py).",
        )
        IamRolePolicy(
            scope,
            "plan_policy",
            provider=provider,
            name="read-configuration",
            role=role.id,
            policy=identity_document(scope, "plan_access", plan_statements(self._state, identity)),
        )
        self.plan_roles[identity] = role
        return role

    def _apply_role(self, environment: str) -> IamRole:
        delivery = self.props.delivery
        scope = self._scope(environment)
        provider = self._provider(environment)
        boundary = IamPolicy(
            scope,
            "boundary",
            provider=provider,
            name=delivery.boundary_policy_name(environment),
            description=f"Permissions boundary of the {environment} apply role and of every "
            f"role the {environment} stacks create",
            policy=identity_document(scope, "boundary_document", self._boundary(environment)),
        )
        role = self._role(
            scope,
            environment,
            "apply",
            name=delivery.apply_role_name(environment),
            description=f"terraform apply of {environment} from GitHub Actions of "
            f"{delivery.repository} (main, GitHub environment {environment})",
            test="StringEquals",
            subjects=(apply_subject(delivery, environment),),
            permissions_boundary=boundary.arn,
        )
        IamRolePolicyAttachment(
            scope,
            "apply_administrator",
            provider=provider,
            role=role.name,
            policy_arn=self._account.aws_managed_policy_arn(ADMINISTRATOR_POLICY),
        )
        self.apply_roles[environment] = role
        self.boundaries[environment] = boundary
        return role

    def _role(
        self,
        scope: Construct,
        identity: str,
        kind: str,
        *,
        name: str,
        description: str,
        test: str,
        subjects: Sequence[str],
        permissions_boundary: str | None = None,
    ) -> IamRole:
        """Role ``<kind>_role`` of ``identity``, trusted (``<kind>_trust``) by ``subjects``."""
        return IamRole(
            scope,
            f"{kind}_role",
            provider=self._provider(identity),
            name=name,
            description=description,
            assume_role_policy=self._trust(scope, identity, f"{kind}_trust", test, subjects),
            max_session_duration=self.props.settings.max_session_duration_seconds,
            permissions_boundary=permissions_boundary,
        )

    def _boundary(self, environment: str) -> tuple[Statement, ...]:
        delivery, account = self.props.delivery, self._account
        account_id = self._account_id(environment)
        iam = f"arn:{account.partition}:iam::{account_id}"
        return boundary_statements(
            self._state,
            BoundaryScope(
                environment=environment,
                tag_key=self.props.environment_tag_key,
                boundary_arn=delivery.boundary_policy_arn(
                    environment, partition=account.partition, account_id=account_id
                ),
                bootstrap_arns=(
                    f"{iam}:role/{delivery.role_name_prefix}-*",
                    f"{iam}:policy/{delivery.role_name_prefix}-*",
                    self._identity_provider_arn(environment),
                ),
            ),
        )

    # --- documents ---------------------------------------------------------------------

    def _trust(
        self, scope: Construct, identity: str, id_: str, test: str, subjects: Sequence[str]
    ) -> str:
        statement = trust(
            self._identity_provider_arn(identity), test=test, subjects=tuple(subjects)
        )
        return trust_document(scope, id_, statement)

    # --- outputs -----------------------------------------------------------------------

    @property
    def provider_arn(self) -> str:
        """ARN of the GitHub OIDC provider (created here or the existing one)."""
        return self._provider_arn

    def plan_role_arn(self, identity: str) -> str:
        """ARN of the plan role of ``identity`` (an environment or ``bootstrap``)."""
        return self.plan_roles[identity].arn

    def apply_role_arn(self, environment: str) -> str:
        """ARN of the apply role of ``environment``."""
        return self.apply_roles[environment].arn


def _github_provider(
    scope: Construct, *, provider: TerraformProvider | None = None
) -> IamOpenidConnectProvider:
    """The IAM OIDC provider for GitHub Actions (id ``provider``): client id
    ``sts.amazonaws.com`` and no thumbprint (IAM validates GitHub's certificate chain)."""
    return IamOpenidConnectProvider(
        scope,
        "provider",
        url=GITHUB_OIDC_URL,
        client_id_list=[GITHUB_OIDC_AUDIENCE],
        provider=provider,
    )
