"""Props of the GitHub Actions OIDC module: the delivery contract, the bootstrap's choices
and the state backend the roles use."""

from __future__ import annotations

from dataclasses import dataclass

from .identity import GithubDelivery
from .settings import GithubOidcSettings


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
    environment_tag_key: str = "Environment"
    """Tag key naming a resource's environment (``Tags.for_environment``): the boundary
    keeps an environment's apply role off resources tagged with another value. Default:
    ``Environment``."""
