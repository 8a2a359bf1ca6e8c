"""The CI runner on its own in a VPC: where its builds run, what its network and its role
may do, and how GitHub starts it."""

from __future__ import annotations

from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.ci_runner import (
    WORKFLOW_JOB_QUEUED,
    CiRunner,
    CiRunnerProps,
    CiRunnerSettings,
)
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import empty_stack, synth_stack, unit_vpc

StackJson = dict[str, Any]
UUID = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
CONNECTION = f"arn:aws:codeconnections:us-east-1:111122223333:connection/{UUID}"
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")


def _runner(link_github: bool = True, **settings: Any) -> tuple[StackJson, CiRunner]:
    def build(stack: TerraformStack) -> CiRunner:
        return CiRunner(
            stack,
            "ci_runner",
            props=CiRunnerProps(
                name="platform-dev",
                repository="acme/platform",
                settings=CiRunnerSettings(**settings),
                network=unit_vpc(stack),
                link_github=link_github,
            ),
        )

    stack_json: StackJson
    stack_json, runner = synth_stack(build)
    return stack_json, runner


@pytest.fixture(scope="module")
def synthesized() -> StackJson:
    return _runner()[0]


def _ref(stack: StackJson, resource_type: str, path: str, attribute: str = "id") -> str:
    return f"${{{resource_type}.{name_by_path(resources(stack, resource_type), path)}.{attribute}}}"


def _subnet_ids(stack: StackJson, tier: str) -> list[str]:
    return [_ref(stack, "aws_subnet", f"vpc/subnet_{tier}_{zone}") for zone in ZONES]


def _ec2_arn_prefix(stack: StackJson) -> str:
    """``arn:<partition>:ec2:<region>:<account>`` of the stack's account context."""
    names = {
        data_type: next(iter(data_sources(stack, data_type)))
        for data_type in ("aws_partition", "aws_region", "aws_caller_identity")
    }
    return (
        f"arn:${{data.aws_partition.{names['aws_partition']}.partition}}:ec2:"
        f"${{data.aws_region.{names['aws_region']}.name}}:"
        f"${{data.aws_caller_identity.{names['aws_caller_identity']}.account_id}}"
    )


def _statements(stack: StackJson) -> dict[str, dict[str, Any]]:
    document = by_path(data_sources(stack, "aws_iam_policy_document"), "ci_runner/policy_document")
    return {statement["sid"]: statement for statement in document["statement"]}


def test_the_project_is_named_for_the_workflows_runs_on_label(synthesized: StackJson) -> None:
    project = only(resources(synthesized, "aws_codebuild_project"))
    assert project["name"] == "platform-dev-github-runner"


def test_the_source_is_the_repository_through_the_projects_own_connection(
    synthesized: StackJson,
) -> None:
    project = only(resources(synthesized, "aws_codebuild_project"))
    connection = only(resources(synthesized, "aws_codeconnections_connection"))
    assert connection == {"name": "platform-dev-github", "provider_type": "GitHub"}
    assert project["source"] == {
        "type": "GITHUB",
        "location": "https://github.com/acme/platform.git",
        "auth": {
            "type": "CODECONNECTIONS",
            "resource": _ref(
                synthesized, "aws_codeconnections_connection", "ci_runner/connection", "arn"
            ),
        },
    }
    # Never the account-wide source credential another environment would overwrite.
    assert not resources(synthesized, "aws_codebuild_source_credential")


def test_builds_run_in_the_private_subnets_only(synthesized: StackJson) -> None:
    vpc_config = only(resources(synthesized, "aws_codebuild_project"))["vpc_config"]
    assert vpc_config["subnets"] == _subnet_ids(synthesized, "private")
    assert vpc_config["vpc_id"] == _ref(synthesized, "aws_vpc", "vpc")
    assert vpc_config["security_group_ids"] == [
        _ref(synthesized, "aws_security_group", "ci_runner/security_group")
    ]


def test_the_environment_timeout_and_logs_follow_the_settings(synthesized: StackJson) -> None:
    project = only(resources(synthesized, "aws_codebuild_project"))
    assert project["environment"] == {
        "compute_type": "BUILD_GENERAL1_SMALL",
        "image": "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        "type": "LINUX_CONTAINER",
        "image_pull_credentials_type": "CODEBUILD",
    }
    assert project["build_timeout"] == 120
    assert project["artifacts"] == {"type": "NO_ARTIFACTS"}
    assert project["logs_config"] == {
        "cloudwatch_logs": {
            "status": "ENABLED",
            "group_name": _ref(
                synthesized, "aws_cloudwatch_log_group", "ci_runner/log_group", "name"
            ),
        },
        "s3_logs": {"status": "DISABLED"},
    }
    log_group = by_path(resources(synthesized, "aws_cloudwatch_log_group"), "ci_runner/log_group")
    assert log_group["name"] == "/aws/codebuild/platform-dev-github-runner"
    assert log_group["retention_in_days"] == 365
    assert log_group["kms_key_id"] == _ref(synthesized, "aws_kms_key", "ci_runner/logs_key", "arn")


def test_the_security_group_admits_nothing_and_sends_only_https(synthesized: StackJson) -> None:
    group = by_path(resources(synthesized, "aws_security_group"), "ci_runner/security_group")
    assert "ingress" not in group
    assert "egress" not in group
    group_ref = _ref(synthesized, "aws_security_group", "ci_runner/security_group")
    ingress = resources(synthesized, "aws_vpc_security_group_ingress_rule")
    assert not [rule for rule in ingress.values() if rule["security_group_id"] == group_ref]
    egress = [
        rule
        for rule in resources(synthesized, "aws_vpc_security_group_egress_rule").values()
        if rule["security_group_id"] == group_ref
    ]
    assert [
        (rule["ip_protocol"], rule["from_port"], rule["to_port"], rule["cidr_ipv4"])
        for rule in egress
    ] == [("tcp", 443, 443, "0.0.0.0/0")]


def test_the_webhook_starts_a_build_for_each_queued_workflow_job(synthesized: StackJson) -> None:
    webhook = only(resources(synthesized, "aws_codebuild_webhook"))
    assert webhook["project_name"] == _ref(
        synthesized, "aws_codebuild_project", "ci_runner/project", "name"
    )
    assert webhook["build_type"] == "BUILD"
    assert webhook["filter_group"] == [
        {"filter": [{"type": "EVENT", "pattern": WORKFLOW_JOB_QUEUED}]}
    ]


def test_the_role_is_trusted_by_codebuild_of_this_account_only(synthesized: StackJson) -> None:
    trust = by_path(data_sources(synthesized, "aws_iam_policy_document"), "ci_runner/trust")
    (statement,) = trust["statement"]
    assert statement["principals"] == [
        {"type": "Service", "identifiers": ["codebuild.amazonaws.com"]}
    ]
    assert statement["actions"] == ["sts:AssumeRole"]
    assert [c["variable"] for c in statement["condition"]] == ["aws:SourceAccount"]


def test_the_role_may_do_exactly_its_logs_the_vpc_interfaces_and_the_connection(
    synthesized: StackJson,
) -> None:
    statements = _statements(synthesized)
    prefix = _ec2_arn_prefix(synthesized)
    subnets = [f"{prefix}:subnet/{subnet}" for subnet in _subnet_ids(synthesized, "private")]
    group = _ref(synthesized, "aws_security_group", "ci_runner/security_group")
    log_group = _ref(synthesized, "aws_cloudwatch_log_group", "ci_runner/log_group", "arn")
    connection = _ref(synthesized, "aws_codeconnections_connection", "ci_runner/connection", "arn")
    granted = {sid: (sorted(s["actions"]), s["resources"]) for sid, s in statements.items()}
    assert granted == {
        "WriteOwnLogs": (["logs:CreateLogStream", "logs:PutLogEvents"], [f"{log_group}:*"]),
        "DescribeTheVpc": (
            [
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
            ],
            ["*"],
        ),
        "CreateBuildInterfaces": (
            ["ec2:CreateNetworkInterface"],
            [f"{prefix}:network-interface/*", *subnets, f"{prefix}:security-group/{group}"],
        ),
        "RemoveBuildInterfaces": (
            ["ec2:DeleteNetworkInterface"],
            [f"{prefix}:network-interface/*"],
        ),
        "AuthorizeCodeBuildOnPrivateSubnets": (
            ["ec2:CreateNetworkInterfacePermission"],
            [f"{prefix}:network-interface/*"],
        ),
        "UseGithubConnection": (
            ["codeconnections:GetConnection", "codeconnections:GetConnectionToken"],
            [connection],
        ),
    }
    assert all(s["effect"] == "Allow" and "not_actions" not in s for s in statements.values())
    conditioned = {sid for sid, s in statements.items() if s.get("condition")}
    assert conditioned == {"AuthorizeCodeBuildOnPrivateSubnets"}


def test_interface_permissions_are_for_codebuild_in_the_private_subnets_only(
    synthesized: StackJson,
) -> None:
    statement = _statements(synthesized)["AuthorizeCodeBuildOnPrivateSubnets"]
    conditions = {(c["test"], c["variable"]): c["values"] for c in statement["condition"]}
    prefix = _ec2_arn_prefix(synthesized)
    assert conditions == {
        ("ArnEquals", "ec2:Subnet"): [
            f"{prefix}:subnet/{subnet}" for subnet in _subnet_ids(synthesized, "private")
        ],
        ("StringEquals", "ec2:AuthorizedService"): ["codebuild.amazonaws.com"],
    }


def test_the_project_waits_for_its_role_policy(synthesized: StackJson) -> None:
    project = only(resources(synthesized, "aws_codebuild_project"))
    policy = name_by_path(resources(synthesized, "aws_iam_role_policy"), "ci_runner/policy")
    assert project["depends_on"] == [f"aws_iam_role_policy.{policy}"]


@pytest.mark.parametrize("service", ["codeconnections", "codestar-connections"])
def test_an_existing_connection_is_used_with_its_own_service_prefix(service: str) -> None:
    arn = f"arn:aws:{service}:us-east-1:111122223333:connection/{UUID}"
    stack, _ = _runner(connection_arn=arn)
    assert not resources(stack, "aws_codeconnections_connection")
    project = only(resources(stack, "aws_codebuild_project"))
    assert project["source"]["auth"] == {"type": "CODECONNECTIONS", "resource": arn}
    statement = _statements(stack)["UseGithubConnection"]
    assert sorted(statement["actions"]) == [
        f"{service}:GetConnection",
        f"{service}:GetConnectionToken",
    ]
    assert statement["resources"] == [arn]


def test_without_the_github_link_there_is_no_webhook_connection_or_connection_grant() -> None:
    stack, runner = _runner(link_github=False)
    assert runner.webhook is None
    assert runner.connection is None
    assert not resources(stack, "aws_codebuild_webhook")
    assert not resources(stack, "aws_codeconnections_connection")
    assert "auth" not in only(resources(stack, "aws_codebuild_project"))["source"]
    assert "UseGithubConnection" not in _statements(stack)


def test_settings_reach_the_project() -> None:
    stack, _ = _runner(
        compute_type="BUILD_GENERAL1_LARGE",
        image="aws/codebuild/standard:7.0",
        build_timeout_minutes=30,
    )
    project = only(resources(stack, "aws_codebuild_project"))
    assert project["environment"]["compute_type"] == "BUILD_GENERAL1_LARGE"
    assert project["environment"]["image"] == "aws/codebuild/standard:7.0"
    assert project["build_timeout"] == 30


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "Platform_Dev", "lowercase"),
        ("name", "a-name-of-twenty-one-c", "at most 20 characters"),
        ("repository", "acme/*", "expected owner/name"),
    ],
)
def test_props_name_the_field_that_is_wrong(field: str, value: str, expected: str) -> None:
    stack = empty_stack()
    values: dict[str, Any] = {"name": "platform-dev", "repository": "acme/platform", field: value}
    with pytest.raises(SettingsError) as caught:
        CiRunnerProps(**values, settings=CiRunnerSettings(), network=unit_vpc(stack))
    (line,) = caught.value.lines
    assert line.startswith(f"CiRunnerProps.{field} = {value!r}: ")
    assert expected in line
