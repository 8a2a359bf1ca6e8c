"""Part of the account baseline stack (stacks/account.py): the account's audit services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from platform_cdktf.modules.audit_trail import AuditTrail, AuditTrailProps
from platform_cdktf.modules.compliance import Compliance, ComplianceProps
from platform_cdktf.modules.threat_detection import ThreatDetection, ThreatDetectionProps

if TYPE_CHECKING:
    from .account import AccountStack


def add_audit_services(stack: AccountStack) -> None:
    """CloudTrail (construct id ``audit_trail``), AWS Config (``compliance``) and
    GuardDuty (``threat_detection``) of the account, as ``stack.config`` asks; Config's
    non-compliance and GuardDuty's findings go to ``stack.alerts``.

    The trail records the Terraform state bucket's data events when
    ``audit.record_state_data_events`` is on and the baseline shares the bootstrap's
    account (``stack.holds_state_bucket``, from the configuration): the state
    bucket lives in the bootstrap's account, and CloudTrail records an object's data
    events in the account owning the bucket, so a baseline of another account records
    management events only.
    """
    config = stack.config
    target = stack.target
    local = target.is_local
    policies = target.supports("audit_bucket_policies")
    records_state = config.audit.record_state_data_events and stack.holds_state_bucket
    if config.audit.enabled:
        AuditTrail(
            stack,
            "audit_trail",
            props=AuditTrailProps(
                name=config.name_prefix,
                settings=config.audit,
                state_bucket=config.state.bucket if records_state else None,
                force_destroy=local,
                bucket_policy=policies,
                alerts=stack.alerts,
            ),
        )
    if config.compliance.enabled:
        Compliance(
            stack,
            "compliance",
            props=ComplianceProps(
                name=config.name_prefix,
                settings=config.compliance,
                alerts=stack.alerts,
                force_destroy=local,
                bucket_policy=policies,
            ),
        )
    if config.threat_detection.enabled:
        ThreatDetection(
            stack,
            "threat_detection",
            props=ThreatDetectionProps(
                name=config.name_prefix,
                settings=config.threat_detection,
                alerts=stack.alerts,
                features=target.supports("guardduty_features"),
            ),
        )
