"""ComplianceSettings and ComplianceRules: defaults, every rule a switch, the managed-rule
identifiers checked against the AWS managed-rule list moto ships, and bad values."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import moto
import pytest

from platform_cdktf.modules.compliance import MANAGED_RULES, ComplianceRules, ComplianceSettings
from platform_cdktf.modules.shared.settings import SettingsError

AWS_MANAGED_RULES = Path(moto.__file__).parent / "config/resources/aws_managed_rules.json.gz"


def _lines(model: type[Any], **values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        model(**values)
    lines: tuple[str, ...] = caught.value.lines
    return lines


def test_defaults() -> None:
    settings = ComplianceSettings()
    assert settings.enabled is True
    assert settings.include_global_resource_types is True
    assert settings.delivery_frequency == "TwentyFour_Hours"
    assert settings.non_compliance_severity == "warning"
    assert settings.rules.identifiers() == MANAGED_RULES


def test_every_identifier_is_an_aws_managed_rule() -> None:
    known = json.loads(gzip.decompress(AWS_MANAGED_RULES.read_bytes()))["ManagedRules"]
    assert sorted(set(MANAGED_RULES.values()) - set(known)) == []


def test_every_rule_has_a_switch_and_an_identifier() -> None:
    assert list(ComplianceRules.model_fields) == list(MANAGED_RULES)


@pytest.mark.parametrize("field", sorted(MANAGED_RULES))
def test_each_rule_can_be_turned_off(field: str) -> None:
    identifiers = ComplianceRules(**{field: False}).identifiers()
    assert field not in identifiers
    assert len(identifiers) == len(MANAGED_RULES) - 1


def test_the_platforms_promises_are_checked() -> None:
    assert {
        "ENCRYPTED_VOLUMES",
        "RDS_STORAGE_ENCRYPTED",
        "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
        "EKS_SECRETS_ENCRYPTED",
        "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
        "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        "S3_BUCKET_SSL_REQUESTS_ONLY",
        "EC2_IMDSV2_CHECK",
        "ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST",
        "ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT",
        "VPC_FLOW_LOGS_ENABLED",
        "CLOUD_TRAIL_ENABLED",
        "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
        "CMK_BACKING_KEY_ROTATION_ENABLED",
        "GUARDDUTY_ENABLED_CENTRALIZED",
        "ECR_PRIVATE_IMAGE_SCANNING_ENABLED",
        "ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED",
    } <= set(MANAGED_RULES.values())


def test_bad_values_name_the_field() -> None:
    (line,) = _lines(ComplianceSettings, delivery_frequency="Daily")
    assert line.startswith("ComplianceSettings.delivery_frequency = 'Daily': ")
    (line,) = _lines(ComplianceSettings, non_compliance_severity="page")
    assert line.startswith("ComplianceSettings.non_compliance_severity = 'page': ")
    assert _lines(ComplianceRules, encrypted_volume=False) == (
        "ComplianceRules.encrypted_volume = False: unknown setting (a typo?)",
    )
