"""Sensitive values masked before anything else reads a plan's values.

Terraform's JSON plan carries every value in clear text, sensitive ones included; beside
``before`` and ``after`` it gives ``before_sensitive`` and ``after_sensitive``, trees "with
similar structure to before and after, but with all sensitive leaf values replaced with
true [...] combined with before and after to prevent accidental display of sensitive
values" (Terraform, ``website/docs/internals/json-format.mdx``, Change Representation).

``redact`` applies such a tree to a value once, at the entry of the parser: every marked
subtree becomes a ``Masked`` stand-in, so the code after it never holds a sensitive value
and cannot print one, whatever it does with the result. When a mark tree does not line up
with its value (a shape Terraform should never write, or a mark that is neither a boolean
nor a container), the whole value is masked: when in doubt, mask.
"""

from __future__ import annotations

import hashlib
import json
from typing import Final


class Masked:
    """Stands in for a sensitive value: it prints nothing of it, and compares by a digest.

    The digest only lets the review tell a changed secret from an unchanged one (as
    Terraform's own plan output does); it is never rendered.
    """

    __slots__ = ("_digest",)

    def __init__(self, value: object) -> None:
        canonical = json.dumps(value, sort_keys=True, ensure_ascii=True, default=repr)
        self._digest = hashlib.sha256(canonical.encode("ascii")).digest()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Masked) and other._digest == self._digest

    def __hash__(self) -> int:
        return hash(self._digest)

    def __repr__(self) -> str:
        return "Masked()"


class Unknown:
    """Stands in for a value Terraform only knows after apply (``after_unknown``)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        # Two unknown values are never known to be equal.
        return False

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return "Unknown()"


UNKNOWN: Final = Unknown()
"""The one ``Unknown`` instance."""


def is_marked(marks: object) -> bool:
    """True when a mark tree marks anything: a ``true`` anywhere, or a mark it cannot read.

    ``None``, ``false`` and containers of them mark nothing; any other scalar (a string, a
    number) is not something Terraform writes, so it counts as a mark.
    """
    pending = [marks]
    while pending:
        item = pending.pop()
        if item is None or item is False:
            continue
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        else:
            return True
    return False


def merge_marks(left: object, right: object) -> object:
    """The union of two mark trees: a path marked on either side is marked in the result.

    Trees of different shapes that both mark something merge to ``True`` (the whole value).
    """
    if left is True or right is True:
        return True
    if not is_marked(left):
        return right
    if not is_marked(right):
        return left
    if isinstance(left, dict) and isinstance(right, dict):
        return {key: merge_marks(left.get(key), right.get(key)) for key in {**left, **right}}
    if isinstance(left, list) and isinstance(right, list):
        return [
            merge_marks(_item(left, index), _item(right, index))
            for index in range(max(len(left), len(right)))
        ]
    return True


def _item(items: list[object], index: int) -> object:
    return items[index] if index < len(items) else None


def redact(value: object, marks: object) -> object:
    """``value`` with every subtree that ``marks`` marks replaced by a ``Masked``.

    A mark tree whose shape differs from the value's (a map of marks for a list, a list of
    marks of another length) masks the whole value if it marks anything at all.
    """
    if not is_marked(marks) or isinstance(value, Unknown):
        # A value unknown until apply holds nothing yet, neither a secret nor a key.
        return value
    if isinstance(marks, dict) and isinstance(value, dict):
        return {key: redact(item, marks.get(key)) for key, item in value.items()}
    if isinstance(marks, list) and isinstance(value, list) and len(marks) == len(value):
        return [redact(item, mark) for item, mark in zip(value, marks, strict=True)]
    return Masked(value)


def overlay_unknown(value: object, unknown: object) -> object:
    """``value`` with every subtree that ``after_unknown`` marks replaced by ``UNKNOWN``.

    Terraform leaves unknown values out of ``after`` (or writes null), so a key that only
    ``unknown`` has is added. A shape mismatch makes the whole value unknown, which shows
    less, never more.
    """
    if unknown is True:
        return UNKNOWN
    if not is_marked(unknown):
        return value
    if isinstance(unknown, dict) and (value is None or isinstance(value, dict)):
        known = value or {}
        return {
            key: overlay_unknown(known.get(key), unknown.get(key)) for key in {**known, **unknown}
        }
    if isinstance(unknown, list) and (value is None or isinstance(value, list)):
        items = value or []
        return [
            overlay_unknown(_item(items, index), _item(unknown, index))
            for index in range(max(len(items), len(unknown)))
        ]
    return UNKNOWN


def contains(value: object, kind: type) -> bool:
    """True when ``value`` is, or holds at any depth, an instance of ``kind``."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, kind):
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
