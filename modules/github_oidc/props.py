"""Props of the GitHub Actions OIDC module."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_REPOSITORY_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_ENVIRONMENT = re.compile(r"^[A-Za-z0-9._-]{1,255}$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]{1,255}$")
_ROLE_PREFIX = re.compile(r"^[\w+=,.@-]{1,58}$")

MIN_SESSION_SECONDS = 3600
MAX_SESSION_SECONDS = 43200
"""IAM's bounds for a role's maximum session duration: 1 to 12 hours."""


def check_repository(repository: str) -> str:
    """``owner/name`` as GitHub spells it, or a ValueError naming the value.

    The value becomes part of the ``token.actions.githubusercontent.com:sub`` condition,
    so a wildcard or a malformed name would widen or break the trust policy.
    """
    owner, slash, name = repository.partition("/")
    if (
        not slash
        or not _OWNER.match(owner)
        or not _REPOSITORY_NAME.match(name)
        or name in {".", ".."}
    ):
        raise ValueError(
            f"repository = {repository!r}: expected owner/name, e.g. example-org/platform "
            "(owner: letters, digits and single hyphens; name: letters, digits, . _ -)"
        )
    return repository


@dataclass(frozen=True, kw_only=True)
class GithubOidcProps:
    """Which repository may assume which role, and what the roles may touch."""

    repository: str
    """The GitHub repository, ``owner/name`` (case as on GitHub: the ``sub`` claim is
    compared exactly)."""
    state_bucket_arn: str
    """ARN of the Terraform state bucket: the plan role reads state objects from it."""
    lock_table_arn: str
    """ARN of the DynamoDB lock table: the plan role takes and releases locks in it."""
    state_key_arn: str
    """ARN of the KMS key encrypting the state bucket and lock table."""
    environments: Sequence[str] = ("dev", "prod")
    """GitHub environments whose jobs may assume the apply role; a job is trusted only
    with ``environment: <name>`` set, so required reviewers on an environment gate its
    applies. Default: ``dev`` and ``prod``."""
    plan_branches: Sequence[str] = ()
    """Branches whose push-triggered jobs (without an environment) may also assume the
    read-only plan role, e.g. ``("main",)`` for a deploy workflow that plans before its
    approval gate. Default: none, pull requests only."""
    name_prefix: str = "github-actions"
    """Prefix of the role names ``<prefix>-plan`` and ``<prefix>-apply``, at most 58
    characters. Default: ``github-actions``."""
    max_session_duration_seconds: int = 7200
    """Longest session either role grants, 3600 to 43200 seconds. Default: 7200 (two
    hours: a first apply of a whole environment can outlast the one-hour IAM default,
    and credentials expiring mid-apply leave a stale lock behind)."""
    existing_provider_arn: str | None = None
    """ARN of an IAM OIDC provider for ``token.actions.githubusercontent.com`` that
    already exists in the account (there can be only one per URL). Default: none, the
    construct creates it."""
    permissions_boundary_arn: str | None = None
    """Permissions boundary for the apply role. Default: none, so the apply role has
    full ``AdministratorAccess``; a boundary caps it (see :class:`GithubOidc`)."""

    def __post_init__(self) -> None:
        check_repository(self.repository)
        environments = list(self.environments)
        if not environments:
            raise ValueError("environments = []: expected at least one GitHub environment")
        for environment in environments:
            if not _ENVIRONMENT.match(environment):
                raise ValueError(
                    f"environments: {environment!r}: expected letters, digits, . _ - "
                    "(no wildcards: each name is matched exactly)"
                )
        if len(set(environments)) != len(environments):
            raise ValueError(f"environments = {environments}: names must be distinct")
        for branch in self.plan_branches:
            if not _BRANCH.match(branch) or branch.startswith(("/", "refs/")):
                raise ValueError(
                    f"plan_branches: {branch!r}: expected a branch name such as main "
                    "(without refs/heads/, no wildcards)"
                )
        if not _ROLE_PREFIX.match(self.name_prefix):
            raise ValueError(
                f"name_prefix = {self.name_prefix!r}: expected 1-58 characters valid in an "
                "IAM role name"
            )
        if not MIN_SESSION_SECONDS <= self.max_session_duration_seconds <= MAX_SESSION_SECONDS:
            raise ValueError(
                f"max_session_duration_seconds = {self.max_session_duration_seconds}: "
                f"expected {MIN_SESSION_SECONDS} to {MAX_SESSION_SECONDS}"
            )

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
