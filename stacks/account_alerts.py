"""Part of the account baseline stack (stacks/account.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdktf_cdktf_provider_aws.sns_topic import SnsTopic

from platform_cdktf.modules.shared import EncryptionKey, EncryptionKeyProps
from platform_cdktf.modules.shared.alerts import SEVERITIES, AlertTopics, Severity

if TYPE_CHECKING:
    from .account import AccountStack


class _PlaceholderTopics:
    """Placeholder (issue 15): plain topics until the alert routing module replaces it."""

    def __init__(self, stack: AccountStack) -> None:
        key = EncryptionKey(
            stack,
            "alerts_key",
            props=EncryptionKeyProps(alias=f"{stack.config.name_prefix}-alerts", description="x"),
        )
        self.topics = {
            severity: SnsTopic(
                stack,
                f"alerts_{severity}",
                name=f"{stack.config.name_prefix}-{severity}",
                kms_master_key_id=key.arn,
            )
            for severity in SEVERITIES
        }

    def topic_arn_of(self, severity: Severity) -> str:
        return self.topics[severity].arn


def add_account_alert_topics(stack: AccountStack) -> AlertTopics:
    """The account's alert topics (one per severity) and their subscriptions, from
    ``stack.config.alerts`` (construct id ``alerts``)."""
    return _PlaceholderTopics(stack)
