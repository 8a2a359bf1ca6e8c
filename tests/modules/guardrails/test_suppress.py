"""Suppressions and the production mark, recorded on constructs and read back by the pack."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import (
    VpcSecurityGroupIngressRule,
)

from platform_cdktf.modules.guardrails import StackView, check_stack, mark_production, suppress
from platform_cdktf.modules.guardrails.rules import network
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from tests.support.units import TEST_TAGS, empty_stack

NET_02 = next(rule for rule in network.RULES if rule.id == "NET-02")
REASON = "The public load balancer's own group admits HTTPS from anywhere on purpose."


def _open_https(stack: TerraformStack) -> VpcSecurityGroupIngressRule:
    group = SecurityGroup(stack, "group", name="lb", vpc_id="vpc-1")
    return VpcSecurityGroupIngressRule(
        stack,
        "https",
        security_group_id=group.id,
        cidr_ipv4="0.0.0.0/0",
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
    )


def _view(document: dict[str, Any]) -> StackView:
    return StackView("unit", document, date(2026, 11, 26))


@pytest.fixture
def synthesized(tmp_path: Path) -> Callable[[Callable[[TerraformStack], Any]], dict[str, Any]]:
    """Synthesize like an app does (``Testing.synth`` leaves the ``//`` metadata out)."""

    def synthesize(build: Callable[[TerraformStack], Any]) -> dict[str, Any]:
        outdir = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        app = App(outdir=str(outdir), stack_traces=False)
        stack = TerraformStack(app, "unit")
        aws_provider(stack, "aws", props=AwsProviderProps(region="us-east-1", tags=TEST_TAGS))
        build(stack)
        app.synth()
        document: dict[str, Any] = json.loads(
            (outdir / "stacks" / "unit" / "cdk.tf.json").read_text()
        )
        return document

    return synthesize


Synthesize = Callable[[Callable[[TerraformStack], Any]], dict[str, Any]]


def test_a_suppression_silences_its_finding_and_keeps_its_reason(
    synthesized: Synthesize,
) -> None:
    document = synthesized(lambda stack: suppress(_open_https(stack), "NET-02", REASON))
    (outcome,) = check_stack(_view(document), [NET_02])
    assert not outcome.active
    assert outcome.suppression is not None
    assert outcome.suppression.reason == REASON


def test_without_a_suppression_the_finding_counts(synthesized: Synthesize) -> None:
    document = synthesized(_open_https)
    (outcome,) = check_stack(_view(document), [NET_02])
    assert outcome.active


def test_a_suppression_matching_other_text_does_not_apply(synthesized: Synthesize) -> None:
    document = synthesized(
        lambda stack: suppress(_open_https(stack), "NET-02", REASON, matching="on 22-22")
    )
    (outcome,) = check_stack(_view(document), [NET_02])
    assert outcome.active


def test_a_suppression_needs_a_reason() -> None:
    rule = _open_https(empty_stack())
    with pytest.raises(ValueError, match="must explain the decision"):
        suppress(rule, "NET-02", "intended")


def test_the_production_mark_reaches_the_stack(synthesized: Synthesize) -> None:
    document = synthesized(mark_production)
    assert _view(document).production
    plain = synthesized(lambda stack: None)
    assert not _view(plain).production
