"""Props of the GitHub Actions OIDC module: the delivery contract, the bootstrap's choices
and the state backend the roles use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .identity import GithubDelivery
from .settings import GithubOidcSettings

if TYPE_CHECKING:
    from cdktf import TerraformProvider


@dataclass(frozen=True, kw_only=True)
class EnvironmentAccount:
    """An environment that lives in an AWS account of its own."""

    account_id: str
    """The environment's account."""
    provider: TerraformProvider
    """An AWS provider configuration acting in that account."""


@dataclass(frozen=True, kw_only=True)
class GithubOidcProps:
    """Which repository may assume which role, and the state backend the roles use."""

    delivery: GithubDelivery
    """The repository, its ids and the role-name prefix (shared with the environments)."""
    settings: GithubOidcSettings
    """The environments served, session limits, an existing OIDC provider."""
    state_bucket: str
    """Name of the Terraform state bucket (lock ids start with it)."""
    state_bucket_arn: str
    """ARN of the Terraform state bucket."""
    lock_table_arn: str
    """ARN of the DynamoDB lock table."""
    state_key_arn: str
    """ARN of the KMS key encrypting the state bucket and lock table."""
    accounts: Mapping[str, EnvironmentAccount] = field(default_factory=dict)
    """Environments in accounts of their own: their OIDC provider, roles and boundary
    are created there. Default: none, every identity in the stack's account."""
    environment_tag_key: str = "Environment"
    """Tag key naming a resource's environment (``Tags.for_environment``): the boundary
    keeps an environment's apply role off resources tagged with another value. Default:
    ``Environment``."""
