"""A digest of a plan's changes, computed from the masked view only.

The deploy workflow reviews a plan in one job and applies a fresh plan of the same commit
in another (a saved plan would have to travel between jobs as an artifact, and a plan file
holds every sensitive value in clear text). The apply job applies only when its plan has
the fingerprint of the reviewed one.

What goes in is what the review shows: per changed resource instance its address, deposed
key, actions, reason, previous address, its ``before`` and ``after`` with sensitive subtrees
replaced by a mark and unknown values by another, its replace paths and the attribute rows
of the review (which say whether a masked value changed); and every changed output the same
way. No-op and read entries are left out: they are not reviewed, and their refreshed
computed attributes may differ between two plans minutes apart.

No secret can be recovered from the digest: a masked value enters as a constant mark, never
as its value or a hash of it, so the digest is the same for any value of a secret.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Final

from .masking import Masked, Unknown, merge_marks, overlay_unknown, redact
from .model import Action, PlanError, StackPlan

FINGERPRINT_VERSION: Final = "platform-cdktf-plan-fingerprint/1"
"""Written before the digest: a changed algorithm never compares equal to an old digest."""

_UNREVIEWED: Final = frozenset({Action.NO_OP, Action.READ})


def plan_fingerprint(plans: Mapping[str, tuple[Mapping[str, Any], StackPlan]]) -> str:
    """``FINGERPRINT_VERSION sha256:HEX`` of the masked changes of each stack's plan.

    ``plans`` maps the stack name to its plan document (``load_plan``) and its parsed
    ``StackPlan`` (``parse_stack_plan``, which supplies the masked attribute rows).
    """
    view = {stack: _stack_view(document, plan) for stack, (document, plan) in plans.items()}
    canonical = json.dumps(
        view, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=_mark
    )
    return f"{FINGERPRINT_VERSION} sha256:{hashlib.sha256(canonical.encode('ascii')).hexdigest()}"


def _stack_view(document: Mapping[str, Any], plan: StackPlan) -> dict[str, Any]:
    entries = document.get("resource_changes", [])
    if not isinstance(entries, list) or len(entries) != len(plan.changes):
        raise PlanError("the plan does not match its parsed changes")
    resources = []
    for entry, parsed in zip(entries, plan.changes, strict=True):
        if parsed.action in _UNREVIEWED:
            continue
        change = entry["change"]
        before, after = _masked_values(change)
        resources.append(
            {
                "address": parsed.address,
                "deposed": parsed.deposed,
                "actions": change["actions"],
                "reason": parsed.reason,
                "previous_address": parsed.previous_address,
                "before": before,
                "after": after,
                "replace_paths": change.get("replace_paths"),
                "rows": [
                    [row.path, row.before, row.after, row.forces_replacement]
                    for row in parsed.attributes
                ],
            }
        )
    outputs = document.get("output_changes") or {}
    if not isinstance(outputs, dict):
        raise PlanError("output_changes is not an object")
    changed_outputs = {}
    for name, change in outputs.items():
        if not isinstance(change, dict) or not isinstance(change.get("actions"), list):
            raise PlanError(f"output_changes[{json.dumps(name)[:60]}] has no actions")
        if change["actions"] in (["no-op"], ["read"]):
            continue
        before, after = _masked_values(change)
        changed_outputs[name] = {"actions": change["actions"], "before": before, "after": after}
    return {"resources": resources, "outputs": changed_outputs}


def _masked_values(change: Mapping[str, Any]) -> tuple[object, object]:
    # The same masking as the review's (parsing._redacted_values): both sides' marks merged,
    # unknowns overlaid before masking so that the keys of a sensitive map stay hidden.
    marks = merge_marks(change.get("before_sensitive"), change.get("after_sensitive"))
    before = redact(change.get("before"), marks)
    after = redact(overlay_unknown(change.get("after"), change.get("after_unknown")), marks)
    return before, after


def _mark(value: object) -> object:
    if isinstance(value, Masked):
        return {"(sensitive)": True}
    if isinstance(value, Unknown):
        return {"(known after apply)": True}
    raise TypeError(f"cannot fingerprint {type(value).__name__}")
