"""Part of the core stack (stacks/core.py): operations beyond the data layer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from platform_cdktf.modules.dev_schedule import DevSchedule, DevScheduleProps, ScheduledNodeGroup
from platform_cdktf.modules.operations_alarms import OperationsAlarms, OperationsAlarmsProps

if TYPE_CHECKING:
    from .core import CoreStack


def add_operations(stack: CoreStack) -> None:
    """The alarms and event rules of the cluster, the NAT gateways, AWS Backup and RDS (to
    ``stack.alarms``' topics, as ``stack.config.operations_alarms`` asks), and the
    environment's ``dev_schedule`` when it has one (construct ids ``operations_alarms``
    and ``dev_schedule``)."""
    _alarms(stack)
    _schedule(stack)


def _alarms(stack: CoreStack) -> OperationsAlarms:
    config, target = stack.config, stack.target
    alarms = OperationsAlarms(
        stack,
        "operations_alarms",
        props=OperationsAlarmsProps(
            name=config.name_prefix, settings=config.operations_alarms, topics=stack.alarms
        ),
    )
    # Container Insights metrics exist only once the platform stack has installed the
    # CloudWatch Observability add-on (never on the local target: no platform stack there).
    if config.addons.cloudwatch_observability and target.supports("platform_stack"):
        alarms.watch_cluster(config.cluster_name)
    # The gateways sit in the first AZs, one per AZ or a single one (modules/vpc).
    zones = stack.vpc.availability_zones
    gateways = stack.vpc.nat_gateway_ids
    alarms.watch_nat_gateways(
        {zone.replace("-", "_"): gateway for zone, gateway in zip(zones, gateways, strict=False)}
    )
    alarms.watch_backup_jobs([stack.aurora.cluster_arn])
    alarms.watch_rds_events(config.aurora_cluster_identifier)
    return alarms


def _schedule(stack: CoreStack) -> DevSchedule | None:
    settings = stack.config.dev_schedule
    if settings is None:
        return None
    groups = []
    for group in stack.eks.node_groups:
        group.yield_sizes_to_schedule()
        sizes = group.settings
        groups.append(
            ScheduledNodeGroup(
                cluster_name=stack.config.cluster_name,
                name=group.group_name,
                label=group.short_name,
                arn=group.arn,
                min_size=sizes.min_size,
                desired_size=sizes.desired_size,
                max_size=sizes.max_size,
            )
        )
    return DevSchedule(
        stack,
        "dev_schedule",
        props=DevScheduleProps(
            name=stack.config.name_prefix,
            settings=settings,
            aurora_cluster_identifier=stack.aurora.cluster_identifier,
            aurora_cluster_arn=stack.aurora.cluster_arn,
            node_groups=tuple(groups),
        ),
    )
