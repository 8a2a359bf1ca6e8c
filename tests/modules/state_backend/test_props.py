"""Props of the state backend: the settings plus what only the composing stack decides."""

from __future__ import annotations

import dataclasses

import pytest

from platform_cdktf.modules.state_backend import StateBackendProps, StateBackendSettings

SETTINGS = StateBackendSettings(bucket="unit-state", lock_table="unit-locks", region="us-east-1")


def test_defaults_protect_the_state() -> None:
    props = StateBackendProps(settings=SETTINGS, key_alias="unit-state")
    assert props.access_log_bucket is None
    assert props.prevent_destroy is True
    assert props.force_destroy is False
    assert props.tls_only_policy is True


def test_props_are_frozen() -> None:
    props = StateBackendProps(settings=SETTINGS, key_alias="unit-state")
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.prevent_destroy = False  # type: ignore[misc]


def test_props_take_keywords_only() -> None:
    with pytest.raises(TypeError):
        StateBackendProps(SETTINGS, "unit-state")  # type: ignore[call-arg]
