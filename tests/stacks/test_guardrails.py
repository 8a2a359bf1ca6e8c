"""The guardrails pack over the platform's own stacks, as every synthesis runs it.

Each defect the pack was built to catch is asserted fixed here on the synthesized JSON
as well, so reintroducing one fails both the pack (zero errors) and a named test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.modules.alb_controller.policy import CLUSTER_TAG
from platform_cdktf.modules.catalogue import aurora_postgresql_max_connections
from platform_cdktf.modules.guardrails import Report, run_pack
from platform_cdktf.modules.guardrails.iam import parse_policy
from platform_cdktf.modules.providers import TERRAFORM_MIN_VERSION
from platform_cdktf.stacks.guardrails import report_directory
from tests.support.synth import StackJson, by_path, resources

ALL_STACKS = {
    "bootstrap",
    "account-main",
    "dev-core",
    "dev-platform",
    "prod-core",
    "prod-platform",
}


@pytest.fixture(scope="module")
def report(synth_outdir: Path) -> Report:
    return run_pack(synth_outdir)


@pytest.fixture(scope="module")
def written(synth_outdir: Path) -> dict[str, Any]:
    """The JSON report synthesis wrote beside the output."""
    path = report_directory(synth_outdir) / "guardrails.json"
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def test_every_rule_ran_on_every_stack_of_both_environments_and_bootstrap(
    report: Report, written: dict[str, Any]
) -> None:
    assert set(report.stacks) == ALL_STACKS
    assert set(written["stacks"]) == ALL_STACKS
    assert [rule["id"] for rule in written["rules"]] == [rule.id for rule in report.rules]


def test_the_platform_has_no_guardrail_error(report: Report) -> None:
    errors = [f"{o.finding.stack} {o.finding.address}: {o.finding.message}" for o in report.errors]
    assert errors == []


def test_the_report_lists_each_suppression_with_its_reason(
    report: Report, written: dict[str, Any]
) -> None:
    assert report.suppressed, "the platform records its deliberate exceptions"
    listed = {(s["rule"], s["stack"], s["address"], s["suppressed"]) for s in written["suppressed"]}
    for outcome in report.suppressed:
        assert outcome.suppression is not None
        finding = outcome.finding
        assert len(outcome.suppression.reason.split()) >= 6
        assert (
            finding.rule_id,
            finding.stack,
            finding.address,
            outcome.suppression.reason,
        ) in listed
    assert written["counts"]["error"] == 0


def test_production_stacks_are_marked_and_checked(stacks: dict[str, StackJson]) -> None:
    for name, stack in stacks.items():
        marked = stack.get("//", {}).get("guardrails", {}).get("production", False)
        assert marked == name.startswith("prod-"), name


def test_every_stack_requires_the_supported_terraform(stacks: dict[str, StackJson]) -> None:
    for name, stack in stacks.items():
        assert stack["terraform"]["required_version"] == f">= {TERRAFORM_MIN_VERSION}", name


def test_private_nacls_admit_every_nat_return_port(stacks: dict[str, StackJson]) -> None:
    for name in ("dev-core", "prod-core"):
        internet = [
            (rule["protocol"], rule["from_port"], rule["to_port"])
            for rule in resources(stacks[name], "aws_network_acl_rule").values()
            if not rule["egress"] and rule["cidr_block"] == "0.0.0.0/0"
            and rule["network_acl_id"].startswith("${aws_network_acl.vpc_nacl_private")
        ]  # fmt: skip
        assert sorted(internet) == [("tcp", 1024, 65535), ("udp", 1024, 65535)], name


def test_node_instances_and_volumes_carry_the_cost_tags(stacks: dict[str, StackJson]) -> None:
    for name in ("dev-core", "prod-core"):
        stack = stacks[name]
        (provider,) = [p for p in stack["provider"]["aws"] if "alias" not in p]
        default_tags = provider["default_tags"][0]["tags"]
        for template in resources(stack, "aws_launch_template").values():
            for specification in template["tag_specifications"]:
                assert specification["tags"] == {**default_tags, "Name": template["name"]}


def test_connection_alarms_can_fire(stacks: dict[str, StackJson]) -> None:
    for name in ("dev-core", "prod-core"):
        stack = stacks[name]
        classes = {
            body["identifier"]: body["instance_class"]
            for body in resources(stack, "aws_rds_cluster_instance").values()
        }
        alarms = [
            alarm
            for alarm in resources(stack, "aws_cloudwatch_metric_alarm").values()
            if alarm.get("metric_name") == "DatabaseConnections"
        ]
        assert alarms, name
        for alarm in alarms:
            instance = alarm["dimensions"]["DBInstanceIdentifier"]
            limit = aurora_postgresql_max_connections(classes[instance])
            assert alarm["threshold"] == int(limit * 0.8), (name, instance)


def test_tainted_spot_groups_start_empty(stacks: dict[str, StackJson]) -> None:
    for name in ("dev-core", "prod-core"):
        for group in resources(stacks[name], "aws_eks_node_group").values():
            if group.get("taint"):
                assert group["scaling_config"]["desired_size"] == 0, name


def test_the_alb_controller_acts_only_on_its_own_clusters_resources(
    stacks: dict[str, StackJson],
) -> None:
    for environment in ("dev", "prod"):
        stack = stacks[f"{environment}-platform"]
        policy = by_path(resources(stack, "aws_iam_policy"), "alb_controller/irsa/policy")
        statements = parse_policy(policy["policy"], {})
        assert statements
        cluster_name = f"platform-{environment}-eks"
        pinned = 0
        for statement in statements:
            for condition in statement.conditions:
                if not condition.variable.endswith(f"Tag/{CLUSTER_TAG}"):
                    continue
                if condition.test == "Null":
                    # Only "the request does not set the tag"; never "the tag exists",
                    # which every cluster's load balancers satisfy.
                    assert condition.values == ("true",), statement.label
                else:
                    assert condition.test == "StringEquals", statement.label
                    assert condition.values == (cluster_name,), statement.label
                    pinned += 1
        assert pinned >= 7
        ingress = [s for s in statements if "ec2:AuthorizeSecurityGroupIngress" in s.actions]
        for statement in ingress:
            assert statement.conditions, statement.label
