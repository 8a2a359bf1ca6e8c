"""Props of the GitHub Actions OIDC module: its settings plus the state backend it serves."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.settings import require
from ..shared.validation import matching
from .settings import GithubOidcSettings

# 1-58 characters: "<prefix>-plan" and "<prefix>-apply" must still fit IAM's 64.
check_role_prefix = matching(
    r"[\w+=,.@-]{1,58}", "expected 1-58 characters valid in an IAM role name"
)


@dataclass(frozen=True, kw_only=True)
class GithubOidcProps:
    """Which repository may assume which role, and the state backend the roles use."""

    settings: GithubOidcSettings
    """Repository, environments, branches and session limits."""
    state_bucket_arn: str
    """ARN of the Terraform state bucket: the plan role reads state objects from it."""
    lock_table_arn: str
    """ARN of the DynamoDB lock table: the plan role takes and releases locks in it."""
    state_key_arn: str
    """ARN of the KMS key encrypting the state bucket and lock table."""
    name_prefix: str = "github-actions"
    """Prefix of the role names ``<prefix>-plan`` and ``<prefix>-apply``, at most 58
    characters. Default: ``github-actions``."""

    def __post_init__(self) -> None:
        require(self, "name_prefix", self.name_prefix, check_role_prefix)
