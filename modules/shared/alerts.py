"""Alert severities and the topics that carry them: the contract between whatever raises
an alert (CloudWatch alarms, EventBridge rules) and whatever routes it to people.

Three severities, each with its own SNS topic, so that routing is decided once per
severity (page, chat, mail) instead of once per alarm:

- ``critical``: users are affected or will be shortly; pages (PagerDuty) and posts to chat.
- ``warning``: degraded or trending towards an outage; chat and mail, no page.
- ``info``: worth knowing within a working day (a finding of low severity, a scheduled
  stop); mail or chat only.

Every topic accepts ``sns:Publish`` from CloudWatch alarms and EventBridge rules of its own
account (event-driven alerts, GuardDuty findings, AWS Backup and RDS events, go through
EventBridge rules, not through service-specific notification settings).
"""

from __future__ import annotations

from typing import Literal, Protocol

Severity = Literal["critical", "warning", "info"]
"""How urgently an alert needs a human."""

SEVERITIES: tuple[Severity, ...] = ("critical", "warning", "info")
"""Every severity, most urgent first."""


class AlertTopics(Protocol):
    """Where alerts of each severity are published (one SNS topic per severity)."""

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN (a token) of the topic of ``severity``."""
        ...
