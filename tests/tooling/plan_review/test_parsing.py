"""Reading plan JSON: attribute diffs, sensitive values, values known after apply."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import pytest

from platform_cdktf.tooling import plan_review


def _update(change: dict[str, Any]) -> plan_review.ResourceChange:
    document = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_x.y",
                "type": "aws_x",
                "name": "y",
                "mode": "managed",
                "change": {"actions": ["update"], **change},
            }
        ],
    }
    return plan_review.parse_stack_plan(document, stack="s").changes[0]


def test_a_value_sensitive_on_either_side_is_masked_on_both() -> None:
    change = _update(
        {
            "before": {"rules": [{"token": "visible-before", "port": 1}]},
            "after": {"rules": [{"token": "hidden-after", "port": 2}]},
            "before_sensitive": {},
            "after_sensitive": {"rules": [{"token": True}]},
        }
    )

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("rules[0].token", "(sensitive)", "(sensitive)"),
        ("rules[0].port", "`1`", "`2`"),
    ]


def test_a_whole_sensitive_map_hides_its_keys() -> None:
    change = _update(
        {
            "before": {"env": {"API_KEY": "a"}},
            "after": {"env": {"API_KEY": "b", "DB_PASSWORD": "c"}},
            "before_sensitive": {"env": True},
            "after_sensitive": {"env": True},
        }
    )

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("env", "(sensitive)", "(sensitive)")
    ]


def test_an_unchanged_sensitive_value_is_not_listed() -> None:
    change = _update(
        {
            "before": {"password": "same", "size": 1},
            "after": {"password": "same", "size": 2},
            "before_sensitive": {"password": True},
            "after_sensitive": {"password": True},
        }
    )

    assert [a.path for a in change.attributes] == ["size"]


def test_values_known_only_after_apply_are_marked() -> None:
    change = _update(
        {
            "before": {"tags_all": {"team": "old"}, "name": "x"},
            "after": {"name": "x"},
            "after_unknown": {"tags_all": True},
        }
    )

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("tags_all", '`{"team": "old"}`', "(known after apply)")
    ]


def test_values_are_safe_inside_a_markdown_table() -> None:
    change = _update(
        {
            "before": {"tags": {"a b": "x|y"}, "doc": "`tick`"},
            "after": {"tags": {"a b": "z"}, "doc": "x" * 300},
        }
    )
    cells = {a.path: (a.before, a.after) for a in change.attributes}

    assert cells['tags["a b"]'] == ('`"x\\|y"`', '`"z"`')
    before, after = cells["doc"]
    assert before == '``"`tick`"``'
    assert len(after) == plan_review.MAX_VALUE_LENGTH + 2
    assert after.endswith("…`")


# ------------------------------------------------ masking under unknown values (issue 12)


def _change(actions: list[str], resource_type: str = "aws_x", **change: Any) -> dict[str, Any]:
    return {
        "address": f"{resource_type}.y",
        "type": resource_type,
        "name": "y",
        "mode": "managed",
        "change": {"actions": actions, **change},
    }


def _parse(*entries: dict[str, Any]) -> plan_review.StackPlan:
    return plan_review.parse_stack_plan(
        {"format_version": "1.2", "resource_changes": list(entries)}, stack="s"
    )


def _cells(change: plan_review.ResourceChange) -> str:
    return repr([(a.path, a.before, a.after) for a in change.attributes])


@pytest.mark.parametrize("actions", [["update"], ["delete", "create"], ["create", "delete"]])
def test_a_block_unknown_after_apply_never_prints_its_sensitive_parts(actions: list[str]) -> None:
    # The block becomes unknown: its before side used to be printed whole, marks ignored.
    (change,) = _parse(
        _change(
            actions,
            before={"settings": {"user": "app", "password": "hunter2-before"}, "size": 1},
            after={"size": 1},
            before_sensitive={"settings": {"password": True}},
            after_sensitive={},
            after_unknown={"settings": True},
            replace_paths=[["settings"]],
        )
    ).changes

    assert "hunter2" not in _cells(change)
    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("settings", "(sensitive)", "(known after apply)")
    ]


def test_a_list_element_unknown_after_apply_hides_the_sensitive_element_before() -> None:
    (change,) = _parse(
        _change(
            ["update"],
            before={"rules": [{"token": "old-token-1"}, {"token": "old-token-2"}]},
            after={"rules": [{}, {"token": "new-token-2"}]},
            before_sensitive={"rules": [{"token": True}, {"token": True}]},
            after_sensitive={"rules": [{}, {"token": True}]},
            after_unknown={"rules": [True, {}]},
        )
    ).changes

    assert "token-" not in _cells(change)


@pytest.mark.parametrize(
    "marks",
    [
        True,
        "true",  # not a boolean: read as a mark
        1,
        [True],  # a list of marks for an object
        {"password": "yes"},
    ],
)
def test_marks_that_do_not_line_up_with_the_value_mask_it(marks: object) -> None:
    (change,) = _parse(
        _change(
            ["update"],
            before={"config": {"password": "p-before", "n": 1}},
            after={"config": {"password": "p-after", "n": 2}},
            before_sensitive={"config": marks},
            after_sensitive={"config": marks},
        )
    ).changes

    assert "p-before" not in _cells(change)
    assert "p-after" not in _cells(change)


def test_marks_on_either_side_mask_both_sides_even_of_different_shapes() -> None:
    (change,) = _parse(
        _change(
            ["update"],
            before={"env": ["a-secret", "b"]},
            after={"env": {"A": "c-secret"}},
            before_sensitive={"env": [True, False]},
            after_sensitive={"env": {}},
        )
    ).changes

    assert "secret" not in _cells(change)


def test_a_whole_object_marked_sensitive_shows_nothing_of_it() -> None:
    (change,) = _parse(
        _change(
            ["update"],
            before={"a": "x-secret"},
            after={"a": "y-secret"},
            before_sensitive=True,
            after_sensitive=True,
        )
    ).changes

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("(whole object)", "(sensitive)", "(sensitive)")
    ]


def test_a_changed_sensitive_value_is_listed_and_an_unchanged_one_is_not() -> None:
    (change,) = _parse(
        _change(
            ["update"],
            before={"a": "same", "b": "old"},
            after={"a": "same", "b": "new"},
            after_sensitive={"a": True, "b": True},
        )
    ).changes

    assert [(a.path, a.before, a.after) for a in change.attributes] == [
        ("b", "(sensitive)", "(sensitive)")
    ]


# ------------------------------------------------------------- format versions


@pytest.mark.parametrize("version", ["1.0", "1.2", "1.99"])
def test_format_versions_of_major_1_are_read(version: str) -> None:
    document = plan_review.load_plan(
        json.dumps({"format_version": version, "resource_changes": []}).encode()
    )

    assert document["format_version"] == version


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("2.0", "unsupported format_version '2.0': this review reads 1.x"),
        ("0.2", "unsupported format_version '0.2'"),
        ("10.1", "unsupported format_version '10.1'"),
        ("one", "unreadable format_version 'one'"),
        (1.2, "unreadable format_version 1.2"),
        (None, "unreadable format_version None"),
    ],
)
def test_an_unknown_major_format_version_is_refused(version: object, message: str) -> None:
    data = json.dumps({"format_version": version, "resource_changes": []}).encode()

    with pytest.raises(plan_review.PlanError, match=re.escape(message)):
        plan_review.load_plan(data)


# ---------------------------------------------------------------- odd JSON


def test_json_nested_beyond_the_recursion_limit_is_a_plan_error() -> None:
    depth = sys.getrecursionlimit() + 100
    data = b'{"format_version": "1.2", "resource_changes": ' + b"[" * depth + b"]" * depth + b"}"

    with pytest.raises(plan_review.PlanError, match="nested too deeply"):
        plan_review.load_plan(data)


def _nested(depth: int) -> object:
    deep: object = "leaf"
    for _ in range(depth):
        deep = [deep]
    return deep


def test_a_value_nested_beyond_the_recursion_limit_is_a_plan_error_when_walked() -> None:
    deep = _nested(sys.getrecursionlimit() + 100)
    document = {
        "format_version": "1.2",
        "resource_changes": [_change(["update"], before={"v": deep}, after={"v": "x"})],
    }

    with pytest.raises(plan_review.PlanError, match="nested too deeply"):
        plan_review.parse_stack_plan(document, stack="s")


def test_a_deep_path_is_printed_cut_short() -> None:
    data = json.dumps(
        {
            "format_version": "1.2",
            "resource_changes": [
                _change(["update"], before={"v": _nested(500)}, after={"v": _nested(499)})
            ],
        }
    ).encode()

    (change,) = plan_review.parse_stack_plan(plan_review.load_plan(data), stack="s").changes

    assert change.attributes[0].path.startswith("v[0][0]")
    assert len(change.attributes[0].path) <= plan_review.MAX_VALUE_LENGTH


def test_an_integer_too_long_to_convert_is_a_plan_error() -> None:
    data = b'{"format_version": "1.2", "resource_changes": [], "n": ' + b"9" * 5000 + b"}"

    with pytest.raises(plan_review.PlanError, match="unreadable JSON value"):
        plan_review.load_plan(data)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"address": 5, "type": "t", "name": "n", "change": {"actions": []}}, "has no address"),
        ({"address": "a.b", "type": "", "name": "n", "change": {"actions": []}}, "has no type"),
        ({"address": "a.b", "type": "t", "change": {"actions": ["create"]}}, "has no name"),
        (
            {"address": "a.b", "type": "t", "name": "n", "change": {"actions": [["x"]]}},
            "unsupported change actions",
        ),
    ],
)
def test_malformed_entries_are_plan_errors(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(plan_review.PlanError, match=re.escape(message)):
        plan_review.parse_stack_plan(
            {"format_version": "1.2", "resource_changes": [entry]}, stack="s"
        )


def test_control_and_bidi_characters_in_values_are_escaped() -> None:
    (change,) = _parse(
        _change(
            ["update"],
            before={"name": "safe\u202etxt.exe"},
            after={"name": "line\nbreak\u0085\u2066x"},
        )
    ).changes
    cells = _cells(change)

    assert not any(char in cells for char in "\u202e\n\u0085\u2066")
    assert r"\u202e" in change.attributes[0].before
    assert r"\u2066" in change.attributes[0].after


def test_keys_of_a_sensitive_map_that_only_after_unknown_names_stay_hidden() -> None:
    # Found by the property test: the unknown overlay used to add keys after masking.
    (change,) = _parse(
        _change(
            ["update"],
            before={"env": {"API_KEY": "k-1"}},
            after={},
            before_sensitive={"env": True},
            after_unknown={"env": {"SECRET_KEY_NAME": True}},
        )
    ).changes

    assert "SECRET_KEY_NAME" not in _cells(change)
    assert "k-1" not in _cells(change)
