"""Every guardrail on its compliant and its failing case (plain JSON, no synthesis)."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.guardrails import RULES, Rule, StackView, check_stack
from platform_cdktf.modules.guardrails.marks import MIN_REASON_WORDS

from .cases import CASES, TODAY

RULES_BY_ID = {rule.id: rule for rule in RULES}


def _view(document: dict[str, Any], *, production: bool = False) -> StackView:
    if production:
        document = {**document, "//": {"guardrails": {"production": True}}}
    return StackView("unit", document, TODAY)


def _findings(rule: Rule, document: dict[str, Any], *, production: bool) -> list[str]:
    outcomes = check_stack(_view(document, production=production), [rule])
    return [f"{o.finding.address}: {o.finding.message}" for o in outcomes]


def test_every_rule_has_a_compliant_and_a_failing_case() -> None:
    assert set(CASES) == set(RULES_BY_ID)


def test_rule_ids_are_unique_and_documented() -> None:
    assert len(RULES_BY_ID) == len(RULES)
    for rule in RULES:
        assert rule.level in ("error", "warning", "note")
        for text in (rule.title, rule.why, rule.fix):
            assert len(text.split()) >= MIN_REASON_WORDS // 2, (rule.id, text)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_compliant_case_passes(rule_id: str) -> None:
    case = CASES[rule_id]
    rule = RULES_BY_ID[rule_id]
    assert _findings(rule, case.compliant, production=case.production) == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_failing_case_is_found(rule_id: str) -> None:
    case = CASES[rule_id]
    rule = RULES_BY_ID[rule_id]
    findings = _findings(rule, case.failing, production=case.production)
    assert findings, f"{rule_id} missed its failing case"
    if case.failing_address:
        assert any(f.startswith(f"{case.failing_address}: ") for f in findings), findings


@pytest.mark.parametrize("rule_id", sorted(r for r, c in CASES.items() if c.production))
def test_production_rules_skip_other_stacks(rule_id: str) -> None:
    rule = RULES_BY_ID[rule_id]
    assert rule.production_only
    assert _findings(rule, CASES[rule_id].failing, production=False) == []
