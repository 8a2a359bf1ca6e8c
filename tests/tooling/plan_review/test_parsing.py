"""Reading plan JSON: attribute diffs, sensitive values, values known after apply."""

from __future__ import annotations

from typing import Any

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
