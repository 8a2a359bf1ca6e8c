"""The Markdown of a review, from hand-built plans: no terraform needed.

``test_cli`` checks the same Markdown piecemeal on real plans; here the whole comment is
pinned, so any change to its layout is a deliberate one.
"""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.tooling.plan_review import (
    PROTECTIVE_ATTRIBUTES,
    Action,
    Allowance,
    AttributeChange,
    Disarm,
    Replacement,
    ResourceChange,
    Review,
    StackPlan,
    construct_group,
    render_markdown,
)
from platform_cdktf.tooling.plan_review.text import code_span, escape_invisible, words


def _change(
    address: str,
    action: Action,
    *,
    module: str | None = None,
    mode: str = "managed",
    **details: Any,
) -> ResourceChange:
    """A change of ``address`` (``[module.].type.name``), grouped as the parser groups it."""
    resource_type, name = address.removeprefix(f"{module}.").split(".")[-2:]
    return ResourceChange(
        address=address,
        resource_type=resource_type,
        name=name,
        module_address=module,
        mode=mode,
        action=action,
        group=construct_group(name, module),
        **details,
    )


(KEY_ENABLED,) = (
    attribute
    for attribute in PROTECTIVE_ATTRIBUTES
    if attribute.resource_type == "aws_kms_key" and attribute.path == ("is_enabled",)
)

# Every kind of line: blocking, allowed and unused allowances, every counted and uncounted
# action, reasons, moves, deposed objects, attribute tables and hidden computed attributes.
PROD = StackPlan(
    stack="prod-core",
    changes=(
        _change("aws_sns_topic.alarms_topic_DEADBEEF", Action.CREATE),
        _change(
            "aws_rds_cluster.aurora_cluster_059EF40F",
            Action.REPLACE,
            replacement=Replacement.DELETE_FIRST,
            reason="replace_because_cannot_update",
            attributes=(
                AttributeChange(
                    "engine", '`"aurora-mysql"`', '`"aurora-postgresql"`', forces_replacement=True
                ),
                AttributeChange("master_password", "(sensitive)", "(sensitive)"),
            ),
            computed_after_replace=3,
        ),
        _change(
            "module.legacy.aws_dynamodb_table.sessions",
            Action.DELETE,
            module="module.legacy",
            reason="delete_because_no_module",
        ),
        _change(
            "aws_s3_bucket.alarms_archive_1B2C3D4E",
            Action.UPDATE,
            previous_address="aws_s3_bucket.archive",
            attributes=(AttributeChange("tags.team", '`"old"`', '`"new"`'),),
        ),
        _change("aws_sns_topic.alarms_legacy_topic_0F0F0F0F", Action.DELETE, deposed="00a1b2c3"),
        _change("aws_kms_key.redis_key_5A5A5A5A", Action.FORGET),
        _change("aws_vpc.vpc_6776A399", Action.NO_OP),
        _change("data.aws_region.current", Action.READ, mode="data"),
        _change("aws_eks_cluster.eks_cluster_1A2B3C4D", Action.REPLACE, computed_after_replace=1),
        _change(
            "aws_kms_key.aurora_key_0A0B0C0D",
            Action.UPDATE,
            attributes=(AttributeChange("is_enabled", "`true`", "`false`"),),
            disarms=(Disarm(KEY_ENABLED, "`true`", "`false`"),),
        ),
        _change(
            "aws_db_instance.aurora_legacy_1234ABCD",
            Action.REPLACE,
            replacement=Replacement.FORGET_OLD,
        ),
    ),
)

EXPECTED = [
    "## Terraform plan review",
    "",
    "> [!CAUTION]",
    "> **4 data-bearing changes would destroy, replace or unprotect data.** Data "
    "is lost unless it is restored from a backup. The review fails (exit 2) until "
    "each one below is allowed: a `STACK:ADDRESS` line in the committed allowance "
    "file (`deploy/allow-destroy.txt`).",
    ">",
    "> | stack | action | resource | what is at stake |",
    "> |---|---|---|---|",
    "> | `prod-core` | **replace (forget old)** | "
    "`aws_db_instance.aurora_legacy_1234ABCD` | the platform moves to a new, empty "
    "object; the old one and its data are left in place, no longer managed by "
    "Terraform |",
    "> | `prod-core` | **replace** | `aws_eks_cluster.eks_cluster_1A2B3C4D` | "
    "every workload and in-cluster object is lost |",
    "> | `prod-core` | **replace** | `aws_rds_cluster.aurora_cluster_059EF40F` | "
    "the Aurora cluster volume and its automated backups are lost |",
    "> | `prod-core` | **update (unprotects)** | `aws_kms_key.aurora_key_0A0B0C0D` "
    "| `is_enabled` turned off (`true` → `false`): a disabled key cannot decrypt: "
    "data encrypted with it is unreadable until re-enabled |",
    "",
    "> [!WARNING]",
    "> **1 data-bearing change will destroy, replace or unprotect data, explicitly "
    "allowed** by the allowance file.",
    ">",
    "> | stack | action | resource | what is at stake |",
    "> |---|---|---|---|",
    "> | `prod-core` | **delete** | `module.legacy.aws_dynamodb_table.sessions` | "
    "allowed: the items are lost; a state lock table stops every deploy |",
    "",
    "> [!NOTE]",
    "> Stale allowances (they match no gated change; remove them once the change is "
    "applied everywhere): `prod-core:aws_kms_key.typo`",
    "",
    "| stack | create | update | replace | delete | not counted |",
    "|---|---:|---:|---:|---:|---|",
    "| `prod-core` | 1 | 2 | 3 | 2 | 1 unchanged, 1 read, 1 forgotten |",
    "| `dev-core` | 0 | 0 | 0 | 0 | 0 unchanged, 0 read |",
    "",
    "```mermaid",
    "flowchart LR",
    "  classDef finding fill:#ffd7d5,stroke:#cf222e,color:#1f2328",
    '  subgraph s0["prod-core"]',
    '    s0m0["aurora<br/>-/+2 ~1<br/>3 gated"]:::finding',
    '    s0m1["eks<br/>-/+1<br/>1 gated"]:::finding',
    '    s0m2["module.legacy<br/>-1<br/>1 gated"]:::finding',
    '    s0m3["alarms<br/>-1 ~1 +1"]',
    '    s0m4["redis<br/>forget:1"]',
    "  end",
    "```",
    "",
    "### Stack `prod-core`",
    "",
    "#### `alarms` (1 delete, 1 update, 1 create)",
    "",
    "- **delete** `aws_sns_topic.alarms_legacy_topic_0F0F0F0F` (deposed object `00a1b2c3`)",
    "- update `aws_s3_bucket.alarms_archive_1B2C3D4E` (moved from `aws_s3_bucket.archive`)",
    "",
    "  | attribute | before | after |",
    "  |---|---|---|",
    '  | `tags.team` | `"old"` | `"new"` |',
    "",
    "- create `aws_sns_topic.alarms_topic_DEADBEEF`",
    "",
    "#### `aurora` (2 replace, 1 update)",
    "",
    "- **replace** `aws_db_instance.aurora_legacy_1234ABCD` (**gated: moves to a "
    "new, empty object**; create, then forget the old object, left in place "
    "unmanaged)",
    "- **replace** `aws_rds_cluster.aurora_cluster_059EF40F` (**gated: data "
    "loss**; delete, then create; replace because cannot update)",
    "",
    "  | attribute | before | after |",
    "  |---|---|---|",
    '  | `engine` (forces replacement) | `"aurora-mysql"` | `"aurora-postgresql"` |',
    "  | `master_password` | (sensitive) | (sensitive) |",
    "",
    "  - and 3 computed attributes known after apply",
    "- **update** `aws_kms_key.aurora_key_0A0B0C0D` (**gated: unprotects data**)",
    "",
    "  | attribute | before | after |",
    "  |---|---|---|",
    "  | `is_enabled` | `true` | `false` |",
    "",
    "#### `eks` (1 replace)",
    "",
    "- **replace** `aws_eks_cluster.eks_cluster_1A2B3C4D` (**gated: data loss**)",
    "  - and 1 computed attribute known after apply",
    "",
    "#### `module.legacy` (1 delete)",
    "",
    "- **delete** `module.legacy.aws_dynamodb_table.sessions` (gated, allowed: "
    "data loss; delete because no module)",
    "",
    "#### `redis` (1 forget)",
    "",
    "- forget `aws_kms_key.redis_key_5A5A5A5A`",
    "",
    "### Stack `dev-core`",
    "",
    "No changes.",
]

QUIET = StackPlan(
    stack="dev-core",
    changes=(_change("aws_sns_topic.alarms_topic_DEADBEEF", Action.CREATE),),
)

EXPECTED_QUIET = [
    "## Terraform plan review",
    "",
    "No data-bearing resource is destroyed, replaced or unprotected.",
    "",
    "| stack | create | update | replace | delete | not counted |",
    "|---|---:|---:|---:|---:|---|",
    "| `dev-core` | 1 | 0 | 0 | 0 | 0 unchanged, 0 read |",
    "",
    "```mermaid",
    "flowchart LR",
    "  classDef finding fill:#ffd7d5,stroke:#cf222e,color:#1f2328",
    '  subgraph s0["dev-core"]',
    '    s0m0["alarms<br/>+1"]',
    "  end",
    "```",
    "",
    "### Stack `dev-core`",
    "",
    "#### `alarms` (1 create)",
    "",
    "- create `aws_sns_topic.alarms_topic_DEADBEEF`",
]


def test_the_whole_review_renders_destructive_changes_first() -> None:
    review = Review(
        stacks=(PROD, StackPlan(stack="dev-core", changes=())),
        allowances=(
            Allowance.parse("prod-core:module.legacy.aws_dynamodb_table.sessions"),
            Allowance.parse("prod-core:aws_kms_key.typo"),
            # Another stack's allowance is not judged by this review: never stale here.
            Allowance.parse("staging-core:aws_kms_key.elsewhere"),
        ),
    )

    assert render_markdown(review).split("\n") == [*EXPECTED, ""]


def test_a_review_without_destructive_changes_says_so() -> None:
    review = Review(stacks=(QUIET,))

    assert render_markdown(review) == "\n".join(EXPECTED_QUIET) + "\n"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("plain", "`plain`"),
        ("a|b", r"`a\|b`"),  # a bare pipe would end the table cell
        ("`x`", "`` `x` ``"),
        ("a``b", "```a``b```"),
    ],
)
def test_code_spans_survive_backticks_and_table_cells(text: str, span: str) -> None:
    assert code_span(text) == span


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\nb", r"a\u000ab"),
        ("tab\there", r"tab\u0009here"),
        ("rtl\u202eexe.txt", r"rtl\u202eexe.txt"),
        ("isolate\u2066x\u2069", r"isolate\u2066x\u2069"),
        ("nel\u0085", r"nel\u0085"),
        ("zero\u200bwidth", r"zero\u200bwidth"),
        ("ok ünïcode ✓", "ok ünïcode ✓"),
    ],
)
def test_invisible_characters_are_escaped_visibly(text: str, escaped: str) -> None:
    assert escape_invisible(text) == escaped
    assert code_span(text) == f"`{escaped}`"


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("replace_because_cannot_update", "replace because cannot update"),
        ("**bold** <b>", r"`**bold** <b>`"),
        ("new_reason\u202e", r"`new_reason\u202e`"),
    ],
)
def test_action_reasons_print_as_words_only_when_they_are_identifiers(
    reason: str, shown: str
) -> None:
    assert words(reason) == shown


def test_an_address_with_control_characters_cannot_break_the_listing() -> None:
    change = _change("aws_s3_bucket.x", Action.CREATE)
    odd = ResourceChange(
        **{**change.__dict__, "address": "aws_s3_bucket.x\n## injected\u202e", "reason": "a\nb"}
    )

    markdown = render_markdown(Review(stacks=(StackPlan(stack="s", changes=(odd,)),)))

    assert "\n## injected" not in markdown
    assert "\u202e" not in markdown
    assert r"aws_s3_bucket.x\u000a## injected\u202e" in markdown
