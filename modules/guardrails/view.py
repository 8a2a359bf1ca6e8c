"""One synthesized stack (its ``cdk.tf.json``), as the rules read it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .iam import Statement, parse_policy
from .model import Suppression

_REFERENCE = re.compile(r"^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\.[^}]*)?\}$")

GUARDRAILS_KEY = "guardrails"
"""Key under a resource's or the stack's ``//`` metadata (Terraform ignores ``//``)."""


@dataclass(frozen=True)
class StackView:
    """A synthesized stack: its resources, data sources, metadata and suppressions."""

    name: str
    """Stack name."""
    document: Mapping[str, Any] = field(repr=False)
    """The parsed ``cdk.tf.json``."""
    today: date
    """The day of synthesis (rules about support calendars compare against it)."""

    @property
    def production(self) -> bool:
        """Whether the stack is marked as production (``mark_production``)."""
        marks = self.document.get("//", {}).get(GUARDRAILS_KEY, {})
        return bool(marks.get("production", False))

    def resources(self, resource_type: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """``(address, body)`` of every resource of ``resource_type``."""
        for name, body in self.document.get("resource", {}).get(resource_type, {}).items():
            yield f"{resource_type}.{name}", body

    def data(self, data_type: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """``(address, body)`` of every data source of ``data_type``."""
        for name, body in self.document.get("data", {}).get(data_type, {}).items():
            yield f"data.{data_type}.{name}", body

    def resource(self, address: str) -> Mapping[str, Any] | None:
        """The body of the resource or data source at ``address``."""
        parts = address.split(".")
        body: Mapping[str, Any] | None = None
        if parts[0] == "data" and len(parts) == 3:
            body = self.document.get("data", {}).get(parts[1], {}).get(parts[2])
        elif len(parts) == 2:
            body = self.document.get("resource", {}).get(parts[0], {}).get(parts[1])
        return body

    def referenced(self, value: Any) -> str | None:
        """The address a ``${type.name.attribute}`` reference points at, if it is one."""
        if not isinstance(value, str):
            return None
        match = _REFERENCE.match(value)
        if not match:
            return None
        prefix = "data." if match.group(1) else ""
        return f"{prefix}{match.group(2)}.{match.group(3)}"

    def policy(self, value: Any) -> list[Statement]:
        """The statements of a policy attribute (a data-document reference or JSON)."""
        documents = self.document.get("data", {}).get("aws_iam_policy_document", {})
        return parse_policy(value, documents)

    def suppressions(self, address: str) -> tuple[Suppression, ...]:
        """Suppressions recorded on the resource at ``address`` (``suppress``), or on the
        stack for stack-level findings (``terraform``, ``provider.aws[0]``)."""
        body = self.resource(address)
        if body is None:
            body = self.document
        recorded = body.get("//", {}).get(GUARDRAILS_KEY, {}).get("suppressions", {})
        entries = recorded.values() if isinstance(recorded, dict) else recorded
        return tuple(
            Suppression(
                rule_id=str(entry["rule"]),
                reason=str(entry["reason"]),
                matching=str(entry.get("matching", "")),
            )
            for entry in entries
        )

    @property
    def terraform(self) -> Mapping[str, Any]:
        """The stack's ``terraform`` block."""
        block: Mapping[str, Any] = self.document.get("terraform", {})
        return block
