"""IAM documents in each form a stack holds them, and the action knowledge behind the rules."""

from __future__ import annotations

import json

import pytest

from platform_cdktf.modules.guardrails import StackView, check_stack
from platform_cdktf.modules.guardrails.iam import (
    access_levels,
    concrete_resource,
    mutating_actions,
    parse_policy,
)
from platform_cdktf.modules.guardrails.rules import identity

from .cases import DELETE_ANY_LOAD_BALANCER, DELETE_OWN_LOAD_BALANCERS, TODAY, policy

IAM_01 = next(rule for rule in identity.RULES if rule.id == "IAM-01")


@pytest.mark.parametrize("as_json", [True, False], ids=["json-string", "data-document"])
def test_both_forms_of_a_policy_are_judged_alike(as_json: bool) -> None:
    # checkov's terraform_json scan reads neither form; the guardrails read both.
    failing = StackView("unit", policy(DELETE_ANY_LOAD_BALANCER, as_json=as_json), TODAY)
    passing = StackView("unit", policy(DELETE_OWN_LOAD_BALANCERS, as_json=as_json), TODAY)
    (outcome,) = check_stack(failing, [IAM_01])
    assert "elasticloadbalancing:DeleteLoadBalancer" in outcome.finding.message
    assert check_stack(passing, [IAM_01]) == []


def test_a_json_policy_and_its_data_document_parse_to_the_same_statements() -> None:
    from_json = parse_policy(
        policy(DELETE_ANY_LOAD_BALANCER)["resource"]["aws_iam_policy"]["p"]["policy"], {}
    )
    document = policy(DELETE_ANY_LOAD_BALANCER, as_json=False)
    from_data = parse_policy(
        "${data.aws_iam_policy_document.doc.json}", document["data"]["aws_iam_policy_document"]
    )
    assert from_json == from_data


def test_a_token_that_is_not_a_document_has_no_statements() -> None:
    assert parse_policy("${aws_iam_policy.other.policy}", {}) == []
    assert parse_policy(None, {}) == []


def test_action_patterns_expand_with_their_access_levels() -> None:
    levels = access_levels("s3:Get*")
    assert levels["s3:GetObject"] == "Read"
    assert all(name.startswith("s3:Get") for name in levels)
    assert access_levels("iam:CreateRole") == {"iam:CreateRole": "Write"}
    assert mutating_actions(["s3:GetObject", "s3:DeleteObject"]) == ["s3:DeleteObject"]
    assert access_levels("nosuchservice:Thing") == {}


@pytest.mark.parametrize(
    ("resource", "concrete"),
    [
        ("arn:${data.aws_partition.p.partition}:s3:::b/*", "arn:aws:s3:::b/*"),
        (
            "arn:aws:logs:${data.aws_region.r.name}:${data.aws_caller_identity.c.account_id}:"
            "log-group:x",
            "arn:aws:logs:us-east-1:123456789012:log-group:x",
        ),
        ("${aws_s3_bucket.state.arn}/*", "*"),
        ("arn:aws:s3:::plain", "arn:aws:s3:::plain"),
    ],
)
def test_interpolated_arns_become_concrete_for_parliament(resource: str, concrete: str) -> None:
    assert concrete_resource(resource) == concrete


def test_parliament_findings_name_the_problem() -> None:
    typo = {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}
    rule = next(rule for rule in identity.RULES if rule.id == "IAM-05")
    (outcome,) = check_stack(StackView("unit", policy(typo), TODAY), [rule])
    assert "UNKNOWN_ACTION" in outcome.finding.message
    assert json.loads(outcome.finding.message.split(": ", 1)[1])
