"""The account's GuardDuty detector, its protection plans, and its findings routed by
severity to the alert topics through EventBridge."""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
from cdktf_cdktf_provider_aws.guardduty_detector import GuarddutyDetector
from cdktf_cdktf_provider_aws.guardduty_detector_feature import (
    GuarddutyDetectorFeature,
    GuarddutyDetectorFeatureAdditionalConfiguration,
)
from constructs import Construct

from .props import ThreatDetectionProps
from .settings import LEVEL_RANGES, FindingLevel

FEATURES = {
    "eks_audit_logs": "EKS_AUDIT_LOGS",
    "runtime_monitoring": "RUNTIME_MONITORING",
    "rds_login_events": "RDS_LOGIN_EVENTS",
    "s3_data_events": "S3_DATA_EVENTS",
}
"""Setting -> detector feature name (GuardDuty API, DetectorFeatureConfiguration.name:
S3_DATA_EVENTS | EKS_AUDIT_LOGS | EBS_MALWARE_PROTECTION | RDS_LOGIN_EVENTS |
EKS_RUNTIME_MONITORING | LAMBDA_NETWORK_LOGS | RUNTIME_MONITORING). RUNTIME_MONITORING,
not EKS_RUNTIME_MONITORING: the API refuses both together, and the former covers EKS."""
EKS_ADDON_MANAGEMENT = "EKS_ADDON_MANAGEMENT"
"""Additional configuration of RUNTIME_MONITORING in which GuardDuty manages its agent
as an EKS add-on (GuardDuty API, DetectorAdditionalConfiguration.name)."""


def finding_pattern(level: FindingLevel) -> dict[str, object]:
    """EventBridge pattern of GuardDuty findings of ``level`` (GuardDuty User Guide,
    "Creating custom responses to GuardDuty findings with Amazon EventBridge": source
    ``aws.guardduty``, detail type ``GuardDuty Finding``; numeric matching on
    ``detail.severity``, EventBridge User Guide, "Numeric matching")."""
    low, high = LEVEL_RANGES[level]
    bounds: list[object] = [">=", low] + (["<", high] if level != "critical" else [])
    return {
        "source": ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        "detail": {"severity": [{"numeric": bounds}]},
    }


class ThreatDetection(Construct):
    """A GuardDuty detector with its protection plans and findings routing.

    Every plan is managed, on or off as the settings say: deleting an
    ``aws_guardduty_detector_feature`` does not turn the feature off (hashicorp/aws
    docs), so a plan turned off is written as ``DISABLED`` rather than removed. One
    EventBridge rule per routed finding level sends its findings to the alert topic of
    the level's severity.
    """

    def __init__(self, scope: Construct, id_: str, *, props: ThreatDetectionProps) -> None:
        super().__init__(scope, id_)
        settings = props.settings
        self.detector = GuarddutyDetector(
            self,
            "detector",
            enable=True,
            finding_publishing_frequency=settings.finding_publishing_frequency,
        )
        self.features: dict[str, GuarddutyDetectorFeature] = {}
        if props.features:
            for field, feature in FEATURES.items():
                additional = None
                if feature == "RUNTIME_MONITORING":
                    additional = [
                        GuarddutyDetectorFeatureAdditionalConfiguration(
                            name=EKS_ADDON_MANAGEMENT,
                            status=_status(settings.eks_addon_management),
                        )
                    ]
                self.features[field] = GuarddutyDetectorFeature(
                    self,
                    f"feature_{field}",
                    detector_id=self.detector.id,
                    name=feature,
                    status=_status(getattr(settings, field)),
                    additional_configuration=additional,
                )
        self.routes: dict[str, tuple[CloudwatchEventRule, CloudwatchEventTarget]] = {}
        for level, severity in settings.routes.routes().items():
            rule = CloudwatchEventRule(
                self,
                f"findings_{level}",
                name=f"{props.name}-guardduty-{level}",
                description=f"GuardDuty findings of {level} severity, to the {severity} topic",
                event_pattern=json.dumps(finding_pattern(level)),
            )
            target = CloudwatchEventTarget(
                self,
                f"findings_{level}_target",
                rule=rule.name,
                target_id="alert-topic",
                arn=props.alerts.topic_arn_of(severity),
            )
            self.routes[level] = (rule, target)


def _status(enabled: bool) -> str:
    return "ENABLED" if enabled else "DISABLED"
