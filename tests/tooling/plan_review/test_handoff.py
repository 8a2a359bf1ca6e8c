"""What plan jobs hand on instead of plans: the fingerprint, the masked review JSON, and
the allowance file they review with.

A plan file and its JSON hold every sensitive value in clear text, so they never leave the
job that made them; these files do, and must hold no secret.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from typer.testing import CliRunner, Result

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.cli import app
from tests.tooling.plan_review.builders import AURORA, SECRETS, Plans
from tests.tooling.plan_review.test_properties import CANARY, PROPERTIES, sensitive_entries

needs_terraform = pytest.mark.terraform


def _review(*arguments: str | Path) -> Result:
    return CliRunner().invoke(app, ["plan-review", *(str(argument) for argument in arguments)])


def _fingerprint_of(entries: list[dict[str, Any]], stack: str = "prod-core") -> str:
    document = plan_review.load_plan(
        json.dumps({"format_version": "1.2", "resource_changes": entries}).encode()
    )
    plan = plan_review.parse_stack_plan(document, stack=stack)
    return plan_review.plan_fingerprint({stack: (document, plan)})


# ------------------------------------------------------------ properties


@PROPERTIES
@given(sensitive_entries())
def test_the_fingerprint_depends_on_no_sensitive_value(
    generated: tuple[list[dict[str, Any]], int],
) -> None:
    entries, _ = generated
    # Every secret (value or key inside a sensitive map) replaced by another one, one to
    # one so that equal secrets stay equal: the reviewer saw the same masked plan.
    other = json.loads(re.sub(f"{CANARY}-secret-([0-9]+)", r"Zq7-other-\1", json.dumps(entries)))
    assert other != entries or CANARY not in json.dumps(entries)

    assert _fingerprint_of(other) == _fingerprint_of(entries)


@PROPERTIES
@given(sensitive_entries())
def test_the_review_json_holds_no_marked_value_and_reviews_alike(
    generated: tuple[list[dict[str, Any]], int],
) -> None:
    entries, _ = generated
    data = json.dumps({"format_version": "1.2", "resource_changes": entries}).encode()
    plan = plan_review.parse_stack_plan(plan_review.load_plan(data), stack="prod-core")

    text = plan_review.review_json((plan,))

    assert CANARY not in text
    (again,) = plan_review.read_review_json(text.encode())
    assert again == plan
    assert plan_review.render_markdown(
        plan_review.Review(stacks=(again,))
    ) == plan_review.render_markdown(plan_review.Review(stacks=(plan,)))


def test_a_changed_value_or_action_changes_the_fingerprint() -> None:
    entry: dict[str, Any] = {
        "address": "aws_sns_topic.t",
        "type": "aws_sns_topic",
        "name": "t",
        "change": {"actions": ["update"], "before": {"name": "a"}, "after": {"name": "b"}},
    }
    base = _fingerprint_of([entry])
    renamed = json.loads(json.dumps(entry))
    renamed["change"]["after"]["name"] = "c"
    deleted = json.loads(json.dumps(entry))
    deleted["change"]["actions"] = ["delete"]

    assert base.startswith(f"{plan_review.FINGERPRINT_VERSION} sha256:")
    assert len({base, _fingerprint_of([renamed]), _fingerprint_of([deleted])}) == 3
    assert _fingerprint_of([entry], stack="dev-core") != base


def test_unchanged_resources_do_not_enter_the_fingerprint() -> None:
    # A refreshed computed attribute of an untouched resource is no reviewed change.
    def untouched(arn: str) -> dict[str, Any]:
        return {
            "address": "aws_sns_topic.t",
            "type": "aws_sns_topic",
            "name": "t",
            "change": {"actions": ["no-op"], "before": {"arn": arn}, "after": {"arn": arn}},
        }

    assert _fingerprint_of([untouched("arn:1")]) == _fingerprint_of([untouched("arn:2")])


def test_output_changes_enter_the_fingerprint_masked() -> None:
    def with_output(value: str, *, sensitive: bool) -> str:
        document = {
            "format_version": "1.2",
            "resource_changes": [],
            "output_changes": {
                "endpoint": {
                    "actions": ["update"],
                    "before": "old",
                    "after": value,
                    "before_sensitive": sensitive,
                    "after_sensitive": sensitive,
                }
            },
        }
        loaded = plan_review.load_plan(json.dumps(document).encode())
        plan = plan_review.parse_stack_plan(loaded, stack="s")
        return plan_review.plan_fingerprint({"s": (loaded, plan)})

    assert with_output("a", sensitive=False) != with_output("b", sensitive=False)
    assert with_output("a", sensitive=True) == with_output("b", sensitive=True)


def test_a_review_json_of_another_format_is_refused() -> None:
    with pytest.raises(plan_review.PlanError, match="not a masked review"):
        plan_review.read_review_json(b'{"format_version": "1.2", "resource_changes": []}')
    with pytest.raises(plan_review.PlanError, match="malformed masked review"):
        plan_review.read_review_json(
            json.dumps({"format": plan_review.REVIEW_JSON_FORMAT, "stacks": [{}]}).encode()
        )


# ------------------------------------------------------------ the command line


@needs_terraform
def test_the_fingerprint_and_review_json_hold_no_secret_of_the_plan(
    plans: Plans, tmp_path: Path
) -> None:
    assert all(secret in plans.text("replace") for secret in SECRETS)
    fingerprint, review = tmp_path / "fingerprint", tmp_path / "review.json"

    result = _review(plans.replace, "--fingerprint", fingerprint, "--review-json", review)

    assert result.exit_code == plan_review.EXIT_DESTRUCTIVE, result.output
    written = fingerprint.read_text() + review.read_text()
    assert not [secret for secret in SECRETS if secret in written]
    assert re.fullmatch(
        r"platform-cdktf-plan-fingerprint/1 sha256:[0-9a-f]{64}\n", fingerprint.read_text()
    )


@needs_terraform
def test_the_fingerprint_ignores_secrets_and_sees_everything_else(
    plans: Plans, tmp_path: Path
) -> None:
    text = plans.text("replace")
    rotated = text
    for number, secret in enumerate(SECRETS):
        rotated = rotated.replace(secret, f"rotated-{number}")
    changed = text.replace('"aurora-postgresql"', '"aurora-postgresql-x"')
    assert changed != text
    digests = []
    for name, content in (("a", text), ("b", rotated), ("c", changed)):
        path = tmp_path / name / "replace-core.json"
        path.parent.mkdir()
        path.write_text(content)
        _review(path, "--fingerprint", tmp_path / f"{name}.fingerprint")
        digests.append((tmp_path / f"{name}.fingerprint").read_text())

    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


@needs_terraform
def test_the_comment_from_masked_reviews_equals_the_review_of_the_plans(
    plans: Plans, tmp_path: Path
) -> None:
    allowances = tmp_path / "allow-destroy.txt"
    allowances.write_text(f"# accepted in review\nreplace-core:{AURORA}\n")
    _review(plans.replace, "--review-json", tmp_path / "replace.json")
    _review(plans.additions, "--review-json", tmp_path / "additions.json")

    from_plans = _review(plans.replace, plans.additions, "--allowances", allowances)
    from_reviews = _review(
        "--from-review",
        tmp_path / "replace.json",
        "--from-review",
        tmp_path / "additions.json",
        "--allowances",
        allowances,
    )

    assert from_plans.exit_code == from_reviews.exit_code == plan_review.EXIT_OK
    assert from_reviews.stdout == from_plans.stdout


@needs_terraform
def test_the_committed_allowance_file_allows_and_a_bare_address_fails(
    plans: Plans, tmp_path: Path
) -> None:
    allowances = tmp_path / "allow-destroy.txt"
    allowances.write_text(f"replace-core:{AURORA}  # snapshot taken first\n")
    assert _review(plans.replace, "--allowances", allowances).exit_code == plan_review.EXIT_OK

    allowances.write_text(f"# a bare address would apply in every environment\n{AURORA}\n")
    result = _review(plans.replace, "--allowances", allowances)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert f"{allowances}: line 2: allowance '{AURORA}' is not STACK:ADDRESS" in result.stderr


@needs_terraform
def test_a_stale_allowance_is_reported_and_does_not_fail(plans: Plans, tmp_path: Path) -> None:
    allowances = tmp_path / "allow-destroy.txt"
    allowances.write_text("additions-core:aws_rds_cluster.gone_00000000\n")

    result = _review(plans.additions, "--allowances", allowances)

    assert result.exit_code == plan_review.EXIT_OK, result.output
    assert "Stale allowances" in result.stdout
    assert "stale allowances (they match no gated change): additions-core:" in result.stderr


def test_a_bare_allow_destroy_is_an_error(tmp_path: Path) -> None:
    result = _review("--missing-stack", "dev-core", "--allow-destroy", AURORA)

    assert result.exit_code == plan_review.EXIT_ERROR
    assert result.stderr.startswith(f"error: --allow-destroy: allowance '{AURORA}' is not")


def test_a_fingerprint_needs_the_plans(tmp_path: Path) -> None:
    review = tmp_path / "review.json"
    review.write_text(plan_review.review_json(()))

    result = _review("--from-review", review, "--fingerprint", tmp_path / "f")

    assert result.exit_code == plan_review.EXIT_ERROR
    assert "--fingerprint needs the plans themselves" in result.stderr
    assert not (tmp_path / "f").exists()
