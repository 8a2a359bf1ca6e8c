"""A compact Mermaid picture of a review: what changes, by stack and module.

GitHub renders a fenced ``mermaid`` block in comments and job summaries as a diagram
("Creating diagrams", GitHub Docs: "You can create diagrams in Markdown using [...]
Mermaid"). One subgraph per stack, one node per module (the group of ``construct_group``:
the root of the cdktf construct path, or the Terraform module address; plans carry no
construct metadata), labelled with its counts; modules with a finding are marked. The
size is bounded: at most ``MAX_STACKS`` stacks and ``MAX_MODULES`` modules per stack are
drawn, the rest are folded into one "more" node.

Labels are reduced to a small safe alphabet: a name from the plan can never close a
label, start a directive or inject a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from .model import LISTING_ORDER, Action, ResourceChange, Review

MAX_STACKS: Final = 6
"""Stacks drawn; the others are summed up in one node."""
MAX_MODULES: Final = 8
"""Modules drawn per stack (those with findings first, then the busiest)."""
MAX_LABEL: Final = 40
"""Longest name in a label, in characters."""

_SYMBOLS: Final = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.REPLACE: "-/+",
    Action.DELETE: "-",
    Action.FORGET: "forget:",
}
_UNSAFE: Final = re.compile(r"[^A-Za-z0-9 _.,:/+~()-]")


def _label(text: str) -> str:
    safe = _UNSAFE.sub("_", text)
    return safe if len(safe) <= MAX_LABEL else f"{safe[: MAX_LABEL - 3]}..."


@dataclass(frozen=True)
class _Module:
    name: str
    changes: tuple[ResourceChange, ...]
    findings: int

    def counts(self) -> str:
        return " ".join(
            f"{_SYMBOLS[action]}{count}"
            for action in LISTING_ORDER
            if (count := sum(1 for change in self.changes if change.action is action))
        )


def render_mermaid(review: Review) -> list[str]:
    """The diagram as Markdown lines (a fenced block), or no lines when nothing changes."""
    stacks = [(plan.stack, plan.by_group()) for plan in review.stacks]
    stacks = [(stack, groups) for stack, groups in stacks if groups]
    if not stacks:
        return []
    gated = {(item.stack, item.change.address) for item in review.findings}
    lines = [
        "```mermaid",
        "flowchart LR",
        "  classDef finding fill:#ffd7d5,stroke:#cf222e,color:#1f2328",
    ]
    for index, (stack, groups) in enumerate(stacks[:MAX_STACKS]):
        modules = [
            _Module(
                name=name,
                changes=tuple(changes),
                findings=sum(1 for change in changes if (stack, change.address) in gated),
            )
            for name, changes in groups.items()
        ]
        lines += _stack(index, stack, modules)
    if rest := stacks[MAX_STACKS:]:
        changes = sum(len(changes) for _, groups in rest for changes in groups.values())
        lines.append(f'  more_stacks["{len(rest)} more stacks: {changes:,} changes"]')
    return [*lines, "```", ""]


def _stack(index: int, stack: str, modules: Sequence[_Module]) -> list[str]:
    ordered = sorted(modules, key=lambda module: (-module.findings, -len(module.changes)))
    lines = [f'  subgraph s{index}["{_label(stack)}"]']
    for number, module in enumerate(ordered[:MAX_MODULES]):
        label = f"{_label(module.name)}<br/>{module.counts()}"
        if module.findings:
            label += f"<br/>{module.findings} gated"
        style = ":::finding" if module.findings else ""
        lines.append(f'    s{index}m{number}["{label}"]{style}')
    if rest := ordered[MAX_MODULES:]:
        changes = sum(len(module.changes) for module in rest)
        findings = sum(module.findings for module in rest)
        label = f"{len(rest)} more modules<br/>{changes:,} changes"
        if findings:
            label += f"<br/>{findings} gated"
        style = ":::finding" if findings else ""
        lines.append(f'    s{index}more["{label}"]{style}')
    lines.append("  end")
    return lines
