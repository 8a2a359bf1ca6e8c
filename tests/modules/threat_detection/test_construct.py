"""The ThreatDetection construct: the detector, every protection plan (on or off, never
absent), and one EventBridge rule per routed finding level with its numeric pattern and
its topic."""

from __future__ import annotations

import json
from typing import Any

import pytest

from platform_cdktf.modules.shared.alerts import Severity
from platform_cdktf.modules.threat_detection import (
    FindingRoutes,
    ThreatDetection,
    ThreatDetectionProps,
    ThreatDetectionSettings,
)
from tests.modules.audit_trail.plain import plain
from tests.support.synth import by_path, only, resources
from tests.support.units import synth_stack


class Topics:
    """Stand-in alert topics: the ARN names the severity."""

    def topic_arn_of(self, severity: Severity) -> str:
        return f"arn:aws:sns:us-east-1:123456789012:{severity}"


def _synth(settings: ThreatDetectionSettings | None = None, **props: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "unit",
        "settings": settings or ThreatDetectionSettings(),
        "alerts": Topics(),
    } | props
    synthesized, _ = synth_stack(
        lambda stack: ThreatDetection(
            stack, "threat_detection", props=ThreatDetectionProps(**values)
        )
    )
    return plain(synthesized)


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    return _synth()


def _features(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        feature["name"]: feature
        for feature in resources(stack, "aws_guardduty_detector_feature").values()
    }


def test_detector_publishes_as_set(stack: dict[str, Any]) -> None:
    detector = only(resources(stack, "aws_guardduty_detector"))
    assert detector["enable"] is True
    assert detector["finding_publishing_frequency"] == "FIFTEEN_MINUTES"
    other = _synth(ThreatDetectionSettings(finding_publishing_frequency="SIX_HOURS"))
    assert only(resources(other, "aws_guardduty_detector"))["finding_publishing_frequency"] == (
        "SIX_HOURS"
    )


def test_every_protection_plan_is_enabled(stack: dict[str, Any]) -> None:
    features = _features(stack)
    assert set(features) == {
        "EKS_AUDIT_LOGS",
        "RUNTIME_MONITORING",
        "RDS_LOGIN_EVENTS",
        "S3_DATA_EVENTS",
    }
    for feature in features.values():
        assert feature["status"] == "ENABLED"
        assert feature["detector_id"] == "${aws_guardduty_detector.threat_detection_detector.id}"
    assert features["RUNTIME_MONITORING"]["additional_configuration"] == [
        {"name": "EKS_ADDON_MANAGEMENT", "status": "ENABLED"}
    ]


def test_a_plan_turned_off_is_disabled_not_removed() -> None:
    settings = ThreatDetectionSettings(
        s3_data_events=False, runtime_monitoring=False, eks_addon_management=False
    )
    features = _features(_synth(settings))
    assert features["S3_DATA_EVENTS"]["status"] == "DISABLED"
    assert features["RUNTIME_MONITORING"]["status"] == "DISABLED"
    assert features["RUNTIME_MONITORING"]["additional_configuration"] == [
        {"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"}
    ]
    assert features["EKS_AUDIT_LOGS"]["status"] == "ENABLED"


def test_the_emulator_variant_has_no_plans() -> None:
    assert resources(_synth(features=False), "aws_guardduty_detector_feature") == {}


@pytest.mark.parametrize(
    ("level", "numeric", "topic"),
    [
        ("critical", [">=", 9.0], "critical"),
        ("high", [">=", 7.0, "<", 9.0], "critical"),
        ("medium", [">=", 4.0, "<", 7.0], "warning"),
        ("low", [">=", 1.0, "<", 4.0], "info"),
    ],
)
def test_findings_are_routed_by_severity(
    stack: dict[str, Any], level: str, numeric: list[object], topic: str
) -> None:
    rule = by_path(resources(stack, "aws_cloudwatch_event_rule"), f"findings_{level}")
    assert rule["name"] == f"unit-guardduty-{level}"
    assert json.loads(rule["event_pattern"]) == {
        "source": ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        "detail": {"severity": [{"numeric": numeric}]},
    }
    target = by_path(resources(stack, "aws_cloudwatch_event_target"), f"findings_{level}_target")
    assert (
        target["rule"] == f"${{aws_cloudwatch_event_rule.threat_detection_findings_{level}.name}}"
    )
    assert target["arn"] == f"arn:aws:sns:us-east-1:123456789012:{topic}"


def test_an_unrouted_level_has_no_rule() -> None:
    stack = _synth(ThreatDetectionSettings(routes=FindingRoutes(low=None, medium="info")))
    rules = resources(stack, "aws_cloudwatch_event_rule")
    assert sorted(rule["name"] for rule in rules.values()) == [
        "unit-guardduty-critical",
        "unit-guardduty-high",
        "unit-guardduty-medium",
    ]
    target = by_path(resources(stack, "aws_cloudwatch_event_target"), "findings_medium_target")
    assert target["arn"] == "arn:aws:sns:us-east-1:123456789012:info"
