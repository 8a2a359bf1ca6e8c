"""Synthesized JSON without cdktf's hash suffixes, so tests compare whole tokens."""

from __future__ import annotations

import json
import re
from typing import Any

HASH = re.compile(r"_[0-9A-F]{8}(?=[.}\"])")


def plain(synthesized: dict[str, Any]) -> dict[str, Any]:
    """The synthesized JSON without cdktf's hash suffixes in logical names and tokens."""
    document: dict[str, Any] = json.loads(HASH.sub("", json.dumps(synthesized)))
    return document


def statements(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Statements of a synthesized ``aws_iam_policy_document`` by sid."""
    return {statement["sid"]: statement for statement in document["statement"]}


def conditions(statement: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """Conditions of a synthesized statement: (test, variable) -> values."""
    return {(c["test"], c["variable"]): c["values"] for c in statement.get("condition", [])}
