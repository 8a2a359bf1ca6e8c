"""The Compliance construct: the recorder, its role, the delivery channel and its bucket's
policy, one managed rule per setting, and the NON_COMPLIANT route to an alert topic."""

from __future__ import annotations

import json
from typing import Any

import pytest

from platform_cdktf.modules.compliance import (
    MANAGED_RULES,
    Compliance,
    ComplianceProps,
    ComplianceRules,
    ComplianceSettings,
    rule_name,
)
from platform_cdktf.modules.shared.alerts import Severity
from tests.modules.audit_trail.plain import conditions, plain, statements
from tests.support.synth import by_path, data_sources, only, resources
from tests.support.units import synth_stack

ACCOUNT = "${data.aws_caller_identity.account_context_caller.account_id}"
PARTITION = "${data.aws_partition.account_context_partition.partition}"
BUCKET = f"arn:{PARTITION}:s3:::unit-config-{ACCOUNT}"


class Topics:
    """Stand-in alert topics: the ARN names the severity."""

    def topic_arn_of(self, severity: Severity) -> str:
        return f"arn:aws:sns:us-east-1:123456789012:{severity}"


def _synth(settings: ComplianceSettings | None = None, **props: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "unit",
        "settings": settings or ComplianceSettings(),
        "alerts": Topics(),
    } | props
    synthesized, _ = synth_stack(
        lambda stack: Compliance(stack, "compliance", props=ComplianceProps(**values))
    )
    return plain(synthesized)


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    return _synth()


def test_recorder_records_every_supported_type(stack: dict[str, Any]) -> None:
    recorder = only(resources(stack, "aws_config_configuration_recorder"))
    assert recorder["name"] == "unit-recorder"
    assert recorder["role_arn"] == "${aws_iam_role.compliance_role.arn}"
    assert recorder["recording_group"] == {
        "all_supported": True,
        "include_global_resource_types": True,
    }
    status = only(resources(stack, "aws_config_configuration_recorder_status"))
    assert status["is_enabled"] is True
    assert status["depends_on"] == ["aws_config_delivery_channel.compliance_delivery_channel"]


def test_global_types_can_be_left_to_another_region() -> None:
    stack = _synth(ComplianceSettings(include_global_resource_types=False))
    recorder = only(resources(stack, "aws_config_configuration_recorder"))
    assert recorder["recording_group"]["include_global_resource_types"] is False


def test_role_has_the_managed_config_policy_and_writes_its_bucket(stack: dict[str, Any]) -> None:
    attachment = only(resources(stack, "aws_iam_role_policy_attachment"))
    assert (
        attachment["policy_arn"] == f"arn:{PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole"
    )
    trust = by_path(data_sources(stack, "aws_iam_policy_document"), "compliance/trust")
    (statement,) = trust["statement"]
    assert statement["principals"] == [{"type": "Service", "identifiers": ["config.amazonaws.com"]}]
    assert conditions(statement) == {("StringEquals", "aws:SourceAccount"): [ACCOUNT]}
    delivery = statements(
        by_path(
            data_sources(stack, "aws_iam_policy_document"), "compliance/delivery_policy_document"
        )
    )
    assert delivery["CheckBucket"]["resources"] == [
        "${aws_s3_bucket.compliance_archive_bucket.arn}"
    ]
    assert delivery["DeliverFiles"]["actions"] == ["s3:PutObject"]
    assert delivery["DeliverFiles"]["resources"] == [
        f"${{aws_s3_bucket.compliance_archive_bucket.arn}}/config/AWSLogs/{ACCOUNT}/Config/*"
    ]
    assert conditions(delivery["DeliverFiles"]) == {
        ("StringEquals", "s3:x-amz-acl"): ["bucket-owner-full-control"]
    }
    assert delivery["EncryptFiles"]["resources"] == ["${aws_kms_key.compliance_key.arn}"]


def test_delivery_channel_writes_encrypted_snapshots(stack: dict[str, Any]) -> None:
    channel = only(resources(stack, "aws_config_delivery_channel"))
    assert channel["s3_bucket_name"] == "${aws_s3_bucket.compliance_archive_bucket.bucket}"
    assert channel["s3_key_prefix"] == "config"
    assert channel["s3_kms_key_arn"] == "${aws_kms_key.compliance_key.arn}"
    assert channel["snapshot_delivery_properties"] == {"delivery_frequency": "TwentyFour_Hours"}
    assert "aws_config_configuration_recorder.compliance_recorder" in channel["depends_on"]


def test_bucket_policy_holds_the_documented_config_statements(stack: dict[str, Any]) -> None:
    found = statements(
        by_path(
            data_sources(stack, "aws_iam_policy_document"), "compliance/archive/policy_document"
        )
    )
    assert set(found) == {
        "DenyInsecureTransport",
        "AWSConfigBucketPermissionsCheck",
        "AWSConfigBucketExistenceCheck",
        "AWSConfigBucketDelivery",
    }
    assert found["AWSConfigBucketPermissionsCheck"]["actions"] == ["s3:GetBucketAcl"]
    assert found["AWSConfigBucketExistenceCheck"]["actions"] == ["s3:ListBucket"]
    delivery = found["AWSConfigBucketDelivery"]
    assert delivery["resources"] == [f"{BUCKET}/config/AWSLogs/{ACCOUNT}/Config/*"]
    assert conditions(delivery) == {
        ("StringEquals", "aws:SourceAccount"): [ACCOUNT],
        ("StringEquals", "s3:x-amz-acl"): ["bucket-owner-full-control"],
    }


def test_one_managed_rule_per_setting(stack: dict[str, Any]) -> None:
    rules = resources(stack, "aws_config_config_rule")
    assert {rule["source"]["source_identifier"] for rule in rules.values()} == set(
        MANAGED_RULES.values()
    )
    for field, identifier in MANAGED_RULES.items():
        rule = by_path(rules, f"compliance/rule_{field}")
        assert rule["name"] == rule_name("unit", identifier)
        assert rule["source"]["owner"] == "AWS"
        assert rule["depends_on"] == ["aws_config_configuration_recorder.compliance_recorder"]
    assert rule_name("unit", "ENCRYPTED_VOLUMES") == "unit-encrypted-volumes"


def test_a_rule_turned_off_is_not_created() -> None:
    stack = _synth(ComplianceSettings(rules=ComplianceRules(ec2_imdsv2_check=False)))
    identifiers = {
        rule["source"]["source_identifier"]
        for rule in resources(stack, "aws_config_config_rule").values()
    }
    assert "EC2_IMDSV2_CHECK" not in identifiers
    assert len(identifiers) == len(MANAGED_RULES) - 1


def test_non_compliance_goes_to_the_warning_topic(stack: dict[str, Any]) -> None:
    rule = only(resources(stack, "aws_cloudwatch_event_rule"))
    assert rule["name"] == "unit-config-non-compliant"
    assert json.loads(rule["event_pattern"]) == {
        "source": ["aws.config"],
        "detail-type": ["Config Rules Compliance Change"],
        "detail": {
            "messageType": ["ComplianceChangeNotification"],
            "configRuleName": [rule_name("unit", i) for i in MANAGED_RULES.values()],
            "newEvaluationResult": {"complianceType": ["NON_COMPLIANT"]},
        },
    }
    target = only(resources(stack, "aws_cloudwatch_event_target"))
    assert target["rule"] == "${aws_cloudwatch_event_rule.compliance_non_compliant.name}"
    assert target["arn"] == "arn:aws:sns:us-east-1:123456789012:warning"


def test_the_severity_is_a_setting() -> None:
    stack = _synth(ComplianceSettings(non_compliance_severity="critical"))
    target = only(resources(stack, "aws_cloudwatch_event_target"))
    assert target["arn"] == "arn:aws:sns:us-east-1:123456789012:critical"


def test_without_rules_no_route() -> None:
    rules = ComplianceRules(**dict.fromkeys(MANAGED_RULES, False))
    stack = _synth(ComplianceSettings(rules=rules))
    assert resources(stack, "aws_config_config_rule") == {}
    assert resources(stack, "aws_cloudwatch_event_rule") == {}
