"""AlertRoutingSettings on its own: defaults, every check with its error line, and the
derived views the constructs use (paged severities, channels with their severities)."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.alert_routing import AlertRoutingSettings
from platform_cdktf.modules.alert_routing.settings import CHATBOT_API_REGIONS, SlackSettings
from platform_cdktf.modules.shared.settings import SettingsError

S = "AlertRoutingSettings"
WORKSPACE = {"workspace_id": "T024F6QTP"}


def _lines(**values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        AlertRoutingSettings(**values)
    return caught.value.lines


def test_defaults_route_nothing() -> None:
    settings = AlertRoutingSettings()
    for severity in ("critical", "warning", "info"):
        route = settings.route(severity)
        assert (route.emails, route.pagerduty, route.slack_channels) == ((), False, ())
        assert route.is_routed is False
    assert settings.slack is None
    assert settings.paged == ()
    assert settings.slack_channels == {}
    assert (settings.pagerduty.reserved_concurrency, settings.pagerduty.timeout_seconds) == (5, 15)
    assert settings.pagerduty.log_retention_days == 365


def test_unknown_severity_is_refused() -> None:
    assert _lines(urgent={"pagerduty": True}) == (
        f"{S}.urgent = {{'pagerduty': True}}: unknown setting (a typo?)",
    )


def test_info_never_pages() -> None:
    assert _lines(info={"pagerduty": True}) == (
        f"{S}.info.pagerduty = True: expected false: info alerts never page (route them by "
        "e-mail or Slack)",
    )


def test_slack_channels_need_the_workspace() -> None:
    assert _lines(critical={"slack_channels": ["C0123456789"]}, info={"slack_channels": ["C9"]})[
        -1
    ].startswith(f"{S}.info.slack_channels[0] = 'C9': expected a Slack channel id")
    assert _lines(
        critical={"slack_channels": ["C0123456789"]}, warning={"slack_channels": ["C0123456789"]}
    ) == (
        f"{S}.slack = None: expected the Slack workspace, since critical.slack_channels, "
        "warning.slack_channels names channels",
    )


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({"critical": {"emails": ["nope"]}}, "critical.emails[0] = 'nope': 'nope' is not an "
         "e-mail address"),
        ({"warning": {"emails": ["Ops@x.io", "ops@x.io"]}}, "warning.emails = ['Ops@x.io', "
         "'ops@x.io']: expected each address once (compared ignoring case and punctuation, "
         "as the subscriptions' Terraform addresses are)"),
        ({"warning": {"slack_channels": ["C0123456789", "C0123456789"]}, "slack": WORKSPACE},
         "warning.slack_channels = ['C0123456789', 'C0123456789']: expected each channel once"),
        ({"critical": {"slack_channels": ["c-lower"]}, "slack": WORKSPACE},
         "critical.slack_channels[0] = 'c-lower': expected a Slack channel id such as "
         "C07ABCDEF12"),
        ({"slack": {"workspace_id": "x1"}}, "slack.workspace_id = 'x1': expected a Slack "
         "workspace id such as T024F6QTP"),
        ({"slack": {**WORKSPACE, "api_region": "us-east-1"}}, "slack.api_region = 'us-east-1': "
         "Input should be 'us-east-2', 'us-west-2', 'ap-southeast-1' or 'eu-west-1'"),
        ({"slack": {**WORKSPACE, "logging_level": "DEBUG"}}, "slack.logging_level = 'DEBUG': "
         "Input should be 'ERROR', 'INFO' or 'NONE'"),
        ({"pagerduty": {"reserved_concurrency": 0}}, "pagerduty.reserved_concurrency = 0: "
         "Input should be greater than or equal to 1"),
        ({"pagerduty": {"timeout_seconds": 61}}, "pagerduty.timeout_seconds = 61: Input "
         "should be less than or equal to 60"),
    ],
)  # fmt: skip
def test_bad_values_name_field_value_and_expectation(values: dict[str, Any], line: str) -> None:
    assert _lines(**values) == (f"{S}.{line}",)


def test_api_regions_are_the_chatbot_api_regions() -> None:
    for region in CHATBOT_API_REGIONS:
        assert SlackSettings(workspace_id="T024F6QTP", api_region=region).api_region == region


def test_channels_collect_their_severities_and_paging_is_per_severity() -> None:
    settings = AlertRoutingSettings(
        critical={"pagerduty": True, "slack_channels": ["C0INCIDENT1", "C0PLATFORM1"]},
        warning={"slack_channels": ["C0PLATFORM1"], "emails": ["ops@example.com"]},
        info={"emails": ["ops@example.com"]},
        slack=WORKSPACE,
    )
    assert settings.paged == ("critical",)
    assert settings.slack_channels == {
        "C0INCIDENT1": ("critical",),
        "C0PLATFORM1": ("critical", "warning"),
    }
    assert settings.routed_to_slack == ("critical", "warning")
    assert all(settings.route(s).is_routed for s in ("critical", "warning", "info"))
