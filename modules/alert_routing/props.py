"""Props of the alert topics: their name and the routing settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdktf import TerraformProvider

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
    chatbot_provider: TerraformProvider | None = None
    """AWS provider in the Chatbot API Region, when Slack channels are routed."""
    chat: bool = True
    """Create the Slack channel configurations. Default: true."""
    pagerduty: bool = True
    """Create the PagerDuty forwarder when a severity pages. Default: true."""
    key_deletion_window_days: int = 30
    """Waiting period of the topics' key's scheduled deletion, 7 to 30 days. Default: 30."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_alerts_name)

    @property
    def topic_names(self) -> dict[Severity, str]:
        """``<name>-<severity>`` for every severity."""
        return {severity: f"{self.name}-{severity}" for severity in SEVERITIES}


@dataclass(frozen=True, kw_only=True)
class AlertRoutingProps:
    """Who hears of the alerts published to existing topics."""

    name: str
    """Prefix of the resource names, e.g. ``platform-prod-alarms``."""
    settings: AlertRoutingSettings
    """Who hears of each severity."""
    topic_arns: Mapping[Severity, str]
    """The topic of each severity."""
    chatbot_provider: TerraformProvider | None = None
    """AWS provider in the Chatbot API Region (``settings.slack.api_region``), created by
    the stack; required when Slack channels are routed and ``chat`` is on."""
    chat: bool = True
    """Create the Slack channel configurations (off where AWS Chatbot is unavailable,
    e.g. the local emulator). Default: true."""
    pagerduty: bool = True
    """Create the PagerDuty forwarder when a severity pages (off where Lambda cannot be
    served). Default: true."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_alerts_name)
        missing = [severity for severity in SEVERITIES if severity not in self.topic_arns]
        if missing:
            raise ValueError(f"topic_arns: expected a topic for every severity, missing {missing}")
        if self.chat and self.settings.slack_channels and self.chatbot_provider is None:
            raise ValueError(
                "chatbot_provider: expected an AWS provider in "
                f"{self.settings.slack.api_region if self.settings.slack else 'the Chatbot'} "
                "Region, since Slack channels are routed"
            )
