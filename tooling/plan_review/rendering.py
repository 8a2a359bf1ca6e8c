"""The Markdown of a plan review: the full review, and a comment that fits a budget.

Both are built from the same parts, in this order: the findings (gated changes, allowed
ones, unused allowances, stacks without a plan), the counts per stack, a Mermaid diagram
(``diagram``), then every listed change grouped by module. ``render_markdown`` writes them
all; ``render_comment`` keeps the findings and counts whole, adds the diagram if it fits,
then as many changes as fit, with a notice that says what was left out and where the
full review is. It only formats; what is gated or allowed is decided by the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from .diagram import render_mermaid
from .model import (
    COUNTED_ACTIONS,
    LISTING_ORDER,
    Action,
    Finding,
    ResourceChange,
    Review,
    StackPlan,
)
from .text import code_span, escape_invisible, words

COMMENT_LIMIT: Final = 65_536
"""GitHub's limit on a comment body: the API refuses a longer one with "Body is too long
(maximum is 65536 characters)" (422, ``POST /repos/{owner}/{repo}/issues/{number}/comments``)."""

DEFAULT_COMMENT_BUDGET: Final = 65_000
"""Characters a comment may take: ``COMMENT_LIMIT`` less room for what the posting action
adds (marocchino/sticky-pull-request-comment prepends a ``<!-- Sticky Pull Request
Comment... -->`` marker of its header)."""

STEP_SUMMARY_BUDGET: Final = 250_000
"""Characters for a job summary: GitHub refuses a step summary over 1 MiB ("Adding a job
summary", GitHub Docs), and 250,000 characters stay under it even at 4 UTF-8 bytes each."""

TITLE: Final = "## Terraform plan review"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class _Chunk:
    """Lines of the listing that stay together, and how many changes they list."""

    lines: tuple[str, ...]
    changes: int

    @property
    def size(self) -> int:
        return sum(len(line) + 1 for line in self.lines)


@dataclass(frozen=True)
class _Parts:
    findings: list[str]
    totals: list[str]
    diagram: list[str]
    listing: list[_Chunk]


def _parts(review: Review) -> _Parts:
    return _Parts(
        findings=_render_findings(review, compact=False),
        totals=_render_totals(review),
        diagram=render_mermaid(review),
        listing=[chunk for plan in review.stacks for chunk in _stack_chunks(plan, review)],
    )


def _size(lines: Sequence[str]) -> int:
    """An upper bound of the length of ``_text(lines)``."""
    return sum(len(line) + 1 for line in lines)


def _text(lines: Sequence[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def _full(parts: _Parts) -> list[str]:
    listing = [line for chunk in parts.listing for line in chunk.lines]
    return [TITLE, "", *parts.findings, *parts.totals, *parts.diagram, *listing]


def render_markdown(review: Review) -> str:
    """The whole review as Markdown; gated changes come first."""
    return _text(_full(_parts(review)))


def render_comment(
    review: Review,
    *,
    budget: int = DEFAULT_COMMENT_BUDGET,
    full_review_at: str = "the file written by `--output`",
) -> str:
    """The review cut to at most ``budget`` characters for a comment or a job summary.

    The findings are never cut while a list of their addresses fits the budget (about
    ``budget / 100`` findings); the counts per stack are never cut. Then come the
    diagram, if it fits, and as many changes as fit, in listing order. When anything is
    left out, a notice after the counts says how much and names ``full_review_at``.
    """
    parts = _parts(review)
    full = _full(parts)
    if _size(full) <= budget:
        return _text(full)
    where = escape_invisible(full_review_at)
    total = sum(chunk.changes for chunk in parts.listing)
    for compact in (False, True):
        findings = _render_findings(review, compact=True) if compact else parts.findings
        head = [TITLE, "", *findings, *parts.totals]
        room = budget - _size([*head, *_notice(total, total, where, compact=compact)])
        room -= _size(["", _cut_line(total)])
        if room >= 0:
            text = _fit(head, parts, room, total, where, compact=compact)
            if len(text) <= budget:
                return text
    return _last_resort(review, budget, where)


def _fit(
    head: list[str], parts: _Parts, room: int, total: int, where: str, *, compact: bool
) -> str:
    diagram = parts.diagram if _size(parts.diagram) <= room else []
    room -= _size(diagram)
    listing: list[str] = []
    shown = 0
    for chunk in parts.listing:
        if chunk.size > room:
            break
        listing += chunk.lines
        room -= chunk.size
        shown += chunk.changes
    notice = _notice(shown, total, where, compact=compact)
    return _text([*head, *notice, *diagram, *listing, "", _cut_line(total - shown)])


def _notice(shown: int, total: int, where: str, *, compact: bool) -> list[str]:
    findings = (
        "the gated changes above are listed by address only"
        if compact
        else "the gated changes above are complete"
    )
    return [
        "> [!NOTE]",
        f"> **Truncated** to fit GitHub's {COMMENT_LIMIT:,}-character comment limit: "
        f"{shown:,} of {total:,} changes are listed below; {findings}. "
        f"The full review: {where}.",
        "",
    ]


def _cut_line(left_out: int) -> str:
    return f"_… and {left_out:,} more changes not listed here (see the note above)._"


def _last_resort(review: Review, budget: int, where: str) -> str:
    """Even the list of addresses does not fit: as many findings as fit, then a count."""
    findings = review.findings
    ending = [
        ">",
        f"> **{_plural(len(findings), 'gated change')}**, "
        f"{len(review.blocking_changes):,} of them not allowed"
        f"{'; and a stack without a plan' if review.missing else ''}: too many to list "
        f"within the comment limit. The full review: {where}.",
        "",
    ]
    lines = [TITLE, "", "> [!CAUTION]"]
    room = budget - _size(lines) - _size(ending) - 40
    for listed, item in enumerate(findings):
        line = _compact_finding(item)
        if len(line) + 1 > room:
            lines.append(f"> - … {len(findings) - listed:,} more")
            break
        lines.append(line)
        room -= len(line) + 1
    text = _text([*lines, *ending])
    # A budget too small for even this is the caller's error; never exceed it all the same.
    return text if len(text) <= budget else text[: max(budget - 1, 0)] + "\n"


# ----------------------------------------------------------------- findings


def _render_findings(review: Review, *, compact: bool) -> list[str]:
    lines: list[str] = []
    if review.missing:
        stacks = ", ".join(code_span(stack) for stack in review.missing)
        lines += [
            "> [!CAUTION]",
            f"> **No plan for {stacks}**: {'its' if len(review.missing) == 1 else 'their'} "
            "changes are not reviewed; see the plan job's log. The review fails (exit 1) "
            "until every stack has a plan.",
            "",
        ]
    blocking = review.blocking_changes
    allowed = [item for item in review.findings if item.allowed]
    if blocking:
        lines += [
            "> [!CAUTION]",
            f"> **{_plural(len(blocking), 'data-bearing change')} would destroy, replace or "
            "unprotect data.** Data is lost unless it is restored from a backup. The review "
            "fails (exit 2) until each one below is allowed: a `STACK:ADDRESS` line in the "
            "committed allowance file (`deploy/allow-destroy.txt`).",
            ">",
            *_findings_list(blocking, compact=compact),
            "",
        ]
    if allowed:
        lines += [
            "> [!WARNING]",
            f"> **{_plural(len(allowed), 'data-bearing change')} will destroy, replace or "
            "unprotect data, explicitly allowed** by the allowance file.",
            ">",
            *_findings_list(allowed, compact=compact),
            "",
        ]
    if review.unused_allowances:
        unused = ", ".join(code_span(str(allowance)) for allowance in review.unused_allowances)
        lines += [
            "> [!NOTE]",
            f"> Stale allowances (they match no gated change; remove them once the change "
            f"is applied everywhere): {unused}",
            "",
        ]
    if not review.findings:
        lines += ["No data-bearing resource is destroyed, replaced or unprotected.", ""]
    return lines


def _findings_list(items: Sequence[Finding], *, compact: bool) -> list[str]:
    if compact:
        return [_compact_finding(item) for item in items]
    rows = [
        "> | stack | action | resource | what is at stake |",
        "> |---|---|---|---|",
    ]
    for item in items:
        stake = "<br>".join(item.change.stakes)
        if item.allowed:
            stake = f"allowed: {stake}"
        rows.append(
            f"> | {code_span(item.stack)} | **{_action_name(item.change)}** "
            f"| {code_span(item.change.address)} | {stake} |"
        )
    return rows


def _compact_finding(item: Finding) -> str:
    allowed = " (allowed)" if item.allowed else ""
    return (
        f"> - {code_span(item.stack)} **{_action_name(item.change)}** "
        f"{code_span(item.change.address)}{allowed}"
    )


def _action_name(change: ResourceChange) -> str:
    if change.action is Action.UPDATE and change.disarms:
        return "update (unprotects)"
    if change.replacement is not None and not change.replacement.destroys:
        return "replace (forget old)"
    if change.deposed:
        return f"{change.action.value} (deposed)"
    return change.action.value


# ----------------------------------------------------------------- counts


def _render_totals(review: Review) -> list[str]:
    header = " | ".join(action.value for action in COUNTED_ACTIONS)
    lines = [
        f"| stack | {header} | not counted |",
        "|---|" + "---:|" * len(COUNTED_ACTIONS) + "---|",
    ]
    for plan in review.stacks:
        counts = " | ".join(str(plan.count(action)) for action in COUNTED_ACTIONS)
        lines.append(f"| {code_span(plan.stack)} | {counts} | {_not_counted(plan)} |")
    for stack in review.missing:
        dashes = " | ".join("-" for _ in COUNTED_ACTIONS)
        lines.append(f"| {code_span(stack)} | {dashes} | no plan |")
    return [*lines, ""]


def _not_counted(plan: StackPlan) -> str:
    parts = [
        f"{plan.count(Action.NO_OP)} unchanged",
        f"{plan.count(Action.READ)} read",
    ]
    if forgotten := plan.count(Action.FORGET):
        parts.append(f"{forgotten} forgotten")
    return ", ".join(parts)


# ----------------------------------------------------------------- listing


def _stack_chunks(plan: StackPlan, review: Review) -> list[_Chunk]:
    heading = [f"### Stack {code_span(plan.stack)}", ""]
    groups = plan.by_group()
    if not groups:
        return [_Chunk((*heading, "No changes.", ""), 0)]
    chunks: list[_Chunk] = []
    for group, changes in groups.items():
        summary = ", ".join(
            f"{sum(1 for c in changes if c.action is action)} {action.value}"
            for action in LISTING_ORDER
            if any(c.action is action for c in changes)
        )
        lead = [*heading, f"#### {code_span(group)} ({summary})", ""]
        heading = []
        for index, change in enumerate(changes):
            lines = [*lead, *_render_change(plan.stack, change, review)]
            lead = []
            if index == len(changes) - 1 and lines[-1]:
                lines.append("")
            chunks.append(_Chunk(tuple(lines), 1))
    return chunks


_FORCES: Final = " (forces replacement)"


def _render_change(stack: str, change: ResourceChange, review: Review) -> list[str]:
    notes: list[str] = []
    if change.gated:
        allowed = any(a.matches(stack, change.address) for a in review.allowances)
        what = (
            "unprotects data"
            if change.action is Action.UPDATE
            else "data loss"
            if change.destructive
            else "moves to a new, empty object"
        )
        notes.append(f"gated, allowed: {what}" if allowed else f"**gated: {what}**")
    if change.replacement is not None:
        notes.append(change.replacement.value)
    if change.reason:
        notes.append(words(change.reason))
    if change.previous_address:
        notes.append(f"moved from {code_span(change.previous_address)}")
    if change.deposed:
        notes.append(f"deposed object {code_span(change.deposed)}")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    # Every destroy stands out, gated or not.
    emphasis = change.gated or change.destructive
    label = f"**{change.action.value}**" if emphasis else change.action.value
    lines = [f"- {label} {code_span(change.address)}{suffix}"]
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
