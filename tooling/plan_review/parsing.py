"""Reading ``terraform show -json`` output into the data model.

``load_plan`` checks that the bytes are a plan; ``parse_stack_plan`` walks its
``resource_changes`` into a ``StackPlan``, diffing the attributes of updates and
replacements. Sensitivity marks are applied here, so a sensitive value never leaves this
module: an ``AttributeChange`` carries ``(sensitive)`` instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .model import (
    Action,
    AttributeChange,
    PlanError,
    ResourceChange,
    StackPlan,
    classify_actions,
    code_span,
    construct_group,
)

MAX_VALUE_LENGTH: Final = 100
"""Longest attribute value printed in full; longer ones are cut (a PR comment has limits)."""

# An attribute key that can be printed as `.key`; anything else is printed as `["key"]`.
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def load_plan(data: bytes) -> dict[str, Any]:
    """Decode ``terraform show -json`` output; ``PlanError`` if it is not a plan.

    A plan has a ``format_version`` and ``resource_changes``; a plan without any resource
    omits ``resource_changes`` but still has ``planned_values`` (a state has neither).
    """
    if data.startswith(b"PK\x03\x04"):
        raise PlanError(
            "this is a binary plan file; pass the output of `terraform show -json PLANFILE` instead"
        )
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise PlanError(f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise PlanError(f"malformed or truncated JSON: {error}") from None
    if not isinstance(document, dict) or "format_version" not in document:
        raise PlanError(
            "not a Terraform plan (no format_version); "
            "expected the output of `terraform show -json PLANFILE`"
        )
    if "resource_changes" not in document and "planned_values" not in document:
        raise PlanError(
            "not a Terraform plan (no resource_changes); "
            "`terraform show -json` without a plan file prints the state instead"
        )
    if document.get("errored") is True:
        raise PlanError("the plan errored and is incomplete; fix the plan first")
    return document


def parse_stack_plan(document: Mapping[str, Any], *, stack: str) -> StackPlan:
    """The ``StackPlan`` of a plan document from ``load_plan``."""
    entries = document.get("resource_changes", [])
    if not isinstance(entries, list):
        raise PlanError("resource_changes is not a list")
    return StackPlan(
        stack=stack,
        changes=tuple(_resource_change(entry, index) for index, entry in enumerate(entries)),
    )


def _resource_change(entry: object, index: int) -> ResourceChange:
    where = f"resource_changes[{index}]"
    if not isinstance(entry, dict):
        raise PlanError(f"{where} is not an object")
    change = entry.get("change")
    if not isinstance(change, dict) or not isinstance(change.get("actions"), list):
        raise PlanError(f"{where} has no change.actions")
    try:
        address, resource_type, name = (str(entry[key]) for key in ("address", "type", "name"))
    except KeyError as missing:
        raise PlanError(f"{where} has no {missing.args[0]}") from None
    try:
        action = classify_actions(change["actions"])
    except PlanError as error:
        raise PlanError(f"{where} ({address}): {error}") from None
    module_address = entry.get("module_address")
    attributes: tuple[AttributeChange, ...] = ()
    hidden = 0
    if action in (Action.UPDATE, Action.REPLACE):
        attributes, hidden = _attribute_changes(change, replacing=action is Action.REPLACE)
    return ResourceChange(
        address=address,
        resource_type=resource_type,
        name=name,
        module_address=module_address if isinstance(module_address, str) else None,
        mode=str(entry.get("mode", "managed")),
        action=action,
        group=construct_group(name, module_address if isinstance(module_address, str) else None),
        reason=_optional_str(entry.get("action_reason")),
        previous_address=_optional_str(entry.get("previous_address")),
        deposed=_optional_str(entry.get("deposed")),
        attributes=attributes,
        computed_after_replace=hidden,
    )


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


# ------------------------------------------------------------------- attribute diffs

_Path = tuple[str | int, ...]


@dataclass(frozen=True)
class _Leaf:
    """A value at an attribute path; ``raw`` may be a whole subtree where masking stops."""

    raw: object
    sensitive: bool = False
    unknown: bool = False


def _child(marks: object, key: str | int) -> object:
    """The part of a ``*_sensitive``/``after_unknown`` tree under ``key``."""
    if isinstance(marks, dict) and isinstance(key, str):
        return marks.get(key)
    if isinstance(marks, list) and isinstance(key, int) and key < len(marks):
        return marks[key]
    return None


def _merge_marks(left: object, right: object) -> object:
    """Union of two mark trees: a path marked on either side is marked in the result."""
    if left is True or right is True:
        return True
    if isinstance(left, dict) or isinstance(right, dict):
        left_map = left if isinstance(left, dict) else {}
        right_map = right if isinstance(right, dict) else {}
        return {
            key: _merge_marks(left_map.get(key), right_map.get(key))
            for key in {**left_map, **right_map}
        }
    if isinstance(left, list) or isinstance(right, list):
        left_list = left if isinstance(left, list) else []
        right_list = right if isinstance(right, list) else []
        return [
            _merge_marks(_child(left_list, index), _child(right_list, index))
            for index in range(max(len(left_list), len(right_list)))
        ]
    return None


def _leaves(
    value: object, *, sensitive: object, unknown: object, is_after: bool, path: _Path = ()
) -> dict[_Path, _Leaf]:
    """Flatten ``value`` to its leaves, stopping where a subtree is sensitive or unknown.

    Both sides stop at the same places (the sensitive marks are merged beforehand and the
    unknown marks are passed for both), so their paths line up; only the after side is
    reported as unknown. Nulls and empty collections produce no leaf: Terraform uses them
    interchangeably for "not set".
    """
    if sensitive is True:
        return {path: _Leaf(raw=value, sensitive=True, unknown=is_after and unknown is True)}
    if unknown is True:
        return {path: _Leaf(raw=value, unknown=is_after)}
    keys: Iterable[str | int]
    if isinstance(value, dict) or isinstance(unknown, dict):
        value_map = value if isinstance(value, dict) else {}
        unknown_map = unknown if isinstance(unknown, dict) else {}
        keys = list({**value_map, **unknown_map})
        container: object = value_map
    elif isinstance(value, list):
        keys = range(len(value))
        container = value
    else:
        return {} if value is None else {path: _Leaf(raw=value)}
    leaves: dict[_Path, _Leaf] = {}
    for key in keys:
        leaves.update(
            _leaves(
                _child(container, key),
                sensitive=_child(sensitive, key),
                unknown=_child(unknown, key),
                is_after=is_after,
                path=(*path, key),
            )
        )
    return leaves


def _attribute_changes(
    change: Mapping[str, Any], *, replacing: bool
) -> tuple[tuple[AttributeChange, ...], int]:
    """Changed attributes of one change, and how many computed ones a replacement hides.

    A replacement recomputes dozens of attributes (``id``, ``arn`` ...); listing each as
    ``(known after apply)`` would bury the attribute that forces it, so they are counted
    instead, unless Terraform names them among the reasons.
    """
    sensitive = _merge_marks(change.get("before_sensitive"), change.get("after_sensitive"))
    unknown = change.get("after_unknown")
    before = _leaves(change.get("before"), sensitive=sensitive, unknown=unknown, is_after=False)
    after = _leaves(change.get("after"), sensitive=sensitive, unknown=unknown, is_after=True)
    replace_paths = [
        tuple(path) for path in change.get("replace_paths") or [] if isinstance(path, list)
    ]
    absent = _Leaf(raw=None)
    rows: list[AttributeChange] = []
    hidden = 0
    for path in list({**before, **after}):
        old, new = before.get(path, absent), after.get(path, absent)
        if old.raw == new.raw and not new.unknown:
            continue
        forces = any(
            _is_prefix(path, reason) or _is_prefix(reason, path) for reason in replace_paths
        )
        if replacing and new.unknown and not forces:
            hidden += 1
            continue
        rows.append(
            AttributeChange(
                path=_format_path(path),
                before=_format_leaf(old),
                after=_format_leaf(new),
                forces_replacement=forces,
            )
        )
    # The attributes that force a replacement are the ones a reviewer must see first.
    rows.sort(key=lambda row: not row.forces_replacement)
    return tuple(rows), hidden


def _is_prefix(prefix: Sequence[object], path: Sequence[object]) -> bool:
    return len(prefix) <= len(path) and tuple(path[: len(prefix)]) == tuple(prefix)


def _format_path(path: _Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part)}]"
    return text or "(whole object)"


def _format_leaf(leaf: _Leaf) -> str:
    if leaf.unknown:
        return "(known after apply)"
    if leaf.sensitive:
        return "(sensitive)"
    if leaf.raw is None:
        return "null"
    text = json.dumps(leaf.raw, ensure_ascii=False, sort_keys=True)
    if len(text) > MAX_VALUE_LENGTH:
        text = f"{text[: MAX_VALUE_LENGTH - 1]}…"
    return code_span(text)
