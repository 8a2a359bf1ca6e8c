"""AWS provider factory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from .tags import default_tags


@dataclass(frozen=True, kw_only=True)
class AwsProviderProps:
    """Settings of one AWS provider configuration."""

    region: str
    """AWS Region the provider manages."""
    tags: Mapping[str, str]
    """Default tags for every resource; must include the keys of ``REQUIRED_TAG_KEYS``."""
    allowed_account_ids: Sequence[str] = field(default_factory=tuple)
    """Refuse to run against any other account. Default: no restriction."""
    alias: str | None = None
    """Provider alias for a second configuration (e.g. a DR Region). Default: none."""


def aws_provider(scope: Construct, id_: str, *, props: AwsProviderProps) -> AwsProvider:
    """Configure the AWS provider of a stack with default tags and an account guard."""
    return AwsProvider(
        scope,
        id_,
        region=props.region,
        default_tags=[default_tags(props.tags)],
        allowed_account_ids=list(props.allowed_account_ids) or None,
        alias=props.alias,
    )
