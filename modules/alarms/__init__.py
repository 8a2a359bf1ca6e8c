"""CloudWatch alarms of the data layer (Aurora, Redis) notifying a KMS-encrypted SNS topic."""

from __future__ import annotations

from .construct import Alarms
from .props import AlarmsProps, AuroraAlarmThresholds, RedisAlarmThresholds

__all__ = ["Alarms", "AlarmsProps", "AuroraAlarmThresholds", "RedisAlarmThresholds"]
