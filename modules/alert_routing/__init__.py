"""Who hears of an alert of each severity: one encrypted SNS topic per severity, which
CloudWatch alarms and EventBridge rules of the account may publish to, and subscriptions
for e-mail, PagerDuty (Events API v2, through a forwarder reading the routing key at run
time) and Slack through AWS Chatbot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import AlertTopicsWithRouting as AlertTopicsWithRouting
    from .props import AlertTopicsProps as AlertTopicsProps
    from .settings import AlertRoutingSettings as AlertRoutingSettings
    from .topics import SeverityTopics as SeverityTopics
    from .topics import SeverityTopicsProps as SeverityTopicsProps

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
