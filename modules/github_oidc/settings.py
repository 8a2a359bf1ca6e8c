"""Which GitHub repository may plan and apply, through which environments (cdktf-free)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from ..shared.settings import Settings
from ..shared.validation import Rule, matching

_BRANCH = re.compile(r"^[A-Za-z0-9._/-]{1,255}$")

MIN_SESSION_SECONDS = 3600
MAX_SESSION_SECONDS = 43200
"""IAM's bounds for a role's maximum session duration: 1 to 12 hours."""


# The repository becomes part of the token.actions.githubusercontent.com:sub condition, so
# a wildcard or a malformed name would widen or break the trust policy.
check_repository = matching(
    r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}",
    "expected owner/name, e.g. example-org/platform (owner: letters, digits and single "
    "hyphens; name: letters, digits, . _ -)",
)

check_environment = matching(
    r"[A-Za-z0-9._-]{1,255}", "expected letters, digits, '.', '_' or '-' (no wildcards)"
)


def check_branch(branch: str) -> str:
    """A branch name without ``refs/heads/`` and without wildcards."""
    if not _BRANCH.match(branch) or branch.startswith(("/", "refs/")):
        raise ValueError("expected a branch name such as main (without refs/heads/)")
    return branch


check_iam_arn = matching(
    r"arn:aws[a-z-]*:iam::[0-9]{12}:[a-z-]+/.+",
    "expected an IAM ARN such as arn:aws:iam::123456789012:policy/name",
)

Repository = Annotated[str, AfterValidator(check_repository), Rule("owner/name")]
GithubEnvironment = Annotated[
    str, AfterValidator(check_environment), Rule("a GitHub environment name")
]
Branch = Annotated[str, AfterValidator(check_branch), Rule("a branch name")]
IamArn = Annotated[str, AfterValidator(check_iam_arn), Rule("an IAM ARN")]


class GithubOidcSettings(Settings):
    """The repository whose GitHub Actions workflows plan and apply through OIDC roles."""

    repository: Repository
    """The GitHub repository, ``owner/name`` (case as on GitHub: the ``sub`` claim is
    compared exactly)."""
    environments: tuple[GithubEnvironment, ...] = Field(default=("dev", "prod"), min_length=1)
    """GitHub environments whose jobs may assume the apply role; a job is trusted only with
    ``environment: <name>`` set, so required reviewers on an environment gate its applies.
    Default: ``dev`` and ``prod``."""
    plan_branches: tuple[Branch, ...] = ("main",)
    """Branches whose push-triggered jobs (without an environment) may also assume the
    read-only plan role. Default: ``main``, where the main workflow plans before its
    approval gate."""
    max_session_duration_seconds: int = Field(
        default=7200, ge=MIN_SESSION_SECONDS, le=MAX_SESSION_SECONDS
    )
    """Longest session either role grants, 3600 to 43200 seconds. Default: 7200 (a first
    apply of a whole environment can outlast one hour, and credentials expiring mid-apply
    leave a stale lock behind)."""
    existing_provider_arn: IamArn | None = None
    """ARN of an IAM OIDC provider for ``token.actions.githubusercontent.com`` that already
    exists in the account (there can be only one per URL). Default: none, it is created."""
    permissions_boundary_arn: IamArn | None = None
    """Permissions boundary of the apply role. Default: none, so the apply role has full
    ``AdministratorAccess``; a boundary caps it."""

    @field_validator("environments", "plan_branches")
    @classmethod
    def _distinct(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(names)) != len(names):
            raise ValueError("expected each name once")
        return names

    @property
    def plan_subjects(self) -> tuple[str, ...]:
        """``sub`` claims the plan role accepts: pull requests, then the plan branches."""
        return (
            f"repo:{self.repository}:pull_request",
            *(f"repo:{self.repository}:ref:refs/heads/{branch}" for branch in self.plan_branches),
        )

    @property
    def apply_subjects(self) -> tuple[str, ...]:
        """``sub`` claims the apply role accepts: one per GitHub environment."""
        return tuple(
            f"repo:{self.repository}:environment:{environment}" for environment in self.environments
        )
