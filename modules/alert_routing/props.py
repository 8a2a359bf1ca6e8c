"""Props of the alert topics: their name and the routing settings."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.alerts import SEVERITIES, Severity
from ..shared.settings import require
from ..shared.validation import matching
from .settings import AlertRoutingSettings

check_alerts_name = matching(
    r"[a-z][a-z0-9-]{0,49}",
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 50 characters",
)


@dataclass(frozen=True, kw_only=True)
class AlertTopicsProps:
    """Topics per severity and who hears of each."""

    name: str
    """Prefix of the topic names and alias of their key, e.g. ``platform-main-alerts``."""
    settings: AlertRoutingSettings
    """Who hears of each severity."""
    key_deletion_window_days: int = 30
    """Waiting period of the topics' key's scheduled deletion, 7 to 30 days. Default: 30."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_alerts_name)

    @property
    def topic_names(self) -> dict[Severity, str]:
        """``<name>-<severity>`` for every severity."""
        return {severity: f"{self.name}-{severity}" for severity in SEVERITIES}
