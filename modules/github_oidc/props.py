"""Props of the GitHub Actions OIDC module: its settings plus the state backend it serves."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..shared.settings import require
from .settings import GithubOidcSettings

_ROLE_PREFIX = re.compile(r"^[\w+=,.@-]{1,58}$", re.ASCII)


def check_role_prefix(prefix: str) -> str:
    """1-58 characters valid in an IAM role name (``-plan``/``-apply`` must still fit 64)."""
    if not _ROLE_PREFIX.fullmatch(prefix):
        raise ValueError("expected 1-58 characters valid in an IAM role name")
    return prefix


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
