"""Who hears of an alert of each severity: e-mail, PagerDuty, Slack through AWS Chatbot
(cdktf-free settings)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..alarms.settings import Email, subscription_label
from ..shared.alerts import SEVERITIES, Severity
from ..shared.settings import Settings, problem_if, raise_problems
from ..shared.validation import LogRetentionDays, Rule, matching

CHATBOT_API_REGIONS = ("us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1")
"""The Regions with the AWS Chatbot API, where a Slack channel configuration is created
(Amazon Q Developer in chat applications API Reference, "Welcome": us-east-2, us-west-2,
ap-southeast-1, eu-west-1). A configuration may hold SNS topics of any supported Region
(Administrator Guide, "Regions and quotas": topics from several Regions combine)."""

ChatbotLoggingLevel = Literal["ERROR", "INFO", "NONE"]
"""What AWS Chatbot logs to CloudWatch Logs (API Reference, SlackChannelConfiguration
``LoggingLevel``: ERROR, INFO or NONE)."""

SlackChannelId = Annotated[
    str,
    AfterValidator(matching(r"[A-Z0-9]{9,20}", "expected a Slack channel id such as C07ABCDEF12")),
    Rule("a Slack channel id: uppercase letters and digits, e.g. C07ABCDEF12"),
]
"""Id of a Slack channel (the end of the channel's link; AWS Chatbot API Reference,
SlackChannelConfiguration ``SlackChannelId``, pattern ``[A-Za-z0-9]+``; Slack writes
them in upper case). An identifier, not a secret."""

SlackWorkspaceId = Annotated[
    str,
    AfterValidator(matching(r"T[A-Z0-9]{8,20}", "expected a Slack workspace id such as T024F6QTP")),
    Rule("a Slack workspace (team) id: T and uppercase letters and digits"),
]
"""Id of a Slack workspace authorized in the AWS Chatbot console (``slack_team_id``).
An identifier, not a secret."""


class SeverityRouting(Settings):
    """Where alerts of one severity go."""

    emails: tuple[Email, ...] = ()
    """E-mail addresses subscribed to the severity's topic (each confirms once, from the
    message SNS sends). Default: none."""
    pagerduty: bool = False
    """Open a PagerDuty incident for each alarm (resolved when it recovers), through the
    PagerDuty forwarder. Default: false."""
    slack_channels: tuple[SlackChannelId, ...] = ()
    """Slack channels the severity's alerts are posted to through AWS Chatbot (the
    workspace is ``slack.workspace_id``). Default: none."""

    @field_validator("emails")
    @classmethod
    def _distinct_emails(cls, emails: tuple[str, ...]) -> tuple[str, ...]:
        # Each subscription's address is named after its e-mail address.
        if len({subscription_label(email) for email in emails}) != len(emails):
            raise ValueError(
                "expected each address once (compared ignoring case and punctuation, as "
                "the subscriptions' Terraform addresses are)"
            )
        return emails

    @field_validator("slack_channels")
    @classmethod
    def _distinct_channels(cls, channels: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(channels)) != len(channels):
            raise ValueError("expected each channel once")
        return channels

    @property
    def is_routed(self) -> bool:
        """Someone hears of this severity."""
        return bool(self.emails or self.pagerduty or self.slack_channels)


class SlackSettings(Settings):
    """The Slack workspace that AWS Chatbot posts to."""

    workspace_id: SlackWorkspaceId
    """Id of the workspace, authorized once per AWS account in the AWS Chatbot console
    (docs/alerting.md)."""
    api_region: Literal["us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1"] = "us-east-2"
    """Region whose AWS Chatbot API holds the channel configurations (the API exists in
    us-east-2, us-west-2, ap-southeast-1 and eu-west-1 only). Default: us-east-2."""
    logging_level: ChatbotLoggingLevel = "ERROR"
    """What AWS Chatbot logs to CloudWatch Logs: ERROR, INFO or NONE. Default: ERROR."""


class PagerDutySettings(Settings):
    """The forwarder that turns alerts into PagerDuty Events API v2 events."""

    log_retention_days: LogRetentionDays = 365
    """Retention of the forwarder's log group (what was paged, and why a page failed).
    Default: 365."""
    reserved_concurrency: int = Field(default=5, ge=1, le=100)
    """Concurrent executions reserved for (and capping) the forwarder, so that an alert
    storm neither starves other functions nor floods PagerDuty. Default: 5."""
    timeout_seconds: int = Field(default=15, ge=5, le=60)
    """Time the forwarder may take for one alert, PagerDuty's answer included.
    Default: 15."""


class AlertRoutingSettings(Settings):
    """Who hears of an alert of each severity: e-mail, PagerDuty, Slack through AWS
    Chatbot. No secret is configured here: the PagerDuty routing key is put into a
    Secrets Manager secret by an operator (docs/alerting.md), Slack ids are identifiers."""

    critical: SeverityRouting = Field(default_factory=SeverityRouting)
    """Where ``critical`` alerts go (users affected or about to be). Default: nowhere."""
    warning: SeverityRouting = Field(default_factory=SeverityRouting)
    """Where ``warning`` alerts go (degraded, trending towards an outage). Default:
    nowhere."""
    info: SeverityRouting = Field(default_factory=SeverityRouting)
    """Where ``info`` alerts go (worth knowing within a working day). Never paged.
    Default: nowhere."""
    slack: SlackSettings | None = None
    """The Slack workspace, required when a severity names Slack channels. Default:
    none."""
    pagerduty: PagerDutySettings = Field(default_factory=PagerDutySettings)
    """The PagerDuty forwarder, created when a severity pages. Default: the documented
    defaults."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        raise_problems(
            problem_if(
                self.info.pagerduty,
                "info.pagerduty",
                True,
                "expected false: info alerts never page (route them by e-mail or Slack)",
            ),
            problem_if(
                self.slack is None and bool(self.slack_channels),
                "slack",
                None,
                "expected the Slack workspace, since "
                + ", ".join(f"{s}.slack_channels" for s in self.routed_to_slack)
                + " names channels",
            ),
        )
        return self

    def route(self, severity: Severity) -> SeverityRouting:
        """Where alerts of ``severity`` go."""
        routing: SeverityRouting = getattr(self, severity)
        return routing

    @property
    def routed_to_slack(self) -> tuple[Severity, ...]:
        """The severities posted to some Slack channel."""
        return tuple(s for s in SEVERITIES if self.route(s).slack_channels)

    @property
    def slack_channels(self) -> dict[str, tuple[Severity, ...]]:
        """Each Slack channel with the severities posted to it, channels in order of first
        mention."""
        channels: dict[str, list[Severity]] = {}
        for severity in SEVERITIES:
            for channel in self.route(severity).slack_channels:
                channels.setdefault(channel, []).append(severity)
        return {channel: tuple(severities) for channel, severities in channels.items()}

    @property
    def paged(self) -> tuple[Severity, ...]:
        """The severities that open PagerDuty incidents."""
        return tuple(s for s in SEVERITIES if self.route(s).pagerduty)
