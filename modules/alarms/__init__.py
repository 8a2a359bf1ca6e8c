"""CloudWatch alarms of the data layer (Aurora, Redis) notifying a KMS-encrypted SNS topic.

:class:`AlarmsSettings` (cdktf-free) holds the thresholds and subscribers;
:class:`Alarms` builds the topic and, through its ``watch_*`` methods, the alarms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import Alarms as Alarms
    from .props import AlarmsProps as AlarmsProps
    from .settings import AlarmsSettings as AlarmsSettings
    from .settings import AuroraAlarmThresholds as AuroraAlarmThresholds
    from .settings import RedisAlarmThresholds as RedisAlarmThresholds

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
