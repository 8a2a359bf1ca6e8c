"""Part of the account baseline stack (stacks/account.py): its alert topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from platform_cdktf.modules.alert_routing import AlertTopicsProps, AlertTopicsWithRouting
from platform_cdktf.modules.shared.alerts import AlertTopics

if TYPE_CHECKING:
    from .account import AccountStack


def add_account_alert_topics(stack: AccountStack) -> AlertTopics:
    """The account's alert topics (one per severity, ``<name_prefix>-alerts-<severity>``)
    and their subscriptions, from ``stack.config.alerts`` (construct id ``alerts``)."""
    config = stack.config
    chat = stack.target.supports("alert_chat")
    slack = config.alerts.slack
    return AlertTopicsWithRouting(
        stack,
        "alerts",
        props=AlertTopicsProps(
            name=f"{config.name_prefix}-alerts",
            settings=config.alerts,
            # Chatbot's API is in a few Regions only (CHATBOT_API_REGIONS).
            chatbot_provider=stack.aws_provider(
                "aws_chatbot", region=slack.api_region, alias="chatbot"
            )
            if slack is not None and chat
            else None,
            chat=chat,
        ),
    )
