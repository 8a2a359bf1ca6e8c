"""Provider versions, the AWS provider factory and the S3 backend factory."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from typing import Any

import pytest
from cdktf import TerraformStack

from platform_cdktf.modules.providers import (
    PROVIDERS,
    REQUIRED_TAG_KEYS,
    AwsProviderProps,
    S3BackendProps,
    aws_provider,
    default_tags,
    s3_backend,
)
from tests.conftest import REPO_ROOT
from tests.support.synth import StackJson
from tests.support.units import TEST_TAGS, synth_stack


def _pins() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition("==")
        pins[name] = version
    return pins


@pytest.mark.parametrize("provider", PROVIDERS.values(), ids=list(PROVIDERS))
def test_version_table_matches_pin_and_installed_package(provider: Any) -> None:
    assert _pins()[provider.python_package] == provider.python_package_version
    assert importlib.metadata.version(provider.python_package) == provider.python_package_version


@pytest.mark.parametrize("provider", PROVIDERS.values(), ids=list(PROVIDERS))
def test_prebuilt_bindings_target_the_tabled_provider_version(provider: Any) -> None:
    module = importlib.import_module(provider.python_package.replace("-", "_"))
    header = (module.__doc__ or "").splitlines()
    banner = next(line for line in header if "prebuilt bindings" in line)
    assert re.search(rf"provider version {re.escape(provider.version)}\b", banner), banner


def test_every_stack_requires_the_tabled_aws_version(stacks: dict[str, StackJson]) -> None:
    for name, stack in stacks.items():
        required = stack["terraform"]["required_providers"]["aws"]
        assert required["version"] == PROVIDERS["aws"].version, name


def test_provider_sets_default_tags_and_account_guard() -> None:
    def build(stack: TerraformStack) -> None:
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

    synthesized, _ = synth_stack(build)
    guarded = next(p for p in synthesized["provider"]["aws"] if p.get("alias") == "guarded")
    assert guarded["region"] == "eu-west-1"
    assert guarded["allowed_account_ids"] == ["123456789012"]
    assert guarded["default_tags"] == [{"tags": TEST_TAGS}]


@pytest.mark.parametrize("missing", REQUIRED_TAG_KEYS)
def test_default_tags_require_every_ownership_key(missing: str) -> None:
    tags = {key: value for key, value in TEST_TAGS.items() if key != missing}
    with pytest.raises(ValueError, match=missing):
        default_tags(tags)


def _backend(props: S3BackendProps) -> dict[str, Any]:
    synthesized, _ = synth_stack(lambda stack: s3_backend(stack, props=props))
    backend: dict[str, Any] = synthesized["terraform"]["backend"]["s3"]
    return backend


def test_s3_backend_encrypts_and_locks_with_dynamodb() -> None:
    backend = _backend(
        S3BackendProps(
            bucket="state", key="dev/core.tfstate", region="us-east-1", lock_table="locks"
        )
    )
    assert backend == {
        "bucket": "state",
        "key": "dev/core.tfstate",
        "region": "us-east-1",
        "dynamodb_table": "locks",
        "encrypt": True,
    }


def test_s3_backend_lockfile_is_opt_in_beside_dynamodb() -> None:
    backend = _backend(
        S3BackendProps(
            bucket="state",
            key="dev/core.tfstate",
            region="us-east-1",
            lock_table="locks",
            use_lockfile=True,
        )
    )
    assert backend["use_lockfile"] is True
    assert backend["dynamodb_table"] == "locks"


@pytest.mark.parametrize("key", ["/dev/core.tfstate", "dev/core.json", ""])
def test_s3_backend_rejects_bad_keys(key: str) -> None:
    with pytest.raises(ValueError, match="state key"):
        _backend(S3BackendProps(bucket="b", key=key, region="us-east-1", lock_table="t"))
