"""Reading synthesized ``cdk.tf.json`` documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

StackJson = dict[str, Any]


def load_stacks(outdir: Path) -> dict[str, StackJson]:
    """Every stack of a cdktf output directory, by stack name."""
    return {
        path.parent.name: json.loads(path.read_text())
        for path in sorted((outdir / "stacks").glob("*/cdk.tf.json"))
    }


def resources(stack: StackJson, resource_type: str) -> dict[str, dict[str, Any]]:
    """Resources of one type in a synthesized stack, by logical name."""
    found: dict[str, dict[str, Any]] = stack.get("resource", {}).get(resource_type, {})
    return found


def data_sources(stack: StackJson, data_type: str) -> dict[str, dict[str, Any]]:
    """Data sources of one type in a synthesized stack, by logical name."""
    found: dict[str, dict[str, Any]] = stack.get("data", {}).get(data_type, {})
    return found


def only(items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The single item of a mapping; fails loudly if there are zero or several."""
    assert len(items) == 1, f"expected exactly one, got {sorted(items)}"
    return next(iter(items.values()))


_HASH_SUFFIX = re.compile(r"_[0-9A-F]{8}$")


def construct_path(logical_name: str) -> str:
    """A logical name without cdktf's hash suffix: ``vpc_rt_database_1A2B3C4D`` ->
    ``vpc_rt_database`` (the construct path joined with underscores)."""
    return _HASH_SUFFIX.sub("", logical_name)


def name_by_path(items: dict[str, dict[str, Any]], suffix: str) -> str:
    """Logical name of the one item whose construct path ends with ``suffix``."""
    wanted = suffix.replace("/", "_")
    matches = [name for name in items if construct_path(name).endswith(wanted)]
    assert len(matches) == 1, f"expected one construct ending in {suffix!r}, got {matches}"
    return matches[0]


def by_path(items: dict[str, dict[str, Any]], suffix: str) -> dict[str, Any]:
    """The item whose construct path ends with ``suffix`` (e.g. ``vpc/rt_database``)."""
    return items[name_by_path(items, suffix)]


_FORMAT = re.compile(r'^\$\{format\("(?P<spec>(?:[^"\\]|\\.)*)", (?P<args>.*)\)\}$', re.DOTALL)


def _top_level_arguments(text: str) -> list[str]:
    """``a, f(b, c), d`` -> ``["a", "f(b, c)", "d"]``."""
    arguments, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            arguments.append(text[start:index].strip())
            start = index + 1
    arguments.append(text[start:].strip())
    return arguments


def json_value(text: str) -> Any:
    """The JSON document of an attribute holding JSON text, also when it is written as
    ``${format("<json with %s>", refs...)}`` (modules/shared/json_text.py): each ``%s``
    becomes the reference as ``${ref}``, the text it stands for at plan time."""
    match = _FORMAT.match(text)
    if match is None:
        return json.loads(text)
    spec = re.sub(r"\\(.)", r"\1", match["spec"])
    references = iter(_top_level_arguments(match["args"]))
    rendered = re.sub(r"%(%|s)", lambda m: "%" if m[1] == "%" else f"${{{next(references)}}}", spec)
    return json.loads(rendered)


def changed_arguments(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> set[tuple[str, str]]:
    """``(type, argument)`` of every argument that differs between two ``resource`` (or
    ``data``) blocks, after asserting that both hold the same addresses (cdktf's ``//``
    metadata is not configuration)."""
    assert {t: set(items) for t, items in before.items()} == {
        t: set(items) for t, items in after.items()
    }
    return {
        (kind, key)
        for kind, items in before.items()
        for address, body in items.items()
        for key in set(body) | set(after[kind][address])
        if key != "//" and body.get(key) != after[kind][address].get(key)
    }
