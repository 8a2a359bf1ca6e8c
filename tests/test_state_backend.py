"""The state bucket and lock table module, synthesized on its own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from platform_cdktf.modules.state_backend import StateBackend, StateBackendProps
from tests.support.synth import data_sources, only, resources
from tests.support.units import synth_stack

PROPS = StateBackendProps(
    bucket_name="unit-state", lock_table_name="unit-locks", key_alias="unit-state"
)


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    stack_json, _ = synth_stack(lambda stack: StateBackend(stack, "state", props=PROPS))
    return stack_json


def _ref(stack: dict[str, Any], resource_type: str) -> str:
    return f"${{{resource_type}.{next(iter(resources(stack, resource_type)))}"


def test_bucket_is_protected_from_destroy(synthesized: dict[str, Any]) -> None:
    bucket = only(resources(synthesized, "aws_s3_bucket"))
    assert bucket["bucket"] == "unit-state"
    assert bucket["lifecycle"]["prevent_destroy"] is True
    assert bucket["force_destroy"] is False


def test_bucket_is_versioned(synthesized: dict[str, Any]) -> None:
    versioning = only(resources(synthesized, "aws_s3_bucket_versioning"))
    assert versioning["versioning_configuration"]["status"] == "Enabled"


def test_bucket_uses_sse_kms_with_the_rotating_key(synthesized: dict[str, Any]) -> None:
    encryption = only(resources(synthesized, "aws_s3_bucket_server_side_encryption_configuration"))
    default = encryption["rule"][0]["apply_server_side_encryption_by_default"]
    assert default["sse_algorithm"] == "aws:kms"
    assert default["kms_master_key_id"].startswith(_ref(synthesized, "aws_kms_key"))
    key = only(resources(synthesized, "aws_kms_key"))
    assert key["enable_key_rotation"] is True


def test_bucket_blocks_all_public_access(synthesized: dict[str, Any]) -> None:
    block = only(resources(synthesized, "aws_s3_bucket_public_access_block"))
    flags = (
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    )
    assert all(block[flag] is True for flag in flags)
    ownership = only(resources(synthesized, "aws_s3_bucket_ownership_controls"))
    assert ownership["rule"]["object_ownership"] == "BucketOwnerEnforced"


def test_bucket_policy_denies_requests_without_tls(synthesized: dict[str, Any]) -> None:
    policy = only(resources(synthesized, "aws_s3_bucket_policy"))
    documents = data_sources(synthesized, "aws_iam_policy_document")
    tls_only = next(doc for name, doc in documents.items() if name in policy["policy"])
    deny = next(s for s in tls_only["statement"] if s["sid"] == "DenyInsecureTransport")
    assert deny["effect"] == "Deny"
    assert deny["actions"] == ["s3:*"]
    assert deny["condition"] == [
        {"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}
    ]
    assert policy["depends_on"], "the policy must wait for the public access block"


def test_noncurrent_versions_expire(synthesized: dict[str, Any]) -> None:
    lifecycle = only(resources(synthesized, "aws_s3_bucket_lifecycle_configuration"))
    (rule,) = lifecycle["rule"]
    assert rule["status"] == "Enabled"
    assert rule["noncurrent_version_expiration"] == [{"noncurrent_days": 90}]


def test_lock_table_matches_terraform_locking_contract(synthesized: dict[str, Any]) -> None:
    table = only(resources(synthesized, "aws_dynamodb_table"))
    assert table["name"] == "unit-locks"
    assert table["hash_key"] == "LockID"
    assert table["attribute"] == [{"name": "LockID", "type": "S"}]
    assert table["billing_mode"] == "PAY_PER_REQUEST"
    assert table["point_in_time_recovery"] == {"enabled": True}
    assert table["server_side_encryption"]["enabled"] is True
    assert table["server_side_encryption"]["kms_key_arn"].startswith(
        _ref(synthesized, "aws_kms_key")
    )
    assert table["deletion_protection_enabled"] is True
    assert table["lifecycle"]["prevent_destroy"] is True


def test_key_policy_is_explicit_and_account_scoped(synthesized: dict[str, Any]) -> None:
    key = only(resources(synthesized, "aws_kms_key"))
    documents = data_sources(synthesized, "aws_iam_policy_document")
    key_policy = next(doc for name, doc in documents.items() if name in key["policy"])
    (statement,) = key_policy["statement"]
    (principal,) = statement["principals"]
    assert principal["type"] == "AWS"
    assert principal["identifiers"][0].startswith("arn:${data.aws_partition.")
    assert principal["identifiers"][0].endswith(":root")


def test_access_logging_is_added_when_a_log_bucket_is_given() -> None:
    props = StateBackendProps(
        bucket_name="b-state", lock_table_name="t", key_alias="k", access_log_bucket="org-logs"
    )
    stack_json, _ = synth_stack(lambda stack: StateBackend(stack, "state", props=props))
    logging = only(resources(stack_json, "aws_s3_bucket_logging"))
    assert logging["target_bucket"] == "org-logs"


def test_prevent_destroy_can_be_turned_off_for_throwaway_targets() -> None:
    props = StateBackendProps(
        bucket_name="b-state", lock_table_name="t", key_alias="k", prevent_destroy=False
    )
    stack_json, _ = synth_stack(lambda stack: StateBackend(stack, "state", props=props))
    assert only(resources(stack_json, "aws_s3_bucket"))["lifecycle"]["prevent_destroy"] is False
    assert only(resources(stack_json, "aws_dynamodb_table"))["deletion_protection_enabled"] is False


def test_no_secret_material_in_the_output(synthesized: dict[str, Any]) -> None:
    text = json.dumps(synthesized).lower()
    assert "secret_key" not in text
    assert "access_key" not in text


def test_retention_must_be_positive() -> None:
    with pytest.raises(ValueError, match="noncurrent_version_retention_days = 0"):
        StateBackendProps(
            bucket_name="b", lock_table_name="t", key_alias="k", noncurrent_version_retention_days=0
        )
