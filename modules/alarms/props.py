"""Props of the alarms module: its settings and the name its resources carry."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformProvider

from ..alert_routing.settings import AlertRoutingSettings
from ..shared.settings import require
from ..shared.validation import matching
from .settings import AlarmsSettings

check_alarms_name = matching(
    r"[a-z][a-z0-9-]{0,49}",
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 50 characters",
)


@dataclass(frozen=True, kw_only=True)
class AlarmsProps:
    """An encrypted notification topic and the thresholds of the data-layer alarms."""

    name: str
    """Prefix of the topic, key alias and alarm names, e.g. ``platform-prod``."""
    settings: AlarmsSettings
    """Evaluation window, thresholds and subscribers."""
    routing: AlertRoutingSettings | None = None
    """Who hears of each severity (e-mail, PagerDuty, Slack), subscribed to the topics
    under ``<id>/routing``. Default: no routing beyond ``settings.email_endpoints``."""
    chatbot_provider: TerraformProvider | None = None
    """AWS provider in the Chatbot API Region, when ``routing`` names Slack channels."""
    chat: bool = True
    """Create the Slack channel configurations of ``routing``. Default: true."""
    pagerduty: bool = True
    """Create the PagerDuty forwarder of ``routing``. Default: true."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_alarms_name)
