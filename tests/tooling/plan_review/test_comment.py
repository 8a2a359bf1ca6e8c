"""The comment budget: under GitHub's limit, findings first and whole, a clear notice."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.plan_review import (
    COMMENT_LIMIT,
    DEFAULT_COMMENT_BUDGET,
    Allowance,
    Review,
    StackPlan,
    render_comment,
    render_markdown,
)
from tests.tooling.plan_review.large_plan import SECRET, gated_addresses, large_plan

LARGE = 20_000


@functools.cache
def _large_review() -> Review:
    plan = plan_review.parse_stack_plan(large_plan(LARGE), stack="prod-core")
    return Review(stacks=(plan, StackPlan(stack="dev-core", changes=())))


def _findings_part(comment: str) -> str:
    """The comment up to the counts table: where the findings are."""
    return comment.partition("| stack | create |")[0]


def test_a_20000_change_plan_fits_one_comment_that_names_every_finding() -> None:
    review = _large_review()

    comment = render_comment(review)

    assert len(comment) <= DEFAULT_COMMENT_BUDGET < COMMENT_LIMIT
    addresses = gated_addresses(LARGE)
    assert len(addresses) == len(review.findings) == 40
    findings = _findings_part(comment)
    assert [address for address in addresses if f"`{address}`" not in findings] == []
    assert SECRET not in comment


def test_a_truncated_comment_says_so_after_the_counts_and_at_the_cut() -> None:
    comment = render_comment(_large_review(), full_review_at="the `plan-prod-core` artifact")

    _, _, rest = comment.partition("| `dev-core` | 0 | 0 | 0 | 0 |")
    notice = re.search(
        r"> \*\*Truncated\*\* to fit GitHub's 65,536-character comment limit: "
        r"([0-9,]+) of 20,000 changes are listed below; the gated changes above are "
        r"complete\. The full review: the `plan-prod-core` artifact\.",
        rest,
    )
    assert notice is not None, rest[:600]
    shown = int(notice[1].replace(",", ""))
    assert 0 < shown < LARGE
    assert rest.count("\n- ") == shown
    assert comment.endswith(
        f"_… and {LARGE - shown:,} more changes not listed here (see the note above)._\n"
    )
    assert "```mermaid" in rest


def test_the_whole_review_is_kept_when_it_fits() -> None:
    review = Review(stacks=(StackPlan(stack="dev-core", changes=()),))

    assert render_comment(review) == render_markdown(review)
    assert "Truncated" not in render_comment(review)


@pytest.mark.parametrize("budget", [2_000, 3_000, 8_000, 30_000, 65_000, 250_000])
def test_the_comment_never_exceeds_its_budget(budget: int) -> None:
    comment = render_comment(_large_review(), budget=budget)

    assert len(comment) <= budget
    assert comment.startswith("## Terraform plan review\n")
    assert "[!CAUTION]" in comment


def test_findings_too_many_for_a_table_are_listed_by_address() -> None:
    review = _large_review()
    table = _findings_part(render_markdown(review))
    budget = len(table) - 100  # the table alone no longer fits

    comment = render_comment(review, budget=budget)

    assert len(comment) <= budget
    assert "the gated changes above are listed by address only" in comment
    assert all(f"`{address}`" in comment for address in gated_addresses(LARGE))


def _many_findings(count: int) -> Review:
    entries: list[dict[str, Any]] = [
        {
            "address": f"aws_s3_bucket.bucket_with_a_long_descriptive_name_{index:05d}",
            "type": "aws_s3_bucket",
            "name": f"bucket_with_a_long_descriptive_name_{index:05d}",
            "change": {"actions": ["delete"], "before": {}, "after": None},
        }
        for index in range(count)
    ]
    plan = plan_review.parse_stack_plan(
        {"format_version": "1.2", "resource_changes": entries}, stack="prod-core"
    )
    return Review(stacks=(plan,), allowances=(Allowance.parse("prod-core:aws_s3_bucket.typo"),))


def test_when_even_the_addresses_do_not_fit_it_lists_what_fits_and_counts_the_rest() -> None:
    review = _many_findings(3_000)

    comment = render_comment(review, full_review_at="the job summary")

    assert len(comment) <= DEFAULT_COMMENT_BUDGET
    listed = re.findall(r"^> - `prod-core` \*\*delete\*\* `", comment, re.MULTILINE)
    more = re.search(r"^> - … ([0-9,]+) more$", comment, re.MULTILINE)
    assert more is not None
    assert len(listed) + int(more[1].replace(",", "")) == 3_000
    assert "**3000 gated changes**, 3,000 of them not allowed" in comment
    assert "The full review: the job summary." in comment


def test_a_missing_stack_is_named_first_and_fails_the_review() -> None:
    review = Review(stacks=(StackPlan(stack="dev-core", changes=()),), missing=("prod-core",))

    comment = render_comment(review)

    assert review.exit_code == plan_review.EXIT_ERROR
    assert comment.index("**No plan for `prod-core`**") < comment.index("| stack | create |")
    assert "| `prod-core` | - | - | - | - | no plan |" in comment
