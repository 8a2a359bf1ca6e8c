"""Part of the core stack (stacks/core.py): operations beyond the data layer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core import CoreStack


def add_operations(stack: CoreStack) -> None:
    """The alarms and event rules of the cluster, the load balancers, the NAT gateways,
    AWS Backup and RDS (to ``stack.alarms``' topics, as ``stack.config.operations_alarms``
    asks), and the environment's ``dev_schedule`` when it has one."""
    # Placeholder (issue 15): replaced by the real alarms and schedule.
