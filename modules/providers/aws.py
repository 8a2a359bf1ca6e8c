"""AWS provider factory."""

from __future__ import annotations

import keyword
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderEndpoints
from constructs import Construct

from .emulator import (
    EMULATED_SERVICES,
    EMULATOR_ACCESS_KEY,
    EMULATOR_SECRET_KEY,
    EmulatorEndpoint,
)
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
    emulator: EmulatorEndpoint | None = None
    """Talk to a local AWS emulator instead of AWS (the ``local`` target only).
    Default: real AWS."""


def aws_provider(scope: Construct, id_: str, *, props: AwsProviderProps) -> AwsProvider:
    """Configure the AWS provider of a stack with default tags and an account guard."""
    provider = AwsProvider(
        scope,
        id_,
        region=props.region,
        default_tags=[default_tags(props.tags)],
        allowed_account_ids=list(props.allowed_account_ids) or None,
        alias=props.alias,
    )
    if props.emulator is not None:
        point_at_emulator(provider, props.emulator)
    return provider


def point_at_emulator(provider: AwsProvider, emulator: EmulatorEndpoint) -> None:
    """Send every call of ``provider`` to the emulator, with fake credentials only."""
    url = emulator.base_url
    # jsii names an argument that is a Python keyword with a trailing underscore (lambda_).
    arguments = {f"{s}_" if keyword.iskeyword(s) else s: url for s in EMULATED_SERVICES}
    provider.endpoints = [AwsProviderEndpoints(**arguments)]
    provider.access_key = EMULATOR_ACCESS_KEY
    provider.secret_key = EMULATOR_SECRET_KEY
    provider.allowed_account_ids = [emulator.account_id]
    provider.s3_use_path_style = True
    provider.skip_metadata_api_check = "true"
    provider.skip_region_validation = True
    # Fail within seconds, not minutes of back-off, when the emulator is gone.
    provider.max_retries = 2
