"""What the review gates: the tables of ``gates`` and the changes they gate.

The names in the tables are checked against the pinned provider bindings (their module
headers name the Terraform resource type), without importing them: cheap and offline.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.tooling import plan_review
from platform_cdktf.tooling.plan_review import (
    PROTECTIVE_ATTRIBUTES,
    STATEFUL_RESOURCE_TYPES,
    Allowance,
    ProtectiveAttribute,
    Review,
    Weakening,
)

_BINDINGS = {
    "aws_": "cdktf_cdktf_provider_aws",
    "helm_": "cdktf_cdktf_provider_helm",
    "kubernetes_": "cdktf_cdktf_provider_kubernetes",
}


@functools.cache
def _binding_modules(package_name: str) -> dict[str, Path]:
    """Resource type -> generated module of a pinned cdktf provider package, by its header.

    The module is usually named after the type without its provider prefix, but not
    always (``aws_s3tables_table_bucket`` is ``s3_tables_table_bucket``): read the header.
    """
    spec = importlib.util.find_spec(package_name)
    assert spec is not None, f"{package_name} is not installed"
    assert spec.submodule_search_locations is not None
    modules: dict[str, Path] = {}
    for module in Path(next(iter(spec.submodule_search_locations))).glob("*/__init__.py"):
        with module.open(encoding="utf-8") as source:
            header = source.read(200)
        if match := re.search(r"^# `([a-z0-9_]+)`$", header, re.MULTILINE):
            modules[match[1]] = module
    return modules


def _binding_source(resource_type: str) -> str:
    """The generated module of a resource type in its pinned cdktf provider package."""
    prefix = next(prefix for prefix in _BINDINGS if resource_type.startswith(prefix))
    module = _binding_modules(_BINDINGS[prefix]).get(resource_type)
    assert module is not None, f"{resource_type} is not a resource of {_BINDINGS[prefix]}"
    return module.read_text(encoding="utf-8")


@pytest.mark.parametrize("resource_type", sorted(STATEFUL_RESOURCE_TYPES))
def test_every_gated_type_exists_in_the_pinned_providers(resource_type: str) -> None:
    assert _binding_source(resource_type)
    assert STATEFUL_RESOURCE_TYPES[resource_type]


@pytest.mark.parametrize(
    "attribute", PROTECTIVE_ATTRIBUTES, ids=lambda a: f"{a.resource_type}.{a.dotted_path}"
)
def test_every_protective_attribute_exists_in_the_pinned_provider(
    attribute: ProtectiveAttribute,
) -> None:
    source = _binding_source(attribute.resource_type)

    for key in attribute.path:
        if isinstance(key, str):
            assert re.search(rf"def {key}\(\s*self\b", source), (
                f"{attribute.resource_type} has no {key}"
            )
    assert attribute.reason


def test_every_data_bearing_type_named_by_issue_12_has_its_protections() -> None:
    protected = {(a.resource_type, a.dotted_path) for a in PROTECTIVE_ATTRIBUTES}

    assert {
        ("aws_kms_key", "is_enabled"),
        ("aws_s3_bucket_versioning", "versioning_configuration[0].status"),
        ("aws_db_instance", "deletion_protection"),
        ("aws_rds_cluster", "deletion_protection"),
        ("aws_dynamodb_table", "deletion_protection_enabled"),
        ("aws_cloudwatch_log_group", "retention_in_days"),
        ("aws_rds_cluster", "backup_retention_period"),
        ("aws_dynamodb_table", "point_in_time_recovery[0].enabled"),
        ("aws_rds_cluster", "skip_final_snapshot"),
        ("aws_db_instance", "skip_final_snapshot"),
    } <= protected


# ------------------------------------------------------------------ weakening


def _value_at(path: tuple[str | int, ...], leaf: object) -> Any:
    value: Any = leaf
    for part in reversed(path):
        value = [value] if isinstance(part, int) else {part: value}
    return value


def _weakening_values(attribute: ProtectiveAttribute) -> tuple[object, object]:
    """A (before, after) pair that weakens the attribute."""
    if attribute.weakening is Weakening.TURNED_OFF:
        return True, False
    if attribute.weakening is Weakening.TURNED_ON:
        return False, True
    if attribute.weakening is Weakening.LEFT:
        return attribute.protective_value, "Suspended"
    return 30, 7


def _update(
    resource_type: str, before: object, after: object, **change: Any
) -> plan_review.ResourceChange:
    document = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": f"{resource_type}.r",
                "type": resource_type,
                "name": "r",
                "mode": "managed",
                "change": {"actions": ["update"], "before": before, "after": after, **change},
            }
        ],
    }
    return plan_review.parse_stack_plan(document, stack="s").changes[0]


@pytest.mark.parametrize(
    "attribute", PROTECTIVE_ATTRIBUTES, ids=lambda a: f"{a.resource_type}.{a.dotted_path}"
)
def test_weakening_a_protective_attribute_is_gated_and_strengthening_it_is_not(
    attribute: ProtectiveAttribute,
) -> None:
    weak_before, weak_after = _weakening_values(attribute)
    before, after = (_value_at(attribute.path, value) for value in (weak_before, weak_after))

    weakened = _update(attribute.resource_type, before, after)
    strengthened = _update(attribute.resource_type, after, before)

    assert weakened.gated
    assert [d.attribute for d in weakened.disarms] == [attribute]
    assert attribute.reason in weakened.stakes[0]
    assert not strengthened.gated


@pytest.mark.parametrize(
    ("before", "after", "gated"),
    [
        (30, 7, True),
        (0, 365, True),  # 0 is "never expire"
        (None, 365, True),  # unset is "never expire" too
        (365, 0, False),
        (7, 30, False),
        (30, 30, False),
    ],
)
def test_log_retention_zero_means_forever(before: object, after: object, gated: bool) -> None:
    change = _update(
        "aws_cloudwatch_log_group", {"retention_in_days": before}, {"retention_in_days": after}
    )

    assert change.gated is gated


def test_a_protection_unknown_after_apply_is_gated_if_it_protects_now() -> None:
    protected = _update(
        "aws_rds_cluster",
        {"deletion_protection": True},
        {},
        after_unknown={"deletion_protection": True},
    )
    unprotected = _update(
        "aws_rds_cluster",
        {"deletion_protection": False},
        {},
        after_unknown={"deletion_protection": True},
    )

    assert protected.gated
    assert protected.disarms[0].after == "(known after apply)"
    assert not unprotected.gated


def test_a_sensitive_protection_that_changes_is_gated_without_showing_it() -> None:
    change = _update(
        "aws_kms_key",
        {"is_enabled": True},
        {"is_enabled": False},
        before_sensitive={"is_enabled": True},
        after_sensitive={"is_enabled": True},
    )
    unchanged = _update(
        "aws_kms_key",
        {"is_enabled": True},
        {"is_enabled": True},
        after_sensitive={"is_enabled": True},
    )

    assert change.gated
    assert (change.disarms[0].before, change.disarms[0].after) == ("(sensitive)", "(sensitive)")
    assert not unchanged.gated


def test_versioning_suspended_on_a_bucket_versioning_resource_is_gated() -> None:
    change = _update(
        "aws_s3_bucket_versioning",
        {"versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]},
        {"versioning_configuration": [{"status": "Suspended", "mfa_delete": ""}]},
    )

    assert change.gated
    assert change.stakes == (
        '`versioning_configuration[0].status` changed from (`"Enabled"` → `"Suspended"`): '
        "overwritten and deleted objects are no longer kept as versions",
    )


# ------------------------------------------------------------------ actions


def _entry(actions: list[str], resource_type: str, mode: str = "managed") -> dict[str, Any]:
    return {
        "address": f"{resource_type}.r",
        "type": resource_type,
        "name": "r",
        "mode": mode,
        "change": {"actions": actions, "before": {}, "after": {}},
    }


@pytest.mark.parametrize(
    ("actions", "gated"),
    [
        (["delete"], True),
        (["delete", "create"], True),
        (["create", "delete"], True),
        (["create", "forget"], True),  # a new, empty database replaces the old one
        (["forget", "create"], True),
        (["forget"], False),  # left in place, only no longer managed
        (["update"], False),
        (["create"], False),
        (["no-op"], False),
        (["read"], False),
    ],
)
@pytest.mark.parametrize("resource_type", ["aws_db_instance", "helm_release", "aws_kms_key"])
def test_which_actions_on_a_data_bearing_type_are_gated(
    actions: list[str], gated: bool, resource_type: str
) -> None:
    plan = plan_review.parse_stack_plan(
        {"format_version": "1.2", "resource_changes": [_entry(actions, resource_type)]},
        stack="s",
    )
    review = Review(stacks=(plan,))

    assert plan.changes[0].gated is gated
    assert review.exit_code == (plan_review.EXIT_DESTRUCTIVE if gated else plan_review.EXIT_OK)


@pytest.mark.parametrize("actions", [["delete"], ["delete", "create"], ["create", "forget"]])
def test_other_types_and_data_sources_are_never_gated(actions: list[str]) -> None:
    entries = [_entry(actions, "aws_sns_topic"), _entry(actions, "aws_db_instance", mode="data")]
    plan = plan_review.parse_stack_plan(
        {"format_version": "1.2", "resource_changes": entries}, stack="s"
    )

    assert not any(change.gated for change in plan.changes)


def test_an_allowed_disarming_update_passes_and_is_still_reported() -> None:
    change = _update("aws_rds_cluster", {"deletion_protection": True}, {})
    plan = plan_review.StackPlan(stack="prod-core", changes=(change,))

    blocked = Review(stacks=(plan,))
    allowed = Review(stacks=(plan,), allowances=(Allowance.parse("prod-core:aws_rds_cluster.r"),))

    assert blocked.exit_code == plan_review.EXIT_DESTRUCTIVE
    assert allowed.exit_code == plan_review.EXIT_OK
    assert [item.allowed for item in allowed.findings] == [True]
