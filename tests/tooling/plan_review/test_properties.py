"""Property-based tests (hypothesis) of the plan review.

- Random plans with sensitive marks at random depths (on either side, under values that
  become unknown, with marks of another shape than their value) never show a marked value,
  nor a key inside a marked map, in the review, the comment or an error.
- Random action lists and random entries never crash: they are read or refused with a
  ``PlanError``, and the review renders, within its budget.

The example counts keep the whole module to a few seconds in CI. No example database is
kept (``database=None``): a failure is reported with its example, not replayed from disk;
hypothesis still caches constants in ``.hypothesis/``, which git ignores (the directory
holds its own ``.gitignore``). A longer hunt:
``PLAN_REVIEW_EXAMPLES=5000 pytest tests/tooling/plan_review/test_properties.py``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.plan_review import (
    PROTECTIVE_ATTRIBUTES,
    STATEFUL_RESOURCE_TYPES,
    PlanError,
    Review,
    render_comment,
    render_markdown,
)

PROPERTIES = settings(
    max_examples=int(os.environ.get("PLAN_REVIEW_EXAMPLES", "150")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CANARY = "Zq7"
"""Every sensitive value and every key inside a sensitive map contains this; nothing else
can (plain strings are drawn from an alphabet without ``Z``)."""

_PLAIN_TEXT = st.text(alphabet="abc xyz-_|`\n\u202e", max_size=8)
_PLAIN_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 400), _PLAIN_TEXT, st.just(0.5)
)
# Keys that the protective-attribute checks read, so that masked protections are exercised.
_KEYS = sorted(
    {str(part) for attribute in PROTECTIVE_ATTRIBUTES for part in attribute.path}
    | {"password", "tags", "rules", "name", "settings", "a b", "x|y"}
)
_RESOURCE_TYPES = sorted({"aws_sns_topic", "aws_security_group", *STATEFUL_RESOURCE_TYPES})
_ACTIONS = [
    ["create"],
    ["update"],
    ["delete"],
    ["delete", "create"],
    ["create", "delete"],
    ["create", "forget"],
    ["forget", "create"],
    ["forget"],
    ["no-op"],
    ["read"],
]


class _Secrets:
    """Hands out canary values, each unique so that a leak names its origin."""

    def __init__(self) -> None:
        self._numbers = itertools.count()

    def value(self) -> str:
        return f"{CANARY}-secret-{next(self._numbers)}"


def _covering_mark(draw: st.DrawFn, value: object) -> object:
    """A mark that covers all of ``value``: ``true``, or one the review cannot read."""
    shapes: list[object] = [True, True, True, "true", 1]
    if isinstance(value, dict):
        shapes.append([True])  # a list of marks for a map
    elif isinstance(value, list):
        shapes.append({"0": True})  # a map of marks for a list
        shapes.append([True] * (len(value) + 1))  # marks for more elements than there are
    else:
        shapes.append({"value": True})
    return draw(st.sampled_from(shapes))


def _node(draw: st.DrawFn, secrets: _Secrets, depth: int, secret: bool) -> tuple[object, object]:
    """A random value and its marks. Under a mark every leaf and key is a canary."""
    marked_here = not secret and draw(st.integers(0, 9)) < 2
    inside_secret = secret or marked_here
    kinds = ["scalar", "map", "list"] if depth < 4 else ["scalar"]
    kind = draw(st.sampled_from(kinds))
    marks: object
    if kind == "scalar":
        value: object = secrets.value() if inside_secret else draw(_PLAIN_SCALARS)
        marks = None
    elif kind == "map":
        keys = draw(st.lists(st.sampled_from(_KEYS), max_size=4, unique=True))
        if inside_secret:
            keys = [*keys, secrets.value()]
        children = {key: _node(draw, secrets, depth + 1, inside_secret) for key in keys}
        value = {key: child[0] for key, child in children.items()}
        child_marks = {key: child[1] for key, child in children.items() if child[1] is not None}
        marks = child_marks or draw(st.sampled_from([None, {}]))
    else:
        children_list = [
            _node(draw, secrets, depth + 1, inside_secret) for _ in range(draw(st.integers(0, 3)))
        ]
        value = [child[0] for child in children_list]
        if any(child[1] is not None for child in children_list):
            marks = [child[1] if child[1] is not None else False for child in children_list]
        else:
            marks = draw(st.sampled_from([None, []]))
    if marked_here:
        marks = _covering_mark(draw, value)
    return value, marks


def _refresh(draw: st.DrawFn, secrets: _Secrets, value: object) -> object:
    """``value`` with new canaries and, now and then, other plain scalars: same shape."""
    if isinstance(value, dict):
        return {key: _refresh(draw, secrets, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_refresh(draw, secrets, item) for item in value]
    if isinstance(value, str) and CANARY in value:
        return secrets.value()
    return draw(_PLAIN_SCALARS) if draw(st.booleans()) else value


def _unknown(draw: st.DrawFn, value: object, depth: int = 0) -> object:
    """A random ``after_unknown`` tree over ``value`` (and keys it does not have)."""
    if draw(st.integers(0, 9)) < 2:
        return True
    if isinstance(value, dict) and depth < 4:
        keys = [*value, *draw(st.lists(st.sampled_from(_KEYS), max_size=2))]
        tree = {key: _unknown(draw, value.get(key), depth + 1) for key in keys}
        return {key: mark for key, mark in tree.items() if mark is not None} or None
    if isinstance(value, list) and depth < 4:
        return [_unknown(draw, item, depth + 1) or False for item in value] or None
    return None


@st.composite
def sensitive_entries(draw: st.DrawFn) -> tuple[list[dict[str, Any]], int]:
    """Resource changes whose sensitive values are canaries; and how many canaries."""
    secrets = _Secrets()
    entries = []
    for index in range(draw(st.integers(1, 4))):
        before, before_marks = _node(draw, secrets, 0, secret=False)
        if draw(st.booleans()):
            # Two values of one shape: the marks may be on either side only (a value that
            # becomes, or stops being, sensitive); both sides must be masked.
            after, after_marks = _refresh(draw, secrets, before), before_marks
            side = draw(st.sampled_from(["before", "after", "both"]))
            before_sensitive = before_marks if side != "after" else None
            after_sensitive = after_marks if side != "before" else None
        else:
            after, after_marks = _node(draw, secrets, 0, secret=False)
            before_sensitive, after_sensitive = before_marks, after_marks
        change: dict[str, Any] = {
            "actions": draw(st.sampled_from(_ACTIONS)),
            "before": before,
            "after": after,
            "before_sensitive": before_sensitive,
            "after_sensitive": after_sensitive,
            "after_unknown": _unknown(draw, before),
        }
        if draw(st.booleans()):
            change["replace_paths"] = [[key] for key in draw(st.lists(st.sampled_from(_KEYS)))]
        resource_type = draw(st.sampled_from(_RESOURCE_TYPES))
        entries.append(
            {
                "address": f"{resource_type}.r{index}",
                "type": resource_type,
                "name": f"r{index}",
                "mode": "managed",
                "change": change,
            }
        )
    return entries, next(secrets._numbers)


def _review_of(entries: list[dict[str, Any]], **options: Any) -> Review:
    data = json.dumps({"format_version": "1.2", "resource_changes": entries}).encode()
    plan = plan_review.parse_stack_plan(plan_review.load_plan(data), stack="prod-core")
    return Review(stacks=(plan,), **options)


@PROPERTIES
@given(sensitive_entries(), st.integers(2_000, 20_000))
def test_a_marked_value_never_reaches_the_review(
    generated: tuple[list[dict[str, Any]], int], budget: int
) -> None:
    entries, planted = generated
    # Guards the property against a generator that stopped planting secrets.
    assert json.dumps(entries).count(CANARY) >= planted
    review = _review_of(entries)

    for text in (render_markdown(review), render_comment(review, budget=budget)):
        assert CANARY not in text
        assert not re.search("[\x00-\x09\x0b-\x1f\u202e]", text)


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=8,
)
_WORDS = st.sampled_from(["create", "update", "delete", "forget", "read", "no-op", "replace"])


@st.composite
def random_entries(draw: st.DrawFn) -> list[object]:
    """Entries with random action lists and, now and then, fields of any JSON type."""
    entries: list[object] = []
    for index in range(draw(st.integers(0, 5))):
        actions = draw(
            st.one_of(
                st.lists(_WORDS, max_size=3),
                st.sampled_from(_ACTIONS),
                st.lists(_JSON, max_size=2),
            )
        )
        resource_type = draw(st.sampled_from(_RESOURCE_TYPES))
        entry: dict[str, object] = {
            "address": f"{resource_type}.r{index}",
            "type": resource_type,
            "name": f"r{index}",
            "change": {
                "actions": actions,
                "before": draw(_JSON),
                "after": draw(_JSON),
                "before_sensitive": draw(_JSON),
                "after_sensitive": draw(_JSON),
                "after_unknown": draw(_JSON),
                "replace_paths": draw(_JSON),
            },
        }
        for key in draw(st.lists(st.sampled_from(sorted(entry)), max_size=2)):
            entry[key] = draw(_JSON)
        entries.append(draw(st.one_of(st.just(entry), _JSON)) if index == 4 else entry)
    return entries


@PROPERTIES
@given(random_entries(), st.integers(2_000, 70_000))
def test_random_actions_and_entries_never_crash(entries: list[object], budget: int) -> None:
    document = {"format_version": "1.2", "resource_changes": entries}
    try:
        plan = plan_review.parse_stack_plan(document, stack="s")
    except PlanError as error:
        message = str(error)
    else:
        message = ""
    assert "\n" not in message
    if message:
        return
    review = Review(stacks=(plan,))

    assert review.exit_code in (plan_review.EXIT_OK, plan_review.EXIT_DESTRUCTIVE)
    assert render_markdown(review).startswith("## Terraform plan review\n")
    assert len(render_comment(review, budget=budget)) <= budget


@PROPERTIES
@given(st.binary(max_size=200) | _JSON.map(lambda value: json.dumps(value).encode()))
def test_any_bytes_are_a_plan_or_a_one_line_plan_error(data: bytes) -> None:
    try:
        document: object = plan_review.load_plan(data)
    except PlanError as error:
        document = str(error)
    assert isinstance(document, dict) or "\n" not in str(document)
