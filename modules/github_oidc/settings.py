"""Which environments get GitHub delivery identities, and how (cdktf-free)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..shared.settings import FieldError, Settings
from ..shared.validation import AccountId, Rule, check_slug, matching

MIN_SESSION_SECONDS = 3600
MAX_SESSION_SECONDS = 43200
"""IAM's bounds for a role's maximum session duration: 1 to 12 hours."""


# The repository becomes part of the token.actions.githubusercontent.com:sub condition, so
# a wildcard or a malformed name would widen or break the trust policy.
check_repository = matching(
    r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}",
    "expected owner/name, e.g. octo-org/platform (owner: letters, digits and single "
    "hyphens; name: letters, digits, . _ -)",
)

check_environment = matching(
    r"[A-Za-z0-9._-]{1,255}", "expected letters, digits, '.', '_' or '-' (no wildcards)"
)


check_iam_arn = matching(
    r"arn:aws[a-z-]*:iam::[0-9]{12}:[a-z-]+/.+",
    "expected an IAM ARN such as arn:aws:iam::123456789012:policy/name",
)

Repository = Annotated[str, AfterValidator(check_repository), Rule("owner/name")]
GithubEnvironment = Annotated[
    str, AfterValidator(check_environment), Rule("a GitHub environment name")
]
IamArn = Annotated[str, AfterValidator(check_iam_arn), Rule("an IAM ARN")]
check_role_name = matching(
    r"[\w+=,.@-]{1,64}", "expected 1-64 characters valid in an IAM role name"
)
RoleName = Annotated[str, AfterValidator(check_role_name), Rule("an IAM role name")]


BOOTSTRAP_IDENTITY = "bootstrap"
"""The delivery identity that plans the bootstrap stack (``<prefix>-bootstrap-plan``);
no environment may take this name."""


def check_delivery_environment(name: str) -> str:
    """An environment name usable in role names, other than ``bootstrap``."""
    check_slug(name)
    if name == BOOTSTRAP_IDENTITY:
        raise ValueError("expected an environment name other than 'bootstrap'")
    return name


DeliveryEnvironment = Annotated[
    str,
    Field(min_length=2, max_length=16),
    AfterValidator(check_delivery_environment),
    Rule("an environment name (lowercase slug, not 'bootstrap')"),
]


class GithubOidcSettings(Settings):
    """Which environments the bootstrap creates delivery identities for, and how.

    The repository and its ids come from :class:`~.identity.GithubDelivery`; these are the
    bootstrap's own choices.
    """

    environments: tuple[DeliveryEnvironment, ...] = Field(default=("dev", "prod"), min_length=1)
    """Environments that get a plan role, an apply role and a permissions boundary each.
    Default: ``dev`` and ``prod``."""
    max_session_duration_seconds: int = Field(
        default=7200, ge=MIN_SESSION_SECONDS, le=MAX_SESSION_SECONDS
    )
    """Longest session a delivery role grants, 3600 to 43200 seconds. Default: 7200 (a
    first apply of a whole environment can outlast one hour, and credentials expiring
    mid-apply leave a stale lock behind)."""
    existing_provider_arn: IamArn | None = None
    """ARN of an IAM OIDC provider for ``token.actions.githubusercontent.com`` that already
    exists in the bootstrap's account (there can be only one per URL). Default: none, it is
    created."""

    accounts: dict[DeliveryEnvironment, AccountId] = Field(default_factory=dict)
    """AWS account of an environment that lives in an account of its own: its OIDC
    provider, roles and boundary are created there (through a provider that assumes
    ``account_access_role_name``), and the state bucket, key and lock table grant exactly
    those roles their prefix. Default: none, every environment in the bootstrap's
    account."""
    account_access_role_name: RoleName = "OrganizationAccountAccessRole"
    """Role the bootstrap assumes in an environment's account to create its identities.
    Default: ``OrganizationAccountAccessRole`` (what AWS Organizations creates in a new
    member account)."""

    @field_validator("environments")
    @classmethod
    def _distinct(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(names)) != len(names):
            raise ValueError("expected each name once")
        return names

    @model_validator(mode="after")
    def _accounts_of_served_environments(self) -> Self:
        unknown = sorted(set(self.accounts) - set(self.environments))
        if unknown:
            raise FieldError.combine(
                [
                    FieldError(
                        f"accounts.{name}",
                        self.accounts[name],
                        f"expected an account of a served environment {list(self.environments)}",
                    )
                    for name in unknown
                ]
            )
        return self
