"""The alarms and event rules beyond the data layer, as data: metric or event pattern,
threshold, severity and why that severity (docs/operations-alarms.md lists them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..shared.alerts import Severity

Comparison = Literal["GreaterThanThreshold", "LessThanThreshold"]

CONTAINER_INSIGHTS = "ContainerInsights"
"""Namespace of the Container Insights metrics the CloudWatch Observability add-on sends
(Amazon CloudWatch User Guide, "Amazon EKS and Kubernetes Container Insights metrics")."""
APPLICATION_ELB = "AWS/ApplicationELB"
"""Namespace of the Application Load Balancer metrics, dimension ``LoadBalancer`` (the
final part of the load balancer's ARN, ``app/<name>/<id>``) (Elastic Load Balancing,
"CloudWatch metrics for your Application Load Balancer")."""
NAT_GATEWAY = "AWS/NATGateway"
"""Namespace of the NAT gateway metrics, dimension ``NatGatewayId`` (Amazon VPC User
Guide, "CloudWatch metrics for your NAT gateway")."""


@dataclass(frozen=True)
class MetricAlarmSpec:
    """One alarm on one CloudWatch metric."""

    suffix: str
    """End of the alarm name, ``<subject>-<suffix>``."""
    namespace: str
    """CloudWatch namespace."""
    metric_name: str
    """The metric, as the service publishes it."""
    statistic: str
    """Statistic over one period; a percentile such as ``p99`` is an extended statistic."""
    threshold: str
    """Field of ``OperationsAlarmsSettings`` holding the threshold."""
    severity: Severity
    """Which topic hears of it."""
    reason: str
    """Why that severity, in one line."""
    description: str
    """What breached; ``{threshold}`` is filled in."""
    comparison: Comparison = "GreaterThanThreshold"
    """Whether the alarm fires above or below the threshold."""
    treat_missing_data: str = "notBreaching"
    """How periods without data count."""


# Container Insights publishes node utilisation aggregated over the cluster with the
# dimension ClusterName alone, and cluster_failed_node_count with ClusterName (Amazon
# CloudWatch User Guide, "Amazon EKS and Kubernetes Container Insights metrics").
# Missing data is not breaching: a cluster scaled to zero overnight (dev schedule) or an
# agent being redeployed reports nothing and is not an incident. A dead agent is noticed
# on the Container Insights dashboard, not by these alarms (see docs/operations-alarms.md).
CLUSTER = (
    MetricAlarmSpec(
        "node-cpu-high", CONTAINER_INSIGHTS, "node_cpu_utilization", "Average",
        "node_cpu_percent", "warning",
        "busy nodes slow pods down but serve them; a person should look within hours",
        "average node CPU above {threshold} %",
    ),
    MetricAlarmSpec(
        "node-memory-high", CONTAINER_INSIGHTS, "node_memory_utilization", "Average",
        "node_memory_percent", "warning",
        "the kubelet evicts pods under memory pressure; not yet an outage",
        "average node memory above {threshold} %",
    ),
    MetricAlarmSpec(
        "failed-nodes", CONTAINER_INSIGHTS, "cluster_failed_node_count", "Maximum",
        "failed_nodes", "critical",
        "pods on a failed node stop serving now and capacity is lost",
        "more than {threshold} nodes report a failed condition",
    ),
)  # fmt: skip
"""Per EKS cluster (dimension ``ClusterName``)."""

CONTAINER_RESTARTS = MetricAlarmSpec(
    "container-restarts", CONTAINER_INSIGHTS, "pod_number_of_container_restarts", "SUM",
    "container_restarts", "warning",
    "a crash-looping container degrades one service; its replicas usually still serve",
    "more than {threshold} container restarts in one period",
)  # fmt: skip
"""Per EKS cluster: the metric exists per pod (dimensions ``PodName``, ``Namespace``,
``ClusterName``), so a Metrics Insights query sums it over the cluster and ``DIFF`` turns
the running restart counts into restarts per period."""

NAT = (
    MetricAlarmSpec(
        "port-allocation-errors", NAT_GATEWAY, "ErrorPortAllocation", "Sum",
        "nat_port_allocation_errors", "critical",
        "every error is an outbound connection that failed: egress is broken now",
        "more than {threshold} failed source port allocations in one period",
    ),
    MetricAlarmSpec(
        "packets-dropped", NAT_GATEWAY, "PacketsDropCount", "Sum",
        "nat_dropped_packets", "warning",
        "drops cause retries and latency; persistent drops need a look, not a page",
        "more than {threshold} dropped packets in one period",
    ),
)  # fmt: skip
"""Per NAT gateway (dimension ``NatGatewayId``)."""


# The 5XX counts are reported only for periods with such responses: missing data is the
# healthy case. Response time has no data without requests, also not an incident.
LOAD_BALANCER = (
    MetricAlarmSpec(
        "elb-5xx", APPLICATION_ELB, "HTTPCode_ELB_5XX_Count", "Sum",
        "load_balancer_5xx", "critical",
        "the load balancer itself fails requests (no healthy target): users see errors now",
        "more than {threshold} 5XX responses from the load balancer in one period",
    ),
    MetricAlarmSpec(
        "target-5xx", APPLICATION_ELB, "HTTPCode_Target_5XX_Count", "Sum",
        "target_5xx", "warning",
        "a service answers with errors; the owning team looks first, no page",
        "more than {threshold} 5XX responses from the services in one period",
    ),
    MetricAlarmSpec(
        "response-time-high", APPLICATION_ELB, "TargetResponseTime", "p99",
        "target_response_seconds", "warning",
        "slow but answering: degraded, not down",
        "p99 target response time above {threshold} s",
    ),
)  # fmt: skip
"""Per Application Load Balancer (dimension ``LoadBalancer``)."""


@dataclass(frozen=True)
class EventRuleSpec:
    """One EventBridge rule sending matching events to a severity's topic."""

    suffix: str
    """End of the rule name, ``<name>-<suffix>`` (64 characters at most in all)."""
    severity: Severity
    """Which topic hears of it."""
    reason: str
    """Why that severity, in one line."""
    description: str
    """The rule's description."""


BACKUP_DETAIL_TYPES = ("Backup Job State Change", "Copy Job State Change")
"""Detail types of AWS Backup's job events (Amazon EventBridge Events Reference, "AWS
Backup events"; AWS Backup Developer Guide, "Monitoring AWS Backup events using Amazon
EventBridge": both carry ``detail.state`` and ``detail.resourceArn``)."""
BACKUP_FAILED_STATES = ("FAILED", "ABORTED", "EXPIRED")
"""Job states that mean no recovery point (AWS Backup API Reference, ``BackupJob.State``:
CREATED, PENDING, RUNNING, ABORTING, ABORTED, COMPLETED, FAILED, EXPIRED, PARTIAL; a copy
job reaches FAILED)."""

BACKUP_JOBS = EventRuleSpec(
    "backup-failed", "warning",
    "a missed recovery point widens the data-loss window but affects no user yet",
    "AWS Backup or copy job of this environment's Aurora cluster failed, aborted or expired",
)  # fmt: skip

RDS_CLUSTER_EVENT = "RDS DB Cluster Event"
RDS_INSTANCE_EVENT = "RDS DB Instance Event"
"""Detail types of RDS cluster and instance events (Amazon EventBridge Events Reference,
"Amazon Relational Database Service events"); ``detail.EventCategories`` and
``detail.SourceIdentifier`` are the fields of the RDS ``Event`` (Amazon RDS API Reference,
``Event``)."""

RDS_EVENTS: tuple[tuple[EventRuleSpec, tuple[str, ...]], ...] = (
    (
        EventRuleSpec(
            "rds-failure", "critical",
            "the cluster or an instance failed: the database is, or was, unavailable",
            "Aurora cluster or instance of this environment failed",
        ),
        ("failure",),
    ),
    (
        EventRuleSpec(
            "rds-degraded", "warning",
            "a failover already recovered and low storage has not failed yet: look soon",
            "Aurora cluster or instance of this environment failed over or runs low on storage",
        ),
        ("failover", "low storage"),
    ),
    (
        EventRuleSpec(
            "rds-maintenance", "info",
            "maintenance and notifications (including scheduled stops) need no action now",
            "Aurora maintenance and notifications of this environment",
        ),
        ("maintenance", "notification"),
    ),
)  # fmt: skip
"""RDS event rules with the event categories each matches (Amazon Aurora User Guide,
"Amazon RDS event categories and event messages for Aurora": clusters and instances share
the categories failover, failure, maintenance and notification; "low storage" is an
instance category)."""
