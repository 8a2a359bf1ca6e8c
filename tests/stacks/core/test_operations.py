"""Operations alarms, event rules and the dev schedule as dev-core and prod-core
synthesize them (and the load balancer alarms of the platform stacks): what each
environment gets, which topic each severity reaches, and that only dev is stopped at
night."""

from __future__ import annotations

import json

import pytest

from platform_cdktf.environments import EnvironmentConfig
from tests.support.synth import (
    StackJson,
    by_path,
    construct_path,
    data_sources,
    json_value,
    resources,
)

ENVIRONMENTS = ["dev", "prod"]


def _ops(stack: StackJson, resource_type: str) -> dict[str, dict[str, object]]:
    return {
        name: resource
        for name, resource in resources(stack, resource_type).items()
        if construct_path(name).startswith("operations_alarms_")
    }


def _core(stacks: dict[str, StackJson], environment: str) -> StackJson:
    return stacks[f"{environment}-core"]


@pytest.mark.parametrize(("environment", "gateways"), [("dev", 1), ("prod", 3)])
def test_every_nat_gateway_has_both_alarms(
    stacks: dict[str, StackJson], environment: str, gateways: int
) -> None:
    core = _core(stacks, environment)
    nat_ids = {f"${{aws_nat_gateway.{name}.id}}" for name in resources(core, "aws_nat_gateway")}
    alarms = [a for a in _ops(core, "aws_cloudwatch_metric_alarm").values()
              if a.get("namespace") == "AWS/NATGateway"]  # fmt: skip
    assert len(nat_ids) == gateways
    assert len(alarms) == 2 * gateways
    assert {alarm["dimensions"]["NatGatewayId"] for alarm in alarms} == nat_ids  # type: ignore[index]
    assert {alarm["metric_name"] for alarm in alarms} == {"ErrorPortAllocation", "PacketsDropCount"}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_container_insights_alarms_watch_the_environments_cluster(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = _core(stacks, environment)
    cluster = f"platform-{environment}-eks"
    alarms = [a for a in _ops(core, "aws_cloudwatch_metric_alarm").values()
              if str(a["alarm_name"]).startswith(f"{cluster}-")]  # fmt: skip
    assert sorted(str(alarm["alarm_name"]) for alarm in alarms) == [
        f"{cluster}-{suffix}"
        for suffix in ("container-restarts", "failed-nodes", "node-cpu-high", "node-memory-high")
    ]
    for alarm in alarms:
        if "dimensions" in alarm:
            assert alarm["dimensions"] == {"ClusterName": cluster}
        else:
            assert f"WHERE ClusterName = '{cluster}'" in json.dumps(alarm["metric_query"])


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_severities_reach_three_different_topics(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = _core(stacks, environment)
    rules = _ops(core, "aws_cloudwatch_event_rule")
    targets = _ops(core, "aws_cloudwatch_event_target")
    assert {str(rule["name"]) for rule in rules.values()} == {
        f"platform-{environment}-{suffix}"
        for suffix in ("backup-failed", "rds-failure", "rds-degraded", "rds-maintenance")
    }
    by_severity = {str(target["target_id"]): str(target["arn"]) for target in targets.values()}
    assert set(by_severity) == {"critical", "warning", "info"}
    assert all(arn.startswith("${aws_sns_topic.") for arn in by_severity.values())
    alarms = _ops(core, "aws_cloudwatch_metric_alarm").values()
    for alarm in alarms:
        severity = str(alarm["alarm_description"]).removeprefix("[").split("]")[0]
        assert alarm["alarm_actions"] == [by_severity[severity]], alarm["alarm_name"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_rds_and_backup_rules_name_this_environments_cluster(
    stacks: dict[str, StackJson], environment: str
) -> None:
    core = _core(stacks, environment)
    cluster = f"platform-{environment}-aurora"
    (cluster_name,) = resources(core, "aws_rds_cluster")
    for rule in _ops(core, "aws_cloudwatch_event_rule").values():
        detail = json_value(str(rule["event_pattern"]))["detail"]
        if "SourceIdentifier" in detail:
            assert detail["SourceIdentifier"] == [cluster, {"prefix": f"{cluster}-"}]
        else:
            assert detail["resourceArn"] == [f"${{aws_rds_cluster.{cluster_name}.arn}}"]


def test_dev_is_stopped_at_night(dev_core: StackJson, dev_config: EnvironmentConfig) -> None:
    assert dev_config.dev_schedule is not None
    assert dev_config.dev_schedule.time_zone == "Europe/Berlin"
    schedules = resources(dev_core, "aws_scheduler_schedule")
    assert sorted(str(schedule["name"]) for schedule in schedules.values()) == [
        f"platform-dev-{target}-{when}"
        for target in ("aurora", "general", "spot")
        for when in ("start", "stop")
    ]
    stop = by_path(schedules, "dev_schedule/general_stop")
    assert stop["schedule_expression"] == "cron(0 20 ? * MON,TUE,WED,THU,FRI *)"
    assert stop["schedule_expression_timezone"] == "Europe/Berlin"
    assert json_value(str(stop["target"]["input"]))["ScalingConfig"] == {
        "MinSize": 0,
        "DesiredSize": 0,
        "MaxSize": 6,
    }
    # Terraform leaves the sizes the schedule changes to the schedule.
    for group in resources(dev_core, "aws_eks_node_group").values():
        assert group["lifecycle"] == {
            "ignore_changes": ["scaling_config[0].desired_size", "scaling_config[0].min_size"]
        }


def test_prod_has_no_schedule(prod_core: StackJson, prod_config: EnvironmentConfig) -> None:
    assert prod_config.dev_schedule is None
    for resource_type in ("aws_scheduler_schedule", "aws_scheduler_schedule_group"):
        assert resources(prod_core, resource_type) == {}
    assert not [name for name in resources(prod_core, "aws_iam_role") if "dev_schedule" in name]
    for group in resources(prod_core, "aws_eks_node_group").values():
        assert group["lifecycle"] == {"ignore_changes": ["scaling_config[0].desired_size"]}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_ingress_groups_alb_is_found_by_the_controllers_tags(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform = stacks[f"{environment}-platform"]
    (load_balancer,) = data_sources(platform, "aws_lb").values()
    assert load_balancer["tags"] == {
        "elbv2.k8s.aws/cluster": f"platform-{environment}-eks",
        "ingress.k8s.aws/stack": "apps",
        "ingress.k8s.aws/resource": "LoadBalancer",
    }
    # Read after the Ingress, which waits for the controller's load balancer.
    (ingress_address,) = load_balancer["depends_on"]
    ingress = resources(platform, "kubernetes_manifest")[ingress_address.split(".")[1]]
    assert ingress["manifest"]["kind"] == "Ingress"
    assert ingress["wait"] == {"fields": {"status.loadBalancer.ingress[0].hostname": "^.+$"}}
    alarms = resources(platform, "aws_cloudwatch_metric_alarm")
    assert sorted(str(alarm["alarm_name"]) for alarm in alarms.values()) == [
        f"platform-{environment}-alb-apps-{suffix}"
        for suffix in ("elb-5xx", "response-time-high", "target-5xx")
    ]
    for alarm in alarms.values():
        assert alarm["dimensions"] == {
            "LoadBalancer": "${data.aws_lb.load_balancer_apps.arn_suffix}"
        }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_platform_alarms_reach_the_core_stacks_topics(
    stacks: dict[str, StackJson], environment: str
) -> None:
    platform, core = stacks[f"{environment}-platform"], _core(stacks, environment)
    topics = data_sources(platform, "aws_sns_topic")
    by_severity = {construct_path(name).removeprefix("alert_topics_"): name for name in topics}
    assert set(by_severity) == {"critical", "warning", "info"}
    # The names the platform stack looks up are the topics the core stack creates.
    assert {str(topic["name"]) for topic in topics.values()} == {
        str(topic["name"]) for topic in resources(core, "aws_sns_topic").values()
    }
    for alarm in resources(platform, "aws_cloudwatch_metric_alarm").values():
        severity = str(alarm["alarm_description"]).removeprefix("[").split("]")[0]
        topic = f"${{data.aws_sns_topic.{by_severity[severity]}.arn}}"
        assert alarm["alarm_actions"] == alarm["ok_actions"] == [topic]
