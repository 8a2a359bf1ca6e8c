"""Reading ``terraform show -json`` output into the data model.

``load_plan`` checks that the bytes are a plan of a format version this review reads;
``parse_stack_plan`` walks its ``resource_changes`` into a ``StackPlan``. Each change's
``before`` and ``after`` are redacted (``masking``) before anything else reads them, so a
sensitive value never leaves this module, nor reaches the code that diffs attributes or
checks protections: an ``AttributeChange`` carries ``(sensitive)`` instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from .gates import weakened_attributes
from .masking import Masked, Unknown, contains, merge_marks, overlay_unknown, redact
from .model import (
    Action,
    AttributeChange,
    Disarm,
    PlanError,
    ResourceChange,
    StackPlan,
    classify,
    construct_group,
)
from .text import code_span, escape_invisible

MAX_VALUE_LENGTH: Final = 100
"""Longest attribute value (or path) printed in full; longer ones are cut (a PR comment
has limits)."""

SUPPORTED_FORMAT_MAJOR: Final = 1
"""The major ``format_version`` this review reads (Terraform 1.1 and later write ``1.x``).

"We will increment the major version, e.g. "2.0", for changes that are not
backward-compatible. Reject any input which reports an unsupported major version."
(Terraform, ``website/docs/internals/json-format.mdx``.)
"""

# An attribute key that can be printed as `.key`; anything else is printed as `["key"]`.
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_FORMAT_VERSION = re.compile(r"(?P<major>[0-9]{1,6})\.[0-9]{1,6}")


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
    except RecursionError:
        raise PlanError("JSON nested too deeply to be a Terraform plan") from None
    except ValueError as error:
        # e.g. an integer of more digits than Python converts (sys.get_int_max_str_digits).
        raise PlanError(f"unreadable JSON value: {escape_invisible(str(error))}") from None
    if not isinstance(document, dict) or "format_version" not in document:
        raise PlanError(
            "not a Terraform plan (no format_version); "
            "expected the output of `terraform show -json PLANFILE`"
        )
    _check_format_version(document["format_version"])
    if "resource_changes" not in document and "planned_values" not in document:
        raise PlanError(
            "not a Terraform plan (no resource_changes); "
            "`terraform show -json` without a plan file prints the state instead"
        )
    if document.get("errored") is True:
        raise PlanError("the plan errored and is incomplete; fix the plan first")
    return document


def _check_format_version(version: object) -> None:
    match = _FORMAT_VERSION.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise PlanError(f"unreadable format_version {_shown(version)} (expected e.g. '1.2')")
    if int(match["major"]) != SUPPORTED_FORMAT_MAJOR:
        raise PlanError(
            f"unsupported format_version {_shown(version)}: this review reads "
            f"{SUPPORTED_FORMAT_MAJOR}.x (a new major version may change what actions mean)"
        )


def _shown(value: object) -> str:
    """``value`` quoted for a one-line error: short, invisible characters escaped."""
    text = repr(value)
    return escape_invisible(text if len(text) <= 40 else f"{text[:39]}…")


def parse_stack_plan(document: Mapping[str, Any], *, stack: str) -> StackPlan:
    """The ``StackPlan`` of a plan document from ``load_plan``."""
    entries = document.get("resource_changes", [])
    if not isinstance(entries, list):
        raise PlanError("resource_changes is not a list")
    try:
        changes = tuple(_resource_change(entry, index) for index, entry in enumerate(entries))
    except RecursionError:
        raise PlanError("a value is nested too deeply to be a Terraform plan") from None
    return StackPlan(stack=stack, changes=changes)


def _resource_change(entry: object, index: int) -> ResourceChange:
    where = f"resource_changes[{index}]"
    if not isinstance(entry, dict):
        raise PlanError(f"{where} is not an object")
    change = entry.get("change")
    if not isinstance(change, dict) or not isinstance(change.get("actions"), list):
        raise PlanError(f"{where} has no change.actions")
    fields: list[str] = []
    for key in ("address", "type", "name"):
        value = entry.get(key)
        if not isinstance(value, str) or not value:
            raise PlanError(f"{where} has no {key}")
        fields.append(value)
    address, resource_type, name = fields
    try:
        action, replacement = classify(change["actions"])
    except PlanError as error:
        raise PlanError(f"{where} ({_shown(address)}): {error}") from None
    module_address = _optional_str(entry.get("module_address"))
    mode = _optional_str(entry.get("mode")) or "managed"
    attributes: tuple[AttributeChange, ...] = ()
    hidden = 0
    disarms: tuple[Disarm, ...] = ()
    if action in (Action.UPDATE, Action.REPLACE):
        before, after = _redacted_values(change)
        attributes, hidden = _attribute_changes(
            before, after, change.get("replace_paths"), replacing=action is Action.REPLACE
        )
        if action is Action.UPDATE:
            disarms = tuple(
                Disarm(attribute=attribute, before=_render(old), after=_render(new))
                for attribute, old, new in weakened_attributes(resource_type, before, after)
            )
    return ResourceChange(
        address=address,
        resource_type=resource_type,
        name=name,
        module_address=module_address,
        mode=mode,
        action=action,
        group=construct_group(name, module_address),
        replacement=replacement,
        reason=_optional_str(entry.get("action_reason")),
        previous_address=_optional_str(entry.get("previous_address")),
        deposed=_optional_str(entry.get("deposed")),
        attributes=attributes,
        computed_after_replace=hidden,
        disarms=disarms,
    )


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _redacted_values(change: Mapping[str, Any]) -> tuple[object, object]:
    """``before`` and ``after`` with every sensitive subtree masked, on both sides.

    The marks of both sides are merged first: a value that becomes sensitive (or stops
    being sensitive) is the same secret on the other side. Unknown values are overlaid on
    ``after`` before it is masked: ``after_unknown`` can name the keys of a sensitive map,
    and those keys must be masked with it.
    """
    marks = merge_marks(change.get("before_sensitive"), change.get("after_sensitive"))
    before = redact(change.get("before"), marks)
    after = redact(overlay_unknown(change.get("after"), change.get("after_unknown")), marks)
    return before, after


# ------------------------------------------------------------------- attribute diffs

_Path = tuple[str | int, ...]
_OPAQUE: Final = (Masked, Unknown)


def _leaves(value: object, stops: frozenset[_Path], path: _Path = ()) -> dict[_Path, object]:
    """Flatten ``value`` to its leaves; ``Masked``/``Unknown`` and ``stops`` are leaves.

    Nulls and empty collections produce no leaf: Terraform uses them interchangeably for
    "not set".
    """
    if path in stops or isinstance(value, _OPAQUE):
        return {path: value}
    items: Iterable[tuple[str | int, object]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return {} if value is None else {path: value}
    leaves: dict[_Path, object] = {}
    for key, item in items:
        leaves.update(_leaves(item, stops, (*path, key)))
    return leaves


def _attribute_changes(
    before: object, after: object, replace_paths: object, *, replacing: bool
) -> tuple[tuple[AttributeChange, ...], int]:
    """Changed attributes of one change, and how many computed ones a replacement hides.

    Where one side is opaque (masked or unknown), the other side's subtree at that path is
    one leaf too, so that the paths line up. A replacement recomputes dozens of attributes
    (``id``, ``arn`` ...); listing each as ``(known after apply)`` would bury the attribute
    that forces it, so they are counted instead, unless Terraform names them as reasons.
    """
    after_leaves = _leaves(after, frozenset())
    before_leaves = _leaves(
        before, frozenset(p for p, v in after_leaves.items() if isinstance(v, _OPAQUE))
    )
    before_stops = frozenset(p for p, v in before_leaves.items() if isinstance(v, _OPAQUE))
    if before_stops:
        after_leaves = _leaves(
            after,
            before_stops | frozenset(p for p, v in after_leaves.items() if isinstance(v, _OPAQUE)),
        )
    reasons = [
        tuple(path)
        for path in (replace_paths if isinstance(replace_paths, list) else [])
        if isinstance(path, list)
    ]
    rows: list[AttributeChange] = []
    hidden = 0
    for path in list({**before_leaves, **after_leaves}):
        old, new = before_leaves.get(path), after_leaves.get(path)
        if old == new and not isinstance(new, Unknown):
            continue
        forces = any(_is_prefix(path, reason) or _is_prefix(reason, path) for reason in reasons)
        if replacing and isinstance(new, Unknown) and not forces:
            hidden += 1
            continue
        rows.append(
            AttributeChange(
                path=_format_path(path),
                before=_render(old),
                after=_render(new),
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
        if len(text) > MAX_VALUE_LENGTH:
            return f"{text[: MAX_VALUE_LENGTH - 1]}…"
    return text or "(whole object)"


def _render(value: object) -> str:
    """A redacted value for a table cell: nothing of a ``Masked`` value is ever printed.

    A subtree that holds a masked part anywhere is ``(sensitive)`` as a whole.
    """
    if contains(value, Masked):
        return "(sensitive)"
    if isinstance(value, Unknown):
        return "(known after apply)"
    if value is None:
        return "null"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=_unknown_json)
    if len(text) > MAX_VALUE_LENGTH:
        text = f"{text[: MAX_VALUE_LENGTH - 1]}…"
    return code_span(text)


def _unknown_json(value: object) -> object:
    if isinstance(value, Unknown):
        return "(known after apply)"
    # Only JSON values, Masked (rendered above) and Unknown reach here.
    raise TypeError(f"cannot render {type(value).__name__}")
