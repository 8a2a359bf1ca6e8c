"""The masked review as JSON: what a plan job hands on instead of its plan.

A plan file and ``terraform show -json`` both hold every sensitive value in clear text, so
neither may leave the job that made it. A plan job writes this file instead: the parsed
``StackPlan`` of each stack, built after masking (``AttributeChange`` and ``Disarm`` values
are already rendered, ``(sensitive)`` for a secret). The comment job reads several of them
back (``read_review_json``) and reviews them together, with the allowances of its own
checkout, as if it had the plans.
"""

from __future__ import annotations

import json
from typing import Any, Final

from .gates import PROTECTIVE_ATTRIBUTES
from .model import (
    Action,
    AttributeChange,
    Disarm,
    PlanError,
    Replacement,
    ResourceChange,
    StackPlan,
)

REVIEW_JSON_FORMAT: Final = "platform-cdktf-plan-review/1"
"""The ``format`` of the file; another value is refused."""


def review_json(stacks: tuple[StackPlan, ...]) -> str:
    """The masked stacks of a review as JSON text."""
    document = {
        "format": REVIEW_JSON_FORMAT,
        "stacks": [
            {"stack": plan.stack, "changes": [_change(change) for change in plan.changes]}
            for plan in stacks
        ],
    }
    # Compact: a 20,000-change review is an artifact of several megabytes already.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _change(change: ResourceChange) -> dict[str, Any]:
    return {
        "address": change.address,
        "resource_type": change.resource_type,
        "name": change.name,
        "module_address": change.module_address,
        "mode": change.mode,
        "action": change.action.value,
        "group": change.group,
        "replacement": change.replacement.name if change.replacement else None,
        "reason": change.reason,
        "previous_address": change.previous_address,
        "deposed": change.deposed,
        "attributes": [
            [row.path, row.before, row.after, row.forces_replacement] for row in change.attributes
        ],
        "computed_after_replace": change.computed_after_replace,
        "disarms": [
            {
                "resource_type": item.attribute.resource_type,
                "path": list(item.attribute.path),
                "before": item.before,
                "after": item.after,
            }
            for item in change.disarms
        ],
    }


def read_review_json(data: bytes) -> tuple[StackPlan, ...]:
    """The stacks of a file written by ``review_json``; ``PlanError`` for anything else."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PlanError("not a masked review (unreadable JSON)") from None
    if not isinstance(document, dict) or document.get("format") != REVIEW_JSON_FORMAT:
        raise PlanError(f"not a masked review (expected format {REVIEW_JSON_FORMAT!r})")
    try:
        return tuple(
            StackPlan(
                stack=_text(item["stack"]),
                changes=tuple(_read_change(change) for change in item["changes"]),
            )
            for item in document["stacks"]
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PlanError(f"malformed masked review ({type(error).__name__})") from None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _optional(value: object) -> str | None:
    return None if value is None else _text(value)


def _read_change(item: dict[str, Any]) -> ResourceChange:
    replacement = item["replacement"]
    return ResourceChange(
        address=_text(item["address"]),
        resource_type=_text(item["resource_type"]),
        name=_text(item["name"]),
        module_address=_optional(item["module_address"]),
        mode=_text(item["mode"]),
        action=Action(item["action"]),
        group=_text(item["group"]),
        replacement=None if replacement is None else Replacement[_text(replacement)],
        reason=_optional(item["reason"]),
        previous_address=_optional(item["previous_address"]),
        deposed=_optional(item["deposed"]),
        attributes=tuple(
            AttributeChange(
                path=_text(path),
                before=_text(before),
                after=_text(after),
                forces_replacement=bool(forces),
            )
            for path, before, after, forces in item["attributes"]
        ),
        computed_after_replace=int(item["computed_after_replace"]),
        disarms=tuple(_read_disarm(disarm) for disarm in item["disarms"]),
    )


def _read_disarm(item: dict[str, Any]) -> Disarm:
    path = tuple(item["path"])
    for attribute in PROTECTIVE_ATTRIBUTES:
        if attribute.resource_type == item["resource_type"] and attribute.path == path:
            return Disarm(
                attribute=attribute, before=_text(item["before"]), after=_text(item["after"])
            )
    raise ValueError("unknown protective attribute")
