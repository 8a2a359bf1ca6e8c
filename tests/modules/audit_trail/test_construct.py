"""The AuditTrail construct: the trail's flags and selectors, its key policy's conditions,
the archive bucket's hardening, policy and lifecycle, and the log group's role."""

from __future__ import annotations

import re
from typing import Any

import pytest

from platform_cdktf.modules.audit_trail import (
    ArchiveSettings,
    AuditTrail,
    AuditTrailProps,
    AuditTrailSettings,
    TrailAlarmSettings,
)
from platform_cdktf.modules.shared.alerts import Severity
from platform_cdktf.modules.shared.settings import SettingsError
from tests.modules.audit_trail.plain import plain
from tests.support.synth import by_path, data_sources, only, resources
from tests.support.units import synth_stack

STATE_BUCKET = "unit-terraform-state"
ACCOUNT = "${data.aws_caller_identity.account_context_caller.account_id}"
PARTITION = "${data.aws_partition.account_context_partition.partition}"
REGION = "${data.aws_region.account_context_region.name}"
KEY_ARN = "${aws_kms_key.audit_trail_key.arn}"
TRAIL_ARN = f"arn:{PARTITION}:cloudtrail:{REGION}:{ACCOUNT}:trail/unit-trail"


def _synth(**props: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"name": "unit", "settings": AuditTrailSettings()} | props
    synthesized, _ = synth_stack(
        lambda stack: AuditTrail(stack, "audit_trail", props=AuditTrailProps(**values))
    )
    return plain(synthesized)


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    return _synth(state_bucket=STATE_BUCKET)


def _statements(stack: dict[str, Any], suffix: str) -> dict[str, dict[str, Any]]:
    document = by_path(data_sources(stack, "aws_iam_policy_document"), suffix)
    return {statement["sid"]: statement for statement in document["statement"]}


def _conditions(statement: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    return {(c["test"], c["variable"]): c["values"] for c in statement.get("condition", [])}


def test_trail_is_multi_region_validated_and_encrypted(stack: dict[str, Any]) -> None:
    trail = only(resources(stack, "aws_cloudtrail"))
    assert trail["name"] == "unit-trail"
    assert trail["is_multi_region_trail"] is True
    assert trail["include_global_service_events"] is True
    assert trail["enable_log_file_validation"] is True
    assert trail["kms_key_id"] == KEY_ARN
    assert trail["s3_bucket_name"] == "${aws_s3_bucket.audit_trail_archive_bucket.bucket}"
    assert (
        trail["cloud_watch_logs_group_arn"]
        == "${aws_cloudwatch_log_group.audit_trail_log_group.arn}:*"
    )
    assert trail["cloud_watch_logs_role_arn"] == "${aws_iam_role.audit_trail_logs_role.arn}"
    # Created after the bucket policy and the role's policy, or CloudTrail refuses them.
    assert any("aws_s3_bucket_policy.audit_trail_archive_policy" in d for d in trail["depends_on"])
    assert any("aws_iam_role_policy.audit_trail_logs_role_policy" in d for d in trail["depends_on"])


def test_selectors_record_management_events_and_the_state_bucket_objects(
    stack: dict[str, Any],
) -> None:
    selectors = only(resources(stack, "aws_cloudtrail"))["advanced_event_selector"]
    assert selectors == [
        {
            "name": "Management events",
            "field_selector": [{"field": "eventCategory", "equals": ["Management"]}],
        },
        {
            "name": "Terraform state objects",
            "field_selector": [
                {"field": "eventCategory", "equals": ["Data"]},
                {"field": "resources.type", "equals": ["AWS::S3::Object"]},
                {
                    "field": "resources.ARN",
                    "starts_with": [f"arn:{PARTITION}:s3:::{STATE_BUCKET}/"],
                },
            ],
        },
    ]


def test_without_a_state_bucket_only_management_events() -> None:
    selectors = only(resources(_synth(), "aws_cloudtrail"))["advanced_event_selector"]
    assert [selector["name"] for selector in selectors] == ["Management events"]


def test_key_policy_lets_cloudtrail_use_the_key_for_this_trail_only(stack: dict[str, Any]) -> None:
    statements = _statements(stack, "audit_trail/key/policy")
    generate, describe, logs = (
        statements["ServiceUse0"],
        statements["ServiceUse1"],
        statements["ServiceUse2"],
    )
    assert generate["principals"] == [
        {"type": "Service", "identifiers": ["cloudtrail.amazonaws.com"]}
    ]
    assert generate["actions"] == ["kms:GenerateDataKey*"]
    assert _conditions(generate) == {
        ("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn"): [
            f"arn:{PARTITION}:cloudtrail:*:{ACCOUNT}:trail/*"
        ],
        ("StringEquals", "aws:SourceArn"): [TRAIL_ARN],
    }
    assert describe["actions"] == ["kms:DescribeKey"]
    assert _conditions(describe) == {("StringEquals", "aws:SourceArn"): [TRAIL_ARN]}
    assert logs["principals"][0]["identifiers"] == [
        f"logs.{REGION}.${{data.aws_partition.account_context_partition.dns_suffix}}"
    ]
    assert _conditions(logs) == {
        ("ArnEquals", "kms:EncryptionContext:aws:logs:arn"): [
            f"arn:{PARTITION}:logs:{REGION}:{ACCOUNT}:log-group:/aws/cloudtrail/unit"
        ]
    }
    assert only(resources(stack, "aws_kms_key"))["enable_key_rotation"] is True


def test_bucket_policy_is_tls_only_and_cloudtrails_for_this_trail(stack: dict[str, Any]) -> None:
    statements = _statements(stack, "audit_trail/archive/policy_document")
    assert set(statements) == {
        "DenyInsecureTransport",
        "AWSCloudTrailAclCheck",
        "AWSCloudTrailWrite",
    }
    tls = statements["DenyInsecureTransport"]
    assert tls["effect"] == "Deny"
    assert _conditions(tls) == {("Bool", "aws:SecureTransport"): ["false"]}
    bucket = f"arn:{PARTITION}:s3:::unit-cloudtrail-{ACCOUNT}"
    acl = statements["AWSCloudTrailAclCheck"]
    assert acl["actions"] == ["s3:GetBucketAcl"]
    assert acl["resources"] == [bucket]
    assert _conditions(acl) == {("StringEquals", "aws:SourceArn"): [TRAIL_ARN]}
    write = statements["AWSCloudTrailWrite"]
    assert write["actions"] == ["s3:PutObject"]
    assert write["resources"] == [f"{bucket}/AWSLogs/{ACCOUNT}/*"]
    assert _conditions(write) == {
        ("StringEquals", "aws:SourceArn"): [TRAIL_ARN],
        ("StringEquals", "s3:x-amz-acl"): ["bucket-owner-full-control"],
    }
    for statement in (acl, write):
        assert statement["principals"] == [
            {"type": "Service", "identifiers": ["cloudtrail.amazonaws.com"]}
        ]


def test_bucket_is_private_versioned_and_kms_encrypted(stack: dict[str, Any]) -> None:
    assert only(resources(stack, "aws_s3_bucket"))["bucket"] == f"unit-cloudtrail-{ACCOUNT}"
    block = only(resources(stack, "aws_s3_bucket_public_access_block"))
    assert all(
        block[flag]
        for flag in (
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        )
    )
    versioning = only(resources(stack, "aws_s3_bucket_versioning"))
    assert versioning["versioning_configuration"] == {"status": "Enabled"}
    (rule,) = only(resources(stack, "aws_s3_bucket_server_side_encryption_configuration"))["rule"]
    default = rule["apply_server_side_encryption_by_default"]
    assert default["sse_algorithm"] == "aws:kms"
    assert default["kms_master_key_id"] == KEY_ARN
    ownership = only(resources(stack, "aws_s3_bucket_ownership_controls"))
    assert ownership["rule"] == {"object_ownership": "BucketOwnerEnforced"}


def test_lifecycle_archives_expires_and_drops_old_versions() -> None:
    settings = AuditTrailSettings(
        archive=ArchiveSettings(
            transition_after_days=60,
            storage_class="DEEP_ARCHIVE",
            retention_days=400,
            noncurrent_version_retention_days=14,
        )
    )
    (rule,) = only(resources(_synth(settings=settings), "aws_s3_bucket_lifecycle_configuration"))[
        "rule"
    ]
    assert rule["status"] == "Enabled"
    assert rule["transition"] == [{"days": 60, "storage_class": "DEEP_ARCHIVE"}]
    assert rule["expiration"] == [{"days": 400}]
    assert rule["noncurrent_version_expiration"] == [{"noncurrent_days": 14}]


def test_log_group_is_encrypted_with_retention(stack: dict[str, Any]) -> None:
    group = only(resources(stack, "aws_cloudwatch_log_group"))
    assert group["name"] == "/aws/cloudtrail/unit"
    assert group["retention_in_days"] == 365
    assert group["kms_key_id"] == KEY_ARN


def test_logs_role_writes_only_to_the_trail_group(stack: dict[str, Any]) -> None:
    trust = only(_statements_without_sid(stack, "audit_trail/logs_trust"))
    assert trust["principals"] == [{"type": "Service", "identifiers": ["cloudtrail.amazonaws.com"]}]
    assert trust["actions"] == ["sts:AssumeRole"]
    write = _statements(stack, "audit_trail/logs_policy_document")["WriteTrailEvents"]
    assert write["actions"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert write["resources"] == [
        f"${{aws_cloudwatch_log_group.audit_trail_log_group.arn}}:log-stream:{ACCOUNT}_CloudTrail_*"
    ]


def test_the_emulator_variant_has_no_bucket_policy_and_may_be_destroyed() -> None:
    stack = _synth(bucket_policy=False, force_destroy=True)
    assert resources(stack, "aws_s3_bucket_policy") == {}
    bucket = only(resources(stack, "aws_s3_bucket"))
    assert bucket["force_destroy"] is True


def test_name_is_checked() -> None:
    with pytest.raises(SettingsError, match=re.escape("AuditTrailProps.name = 'Unit_'")):
        AuditTrailProps(name="Unit_", settings=AuditTrailSettings())


def _statements_without_sid(stack: dict[str, Any], suffix: str) -> dict[str, dict[str, Any]]:
    document = by_path(data_sources(stack, "aws_iam_policy_document"), suffix)
    return {str(index): statement for index, statement in enumerate(document["statement"])}


class Topics:
    """Stand-in alert topics: the ARN names the severity."""

    def topic_arn_of(self, severity: Severity) -> str:
        return f"arn:aws:sns:us-east-1:123456789012:{severity}"


EXPECTED_ALARMS = {
    "root_account_usage": (
        "RootAccountUsage",
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }',
        1,
        "critical",
    ),
    "cloudtrail_changes": (
        "CloudTrailChanges",
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
        "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
        "($.eventName = StopLogging) }",
        1,
        "critical",
    ),
    "unauthorized_api_calls": (
        "UnauthorizedApiCalls",
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        10,
        "warning",
    ),
}


@pytest.mark.parametrize("setting", sorted(EXPECTED_ALARMS))
def test_cis_alarms_on_the_trails_log_group(setting: str) -> None:
    metric, pattern, threshold, topic = EXPECTED_ALARMS[setting]
    stack = _synth(alerts=Topics())
    metric_filter = by_path(
        resources(stack, "aws_cloudwatch_log_metric_filter"), f"alarms/filter_{setting}"
    )
    assert (
        metric_filter["log_group_name"] == "${aws_cloudwatch_log_group.audit_trail_log_group.name}"
    )
    assert metric_filter["pattern"] == pattern
    assert metric_filter["metric_transformation"] == {
        "name": metric,
        "namespace": "unit/CloudTrail",
        "value": "1",
    }
    alarm = by_path(resources(stack, "aws_cloudwatch_metric_alarm"), f"alarms/alarm_{setting}")
    assert alarm["alarm_name"] == f"unit-{metric}"
    assert (alarm["namespace"], alarm["metric_name"]) == ("unit/CloudTrail", metric)
    assert (alarm["statistic"], alarm["period"], alarm["evaluation_periods"]) == ("Sum", 300, 1)
    assert alarm["threshold"] == threshold
    assert alarm["comparison_operator"] == "GreaterThanOrEqualToThreshold"
    assert alarm["treat_missing_data"] == "notBreaching"
    assert alarm["alarm_actions"] == [f"arn:aws:sns:us-east-1:123456789012:{topic}"]


def test_alarm_severities_and_threshold_are_settings() -> None:
    settings = AuditTrailSettings(
        alarms=TrailAlarmSettings(
            root_account_usage="warning",
            unauthorized_api_calls=None,
            unauthorized_api_calls_threshold=3,
        )
    )
    stack = _synth(settings=settings, alerts=Topics())
    alarms = resources(stack, "aws_cloudwatch_metric_alarm")
    assert sorted(alarm["alarm_name"] for alarm in alarms.values()) == [
        "unit-CloudTrailChanges",
        "unit-RootAccountUsage",
    ]
    root = by_path(alarms, "alarms/alarm_root_account_usage")
    assert root["alarm_actions"] == ["arn:aws:sns:us-east-1:123456789012:warning"]
    assert len(resources(stack, "aws_cloudwatch_log_metric_filter")) == 2


def test_without_alert_topics_no_alarms(stack: dict[str, Any]) -> None:
    assert resources(stack, "aws_cloudwatch_metric_alarm") == {}
    assert resources(stack, "aws_cloudwatch_log_metric_filter") == {}
