"""The alert topics of every severity with the subscriptions that route them."""

from __future__ import annotations

from constructs import Construct

from ..shared.alerts import Severity
from .props import AlertTopicsProps
from .topics import SeverityTopics, SeverityTopicsProps


class AlertTopicsWithRouting(Construct):
    """One encrypted SNS topic per severity (``<name>-<severity>``), which CloudWatch
    alarms and EventBridge rules of the account may publish to, and the subscriptions
    of the routing settings.

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

    def topic_arn_of(self, severity: Severity) -> str:
        """ARN of the topic of ``severity``."""
        return self.topics.topic_arn_of(severity)

    @property
    def kms_key_arn(self) -> str:
        """ARN of the key encrypting the topics."""
        return self.topics.key_arn
