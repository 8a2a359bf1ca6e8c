"""Thresholds of the alarms beyond the data layer (cdktf-free settings)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator

from ..alarms.settings import Period, check_evaluation_window
from ..shared.settings import Settings

Percent = Annotated[float, Field(gt=0, le=100)]


class OperationsAlarmsSettings(Settings):
    """Thresholds of the alarms beyond the data layer: EKS, load balancers, NAT gateways,
    AWS Backup jobs, RDS events.

    The metric alarms share one evaluation window (``period_seconds`` x
    ``evaluation_periods``, ``datapoints_to_alarm`` of them breaching). AWS Backup and RDS
    events need no threshold: every matching event is an alert (docs/operations-alarms.md
    lists them with their severities).
    """

    period_seconds: Period = 300
    """Length of one evaluated period: 10, 30 or a multiple of 60 seconds. Default: 300
    (Container Insights and NAT gateway metrics arrive once a minute; five minutes smooth
    a single slow scrape)."""
    evaluation_periods: int = Field(default=3, ge=1, le=100)
    """Periods looked at for each evaluation. Default: 3."""
    datapoints_to_alarm: int = Field(default=2, ge=1, le=100)
    """Periods out of ``evaluation_periods`` that must breach. Default: 2 (10 of 15
    minutes with the default period)."""
    node_cpu_percent: Percent = 80.0
    """Average ``node_cpu_utilization`` of the cluster's nodes (Container Insights) above
    this, percent. Default: 80 (the cluster autoscaler adds nodes for pending pods, not for
    busy nodes, so sustained load above this means requests are set too low)."""
    node_memory_percent: Percent = 85.0
    """Average ``node_memory_utilization`` of the cluster's nodes above this, percent.
    Default: 85 (above it the kubelet starts evicting pods)."""
    failed_nodes: int = Field(default=0, ge=0)
    """Maximum ``cluster_failed_node_count`` above this. Default: 0 (any node reporting a
    bad condition: memory, disk or PID pressure, network unavailable)."""
    container_restarts: int = Field(default=5, ge=1)
    """Container restarts across the cluster within one period above this (the increase
    of the summed ``pod_number_of_container_restarts``). Default: 5."""
    nat_port_allocation_errors: int = Field(default=0, ge=0)
    """Sum of a NAT gateway's ``ErrorPortAllocation`` in one period above this.
    Default: 0 (every failed allocation is a connection that could not be made)."""
    nat_dropped_packets: int = Field(default=100, ge=0)
    """Sum of a NAT gateway's ``PacketsDropCount`` in one period above this. Default: 100
    (a few drops happen on a healthy gateway; a steady stream does not)."""

    load_balancer_5xx: int = Field(default=10, ge=0)
    """Sum of an ALB's ``HTTPCode_ELB_5XX_Count`` (errors the load balancer itself
    returns: no healthy target, target unreachable) in one period above this. Default: 10."""
    target_5xx: int = Field(default=50, ge=0)
    """Sum of an ALB's ``HTTPCode_Target_5XX_Count`` (errors the services return) in one
    period above this. Default: 50."""
    target_response_seconds: float = Field(default=2.0, gt=0)
    """p99 of an ALB's ``TargetResponseTime`` above this, seconds. Default: 2."""

    @model_validator(mode="after")
    def _window(self) -> Self:
        check_evaluation_window(
            self.period_seconds, self.evaluation_periods, self.datapoints_to_alarm
        )
        return self
