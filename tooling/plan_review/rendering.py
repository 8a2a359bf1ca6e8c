"""The Markdown of a plan review, for a pull-request comment.

``render_markdown`` turns a ``Review`` into the comment: destructive changes first, then
the counts per stack, then every listed change grouped by module. It only formats; what
is destructive or allowed is decided by the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .model import (
    COUNTED_ACTIONS,
    LISTING_ORDER,
    STATEFUL_RESOURCE_TYPES,
    Action,
    DestructiveChange,
    ResourceChange,
    Review,
    StackPlan,
    code_span,
)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _action_label(change: ResourceChange) -> str:
    return f"**{change.action.value}**" if change.destructive else change.action.value


def render_markdown(review: Review) -> str:
    """The review as Markdown for a pull-request comment; destructive changes come first."""
    lines = ["## Terraform plan review", ""]
    lines += _render_destructive(review)
    lines += _render_totals(review.stacks)
    for plan in review.stacks:
        lines += _render_stack(plan, review)
    return "\n".join(lines).rstrip("\n") + "\n"


def _render_destructive(review: Review) -> list[str]:
    lines: list[str] = []
    blocking = review.blocking_changes
    allowed = [item for item in review.destructive_changes if item.allowed]
    if blocking:
        lines += [
            "> [!CAUTION]",
            f"> **{_plural(len(blocking), 'stateful resource')} would be destroyed or "
            "replaced.** Data is lost unless it is restored from a backup. The review fails "
            "(exit 2) until each address below is allowed with `--allow-destroy ADDRESS` "
            "(the pull request's allow-destroy label).",
            ">",
            *_destructive_table(blocking, prefix="> "),
            "",
        ]
    if allowed:
        lines += [
            "> [!WARNING]",
            f"> **{_plural(len(allowed), 'stateful resource')} will be destroyed or replaced, "
            "explicitly allowed** with `--allow-destroy`.",
            ">",
            *_destructive_table(allowed, prefix="> "),
            "",
        ]
    if review.unused_allowances:
        unused = ", ".join(code_span(str(allowance)) for allowance in review.unused_allowances)
        lines += [
            "> [!NOTE]",
            f"> `--allow-destroy` matched no destructive change: {unused}",
            "",
        ]
    if not lines:
        lines += ["No stateful resource is destroyed or replaced.", ""]
    return lines


def _destructive_table(items: Sequence[DestructiveChange], *, prefix: str) -> list[str]:
    rows = [
        "| stack | action | resource | what is at stake |",
        "|---|---|---|---|",
    ]
    for item in items:
        change = item.change
        stake = STATEFUL_RESOURCE_TYPES[change.resource_type]
        if item.allowed:
            stake = f"allowed: {stake}"
        rows.append(
            f"| {code_span(item.stack)} | **{change.action.value}** | {code_span(change.address)} "
            f"| {stake} |"
        )
    return [f"{prefix}{row}" for row in rows]


def _render_totals(stacks: Sequence[StackPlan]) -> list[str]:
    header = " | ".join(action.value for action in COUNTED_ACTIONS)
    lines = [
        f"| stack | {header} | not counted |",
        "|---|" + "---:|" * len(COUNTED_ACTIONS) + "---|",
    ]
    for plan in stacks:
        counts = " | ".join(str(plan.count(action)) for action in COUNTED_ACTIONS)
        lines.append(f"| {code_span(plan.stack)} | {counts} | {_not_counted(plan)} |")
    return [*lines, ""]


def _not_counted(plan: StackPlan) -> str:
    parts = [
        f"{plan.count(Action.NO_OP)} unchanged",
        f"{plan.count(Action.READ)} read",
    ]
    if forgotten := plan.count(Action.FORGET):
        parts.append(f"{forgotten} forgotten")
    return ", ".join(parts)


def _render_stack(plan: StackPlan, review: Review) -> list[str]:
    lines = [f"### Stack {code_span(plan.stack)}", ""]
    groups = plan.by_group()
    if not groups:
        return [*lines, "No changes.", ""]
    for group, changes in groups.items():
        summary = ", ".join(
            f"{sum(1 for c in changes if c.action is action)} {action.value}"
            for action in LISTING_ORDER
            if any(c.action is action for c in changes)
        )
        lines += [f"#### {code_span(group)} ({summary})", ""]
        for change in changes:
            lines += _render_change(plan.stack, change, review)
        lines.append("")
    return lines


_FORCES: Final = " (forces replacement)"


def _render_change(stack: str, change: ResourceChange, review: Review) -> list[str]:
    notes: list[str] = []
    if change.stateful and change.destructive:
        allowed = any(a.matches(stack, change.address) for a in review.allowances)
        notes.append("stateful, destroy allowed" if allowed else "**stateful: data loss**")
    if change.reason:
        notes.append(change.reason.replace("_", " "))
    if change.previous_address:
        notes.append(f"moved from {code_span(change.previous_address)}")
    if change.deposed:
        notes.append(f"deposed object {code_span(change.deposed)}")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    lines = [f"- {_action_label(change)} {code_span(change.address)}{suffix}"]
    if change.attributes:
        lines += [
            "",
            "  | attribute | before | after |",
            "  |---|---|---|",
            *(
                f"  | {code_span(attribute.path)}{_FORCES if attribute.forces_replacement else ''} "
                f"| {attribute.before} | {attribute.after} |"
                for attribute in change.attributes
            ),
            "",
        ]
    if change.computed_after_replace:
        lines.append(
            f"  - and {_plural(change.computed_after_replace, 'computed attribute')} "
            "known after apply"
        )
    return lines
