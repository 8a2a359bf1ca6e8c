"""Default tags for the AWS provider."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf_cdktf_provider_aws.provider import AwsProviderDefaultTags

from .settings import REQUIRED_TAG_KEYS


def default_tags(tags: Mapping[str, str]) -> AwsProviderDefaultTags:
    """Provider ``default_tags`` block; fails if a required key is missing or empty."""
    missing = [key for key in REQUIRED_TAG_KEYS if not tags.get(key)]
    if missing:
        raise ValueError(f"default tags lack required keys {missing}; got {sorted(tags)}")
    return AwsProviderDefaultTags(tags=dict(tags))
