"""Recording reviewed decisions on constructs: suppressions and the production mark.

Both are written into the synthesized JSON under ``//`` (which Terraform ignores), so the
pack, the report and a reviewer of the JSON all see them next to the resource.
"""

from __future__ import annotations

import re

from cdktf import TerraformResource, TerraformStack
from constructs import IConstruct

from .view import GUARDRAILS_KEY

MIN_REASON_WORDS = 6
"""A suppression's reason must explain the decision, not just name it."""


def suppress(scope: IConstruct, rule_id: str, reason: str, *, matching: str = "") -> None:
    """Suppress ``rule_id`` on every Terraform resource in ``scope`` (a resource or any
    construct containing resources), for findings whose message contains ``matching``.

    The reason appears in the report beside every finding it silences.
    """
    if len(reason.split()) < MIN_REASON_WORDS:
        raise ValueError(
            f"suppression of {rule_id}: the reason must explain the decision "
            f"(at least {MIN_REASON_WORDS} words), got {reason!r}"
        )
    # add_override splits its path on dots: keep them out of the key.
    key = re.sub(r"[^A-Za-z0-9_:-]+", "_", f"{rule_id}:{matching}" if matching else rule_id)
    entry = {"rule": rule_id, "reason": reason, "matching": matching}
    for node in scope.node.find_all():
        if isinstance(node, TerraformResource):
            node.add_override(f"//.{GUARDRAILS_KEY}.suppressions.{key}", entry)


def mark_production(stack: TerraformStack) -> None:
    """Apply the production-only rules to ``stack``."""
    stack.add_override(f"//.{GUARDRAILS_KEY}.production", True)
