"""Stops a non-production environment outside working hours and starts it again.

`DevScheduleSettings` (cdktf-free) holds the IANA time zone, the start and stop times and
the days; `DevSchedule` creates EventBridge Scheduler schedules in one schedule group that
stop and start the Aurora cluster (universal targets `rds:stopDBCluster` /
`rds:startDBCluster`) and scale each EKS managed node group to zero and back
(`eks:updateNodegroupConfig`), run by one role allowed exactly those calls on exactly those
resources. Production refuses the schedule (rule PROD-11).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import SCHEDULER_PRINCIPAL as SCHEDULER_PRINCIPAL
    from .construct import DevSchedule as DevSchedule
    from .props import DevScheduleProps as DevScheduleProps
    from .props import ScheduledNodeGroup as ScheduledNodeGroup
    from .settings import DevScheduleSettings as DevScheduleSettings
    from .settings import cron as cron

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
