"""The rules of the guardrails pack, grouped by what they protect."""

from __future__ import annotations

from ..model import Rule
from . import compute, data, identity, network, production, tagging

RULES: tuple[Rule, ...] = (
    *network.RULES,
    *compute.RULES,
    *data.RULES,
    *identity.RULES,
    *tagging.RULES,
    *production.RULES,
)
"""Every rule, in the order the report lists them."""

__all__ = ["RULES"]
