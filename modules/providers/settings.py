"""Ownership and cost tags every AWS resource carries (cdktf-free settings)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator

from ..shared.settings import Settings

ENVIRONMENT_TAG_KEY = "Environment"
"""The tag naming a resource's environment (the delivery boundaries confine by it)."""
REQUIRED_TAG_KEYS = ("Project", ENVIRONMENT_TAG_KEY, "ManagedBy", "Owner", "CostCenter")
"""Every resource carries these keys; cost reports and ownership queries rely on them."""

MANAGED_BY = "cdktf"
"""Value of the ``ManagedBy`` tag."""

_TAG_TEXT = re.compile(r"^[\w .:/=+\-@]*$")
"""Characters AWS allows in tag keys and values (AWS Tagging, "Tag naming limits and
requirements": letters, digits, spaces and ``_ . : / = + - @``)."""

TagText = Annotated[str, Field(min_length=1, max_length=256)]


class Tags(Settings):
    """Cost-allocation and ownership tags, applied to every resource via ``default_tags``."""

    project: TagText
    """``Project`` tag: the product or platform name."""
    owner: TagText
    """``Owner`` tag: the team accountable for the resources (an e-mail or team handle)."""
    cost_center: TagText
    """``CostCenter`` tag: the finance code charged for the resources."""
    extra: dict[str, str] = Field(default_factory=dict)
    """Additional tags. Default: none. Keys of at most 128 characters without the ``aws:``
    prefix, values of at most 256; the platform's own keys may not be overridden."""

    @field_validator("project", "owner", "cost_center")
    @classmethod
    def _allowed_characters(cls, value: str) -> str:
        if not _TAG_TEXT.match(value):
            raise ValueError("expected letters, digits, spaces and _ . : / = + - @ only")
        return value

    @field_validator("extra")
    @classmethod
    def _extra_tags(cls, extra: dict[str, str]) -> dict[str, str]:
        clashes = sorted(set(REQUIRED_TAG_KEYS) & extra.keys())
        if clashes:
            raise ValueError(
                f"keys {clashes} are set by the platform; use the dedicated fields instead"
            )
        for key, value in extra.items():
            if (
                not 1 <= len(key) <= 128
                or len(value) > 256
                or key.lower().startswith("aws:")
                or not _TAG_TEXT.match(key)
                or not _TAG_TEXT.match(value)
            ):
                raise ValueError(
                    f"tag {key!r}: keys must be 1-128 characters without the aws: prefix, "
                    "values at most 256, both of letters, digits, spaces and _ . : / = + - @"
                )
        return extra

    def for_environment(self, environment: str) -> dict[str, str]:
        """The full tag set of one environment (``Environment`` = ``environment``)."""
        return {
            "Project": self.project,
            ENVIRONMENT_TAG_KEY: environment,
            "ManagedBy": MANAGED_BY,
            "Owner": self.owner,
            "CostCenter": self.cost_center,
            **self.extra,
        }
