"""Who delivers an environment from GitHub Actions: the repository, its ids, the role names.

This is the contract between the bootstrap stack (which creates one plan role and one apply
role per environment) and each environment's stacks (which grant those roles access to the
cluster and run their jobs on runners inside the VPC). Both derive the same names from the
same :class:`GithubDelivery`, so neither needs the other's outputs.

**What AWS evaluates.** For a GitHub OIDC token, IAM evaluates the ``aud`` and ``sub``
condition keys of ``token.actions.githubusercontent.com`` and no custom claim ("Support for
custom claims for OIDC is unavailable in AWS", GitHub's "Configuring OpenID Connect in
Amazon Web Services"). The default ``sub`` (``repo:owner/name:environment:prod``) names the
repository by name only, so a repository deleted and re-created under the same name (or a
renamed owner whose name is taken) would match. GitHub lets a repository customize its
``sub`` claim (REST ``PUT /repos/{owner}/{repo}/actions/oidc/customization/sub`` with
``include_claim_keys``); with :data:`SUB_CLAIM_KEYS` it carries the immutable numeric
owner and repository ids, the environment and the ref, e.g.
``repository_owner_id:123:repository_id:456:environment:prod:ref:refs/heads/main``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from ..shared.settings import Settings
from ..shared.validation import Rule, matching
from .settings import Repository

SUB_CLAIM_KEYS = ("repository_owner_id", "repository_id", "environment", "ref")
"""``include_claim_keys`` of the repository's OIDC subject customization, in order."""

DEPLOY_BRANCH_REF = "refs/heads/main"
"""The only ref whose jobs may assume an apply role."""

PLAN_ENVIRONMENT_SUFFIX = "-plan"
"""GitHub environment ``<env>-plan`` runs the plans of ``<env>``; ``<env>`` runs its applies."""

# "<prefix>-<environment>-apply" must fit IAM's 64 characters with a 16-character
# environment name (EnvironmentName) or "bootstrap": 64 - 1 - 16 - 6 = 41.
check_role_name_prefix = matching(
    r"[\w+=,.@-]{1,41}", "expected 1-41 characters valid in an IAM role name"
)
RoleNamePrefix = Annotated[
    str, AfterValidator(check_role_name_prefix), Rule("1-41 IAM role-name characters")
]


class GithubDelivery(Settings):
    """The GitHub repository that plans and applies the platform, pinned by its ids."""

    repository: Repository
    """``owner/name`` of the repository (used for the runner's source and in messages;
    trust is bound to the ids below, not to this name)."""
    repository_id: int = Field(ge=1)
    """Numeric id of the repository (``gh api repos/OWNER/NAME --jq .id``): survives a
    rename, and a re-created repository of the same name gets a new one."""
    owner_id: int = Field(ge=1)
    """Numeric id of the repository's owner (``gh api repos/OWNER/NAME --jq .owner.id``)."""
    role_name_prefix: RoleNamePrefix = "platform-github"
    """Prefix of the delivery role names ``<prefix>-<environment>-plan`` and
    ``<prefix>-<environment>-apply``. Default: ``platform-github``."""

    def plan_role_name(self, environment: str) -> str:
        """Name of the read-configuration plan role of ``environment``."""
        return f"{self.role_name_prefix}-{environment}-plan"

    def apply_role_name(self, environment: str) -> str:
        """Name of the apply role of ``environment``."""
        return f"{self.role_name_prefix}-{environment}-apply"

    def boundary_policy_name(self, environment: str) -> str:
        """Name of the permissions boundary of ``environment``'s apply role and of every
        role its stacks create (a customer managed policy the bootstrap creates)."""
        return f"{self.role_name_prefix}-{environment}-boundary"

    def boundary_policy_arn(self, environment: str, *, partition: str, account_id: str) -> str:
        """ARN of :meth:`boundary_policy_name` in ``account_id`` (deterministic, so an
        environment's stacks need no output of the bootstrap)."""
        return f"arn:{partition}:iam::{account_id}:policy/{self.boundary_policy_name(environment)}"

    @staticmethod
    def plan_environment(environment: str) -> str:
        """The GitHub environment whose jobs plan ``environment`` (``dev-plan``)."""
        return f"{environment}{PLAN_ENVIRONMENT_SUFFIX}"

    def subject(self, github_environment: str, ref: str) -> str:
        """The customized ``sub`` claim of a job in ``github_environment`` on ``ref``."""
        return (
            f"repository_owner_id:{self.owner_id}:repository_id:{self.repository_id}"
            f":environment:{github_environment}:ref:{ref}"
        )
