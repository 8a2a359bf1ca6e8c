"""AlertTopicsWithRouting in a unit stack: the topics, and for each severity its e-mail
subscriptions, the PagerDuty forwarder (secret without value, function, least-privilege
role, dead-letter queue, subscriptions) and the AWS Chatbot channel configurations."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.alert_routing import (
    AlertRoutingSettings,
    AlertTopicsProps,
    AlertTopicsWithRouting,
)
from platform_cdktf.modules.alert_routing.package import HANDLER, build_package
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.shared.settings import SettingsError
from tests.support.synth import by_path, data_sources, name_by_path, only, resources
from tests.support.units import TEST_TAGS, synth_stack

ROUTING = AlertRoutingSettings(
    critical={
        "emails": ["oncall@example.com"],
        "pagerduty": True,
        "slack_channels": ["C0INCIDENT1", "C0PLATFORM1"],
    },
    warning={"emails": ["ops@example.com"], "slack_channels": ["C0PLATFORM1"]},
    info={"emails": ["ops@example.com"]},
    slack={"workspace_id": "T024F6QTP", "logging_level": "INFO"},
)


def _build(stack: TerraformStack, routing: AlertRoutingSettings = ROUTING) -> Any:
    chatbot = aws_provider(
        stack,
        "aws_chatbot",
        props=AwsProviderProps(region="us-east-2", tags=TEST_TAGS, alias="chatbot"),
    )
    return AlertTopicsWithRouting(
        stack,
        "alerts",
        props=AlertTopicsProps(name="unit-alerts", settings=routing, chatbot_provider=chatbot),
    )


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    return synth_stack(_build)[0]


def _topic(stack: dict[str, Any], severity: str) -> str:
    name = name_by_path(resources(stack, "aws_sns_topic"), f"alerts_topic_{severity}")
    return f"${{aws_sns_topic.{name}.arn}}"


def _ref(stack: dict[str, Any], kind: str, path: str, attribute: str = "arn") -> str:
    return f"${{{kind}.{name_by_path(resources(stack, kind), path)}.{attribute}}}"


def _statements(stack: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    document = by_path(data_sources(stack, "aws_iam_policy_document"), path)
    return {statement["sid"]: statement for statement in document["statement"]}


# -- topics ------------------------------------------------------------------------------


def test_a_topic_per_severity_named_after_it(full: dict[str, Any]) -> None:
    topics = resources(full, "aws_sns_topic")
    assert sorted(topic["name"] for topic in topics.values()) == [
        "unit-alerts-critical",
        "unit-alerts-info",
        "unit-alerts-warning",
    ]
    key = _ref(full, "aws_kms_key", "alerts_key")
    assert {topic["kms_master_key_id"] for topic in topics.values()} == {key}
    grants = [
        s for s in by_path(data_sources(full, "aws_iam_policy_document"), "alerts_key_policy")[
            "statement"
        ] if s["sid"].startswith("ServiceUse")
    ]  # fmt: skip
    assert [g["principals"][0]["identifiers"] for g in grants] == [
        ["cloudwatch.amazonaws.com"],
        ["events.amazonaws.com"],
    ]
    for severity in ("critical", "warning", "info"):
        statements = _statements(full, f"alerts_topic_{severity}_policy_document")
        assert statements["EventBridgeRulesPublish"]["principals"][0]["identifiers"] == [
            "events.amazonaws.com"
        ]
        assert statements["CloudWatchAlarmsPublish"]["resources"] == [_topic(full, severity)]


# -- e-mail ------------------------------------------------------------------------------


def test_email_subscriptions_per_severity_and_address(full: dict[str, Any]) -> None:
    emails = {
        key: value
        for key, value in resources(full, "aws_sns_topic_subscription").items()
        if value["protocol"] == "email"
    }
    assert len(emails) == 3
    for path, severity, address in (
        ("alerts_routing_email_critical_oncall_example_com", "critical", "oncall@example.com"),
        ("alerts_routing_email_warning_ops_example_com", "warning", "ops@example.com"),
        ("alerts_routing_email_info_ops_example_com", "info", "ops@example.com"),
    ):
        subscription = by_path(emails, path)
        assert subscription["endpoint"] == address
        assert subscription["topic_arn"] == _topic(full, severity)


# -- PagerDuty ---------------------------------------------------------------------------


def test_the_routing_key_secret_has_no_value_in_terraform(full: dict[str, Any]) -> None:
    secret = only(resources(full, "aws_secretsmanager_secret"))
    assert secret["name"] == "unit-alerts/pagerduty-routing-key"
    assert secret["kms_key_id"] == _ref(full, "aws_kms_key", "alerts_routing_pagerduty_key")
    assert resources(full, "aws_secretsmanager_secret_version") == {}
    # No key, token or URL of PagerDuty's anywhere in the configuration.
    text = json.dumps(full)
    assert "events.pagerduty.com/integration" not in text
    assert 'routing_key":' not in text


def test_the_forwarder_function(full: dict[str, Any]) -> None:
    function = only(resources(full, "aws_lambda_function"))
    assert function["function_name"] == "unit-alerts-pagerduty"
    assert (function["runtime"], function["handler"]) == ("python3.12", HANDLER)
    assert function["reserved_concurrent_executions"] == 5
    assert function["timeout"] == 15
    assert function["source_code_hash"] == build_package().sha256_base64
    assert function["filename"].endswith(".zip")
    key = _ref(full, "aws_kms_key", "alerts_routing_pagerduty_key")
    assert function["kms_key_arn"] == key
    dlq = _ref(full, "aws_sqs_queue", "alerts_routing_pagerduty_dead_letters")
    assert function["dead_letter_config"] == {"target_arn": dlq}
    variables = function["environment"]["variables"]
    assert variables["ROUTING_KEY_SECRET_ARN"] == _ref(
        full, "aws_secretsmanager_secret", "alerts_routing_pagerduty_routing_key"
    )
    # Only the critical topic pages.
    assert variables["TOPIC_SEVERITIES"] == f"{_topic(full, 'critical')}=critical"
    queue = only(resources(full, "aws_sqs_queue"))
    assert queue["kms_master_key_id"] == key
    assert queue["message_retention_seconds"] == 14 * 24 * 3600
    group = only(resources(full, "aws_cloudwatch_log_group"))
    assert group["name"] == "/aws/lambda/unit-alerts-pagerduty"
    assert group["kms_key_id"] == key


def test_the_forwarder_role_is_least_privilege(full: dict[str, Any]) -> None:
    statements = _statements(full, "alerts_routing_pagerduty_policy_document")
    assert {sid: (s["actions"], s["resources"]) for sid, s in statements.items()} == {
        "WriteOwnLogs": (
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [f"{_ref(full, 'aws_cloudwatch_log_group', 'alerts_routing_pagerduty_log_group')}:*"],
        ),
        "ReadRoutingKey": (
            ["secretsmanager:GetSecretValue"],
            [_ref(full, "aws_secretsmanager_secret", "alerts_routing_pagerduty_routing_key")],
        ),
        "SendToDeadLetterQueue": (
            ["sqs:SendMessage"],
            [_ref(full, "aws_sqs_queue", "alerts_routing_pagerduty_dead_letters")],
        ),
        "UseForwarderKey": (
            ["kms:Decrypt", "kms:GenerateDataKey"],
            [_ref(full, "aws_kms_key", "alerts_routing_pagerduty_key")],
        ),
    }
    trust = by_path(data_sources(full, "aws_iam_policy_document"), "alerts_routing_pagerduty_trust")
    assert trust["statement"][0]["principals"] == [
        {"type": "Service", "identifiers": ["lambda.amazonaws.com"]}
    ]


def test_only_paging_topics_invoke_the_forwarder(full: dict[str, Any]) -> None:
    permission = only(resources(full, "aws_lambda_permission"))
    assert (permission["principal"], permission["action"]) == (
        "sns.amazonaws.com",
        "lambda:InvokeFunction",
    )
    assert permission["source_arn"] == _topic(full, "critical")
    (subscription,) = [
        s
        for s in resources(full, "aws_sns_topic_subscription").values()
        if s["protocol"] == "lambda"
    ]
    assert subscription["topic_arn"] == _topic(full, "critical")
    assert subscription["endpoint"] == _ref(
        full, "aws_lambda_function", "alerts_routing_pagerduty_function"
    )


def test_forwarder_errors_alarm_on_the_warning_topic(full: dict[str, Any]) -> None:
    alarm = only(resources(full, "aws_cloudwatch_metric_alarm"))
    assert (alarm["namespace"], alarm["metric_name"]) == ("AWS/Lambda", "Errors")
    assert alarm["dimensions"] == {"FunctionName": "unit-alerts-pagerduty"}
    assert alarm["alarm_actions"] == [_topic(full, "warning")]


# -- Slack -------------------------------------------------------------------------------


def test_a_chatbot_configuration_per_channel_with_its_severities(full: dict[str, Any]) -> None:
    configurations = resources(full, "aws_chatbot_slack_channel_configuration")
    assert len(configurations) == 2
    incident = by_path(configurations, "alerts_routing_slack_channel_c0incident1")
    platform = by_path(configurations, "alerts_routing_slack_channel_c0platform1")
    assert incident["sns_topic_arns"] == [_topic(full, "critical")]
    assert platform["sns_topic_arns"] == [_topic(full, "critical"), _topic(full, "warning")]
    role = _ref(full, "aws_iam_role", "alerts_routing_slack_role")
    for configuration, channel in ((incident, "C0INCIDENT1"), (platform, "C0PLATFORM1")):
        assert configuration["configuration_name"] == f"unit-alerts-{channel.lower()}"
        assert configuration["slack_channel_id"] == channel
        assert configuration["slack_team_id"] == "T024F6QTP"
        assert configuration["logging_level"] == "INFO"
        assert configuration["iam_role_arn"] == role
        assert configuration["provider"] == "aws.chatbot"
        (guardrail,) = configuration["guardrail_policy_arns"]
        assert guardrail.endswith(":iam::aws:policy/CloudWatchReadOnlyAccess")


def test_the_channel_role_only_reads_cloudwatch(full: dict[str, Any]) -> None:
    statements = _statements(full, "alerts_routing_slack_policy_document")
    assert list(statements) == ["ReadMetricsForGraphs", "ReadAlarmsOfThisAccount"]
    metrics, alarms = statements.values()
    assert metrics["actions"] == [
        "cloudwatch:GetMetricData",
        "cloudwatch:GetMetricStatistics",
        "cloudwatch:GetMetricWidgetImage",
        "cloudwatch:ListMetrics",
    ]
    assert metrics["resources"] == ["*"]
    assert alarms["actions"] == ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"]
    (arn,) = alarms["resources"]
    assert arn.startswith("arn:${data.aws_partition.")
    assert arn.endswith(":alarm:*")
    trust = by_path(data_sources(full, "aws_iam_policy_document"), "alerts_routing_slack_trust")
    assert trust["statement"][0]["principals"][0]["identifiers"] == ["chatbot.amazonaws.com"]


# -- nothing routed, switches ------------------------------------------------------------


def test_no_routing_creates_only_the_topics() -> None:
    stack, _ = synth_stack(lambda s: _build(s, AlertRoutingSettings()))
    assert len(resources(stack, "aws_sns_topic")) == 3
    for kind in (
        "aws_sns_topic_subscription",
        "aws_lambda_function",
        "aws_secretsmanager_secret",
        "aws_chatbot_slack_channel_configuration",
    ):
        assert resources(stack, kind) == {}


def test_chat_off_leaves_slack_out() -> None:
    def build(stack: TerraformStack) -> Any:
        return AlertTopicsWithRouting(
            stack,
            "alerts",
            props=AlertTopicsProps(name="unit-alerts", settings=ROUTING, chat=False),
        )

    stack, _ = synth_stack(build)
    assert resources(stack, "aws_chatbot_slack_channel_configuration") == {}
    assert len(resources(stack, "aws_lambda_function")) == 1


def test_slack_without_a_chatbot_provider_is_refused() -> None:
    with pytest.raises(
        ValueError, match="chatbot_provider: expected an AWS provider in us-east-2 Region"
    ):
        synth_stack(
            lambda s: AlertTopicsWithRouting(
                s, "alerts", props=AlertTopicsProps(name="unit-alerts", settings=ROUTING)
            )
        )


def test_name_is_checked() -> None:
    with pytest.raises(SettingsError, match="Bad_Name"):
        AlertTopicsProps(name="Bad_Name", settings=ROUTING)
