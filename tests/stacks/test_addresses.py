"""Construct ids are Terraform addresses: renaming one replaces real infrastructure.

The snapshot lists every resource and data source address per stack. A rename shows
up here as a failing test; update the snapshot (``make unit PYTEST_ARGS=--snapshot-update``)
only when the replacement is intended and has a migration (``moved`` block or state mv).
"""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.support.synth import StackJson


def _addresses(stack: StackJson) -> list[str]:
    addresses = [
        f"{resource_type}.{name}"
        for resource_type, items in stack.get("resource", {}).items()
        for name in items
    ]
    addresses += [
        f"data.{data_type}.{name}"
        for data_type, items in stack.get("data", {}).items()
        for name in items
    ]
    return sorted(addresses)


@pytest.mark.parametrize(
    "stack_name",
    ["bootstrap", "account-main", "dev-core", "dev-platform", "prod-core", "prod-platform"],
)
def test_resource_addresses_are_stable(
    stacks: dict[str, StackJson], stack_name: str, snapshot: SnapshotAssertion
) -> None:
    assert _addresses(stacks[stack_name]) == snapshot
