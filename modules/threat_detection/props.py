"""Props of the threat detection module: its settings, its name and where alerts go."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.alerts import AlertTopics
from ..shared.settings import require
from ..shared.validation import check_slug
from .settings import ThreatDetectionSettings


@dataclass(frozen=True, kw_only=True)
class ThreatDetectionProps:
    """The account's GuardDuty detector and the routing of its findings."""

    name: str
    """Prefix of the EventBridge rule names, e.g. ``platform-main``."""
    settings: ThreatDetectionSettings
    """Publishing frequency, protection plans and routes."""
    alerts: AlertTopics
    """The account's alert topics."""
    features: bool = True
    """Manage the protection plans (``aws_guardduty_detector_feature``). Default: true;
    only an emulator that cannot serve them turns it off."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_slug)
