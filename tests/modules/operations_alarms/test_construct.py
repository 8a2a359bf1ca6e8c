"""The OperationsAlarms construct: every alarm (metric, namespace, dimensions, statistic,
threshold, comparison, topic of its severity) and every EventBridge rule (pattern,
target), in one unit stack with a stand-in for the severity topics."""

from __future__ import annotations

import json
from typing import Any

import pytest

from platform_cdktf.modules.operations_alarms import (
    OperationsAlarms,
    OperationsAlarmsProps,
    OperationsAlarmsSettings,
)
from platform_cdktf.modules.shared.alerts import Severity
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, resources
from tests.support.units import synth_stack

CLUSTER = "unit-eks"
CLUSTER_ARN = "arn:aws:rds:us-east-1:111122223333:cluster:unit-aurora"


class Topics:
    """One recognisable topic ARN per severity."""

    def topic_arn_of(self, severity: Severity) -> str:
        return f"arn:aws:sns:us-east-1:111122223333:unit-{severity}"


def topic(severity: str) -> list[str]:
    return [f"arn:aws:sns:us-east-1:111122223333:unit-{severity}"]


SETTINGS = OperationsAlarmsSettings(
    period_seconds=60,
    evaluation_periods=5,
    datapoints_to_alarm=3,
    node_cpu_percent=70,
    node_memory_percent=75,
    failed_nodes=1,
    container_restarts=4,
    nat_port_allocation_errors=2,
    nat_dropped_packets=50,
    load_balancer_5xx=3,
    target_5xx=20,
    target_response_seconds=1.5,
)


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    def build(stack: Any) -> None:
        alarms = OperationsAlarms(
            stack,
            "ops",
            props=OperationsAlarmsProps(name="unit", settings=SETTINGS, topics=Topics()),
        )
        alarms.watch_cluster(CLUSTER)
        alarms.watch_nat_gateways({"us_east_1a": "nat-0a", "us_east_1b": "nat-0b"})
        alarms.watch_backup_jobs([CLUSTER_ARN])
        alarms.watch_rds_events("unit-aurora")
        alarms.watch_load_balancer("apps", "app/k8s-apps-0123456789/abcdef0123456789")

    stack, _ = synth_stack(build)
    return stack


def _alarm(stack: dict[str, Any], path: str) -> dict[str, Any]:
    return by_path(resources(stack, "aws_cloudwatch_metric_alarm"), f"ops/{path}")


# id, metric, statistic, threshold, severity
CLUSTER_ALARMS = [
    ("node_cpu_high", "node_cpu_utilization", "Average", 70, "warning"),
    ("node_memory_high", "node_memory_utilization", "Average", 75, "warning"),
    ("failed_nodes", "cluster_failed_node_count", "Maximum", 1, "critical"),
]


@pytest.mark.parametrize("expected", CLUSTER_ALARMS, ids=[row[0] for row in CLUSTER_ALARMS])
def test_container_insights_alarms(
    synthesized: dict[str, Any], expected: tuple[str, str, str, float, str]
) -> None:
    suffix, metric, statistic, threshold, severity = expected
    alarm = _alarm(synthesized, f"eks_unit_eks_{suffix}")
    assert alarm["alarm_name"] == f"{CLUSTER}-{suffix.replace('_', '-')}"
    assert alarm["namespace"] == "ContainerInsights"
    assert alarm["metric_name"] == metric
    assert alarm["dimensions"] == {"ClusterName": CLUSTER}
    assert alarm["statistic"] == statistic
    assert alarm["threshold"] == threshold
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    assert (alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (
        60,
        5,
        3,
    )
    # Nodes scaled to zero overnight report nothing, which is not an incident.
    assert alarm["treat_missing_data"] == "notBreaching"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == topic(severity)
    assert alarm["alarm_description"].startswith(f"[{severity}] {CLUSTER}: ")


def test_container_restarts_sum_the_cluster_and_count_per_period(
    synthesized: dict[str, Any],
) -> None:
    alarm = _alarm(synthesized, "eks_unit_eks_container_restarts")
    assert alarm["alarm_name"] == "unit-eks-container-restarts"
    total, per_period = alarm["metric_query"]
    assert total == {
        "id": "restarts_total",
        "expression": "SELECT SUM(pod_number_of_container_restarts) FROM "
        'SCHEMA("ContainerInsights", ClusterName, Namespace, PodName) '
        "WHERE ClusterName = 'unit-eks'",
        "period": 60,
        "return_data": False,
    }
    assert per_period["expression"] == "DIFF(restarts_total)"
    assert per_period["return_data"] is True
    assert "metric_name" not in alarm
    assert "namespace" not in alarm
    assert alarm["threshold"] == 4
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == topic("warning")


NAT_ALARMS = [
    ("port_allocation_errors", "ErrorPortAllocation", 2, "critical"),
    ("packets_dropped", "PacketsDropCount", 50, "warning"),
]


@pytest.mark.parametrize("zone", ["us_east_1a", "us_east_1b"])
@pytest.mark.parametrize("expected", NAT_ALARMS, ids=[row[0] for row in NAT_ALARMS])
def test_nat_gateway_alarms(
    synthesized: dict[str, Any], zone: str, expected: tuple[str, str, int, str]
) -> None:
    suffix, metric, threshold, severity = expected
    alarm = _alarm(synthesized, f"nat_{zone}_{suffix}")
    assert alarm["alarm_name"] == f"unit-nat-{zone.replace('_', '-')}-{suffix.replace('_', '-')}"
    assert alarm["namespace"] == "AWS/NATGateway"
    assert alarm["metric_name"] == metric
    assert alarm["dimensions"] == {"NatGatewayId": f"nat-0{zone[-1]}"}
    assert alarm["statistic"] == "Sum"
    assert alarm["threshold"] == threshold
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == topic(severity)


LOAD_BALANCER_ALARMS = [
    ("elb_5xx", "HTTPCode_ELB_5XX_Count", {"statistic": "Sum"}, 3, "critical"),
    ("target_5xx", "HTTPCode_Target_5XX_Count", {"statistic": "Sum"}, 20, "warning"),
    ("response_time_high", "TargetResponseTime", {"extended_statistic": "p99"}, 1.5, "warning"),
]


@pytest.mark.parametrize("expected", LOAD_BALANCER_ALARMS, ids=[r[0] for r in LOAD_BALANCER_ALARMS])
def test_load_balancer_alarms(
    synthesized: dict[str, Any], expected: tuple[str, str, dict[str, str], float, str]
) -> None:
    suffix, metric, statistic, threshold, severity = expected
    alarm = _alarm(synthesized, f"alb_apps_{suffix}")
    assert alarm["alarm_name"] == f"unit-alb-apps-{suffix.replace('_', '-')}"
    assert alarm["namespace"] == "AWS/ApplicationELB"
    assert alarm["metric_name"] == metric
    assert alarm["dimensions"] == {"LoadBalancer": "app/k8s-apps-0123456789/abcdef0123456789"}
    assert {key: alarm.get(key) for key in statistic} == statistic
    assert ({"statistic", "extended_statistic"} - set(statistic)).isdisjoint(alarm)
    assert alarm["threshold"] == threshold
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    # No requests, no 5XX datapoints: the healthy case.
    assert alarm["treat_missing_data"] == "notBreaching"
    assert alarm["alarm_actions"] == alarm["ok_actions"] == topic(severity)


def test_alarm_count(synthesized: dict[str, Any]) -> None:
    assert len(resources(synthesized, "aws_cloudwatch_metric_alarm")) == 4 + 2 * 2 + 3


def _rule(stack: dict[str, Any], suffix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    rule = by_path(resources(stack, "aws_cloudwatch_event_rule"), f"ops/rule_{suffix}")
    target = by_path(resources(stack, "aws_cloudwatch_event_target"), f"ops/rule_{suffix}_target")
    return rule, target


def test_backup_failures_of_this_environment_go_to_warning(synthesized: dict[str, Any]) -> None:
    rule, target = _rule(synthesized, "backup_failed")
    assert rule["name"] == "unit-backup-failed"
    assert json.loads(rule["event_pattern"]) == {
        "source": ["aws.backup"],
        "detail-type": ["Backup Job State Change", "Copy Job State Change"],
        "detail": {"state": ["FAILED", "ABORTED", "EXPIRED"], "resourceArn": [CLUSTER_ARN]},
    }
    assert [target["arn"]] == topic("warning")
    assert target["target_id"] == "warning"
    assert target["rule"].startswith("${aws_cloudwatch_event_rule.")


@pytest.mark.parametrize(
    ("suffix", "categories", "severity"),
    [("rds_failure", ["failure"], "critical"),
     ("rds_degraded", ["failover", "low storage"], "warning"),
     ("rds_maintenance", ["maintenance", "notification"], "info")],
)  # fmt: skip
def test_rds_events_of_the_cluster_and_its_instances(
    synthesized: dict[str, Any], suffix: str, categories: list[str], severity: str
) -> None:
    rule, target = _rule(synthesized, suffix)
    assert rule["name"] == f"unit-{suffix.replace('_', '-')}"
    assert json.loads(rule["event_pattern"]) == {
        "source": ["aws.rds"],
        "detail-type": ["RDS DB Cluster Event", "RDS DB Instance Event"],
        "detail": {
            "EventCategories": categories,
            "SourceIdentifier": ["unit-aurora", {"prefix": "unit-aurora-"}],
        },
    }
    assert [target["arn"]] == topic(severity)
    assert rule["description"].startswith(f"[{severity}] ")


def test_names_are_checked() -> None:
    with pytest.raises(SettingsError) as caught:
        OperationsAlarmsProps(name="Unit_Ops", settings=SETTINGS, topics=Topics())
    assert caught.value.lines[0].startswith("OperationsAlarmsProps.name = 'Unit_Ops': expected ")
