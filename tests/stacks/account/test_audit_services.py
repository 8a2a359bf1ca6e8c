"""The audit services of the account baseline: the shipped ``account-main`` (trail with
the state bucket's data events, recorder, detector, their alert routes), terraform
validate, the local target's gaps, and the two layouts: dev and prod in one account, or
an account per environment (where only the baseline sharing the bootstrap's account
records the state bucket's data events, and each account holds one trail)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cdktf
import pytest

from platform_cdktf.environments import (
    ENVIRONMENT_NAMES,
    AccountConfig,
    BootstrapConfig,
    EnvironmentConfig,
    load_bootstrap,
)
from platform_cdktf.environments.account_config import check_accounts
from platform_cdktf.environments.accounts import build
from platform_cdktf.modules.audit_trail import AuditTrailSettings
from platform_cdktf.modules.compliance import ComplianceSettings
from platform_cdktf.modules.threat_detection import ThreatDetectionSettings
from platform_cdktf.stacks.account import AccountStack
from platform_cdktf.stacks.target import AWS_TARGET, DeploymentTarget, local_target
from tests.modules.audit_trail.plain import plain
from tests.support.synth import StackJson, by_path, only, resources
from tests.support.terraform import assert_valid_without_warnings, validate_synthesized

DEV_ACCOUNT = "111111111111"
PROD_ACCOUNT = "222222222222"


def _baseline(**changes: Any) -> AccountConfig:
    return build()[0].model_copy(update=changes)


def _synth(
    config: AccountConfig,
    environments: list[EnvironmentConfig],
    target: DeploymentTarget,
    *,
    holds_state_bucket: bool = True,
) -> tuple[StackJson, dict[str, str]]:
    """The synthesized stack and the (hash-free) tokens of its alert topics by severity."""
    app = cdktf.App(outdir=str(Path(cdktf.Testing.app().outdir)))
    stack = AccountStack(
        app,
        config=config,
        environments=environments,
        holds_state_bucket=holds_state_bucket,
        target=target,
    )
    topics = {
        severity: plain({"t": _resolve(stack, stack.alerts.topic_arn_of(severity))})["t"]
        for severity in ("critical", "warning", "info")
    }
    return plain(json.loads(cdktf.Testing.synth(stack))), topics


def _resolve(stack: AccountStack, token: str) -> str:
    resolved: str = cdktf.Tokenization.resolve(
        token,
        scope=stack,
        preparing=False,
        resolver=cdktf.DefaultTokenResolver(cdktf.StringConcat()),
    )
    return resolved


@pytest.fixture(scope="module")
def main(dev_config: EnvironmentConfig, prod_config: EnvironmentConfig) -> tuple[StackJson, Any]:
    return _synth(_baseline(), [dev_config, prod_config], AWS_TARGET)


def _lines(
    accounts: list[AccountConfig],
    environments: list[EnvironmentConfig],
    bootstrap: BootstrapConfig | None = None,
) -> list[str]:
    found = check_accounts(accounts, bootstrap or load_bootstrap(), environments, ENVIRONMENT_NAMES)
    return [problem.line() for error in found for problem in error.problems]


# -- the shipped baseline ----------------------------------------------------------------


def test_account_main_holds_one_trail_recorder_and_detector(main: tuple[StackJson, Any]) -> None:
    stack, _ = main
    trail = only(resources(stack, "aws_cloudtrail"))
    assert trail["name"] == "platform-main-trail"
    assert trail["is_multi_region_trail"] is True
    recorder = by_path(resources(stack, "aws_config_configuration_recorder"), "compliance/recorder")
    assert recorder["recording_group"]["include_global_resource_types"] is True
    assert only(resources(stack, "aws_guardduty_detector"))["enable"] is True
    assert len(resources(stack, "aws_guardduty_detector_feature")) == 4
    assert len(resources(stack, "aws_config_config_rule")) == 18


def test_account_main_records_the_state_buckets_data_events(main: tuple[StackJson, Any]) -> None:
    stack, _ = main
    state_bucket = load_bootstrap().state.bucket
    selectors = only(resources(stack, "aws_cloudtrail"))["advanced_event_selector"]
    (starts_with,) = [
        field["starts_with"]
        for selector in selectors
        for field in selector["field_selector"]
        if field["field"] == "resources.ARN"
    ]
    assert starts_with == [
        f"arn:${{data.aws_partition.account_context_partition.partition}}:s3:::{state_bucket}/"
    ]


def test_alerts_go_to_the_accounts_topics(main: tuple[StackJson, dict[str, str]]) -> None:
    stack, topics = main
    targets = resources(stack, "aws_cloudwatch_event_target")
    expected = {
        "compliance/non_compliant_target": topics["warning"],
        "threat_detection/findings_critical_target": topics["critical"],
        "threat_detection/findings_high_target": topics["critical"],
        "threat_detection/findings_medium_target": topics["warning"],
        "threat_detection/findings_low_target": topics["info"],
    }
    for path, arn in expected.items():
        assert by_path(targets, path)["arn"] == arn, path


def test_services_turned_off_are_not_synthesized(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    config = _baseline(
        audit=AuditTrailSettings(enabled=False, record_state_data_events=False),
        compliance=ComplianceSettings(enabled=False),
        threat_detection=ThreatDetectionSettings(enabled=False),
    )
    stack, _ = _synth(config, [dev_config, prod_config], AWS_TARGET)
    for resource_type in (
        "aws_cloudtrail",
        "aws_config_configuration_recorder",
        "aws_config_config_rule",
        "aws_guardduty_detector",
    ):
        assert resources(stack, resource_type) == {}, resource_type


def test_the_local_target_leaves_out_what_moto_cannot_serve(
    dev_config: EnvironmentConfig,
) -> None:
    target = local_target("http://127.0.0.1:45123")
    stack, _ = _synth(_baseline(environments=("dev",)), [target.adapt(dev_config)], target)
    assert resources(stack, "aws_guardduty_detector_feature") == {}
    buckets = resources(stack, "aws_s3_bucket")
    audit_buckets = [b for name, b in buckets.items() if "archive" in name]
    assert len(audit_buckets) == 2
    assert all(bucket["force_destroy"] is True for bucket in audit_buckets)
    assert not [name for name in resources(stack, "aws_s3_bucket_policy") if "archive" in name]
    # The rest is served: trail, recorder, rules, detector and routes.
    assert len(resources(stack, "aws_cloudtrail")) == 1
    assert len(resources(stack, "aws_config_config_rule")) == 18
    assert len(resources(stack, "aws_guardduty_detector")) == 1


# -- layouts -------------------------------------------------------------------------------


def test_dev_and_prod_in_one_account_share_one_baseline(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    assert _lines([_baseline()], [dev_config, prod_config]) == []


def test_a_second_baseline_of_the_account_holds_no_second_trail_or_global_recording(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> None:
    west = _baseline(name="west", region="us-west-2", environments=("prod",))
    east = _baseline(environments=("dev",))
    west_prod = prod_config.model_copy(update={"region": "us-west-2"})
    assert _lines([east, west], [dev_config, west_prod]) == [
        "west.audit.enabled = True: expected false: 'main' already holds the account's "
        "multi-Region trail",
        "west.compliance.include_global_resource_types = True: expected false: 'main' "
        "already records the account's global resource types",
    ]
    quiet_west = west.model_copy(
        update={
            "audit": AuditTrailSettings(enabled=False, record_state_data_events=False),
            "compliance": ComplianceSettings(include_global_resource_types=False),
        }
    )
    assert _lines([east, quiet_west], [dev_config, west_prod]) == []


def _per_account(
    dev_config: EnvironmentConfig, prod_config: EnvironmentConfig
) -> tuple[list[AccountConfig], list[EnvironmentConfig], BootstrapConfig]:
    """An account per environment, the bootstrap (and its state bucket) in dev's."""
    dev = _baseline(name="dev", account_id=DEV_ACCOUNT, environments=("dev",))
    prod = _baseline(name="prod", account_id=PROD_ACCOUNT, environments=("prod",))
    environments = [
        dev_config.model_copy(update={"account_id": DEV_ACCOUNT}),
        prod_config.model_copy(update={"account_id": PROD_ACCOUNT}),
    ]
    bootstrap = load_bootstrap().model_copy(update={"account_id": DEV_ACCOUNT})
    return [dev, prod], environments, bootstrap


def _selector_names(stack: StackJson) -> list[str]:
    selectors = only(resources(stack, "aws_cloudtrail"))["advanced_event_selector"]
    return [selector["name"] for selector in selectors]


def test_per_account_only_the_bootstraps_account_records_state_data_events(
    dev_config: EnvironmentConfig,
    prod_config: EnvironmentConfig,
    tmp_path: Path,
) -> None:
    (dev, prod), environments, bootstrap = _per_account(dev_config, prod_config)
    assert _lines([dev, prod], environments, bootstrap) == []
    # Only dev's baseline shares the bootstrap's account (load_accounts derives it, see
    # tests/environments/test_accounts.py).
    dev_stack, _ = _synth(dev, [environments[0]], AWS_TARGET)
    assert _selector_names(dev_stack) == ["Management events", "Terraform state objects"]
    # prod's trail records its own account's management events; the state bucket is not
    # in its account, whatever record_state_data_events says.
    assert prod.audit.record_state_data_events is True
    prod_stack, _ = _synth(prod, [environments[1]], AWS_TARGET, holds_state_bucket=False)
    assert _selector_names(prod_stack) == ["Management events"]
    # Each account has its own trail, recorder (with global types) and detector.
    assert len(resources(prod_stack, "aws_config_configuration_recorder")) == 1
    assert len(resources(prod_stack, "aws_guardduty_detector")) == 1
    assert_valid_without_warnings(validate_synthesized(prod_stack, tmp_path))
