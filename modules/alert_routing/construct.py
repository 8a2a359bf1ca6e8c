"""The alert topics of every severity with the subscriptions that route them."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct

from ..alarms.settings import subscription_label
from ..shared.alerts import SEVERITIES, Severity
from .pagerduty import PagerDutyForwarder
from .props import AlertRoutingProps, AlertTopicsProps
from .slack import SlackChannels
from .topics import SeverityTopics, SeverityTopicsProps

ERROR_SEVERITY: Severity = "warning"
"""Where the forwarder's own failures are reported: a topic that does not page through
the failing forwarder (settings refuse paging on info; warning pages only if chosen)."""


class AlertRouting(Construct):
    """The subscriptions of the topics of each severity:

    - ``email_<severity>_<address label>``: an e-mail subscription per address (each
      confirms once, from SNS's message);
    - ``pagerduty``: the :class:`~.pagerduty.PagerDutyForwarder`, subscribed to the topics
      of the severities that page;
    - ``slack``: the :class:`~.slack.SlackChannels`, one AWS Chatbot configuration per
      channel, subscribed to the topics of its severities.
    """

    def __init__(self, scope: Construct, id_: str, *, props: AlertRoutingProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        settings = props.settings
        self.emails: dict[tuple[Severity, str], SnsTopicSubscription] = {
            (severity, address): SnsTopicSubscription(
                self,
                f"email_{severity}_{subscription_label(address)}",
                topic_arn=props.topic_arns[severity],
                protocol="email",
                endpoint=address,
            )
            for severity in SEVERITIES
            for address in settings.route(severity).emails
        }
        paged = settings.paged
        self.pagerduty = (
            PagerDutyForwarder(
                self,
                "pagerduty",
                name=props.name,
                settings=settings.pagerduty,
                topic_arns={severity: props.topic_arns[severity] for severity in paged},
                error_topic_arn=props.topic_arns[ERROR_SEVERITY],
            )
            if paged and props.pagerduty
            else None
        )
        channels = settings.slack_channels
        self.slack = (
            SlackChannels(
                self,
                "slack",
                name=props.name,
                settings=settings.slack,
                channels=channels,
                topic_arns=props.topic_arns,
                provider=props.chatbot_provider,
            )
            if channels and settings.slack is not None and props.chat
            else None
        )


class AlertTopicsWithRouting(Construct):
    """One encrypted SNS topic per severity (``<name>-<severity>``), which CloudWatch
    alarms and EventBridge rules of the account may publish to, and the subscriptions
    of the routing settings (``routing``).

    For a stack that has no topic yet (the account baseline); the core stack's
    :class:`~platform_cdktf.modules.alarms.Alarms` builds its topics itself so that its
    older topic keeps its address::

        alerts = AlertTopicsWithRouting(
            stack, "alerts", props=AlertTopicsProps(name="platform-main-alerts", settings=s)
        )
        rule_target = alerts.topic_arn_of("warning")
    """

    def __init__(self, scope: Construct, id_: str, *, props: AlertTopicsProps) -> None:
        super().__init__(scope, id_)
        self.props = props
        self.topics = SeverityTopics(
            self,
            props=SeverityTopicsProps(
                topic_names=props.topic_names,
                key_alias=props.name,
                key_description=f"Alert topics of {props.name}",
                key_deletion_window_days=props.key_deletion_window_days,
            ),
        )
        self.routing = AlertRouting(
            self,
            "routing",
            props=AlertRoutingProps(
                name=props.name,
                settings=props.settings,
                topic_arns={severity: self.topic_arn_of(severity) for severity in SEVERITIES},
                chatbot_provider=props.chatbot_provider,
                chat=props.chat,
                pagerduty=props.pagerduty,
            ),
        )

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN of the topic of ``severity``."""
        return self.topics.topic_arn_of(severity)

    @property
    def kms_key_arn(self) -> str:
        """ARN of the key encrypting the topics."""
        return self.topics.key_arn
