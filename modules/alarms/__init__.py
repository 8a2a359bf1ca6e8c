"""CloudWatch alarms of the data layer (Aurora, Redis) notifying a KMS-encrypted SNS topic.

`AlarmsSettings` (cdktf-free) holds the evaluation window, the thresholds and the e-mail
subscribers; `Alarms` builds the topic (encrypted with a key CloudWatch may use, published
to only by this account's alarms and only over TLS) and, through `watch_aurora` and
`watch_redis`, alarms on Aurora CPU, freeable memory, connections and replica lag, and on
Redis engine CPU, memory use, evictions, replication lag and cache hit ratio.
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
