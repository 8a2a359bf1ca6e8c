"""The plan-review data model: actions, construct groups, stack names, allowances."""

from __future__ import annotations

from pathlib import Path

import pytest

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.plan_review import (
    CONSTRUCT_ROOTS,
    STACK_ROOT_GROUP,
    STATEFUL_RESOURCE_TYPES,
    Action,
    Allowance,
    PlanError,
    Replacement,
)
from tests.conftest import REPO_ROOT
from tests.tooling.plan_review.builders import AURORA


@pytest.mark.parametrize(
    ("actions", "expected", "replacement"),
    [
        (["create"], Action.CREATE, None),
        (["update"], Action.UPDATE, None),
        (["delete"], Action.DELETE, None),
        (["delete", "create"], Action.REPLACE, Replacement.DELETE_FIRST),
        (["create", "delete"], Action.REPLACE, Replacement.CREATE_FIRST),  # create_before_destroy
        (["create", "forget"], Action.REPLACE, Replacement.FORGET_OLD),  # lifecycle destroy=false
        (["forget", "create"], Action.REPLACE, Replacement.FORGET_FIRST),
        (["no-op"], Action.NO_OP, None),
        (["read"], Action.READ, None),
        (["forget"], Action.FORGET, None),
    ],
)
def test_every_action_terraform_emits_is_classified(
    actions: list[str], expected: Action, replacement: Replacement | None
) -> None:
    assert plan_review.classify(actions) == (expected, replacement)
    assert plan_review.classify_actions(actions) is expected


@pytest.mark.parametrize(
    "actions",
    [
        ["create", "frobnicate"],
        ["delete", "delete"],
        [],
        ["update", "create"],
        [{"not": "a string"}],
        ["create", None],
    ],
)
def test_an_unknown_action_is_an_error_rather_than_a_pass(actions: list[object]) -> None:
    with pytest.raises(PlanError, match=r"^unsupported change actions \["):
        plan_review.classify(actions)


def test_an_unknown_action_is_quoted_on_one_short_line() -> None:
    with pytest.raises(PlanError) as raised:
        plan_review.classify(["\u202ecreate\n" + "x" * 500])

    message = str(raised.value)
    assert "\n" not in message
    assert "\u202e" not in message
    assert "\\u202e" in message
    assert len(message) < 120


@pytest.mark.parametrize(
    ("replacement", "destroys"),
    [
        (Replacement.DELETE_FIRST, True),
        (Replacement.CREATE_FIRST, True),
        (Replacement.FORGET_OLD, False),
        (Replacement.FORGET_FIRST, False),
    ],
)
def test_only_a_delete_replacement_destroys_the_old_object(
    replacement: Replacement, destroys: bool
) -> None:
    assert replacement.destroys is destroys


@pytest.mark.parametrize(
    ("name", "module_address", "group"),
    [
        ("vpc_subnet_public_us-east-1a_1A2B3C4D", None, "vpc"),
        ("vpc_6776A399", None, "vpc"),
        ("state_backend_bucket_AC6FB86A", None, "state_backend"),
        ("alb_controller_irsa_role_65A40C98", None, "alb_controller"),
        ("cluster_autoscaler_release_3DDA1E23", None, "cluster_autoscaler"),
        ("alarms_aurora_platform_dev_aurora_1_cpu_high_D5BEB664", None, "alarms"),
        ("eks_node_group_general_node_group_D69E8ACD", None, "eks"),
        ("newthing_part_0123ABCD", None, "newthing"),
        ("cluster", None, STACK_ROOT_GROUP),
        ("vpc_subnet_1a2b3c4d", None, STACK_ROOT_GROUP),  # lower-case hex is no cdktf hash
        ("sessions", "module.legacy", "module.legacy"),
        ("vpc_1A2B3C4D", "module.a.module.b", "module.a.module.b"),
        ("service_sample-service_deployment_86644649", None, "service_sample-service"),
        ("namespace_apps_default_deny_C71806BE", None, "namespace_apps"),
        ("cluster_addons_addon_metrics_server_C2A70645", None, "cluster_addons"),
    ],
)
def test_resources_group_by_construct_root(
    name: str, module_address: str | None, group: str
) -> None:
    assert plan_review.construct_group(name, module_address) == group


def _known_group(group: str) -> bool:
    keyed = group.split("_", 1)[0] in plan_review.KEYED_CONSTRUCT_ROOTS and "_" in group
    return keyed or group in {*CONSTRUCT_ROOTS, STACK_ROOT_GROUP}


def test_every_synthesized_resource_groups_under_a_known_construct_root() -> None:
    # Written by tests/stacks/test_addresses.py (syrupy keeps it beside that test).
    snapshot = REPO_ROOT / "tests" / "stacks" / "__snapshots__" / "test_addresses.ambr"
    addresses = [
        line.strip().strip("',") for line in snapshot.read_text().splitlines() if "    '" in line
    ]
    assert addresses, "the address snapshot is empty"
    unknown = {
        address
        for address in addresses
        if not _known_group(plan_review.construct_group(address.split(".")[-1]))
    }
    assert not unknown, "add their top-level construct ids to CONSTRUCT_ROOTS"


@pytest.mark.parametrize(
    ("path", "stack"),
    [
        ("cdktf.out/stacks/prod-core/plan.json", "prod-core"),
        ("cdktf.out/stacks/dev-platform/tfplan.json", "dev-platform"),
        ("plans/prod-core.json", "prod-core"),
        ("plans/prod-core.plan.json", "prod-core"),
        ("plans/bootstrap.tfplan.json", "bootstrap"),
        ("/plan.json", "plan"),
    ],
)
def test_the_stack_name_comes_from_the_file_or_its_directory(path: str, stack: str) -> None:
    assert plan_review.stack_name_for(Path(path)) == stack


@pytest.mark.parametrize(
    ("text", "allowance"),
    [
        (f"prod-core:{AURORA}", Allowance(stack="prod-core", address=AURORA)),
        ('dev-core:aws_s3_bucket.b["a:b"]', Allowance("dev-core", 'aws_s3_bucket.b["a:b"]')),
        ("bootstrap:module.x.aws_kms_key.k", Allowance("bootstrap", "module.x.aws_kms_key.k")),
    ],
)
def test_allowances_parse_stack_and_address(text: str, allowance: Allowance) -> None:
    assert Allowance.parse(text) == allowance
    assert str(allowance) == text


@pytest.mark.parametrize(
    "text",
    [
        AURORA,  # bare: it would apply in every environment
        'aws_s3_bucket.b["a:b"]',  # the colon is inside the index key
        "prod-core:",
        ":aws_s3_bucket.b",
        "prod-core:aws_s3_bucket",  # no dot: not a resource address
        "prod core:aws_s3_bucket.b",
        "prod-core:aws_s3_bucket.b extra",
    ],
)
def test_anything_but_stack_and_address_is_refused(text: str) -> None:
    with pytest.raises(plan_review.PlanError, match="is not STACK:ADDRESS"):
        Allowance.parse(text)


def test_an_allowance_file_takes_one_per_line_with_comments() -> None:
    text = (
        "# Aurora major upgrade, PR 41: replacement accepted after a snapshot\n"
        "\n"
        f"prod-core:{AURORA}  # snapshot taken\n"
        '   dev-core:aws_s3_bucket.b["#not-a-comment"]\n'
    )
    assert Allowance.parse_file(text) == (
        Allowance("prod-core", AURORA),
        Allowance("dev-core", 'aws_s3_bucket.b["#not-a-comment"]'),
    )


def test_an_allowance_file_names_the_line_of_a_bare_address() -> None:
    with pytest.raises(plan_review.PlanError, match=r"^line 2: allowance 'aws_kms_key.k'"):
        Allowance.parse_file("# ok\naws_kms_key.k\n")


def test_stateful_types_are_kept_in_one_documented_table() -> None:
    # The ones the platform creates, and the ones tracker issue 12 found ungated.
    assert {
        "aws_s3_bucket",
        "aws_dynamodb_table",
        "aws_kms_key",
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_elasticache_replication_group",
        "aws_eks_cluster",
        "aws_eks_node_group",
        "aws_db_instance",
        "aws_backup_vault",
        "aws_cloudwatch_log_group",
        "aws_secretsmanager_secret",
        "aws_efs_file_system",
        "aws_ebs_volume",
        "aws_iam_openid_connect_provider",
        "aws_rds_global_cluster",
        "helm_release",
    } <= set(STATEFUL_RESOURCE_TYPES)
    assert all(reason for reason in STATEFUL_RESOURCE_TYPES.values())
