"""Running the rules over synthesized stacks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..eks.calendar import synthesis_date
from .model import Finding, Outcome, Report, Rule
from .rules import RULES
from .view import StackView


def check_stack(view: StackView, rules: Sequence[Rule] = RULES) -> list[Outcome]:
    """Every finding of ``rules`` in one stack, with the suppression that covers it."""
    outcomes = []
    for rule in rules:
        if rule.production_only and not view.production:
            continue
        for address, message in rule.check(view):
            finding = Finding(rule.id, view.name, address, message)
            suppression = next((s for s in view.suppressions(address) if s.covers(finding)), None)
            outcomes.append(Outcome(finding, rule, suppression))
    return outcomes


def load_views(outdir: Path, today: date) -> list[StackView]:
    """A view of every ``stacks/<name>/cdk.tf.json`` below a cdktf output directory."""
    return [
        StackView(path.parent.name, json.loads(path.read_text(encoding="utf-8")), today)
        for path in sorted((outdir / "stacks").glob("*/cdk.tf.json"))
    ]


def run_pack(outdir: Path, *, today: date | None = None, rules: Sequence[Rule] = RULES) -> Report:
    """Run ``rules`` over every stack synthesized into ``outdir``."""
    views = load_views(outdir, today or synthesis_date())
    outcomes = [outcome for view in views for outcome in check_stack(view, rules)]
    return Report(
        rules=tuple(rules), stacks=tuple(view.name for view in views), outcomes=tuple(outcomes)
    )
