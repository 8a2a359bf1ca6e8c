"""The state bucket and lock table module, synthesized on its own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformOutput, TerraformStack

from platform_cdktf.modules.state_backend import (
    StateBackend,
    StateBackendProps,
    StateBackendSettings,
)
from tests.support.synth import (
    by_path,
    construct_path,
    data_sources,
    name_by_path,
    only,
    resources,
)
from tests.support.units import synth_stack

SETTINGS = StateBackendSettings(bucket="unit-state", lock_table="unit-locks", region="us-east-1")
PROPS = StateBackendProps(settings=SETTINGS, key_alias="unit-state")


def _with_outputs(stack: TerraformStack) -> None:
    backend = StateBackend(stack, "state", props=PROPS)
    TerraformOutput(stack, "bucket_name", value=backend.bucket_name)
    TerraformOutput(stack, "bucket_arn", value=backend.bucket_arn)
    TerraformOutput(stack, "lock_table_name", value=backend.lock_table_name)
    TerraformOutput(stack, "lock_table_arn", value=backend.lock_table_arn)
    TerraformOutput(stack, "kms_key_arn", value=backend.kms_key_arn)


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    stack_json, _ = synth_stack(_with_outputs)
    return stack_json


def _variants(stack: TerraformStack) -> None:
    """A logged backend and a throw-away one (local emulator), side by side."""
    StateBackend(
        stack,
        "logged",
        props=StateBackendProps(
            settings=StateBackendSettings(
                bucket="logged-state",
                lock_table="logged-locks",
                region="us-east-1",
                noncurrent_version_retention_days=30,
            ),
            key_alias="logged-state",
            access_log_bucket="org-logs",
        ),
    )
    StateBackend(
        stack,
        "throwaway",
        props=StateBackendProps(
            settings=StateBackendSettings(
                bucket="throwaway-state", lock_table="throwaway-locks", region="us-east-1"
            ),
            key_alias="throwaway-state",
            prevent_destroy=False,
            force_destroy=True,
            tls_only_policy=False,
        ),
    )


@pytest.fixture(scope="module")
def variants() -> dict[str, Any]:
    stack_json, _ = synth_stack(_variants)
    return stack_json


def _ref(stack: dict[str, Any], resource_type: str, attribute: str) -> str:
    return f"${{{resource_type}.{next(iter(resources(stack, resource_type)))}.{attribute}}}"


def test_bucket_is_protected_from_destroy(synthesized: dict[str, Any]) -> None:
    bucket = only(resources(synthesized, "aws_s3_bucket"))
    assert bucket["bucket"] == "unit-state"
    assert bucket["lifecycle"]["prevent_destroy"] is True
    assert bucket["force_destroy"] is False


def test_bucket_is_versioned(synthesized: dict[str, Any]) -> None:
    versioning = only(resources(synthesized, "aws_s3_bucket_versioning"))
    assert versioning["bucket"] == _ref(synthesized, "aws_s3_bucket", "id")
    assert versioning["versioning_configuration"]["status"] == "Enabled"


def test_bucket_uses_sse_kms_with_the_rotating_key(synthesized: dict[str, Any]) -> None:
    encryption = only(resources(synthesized, "aws_s3_bucket_server_side_encryption_configuration"))
    (rule,) = encryption["rule"]
    default = rule["apply_server_side_encryption_by_default"]
    assert default["sse_algorithm"] == "aws:kms"
    assert default["kms_master_key_id"] == _ref(synthesized, "aws_kms_key", "arn")
    assert rule["bucket_key_enabled"] is True
    key = only(resources(synthesized, "aws_kms_key"))
    assert key["enable_key_rotation"] is True
    assert key["description"] == "Terraform state in s3://unit-state and its lock table"
    alias = only(resources(synthesized, "aws_kms_alias"))
    assert alias["name"] == "alias/unit-state"
    assert alias["target_key_id"] == _ref(synthesized, "aws_kms_key", "key_id")


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


def _tls_only(stack: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    policy = only(resources(stack, "aws_s3_bucket_policy"))
    documents = data_sources(stack, "aws_iam_policy_document")
    (document,) = [doc for name, doc in documents.items() if f".{name}." in policy["policy"]]
    return policy, document


def test_bucket_policy_denies_requests_without_tls(synthesized: dict[str, Any]) -> None:
    policy, tls_only = _tls_only(synthesized)
    deny = next(s for s in tls_only["statement"] if s["sid"] == "DenyInsecureTransport")
    assert deny["effect"] == "Deny"
    assert deny["actions"] == ["s3:*"]
    assert deny["principals"] == [{"type": "*", "identifiers": ["*"]}]
    bucket_arn = _ref(synthesized, "aws_s3_bucket", "arn")
    assert deny["resources"] == [bucket_arn, f"{bucket_arn}/*"]
    assert deny["condition"] == [
        {"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}
    ]
    public_access = next(iter(resources(synthesized, "aws_s3_bucket_public_access_block")))
    # The policy must wait for the public access block.
    assert policy["depends_on"] == [f"aws_s3_bucket_public_access_block.{public_access}"]


def test_bucket_policy_denies_tls_older_than_1_2(synthesized: dict[str, Any]) -> None:
    _, tls_only = _tls_only(synthesized)
    deny = next(s for s in tls_only["statement"] if s["sid"] == "DenyOutdatedTls")
    assert deny["effect"] == "Deny"
    assert deny["actions"] == ["s3:*"]
    assert deny["condition"] == [
        {"test": "NumericLessThan", "variable": "s3:TlsVersion", "values": ["1.2"]}
    ]
    assert [s["effect"] for s in tls_only["statement"]] == ["Deny", "Deny"]


def test_noncurrent_versions_expire(synthesized: dict[str, Any]) -> None:
    lifecycle = only(resources(synthesized, "aws_s3_bucket_lifecycle_configuration"))
    (rule,) = lifecycle["rule"]
    assert rule["status"] == "Enabled"
    assert rule["filter"] == [{"prefix": ""}]
    assert rule["noncurrent_version_expiration"] == [{"noncurrent_days": 90}]
    assert rule["abort_incomplete_multipart_upload"] == [{"days_after_initiation": 7}]


def test_lock_table_matches_terraform_locking_contract(synthesized: dict[str, Any]) -> None:
    table = only(resources(synthesized, "aws_dynamodb_table"))
    assert table["name"] == "unit-locks"
    assert table["hash_key"] == "LockID"
    assert table["attribute"] == [{"name": "LockID", "type": "S"}]
    assert table["billing_mode"] == "PAY_PER_REQUEST"
    assert table["point_in_time_recovery"] == {"enabled": True}
    assert table["server_side_encryption"] == {
        "enabled": True,
        "kms_key_arn": _ref(synthesized, "aws_kms_key", "arn"),
    }
    assert table["deletion_protection_enabled"] is True
    assert table["lifecycle"]["prevent_destroy"] is True


def test_key_policy_is_explicit_and_account_scoped(synthesized: dict[str, Any]) -> None:
    key = only(resources(synthesized, "aws_kms_key"))
    documents = data_sources(synthesized, "aws_iam_policy_document")
    (key_policy,) = [doc for name, doc in documents.items() if f".{name}." in key["policy"]]
    (statement,) = key_policy["statement"]
    (principal,) = statement["principals"]
    assert principal["type"] == "AWS"
    (identifier,) = principal["identifiers"]
    assert identifier.startswith("arn:${data.aws_partition.")
    assert ":iam::${data.aws_caller_identity." in identifier
    assert identifier.endswith(":root")


def test_no_access_logging_by_default(synthesized: dict[str, Any]) -> None:
    assert resources(synthesized, "aws_s3_bucket_logging") == {}


def test_outputs_are_the_bucket_table_and_key(synthesized: dict[str, Any]) -> None:
    assert {name: output["value"] for name, output in synthesized["output"].items()} == {
        "bucket_name": _ref(synthesized, "aws_s3_bucket", "bucket"),
        "bucket_arn": _ref(synthesized, "aws_s3_bucket", "arn"),
        "lock_table_name": _ref(synthesized, "aws_dynamodb_table", "name"),
        "lock_table_arn": _ref(synthesized, "aws_dynamodb_table", "arn"),
        "kms_key_arn": _ref(synthesized, "aws_kms_key", "arn"),
    }


def test_no_secret_material_in_the_output(synthesized: dict[str, Any]) -> None:
    text = json.dumps(synthesized).lower()
    assert "secret_key" not in text
    assert "access_key" not in text


# -- the variants ------------------------------------------------------------------------


def test_access_logging_is_added_when_a_log_bucket_is_given(variants: dict[str, Any]) -> None:
    logging = only(resources(variants, "aws_s3_bucket_logging"))
    bucket = name_by_path(resources(variants, "aws_s3_bucket"), "logged/bucket")
    assert logging["bucket"] == f"${{aws_s3_bucket.{bucket}.id}}"
    assert logging["target_bucket"] == "org-logs"
    assert logging["target_prefix"] == "s3/logged-state/"


def test_retention_comes_from_the_settings(variants: dict[str, Any]) -> None:
    lifecycle = by_path(
        resources(variants, "aws_s3_bucket_lifecycle_configuration"), "logged/lifecycle"
    )
    assert lifecycle["rule"][0]["noncurrent_version_expiration"] == [{"noncurrent_days": 30}]


def test_prevent_destroy_can_be_turned_off_for_throwaway_targets(
    variants: dict[str, Any],
) -> None:
    bucket = by_path(resources(variants, "aws_s3_bucket"), "throwaway/bucket")
    table = by_path(resources(variants, "aws_dynamodb_table"), "throwaway/lock_table")
    assert bucket["lifecycle"]["prevent_destroy"] is False
    assert bucket["force_destroy"] is True
    assert table["lifecycle"]["prevent_destroy"] is False
    assert table["deletion_protection_enabled"] is False
    # The other backend of the same stack keeps its protection.
    logged = by_path(resources(variants, "aws_s3_bucket"), "logged/bucket")
    assert logged["lifecycle"]["prevent_destroy"] is True
    assert logged["force_destroy"] is False


def test_tls_only_policy_can_be_left_out_for_an_emulator(variants: dict[str, Any]) -> None:
    policies = resources(variants, "aws_s3_bucket_policy")
    assert [construct_path(name) for name in policies] == ["logged_policy"]
    documents = data_sources(variants, "aws_iam_policy_document")
    assert sorted(construct_path(name) for name in documents) == [
        "logged_key_policy",
        "logged_tls_only",
        "throwaway_key_policy",
    ]
    # Everything else of the throw-away backend is still there.
    versioning = resources(variants, "aws_s3_bucket_versioning")
    assert by_path(versioning, "throwaway/versioning")["versioning_configuration"] == {
        "status": "Enabled"
    }
    encryption = resources(variants, "aws_s3_bucket_server_side_encryption_configuration")
    default = by_path(encryption, "throwaway/encryption")["rule"][0]
    assert default["apply_server_side_encryption_by_default"]["sse_algorithm"] == "aws:kms"
