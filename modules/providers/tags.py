"""Default tags for the AWS provider."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf_cdktf_provider_aws.provider import AwsProviderDefaultTags

REQUIRED_TAG_KEYS = ("Project", "Environment", "ManagedBy", "Owner", "CostCenter")
"""Every resource carries these keys; cost reports and ownership queries rely on them."""


def default_tags(tags: Mapping[str, str]) -> AwsProviderDefaultTags:
    """Provider ``default_tags`` block; fails if a required key is missing or empty."""
    missing = [key for key in REQUIRED_TAG_KEYS if not tags.get(key)]
    if missing:
        raise ValueError(f"default tags lack required keys {missing}; got {sorted(tags)}")
    return AwsProviderDefaultTags(tags=dict(tags))
