"""The routing in real stacks: dev-core and account-main synthesized with every kind of
routing configured (e-mail, PagerDuty, Slack) pass ``terraform validate`` (the Chatbot
configurations through the aliased provider included), and two syntheses are byte for
byte identical (the forwarder's zip included)."""

from __future__ import annotations

import filecmp
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cdktf import App

from platform_cdktf.environments import load_accounts, load_environment
from platform_cdktf.modules.alert_routing import AlertRoutingSettings
from platform_cdktf.stacks.account import AccountStack
from platform_cdktf.stacks.core import CoreStack
from platform_cdktf.stacks.synthesis import synthesize
from platform_cdktf.stacks.target import local_target
from tests.conftest import REPO_ROOT
from tests.support.checkov import load_allowlist, run_checkov
from tests.support.synth import by_path, load_stacks, resources
from tests.support.terraform import assert_valid_without_warnings, cli_config, init_and_validate

ROUTING = AlertRoutingSettings(
    critical={
        "emails": ["oncall@example.com"],
        "pagerduty": True,
        "slack_channels": ["C0INCIDENT1"],
    },
    warning={"slack_channels": ["C0INCIDENT1", "C0PLATFORM1"]},
    info={"emails": ["ops@example.com"]},
    slack={"workspace_id": "T024F6QTP"},
)


def _compose(local: bool = False) -> Callable[[App], None]:
    dev = load_environment("dev").model_copy(update={"alerts": ROUTING})
    (baseline,) = load_accounts([dev])
    account = baseline.config.model_copy(update={"alerts": ROUTING})
    target = local_target("http://127.0.0.1:5999") if local else None

    def compose(app: App) -> None:
        if target is None:
            AccountStack(app, config=account, environments=[dev], holds_state_bucket=True)
            CoreStack(app, config=dev)
        else:
            AccountStack(
                app, config=account, environments=[dev], holds_state_bucket=True, target=target
            )
            CoreStack(app, config=dev, target=target)

    return compose


@pytest.fixture(scope="module")
def routed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(tmp_path_factory.mktemp("routed") / "cdktf.out", _compose())


def test_two_syntheses_are_byte_identical(
    routed: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = synthesize(tmp_path_factory.mktemp("again") / "cdktf.out", _compose())
    zips = sorted(p.relative_to(routed) for p in routed.glob("stacks/*/assets/**/*.zip"))
    assert len(zips) == 2  # the forwarders of dev-core and account-main
    for stack in ("dev-core", "account-main"):
        comparison = filecmp.dircmp(routed / "stacks" / stack, again / "stacks" / stack)
        assert comparison.diff_files == [], stack
    for relative in [*zips, *(p.relative_to(routed) for p in routed.glob("stacks/*/cdk.tf.json"))]:
        assert (routed / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_account_baseline_routing_lives_under_alerts(routed: Path) -> None:
    account = load_stacks(routed)["account-main"]
    assert (
        by_path(resources(account, "aws_lambda_function"), "alerts_routing_pagerduty_function")[
            "function_name"
        ]
        == "platform-main-alerts-pagerduty"
    )
    configurations = resources(account, "aws_chatbot_slack_channel_configuration")
    assert len(configurations) == 2
    assert {c["provider"] for c in configurations.values()} == {"aws.chatbot"}
    providers = account["provider"]["aws"]
    assert {p.get("alias"): p["region"] for p in providers}["chatbot"] == "us-east-2"


@pytest.mark.terraform
@pytest.mark.parametrize("stack", ["dev-core", "account-main"])
def test_routed_stacks_validate(routed: Path, stack: str, tmp_path: Path) -> None:
    assert_valid_without_warnings(
        init_and_validate(routed / "stacks" / stack, cli_config(tmp_path))
    )


def test_local_target_leaves_chatbot_out_and_keeps_the_forwarder(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    out = synthesize(tmp_path_factory.mktemp("local") / "cdktf.out", _compose(local=True))
    for name, stack in load_stacks(out).items():
        assert resources(stack, "aws_chatbot_slack_channel_configuration") == {}, name
        assert len(resources(stack, "aws_lambda_function")) == 1, name
        assert all(p.get("alias") != "chatbot" for p in stack["provider"]["aws"]), name


@pytest.mark.policy
def test_routed_stacks_pass_checkov_but_for_reviewed_findings(routed: Path, tmp_path: Path) -> None:
    """Every finding on a topic, the forwarder or a Chatbot configuration of the routed
    dev-core and account-main is in the allow-list (the default configuration routes
    Slack nowhere, so tests/stacks/test_policy.py alone would not scan it)."""
    scan = tmp_path / "stacks"
    for stack in ("dev-core", "account-main"):
        shutil.copytree(routed / "stacks" / stack, scan / stack)
    allowlist = load_allowlist(REPO_ROOT / "policy" / "checkov-allowlist.yaml")
    mine = [
        finding
        for finding in run_checkov(scan)
        if any(part in finding.resource for part in ("alarms_", "alerts_"))
    ]
    assert {f.check_id for f in mine} >= {"CKV_AWS_117", "CKV2_AWS_57"}  # the scan saw them
    unaccepted = [f for f in mine if not any(entry.covers(f) for entry in allowlist)]
    assert not unaccepted, "\n".join(str(finding) for finding in unaccepted)
