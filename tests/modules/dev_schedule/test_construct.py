"""The DevSchedule construct: the schedule group, each schedule's expression, time zone,
universal target and input, and the one role's trust and exact permissions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from platform_cdktf.modules.dev_schedule import (
    DevSchedule,
    DevScheduleProps,
    DevScheduleSettings,
    ScheduledNodeGroup,
)
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, only, resources
from tests.support.units import synth_stack

CLUSTER_ARN = "arn:aws:rds:us-east-1:111122223333:cluster:unit-aurora"
GROUP_ARNS = {
    "general": "arn:aws:eks:us-east-1:111122223333:nodegroup/unit-eks/unit-eks-general/a",
    "spot": "arn:aws:eks:us-east-1:111122223333:nodegroup/unit-eks/unit-eks-spot/b",
}
SETTINGS = DevScheduleSettings(
    time_zone="America/New_York", start_at="06:45", stop_at="19:30", days=("MON", "WED")
)
PARTITION = "${data.aws_partition.account_context_partition_235833C1.partition}"


def _group(label: str, sizes: tuple[int, int, int]) -> ScheduledNodeGroup:
    return ScheduledNodeGroup(
        cluster_name="unit-eks",
        name=f"unit-eks-{label}",
        label=label,
        arn=GROUP_ARNS[label],
        min_size=sizes[0],
        desired_size=sizes[1],
        max_size=sizes[2],
    )


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    def build(stack: Any) -> None:
        DevSchedule(
            stack,
            "schedule",
            props=DevScheduleProps(
                name="unit",
                settings=SETTINGS,
                aurora_cluster_identifier="unit-aurora",
                aurora_cluster_arn=CLUSTER_ARN,
                node_groups=(_group("general", (2, 3, 6)), _group("spot", (0, 1, 4))),
            ),
        )

    stack, _ = synth_stack(build)
    return stack


def _schedule(stack: dict[str, Any], id_: str) -> dict[str, Any]:
    return by_path(resources(stack, "aws_scheduler_schedule"), f"schedule/{id_}")


def test_one_group_holds_every_schedule(synthesized: dict[str, Any]) -> None:
    group = only(resources(synthesized, "aws_scheduler_schedule_group"))
    assert group["name"] == "unit-dev-schedule"
    schedules = resources(synthesized, "aws_scheduler_schedule")
    assert len(schedules) == 6
    for schedule in schedules.values():
        assert schedule["group_name"].startswith("${aws_scheduler_schedule_group.")
        assert schedule["schedule_expression_timezone"] == "America/New_York"
        assert schedule["flexible_time_window"] == {"mode": "OFF"}
        assert schedule["target"]["role_arn"].startswith("${aws_iam_role.schedule_role_")
        assert schedule["target"]["retry_policy"] == {
            "maximum_retry_attempts": 5,
            "maximum_event_age_in_seconds": 3600,
        }


STOP, START = "cron(30 19 ? * MON,WED *)", "cron(45 6 ? * MON,WED *)"


@pytest.mark.parametrize(
    ("id_", "expression", "action"),
    [("aurora_stop", STOP, "stopDBCluster"), ("aurora_start", START, "startDBCluster")],
)
def test_aurora_is_stopped_and_started(
    synthesized: dict[str, Any], id_: str, expression: str, action: str
) -> None:
    schedule = _schedule(synthesized, id_)
    assert schedule["name"] == f"unit-{id_.replace('_', '-')}"
    assert schedule["schedule_expression"] == expression
    assert schedule["target"]["arn"] == f"arn:{PARTITION}:scheduler:::aws-sdk:rds:{action}"
    assert json.loads(schedule["target"]["input"]) == {"DbClusterIdentifier": "unit-aurora"}


@pytest.mark.parametrize(
    ("label", "night", "day"),
    [("general", (0, 0, 6), (2, 3, 6)), ("spot", (0, 0, 4), (0, 1, 4))],
)
def test_node_groups_go_to_zero_and_back(
    synthesized: dict[str, Any],
    label: str,
    night: tuple[int, int, int],
    day: tuple[int, int, int],
) -> None:
    for id_, expression, sizes in (("stop", STOP, night), ("start", START, day)):
        schedule = _schedule(synthesized, f"{label}_{id_}")
        assert schedule["name"] == f"unit-{label}-{id_}"
        assert schedule["schedule_expression"] == expression
        assert (
            schedule["target"]["arn"]
            == f"arn:{PARTITION}:scheduler:::aws-sdk:eks:updateNodegroupConfig"
        )
        assert json.loads(schedule["target"]["input"]) == {
            "ClusterName": "unit-eks",
            "NodegroupName": f"unit-eks-{label}",
            "ScalingConfig": dict(zip(("MinSize", "DesiredSize", "MaxSize"), sizes, strict=True)),
        }


def test_the_role_is_trusted_by_the_scheduler_of_this_account(
    synthesized: dict[str, Any],
) -> None:
    role = only(resources(synthesized, "aws_iam_role"))
    assert role["name"] == "unit-dev-schedule"
    trust = by_path(data_sources(synthesized, "aws_iam_policy_document"), "schedule/trust")
    (statement,) = trust["statement"]
    assert statement["actions"] == ["sts:AssumeRole"]
    assert statement["principals"] == [
        {"type": "Service", "identifiers": ["scheduler.amazonaws.com"]}
    ]
    assert statement["condition"] == [
        {
            "test": "StringEquals",
            "variable": "aws:SourceAccount",
            "values": ["${data.aws_caller_identity.account_context_caller_FCC8001E.account_id}"],
        }
    ]


def test_the_role_may_do_exactly_the_three_calls_on_exactly_these_resources(
    synthesized: dict[str, Any],
) -> None:
    document = by_path(
        data_sources(synthesized, "aws_iam_policy_document"), "schedule/policy_document"
    )
    assert [
        (statement["effect"], statement["actions"], statement["resources"])
        for statement in document["statement"]
    ] == [
        ("Allow", ["rds:StopDBCluster", "rds:StartDBCluster"], [CLUSTER_ARN]),
        ("Allow", ["eks:UpdateNodegroupConfig"], list(GROUP_ARNS.values())),
    ]
    policy = only(resources(synthesized, "aws_iam_role_policy"))
    assert policy["policy"].startswith("${data.aws_iam_policy_document.schedule_policy_document")


def test_name_is_checked() -> None:
    with pytest.raises(SettingsError) as caught:
        DevScheduleProps(
            name="x" * 41,
            settings=SETTINGS,
            aurora_cluster_identifier="unit-aurora",
            aurora_cluster_arn=CLUSTER_ARN,
        )
    assert caught.value.lines[0].startswith(f"DevScheduleProps.name = '{'x' * 41}': expected ")
