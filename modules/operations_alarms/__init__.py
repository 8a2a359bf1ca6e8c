"""Alarms beyond the data layer: EKS, load balancers, NAT gateways, AWS Backup jobs, RDS
events.

`OperationsAlarmsSettings` (cdktf-free) holds the evaluation window and the thresholds;
`OperationsAlarms` creates, each published to the topic of its severity
(`AlertTopics.topic_arn_of`):

- **EKS** (Container Insights, `watch_cluster`): node CPU and memory, failed nodes,
  container restarts (a Metrics Insights query with `DIFF`).
- **Application Load Balancers** (`watch_load_balancer`): `HTTPCode_ELB_5XX_Count`,
  `HTTPCode_Target_5XX_Count`, p99 `TargetResponseTime` of one ALB (the platform stack
  finds each ingress group's ALB by the controller's tags: stacks/platform_operations.py).
- **NAT gateways** (`watch_nat_gateways`): `ErrorPortAllocation`, `PacketsDropCount`.
- **AWS Backup** (`watch_backup_jobs`): an EventBridge rule for failed, aborted or expired
  backup and copy jobs of the given resources.
- **RDS** (`watch_rds_events`): EventBridge rules for the Aurora cluster's and instances'
  failures, failovers, low storage, maintenance and notifications.

docs/operations-alarms.md lists every alarm, what it means and what to do first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .catalog import CLUSTER as CLUSTER
    from .catalog import CONTAINER_RESTARTS as CONTAINER_RESTARTS
    from .catalog import LOAD_BALANCER as LOAD_BALANCER
    from .catalog import NAT as NAT
    from .catalog import RDS_EVENTS as RDS_EVENTS
    from .construct import OperationsAlarms as OperationsAlarms
    from .props import OperationsAlarmsProps as OperationsAlarmsProps
    from .settings import OperationsAlarmsSettings as OperationsAlarmsSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
