"""Who hears of an alert of each severity: e-mail, PagerDuty, Slack through AWS Chatbot
(cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class AlertRoutingSettings(Settings):
    """Who hears of an alert of each severity: e-mail, PagerDuty, Slack through AWS Chatbot."""
