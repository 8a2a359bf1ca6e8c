"""Provider versions, the AWS provider factory and the S3 backend factory, synthesized."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import tomllib
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.providers import (
    EMULATOR_ACCOUNT_ID,
    PROVIDERS,
    AwsProviderProps,
    EmulatorEndpoint,
    ProviderVersion,
    S3BackendProps,
    Tags,
    aws_provider,
    s3_backend,
)
from platform_cdktf.modules.providers.emulator import (
    EMULATED_SERVICES,
    EMULATOR_ACCESS_KEY,
    EMULATOR_SECRET_KEY,
)
from platform_cdktf.modules.state_backend import StateBackendSettings
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson
from tests.support.units import TEST_TAGS, UNIT_REGION, synth_stack

STATE = StateBackendSettings(bucket="state", lock_table="locks", region="us-east-1")
EMULATOR = EmulatorEndpoint(url="http://127.0.0.1:4566/")
UNIT_TAGS = Tags(project="unit", owner="tests", cost_center="0", extra={"DataClass": "test"})


def _pins() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    requirements = [
        *project["dependencies"],
        *(pin for extra in project["optional-dependencies"].values() for pin in extra),
    ]
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        pins[name] = version
    return pins


# -- the version table -----------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS.values(), ids=list(PROVIDERS))
def test_version_table_matches_pin_and_installed_package(provider: ProviderVersion) -> None:
    assert _pins()[provider.python_package] == provider.python_package_version
    assert importlib.metadata.version(provider.python_package) == provider.python_package_version


@pytest.mark.parametrize("provider", PROVIDERS.values(), ids=list(PROVIDERS))
def test_prebuilt_bindings_target_the_tabled_provider_version(provider: ProviderVersion) -> None:
    module = importlib.import_module(provider.python_package.replace("-", "_"))
    header = (module.__doc__ or "").splitlines()
    banner = next(line for line in header if "prebuilt bindings" in line)
    assert re.search(rf"provider version {re.escape(provider.version)}\b", banner), banner


def test_every_stack_requires_the_tabled_aws_version(stacks: dict[str, StackJson]) -> None:
    assert stacks
    for name, stack in stacks.items():
        required = stack["terraform"]["required_providers"]["aws"]
        assert required["version"] == PROVIDERS["aws"].version, name


# -- the AWS provider ------------------------------------------------------------------------


def _providers_and_backend(stack: TerraformStack) -> None:
    aws_provider(
        stack,
        "guarded",
        props=AwsProviderProps(
            region="eu-west-1",
            tags=TEST_TAGS,
            allowed_account_ids=["123456789012"],
            alias="guarded",
        ),
    )
    aws_provider(
        stack,
        "tagged",
        props=AwsProviderProps(
            region="eu-west-1", tags=UNIT_TAGS.for_environment("dev"), alias="tagged"
        ),
    )
    aws_provider(
        stack,
        "local",
        props=AwsProviderProps(
            region="us-east-1", tags=TEST_TAGS, alias="local", emulator=EMULATOR
        ),
    )
    s3_backend(stack, props=S3BackendProps(settings=STATE, key="dev/core.tfstate"))


@pytest.fixture(scope="module")
def synthesized() -> StackJson:
    stack_json, _ = synth_stack(_providers_and_backend)
    return stack_json


def _provider(stack: StackJson, alias: str | None) -> dict[str, Any]:
    (provider,) = [p for p in stack["provider"]["aws"] if p.get("alias") == alias]
    return dict(provider)


def test_provider_sets_default_tags_and_account_guard(synthesized: StackJson) -> None:
    guarded = _provider(synthesized, "guarded")
    assert guarded["region"] == "eu-west-1"
    assert guarded["allowed_account_ids"] == ["123456789012"]
    assert guarded["default_tags"] == [{"tags": TEST_TAGS}]


def test_provider_without_a_guard_or_emulator_sets_nothing_else(synthesized: StackJson) -> None:
    assert _provider(synthesized, "tagged") == {
        "alias": "tagged",
        "region": "eu-west-1",
        "default_tags": [
            {
                "tags": {
                    "Project": "unit",
                    "Environment": "dev",
                    "ManagedBy": "cdktf",
                    "Owner": "tests",
                    "CostCenter": "0",
                    "DataClass": "test",
                }
            }
        ],
    }


def test_unit_stack_provider_is_unaliased(synthesized: StackJson) -> None:
    assert _provider(synthesized, None)["region"] == UNIT_REGION


def test_emulated_provider_reaches_only_the_emulator_with_fake_keys(
    synthesized: StackJson,
) -> None:
    local = _provider(synthesized, "local")
    assert local["endpoints"] == [dict.fromkeys(EMULATED_SERVICES, "http://127.0.0.1:4566")]
    assert local["access_key"] == EMULATOR_ACCESS_KEY
    assert local["secret_key"] == EMULATOR_SECRET_KEY
    assert local["allowed_account_ids"] == [EMULATOR_ACCOUNT_ID]
    assert local["s3_use_path_style"] is True
    assert local["skip_region_validation"] is True
    assert local["skip_metadata_api_check"] == "true"
    assert local["max_retries"] == 2
    assert local["default_tags"] == [{"tags": TEST_TAGS}]


def test_only_the_emulated_provider_carries_credentials(synthesized: StackJson) -> None:
    for provider in synthesized["provider"]["aws"]:
        if provider.get("alias") != "local":
            assert "access_key" not in provider
            assert "secret_key" not in provider
            assert "endpoints" not in provider


# -- the S3 backend --------------------------------------------------------------------------


def test_s3_backend_encrypts_and_locks_with_dynamodb(synthesized: StackJson) -> None:
    assert synthesized["terraform"]["backend"] == {
        "s3": {
            "bucket": "state",
            "key": "dev/core.tfstate",
            "region": "us-east-1",
            "dynamodb_table": "locks",
            "encrypt": True,
        }
    }


def _backend(settings: StateBackendSettings, emulator: EmulatorEndpoint | None) -> dict[str, Any]:
    props = S3BackendProps(settings=settings, key="dev/core.tfstate", emulator=emulator)
    stack_json, _ = synth_stack(lambda stack: s3_backend(stack, props=props))
    backend: dict[str, Any] = stack_json["terraform"]["backend"]["s3"]
    return backend


def test_s3_backend_lockfile_is_opt_in_beside_dynamodb() -> None:
    backend = _backend(StateBackendSettings(**{**STATE.model_dump(), "use_lockfile": True}), None)
    assert backend["use_lockfile"] is True
    assert backend["dynamodb_table"] == "locks"
    assert backend["encrypt"] is True


def test_s3_backend_of_the_emulator_stays_on_loopback() -> None:
    backend = _backend(STATE, EMULATOR)
    assert backend == {
        "bucket": "state",
        "key": "dev/core.tfstate",
        "region": "us-east-1",
        "dynamodb_table": "locks",
        "encrypt": True,
        "endpoints": dict.fromkeys(("s3", "dynamodb", "iam", "sts"), "http://127.0.0.1:4566"),
        "access_key": EMULATOR_ACCESS_KEY,
        "secret_key": EMULATOR_SECRET_KEY,
        "allowed_account_ids": [EMULATOR_ACCOUNT_ID],
        "use_path_style": True,
        "skip_metadata_api_check": True,
        "skip_region_validation": True,
    }
