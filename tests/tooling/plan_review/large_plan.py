"""A synthetic ``terraform show -json`` plan of many changes, for the output budget.

Most changes are ordinary (rules, routes, tags), spread over many modules; every
``FINDING_EVERY``-th is a gated change of a data-bearing resource (a delete, a
replacement, a create+forget, an update that turns deletion protection off), and every
update carries a sensitive value. Run as a script to write one to a file for measuring
the command line: ``python -m tests.tooling.plan_review.large_plan plan.json 20000``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Final

FINDING_EVERY: Final = 500
"""One gated change in this many (40 in a plan of 20,000)."""
SECRET: Final = "large-plan-secret"
"""Prefix of every sensitive value in the plan: it must never reach the review."""

_GATED: Final = (
    (["delete"], "aws_db_instance"),
    (["delete", "create"], "aws_rds_cluster"),
    (["create", "forget"], "aws_efs_file_system"),
    (["update"], "aws_dynamodb_table"),
)


def _module(index: int) -> str:
    return f"module.service_{index % 60:02d}"


def _ordinary(index: int) -> dict[str, Any]:
    kind = index % 3
    resource_type = ("aws_security_group_rule", "aws_route", "aws_sns_topic")[kind]
    actions = (["create"], ["update"], ["delete"])[kind]
    before = None if kind == 0 else {"description": f"rule {index}", "port": index, "token": ""}
    after = None if kind == 2 else {"description": f"rule {index} v2", "port": index + 1}
    change: dict[str, Any] = {"actions": actions, "before": before, "after": after}
    if kind == 1:
        change["before"]["token"] = f"{SECRET}-{index}-old"
        change["after"]["token"] = f"{SECRET}-{index}-new"
        change["before_sensitive"] = {"token": True}
        change["after_sensitive"] = {"token": True}
        change["after_unknown"] = {"arn": True}
    return _entry(index, resource_type, change)


def _gated(index: int) -> dict[str, Any]:
    actions, resource_type = _GATED[(index // FINDING_EVERY) % len(_GATED)]
    before: dict[str, Any] = {"identifier": f"db-{index}", "deletion_protection": True}
    after: dict[str, Any] | None = None if actions == ["delete"] else {"identifier": f"db-{index}"}
    if resource_type == "aws_dynamodb_table":
        before = {"name": f"t-{index}", "deletion_protection_enabled": True}
        after = {"name": f"t-{index}", "deletion_protection_enabled": False}
    change = {"actions": actions, "before": before, "after": after}
    return _entry(index, resource_type, change)


def _entry(index: int, resource_type: str, change: dict[str, Any]) -> dict[str, Any]:
    module = _module(index)
    name = f"r{index}"
    return {
        "address": f"{module}.{resource_type}.{name}",
        "module_address": module,
        "mode": "managed",
        "type": resource_type,
        "name": name,
        "change": change,
    }


def large_plan(changes: int) -> dict[str, Any]:
    """A plan document of ``changes`` resource changes."""
    entries = [
        _gated(index) if index % FINDING_EVERY == FINDING_EVERY - 1 else _ordinary(index)
        for index in range(changes)
    ]
    return {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": entries}


def gated_addresses(changes: int) -> list[str]:
    """The addresses of the gated changes of ``large_plan(changes)``."""
    return [
        entry["address"]
        for index, entry in enumerate(large_plan(changes)["resource_changes"])
        if index % FINDING_EVERY == FINDING_EVERY - 1
    ]


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    target.write_text(json.dumps(large_plan(count)), encoding="utf-8")
