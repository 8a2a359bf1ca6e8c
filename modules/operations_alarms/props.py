"""Props of the operations alarms: their settings, name and topics."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.alerts import AlertTopics
from ..shared.settings import require
from ..shared.validation import matching
from .settings import OperationsAlarmsSettings

check_operations_name = matching(
    r"[a-z][a-z0-9-]{0,39}",
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 40 "
    "characters (rule names end in -rds-maintenance and stay within 64)",
)


@dataclass(frozen=True, kw_only=True)
class OperationsAlarmsProps:
    """Thresholds, a name prefix and the severity topics the alarms publish to."""

    name: str
    """Prefix of alarm and rule names, e.g. ``platform-dev``."""
    settings: OperationsAlarmsSettings
    """Evaluation window and thresholds."""
    topics: AlertTopics
    """Topic of each severity (``topic_arn_of``)."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_operations_name)
