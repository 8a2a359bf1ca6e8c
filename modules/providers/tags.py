"""Default tags for the AWS provider."""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from constructs import IConstruct

from .settings import REQUIRED_TAG_KEYS


def default_tags(tags: Mapping[str, str]) -> AwsProviderDefaultTags:
    """Provider ``default_tags`` block; fails if a required key is missing or empty."""
    missing = [key for key in REQUIRED_TAG_KEYS if not tags.get(key)]
    if missing:
        raise ValueError(f"default tags lack required keys {missing}; got {sorted(tags)}")
    return AwsProviderDefaultTags(tags=dict(tags))


def stack_default_tags(scope: IConstruct) -> dict[str, str]:
    """The default tags of the AWS provider (the one without an alias) of ``scope``'s
    stack; empty if the stack has none.

    Provider ``default_tags`` do not reach the tags a resource applies to what it creates,
    such as launch-template ``tag_specifications`` for instances and volumes (hashicorp/aws
    documentation, "default_tags" configuration block); constructs copy them there.
    """
    stack = TerraformStack.of(scope)
    for child in stack.node.children:
        if isinstance(child, AwsProvider) and child.alias is None:
            tags: dict[str, str] = {}
            blocks = child.default_tags_input
            for block in blocks if isinstance(blocks, list) else []:
                if isinstance(block, AwsProviderDefaultTags):
                    tags.update(block.tags or {})
            return tags
    return {}
