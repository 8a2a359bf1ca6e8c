"""GuardDuty's detector, its protection plans and where its findings go (cdktf-free)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from ..shared.alerts import Severity
from ..shared.settings import Settings, problem_if, raise_problems

PublishingFrequency = Literal["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"]
"""How often GuardDuty exports updates of existing findings to EventBridge (GuardDuty API,
CreateDetector.findingPublishingFrequency). New findings are exported within five
minutes whatever the setting."""

FindingLevel = Literal["critical", "high", "medium", "low"]
"""GuardDuty's severity levels of a finding."""

LEVEL_RANGES: dict[FindingLevel, tuple[float, float]] = {
    "critical": (9.0, 10.0),
    "high": (7.0, 9.0),
    "medium": (4.0, 7.0),
    "low": (1.0, 4.0),
}
"""The finding ``severity`` values of each level, [low, high) except critical, which
includes 10.0 (GuardDuty User Guide, "Severity levels of GuardDuty findings": Critical
9.0-10.0, High 7.0-8.9, Medium 4.0-6.9, Low 1.0-3.9)."""


class FindingRoutes(Settings):
    """Which alert topic hears of the findings of each GuardDuty severity level (none:
    the finding stays in the GuardDuty console only)."""

    critical: Severity | None = "critical"
    """Critical findings (9.0-10.0: an attack sequence). Default: ``critical``."""
    high: Severity | None = "critical"
    """High findings (7.0-8.9: a resource is compromised and in use). Default:
    ``critical``."""
    medium: Severity | None = "warning"
    """Medium findings (4.0-6.9: suspicious activity). Default: ``warning``."""
    low: Severity | None = "info"
    """Low findings (1.0-3.9: attempted activity, nothing compromised). Default:
    ``info``."""

    def routes(self) -> dict[FindingLevel, Severity]:
        """Level -> alert severity of every routed level, most severe first."""
        routes: dict[FindingLevel, Severity] = {}
        for level in LEVEL_RANGES:
            severity = getattr(self, level)
            if severity is not None:
                routes[level] = severity
        return routes


class ThreatDetectionSettings(Settings):
    """The account's GuardDuty detector, its protection plans and the routing of its
    findings."""

    enabled: bool = True
    """Create the account's detector in this baseline's Region. Default: true. Where an
    organization's delegated administrator already enables GuardDuty, turn it off (the
    account has its detector already; see docs/account-services.md to import it instead)."""
    finding_publishing_frequency: PublishingFrequency = "FIFTEEN_MINUTES"
    """How often updates of existing findings are published. Default: every 15 minutes."""
    eks_audit_logs: bool = True
    """EKS Protection: analyse the clusters' Kubernetes audit logs (feature
    ``EKS_AUDIT_LOGS``). Default: on."""
    runtime_monitoring: bool = True
    """Runtime Monitoring: an agent on the nodes reports process, file and network events
    (feature ``RUNTIME_MONITORING``). Default: on."""
    eks_addon_management: bool = True
    """GuardDuty installs and updates its security agent as an EKS add-on on every
    cluster (additional configuration ``EKS_ADDON_MANAGEMENT`` of Runtime Monitoring).
    Default: on. Only with ``runtime_monitoring``."""
    rds_login_events: bool = True
    """RDS Protection: analyse Aurora login activity (feature ``RDS_LOGIN_EVENTS``).
    Default: on."""
    s3_data_events: bool = True
    """S3 Protection: analyse S3 data events (feature ``S3_DATA_EVENTS``). Default: on."""
    routes: FindingRoutes = Field(default_factory=FindingRoutes)
    """Alert topic of each finding level. Default: critical and high page, medium warns,
    low informs."""

    @model_validator(mode="after")
    def _addon_needs_runtime(self) -> Self:
        raise_problems(
            problem_if(
                self.eks_addon_management and not self.runtime_monitoring,
                "eks_addon_management",
                self.eks_addon_management,
                "expected false when runtime_monitoring = false (the add-on is Runtime "
                "Monitoring's agent)",
            ),
        )
        return self
