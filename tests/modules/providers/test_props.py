"""Props of the provider and backend factories: the state key rule, the default tags'
required keys, and the loopback-only emulator endpoint."""

from __future__ import annotations

import dataclasses
import re

import pytest

from platform_cdktf.modules.providers import (
    EMULATOR_ACCOUNT_ID,
    REQUIRED_TAG_KEYS,
    AwsProviderProps,
    EmulatorEndpoint,
    S3BackendProps,
    default_tags,
)
from platform_cdktf.modules.shared.settings import SettingsError
from platform_cdktf.modules.state_backend import StateBackendSettings
from tests.support.units import TEST_TAGS

STATE = StateBackendSettings(bucket="unit-state", lock_table="unit-locks", region="us-east-1")


# -- S3BackendProps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "dev/core.tfstate",
        "bootstrap/terraform.tfstate",
        "core.tfstate",
        STATE.state_key("prod", "platform"),
    ],
)
def test_relative_tfstate_keys_are_accepted(key: str) -> None:
    props = S3BackendProps(settings=STATE, key=key)
    assert props.key == key
    assert props.emulator is None


@pytest.mark.parametrize(
    "key", ["/dev/core.tfstate", "dev/core.json", "", "dev/core.tfstate.bak", "/core.tfstate"]
)
def test_other_state_keys_are_rejected_naming_the_field(key: str) -> None:
    with pytest.raises(SettingsError) as caught:
        S3BackendProps(settings=STATE, key=key)
    assert caught.value.lines == (
        f"S3BackendProps.key = {key!r}: expected a relative key ending in .tfstate",
    )


def test_backend_props_are_frozen() -> None:
    props = S3BackendProps(settings=STATE, key="dev/core.tfstate")
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.key = "prod/core.tfstate"  # type: ignore[misc]


# -- AwsProviderProps and default tags ---------------------------------------------------------


def test_provider_props_default_to_no_guard_no_alias_and_real_aws() -> None:
    props = AwsProviderProps(region="us-east-1", tags=TEST_TAGS)
    assert tuple(props.allowed_account_ids) == ()
    assert props.alias is None
    assert props.emulator is None


@pytest.mark.parametrize("missing", REQUIRED_TAG_KEYS)
def test_default_tags_require_every_ownership_key(missing: str) -> None:
    tags = {key: value for key, value in TEST_TAGS.items() if key != missing}
    with pytest.raises(ValueError, match=rf"default tags lack required keys \['{missing}'\]"):
        default_tags(tags)


def test_default_tags_reject_an_empty_required_value() -> None:
    with pytest.raises(ValueError, match=r"lack required keys \['Owner', 'CostCenter'\]"):
        default_tags({**TEST_TAGS, "Owner": "", "CostCenter": ""})


def test_default_tags_keep_every_tag() -> None:
    block = default_tags({**TEST_TAGS, "DataClass": "internal"})
    assert block.tags == {**TEST_TAGS, "DataClass": "internal"}


# -- EmulatorEndpoint ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "base_url"),
    [
        ("http://127.0.0.1:4566", "http://127.0.0.1:4566"),
        ("http://127.0.0.1:4566/", "http://127.0.0.1:4566"),
        ("http://127.1.2.3:5000", "http://127.1.2.3:5000"),
        ("http://localhost:5000", "http://localhost:5000"),
        ("https://[::1]:4566", "https://[::1]:4566"),
    ],
)
def test_loopback_emulators_are_accepted(url: str, base_url: str) -> None:
    endpoint = EmulatorEndpoint(url=url)
    assert endpoint.base_url == base_url
    assert endpoint.account_id == EMULATOR_ACCOUNT_ID == "123456789012"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://10.0.0.5:4566", "must listen on a loopback address"),
        ("http://s3.amazonaws.com:443", "must listen on a loopback address"),
        ("http://localhost.example.com:4566", "must listen on a loopback address"),
        ("http://127.0.0.1", "expected http://127.0.0.1:<port>"),
        ("ftp://127.0.0.1:4566", "expected http://127.0.0.1:<port>"),
        ("127.0.0.1:4566", "expected http://127.0.0.1:<port>"),
        ("http://127.0.0.1:4566/moto", "expected no path or query"),
        ("http://127.0.0.1:4566?x=1", "expected no path or query"),
    ],
)
def test_anything_that_could_reach_real_aws_is_rejected(url: str, expected: str) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)) as caught:
        EmulatorEndpoint(url=url)
    assert str(caught.value).startswith(f"emulator url = {url!r}: ")
