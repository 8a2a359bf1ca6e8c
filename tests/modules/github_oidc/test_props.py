"""Props of the GitHub OIDC module: the settings, the state backend ARNs, the role prefix."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from platform_cdktf.modules.github_oidc import GithubOidcProps, GithubOidcSettings
from platform_cdktf.modules.shared.settings import SettingsError

SETTINGS = GithubOidcSettings(repository="example-org/platform-infrastructure")
PREFIX_EXPECTED = "expected 1-58 characters valid in an IAM role name"


def _props(**overrides: Any) -> GithubOidcProps:
    values: dict[str, Any] = {
        "settings": SETTINGS,
        "state_bucket_arn": "arn:aws:s3:::unit-state",
        "lock_table_arn": "arn:aws:dynamodb:us-east-1:111122223333:table/unit-locks",
        "state_key_arn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
    }
    return GithubOidcProps(**{**values, **overrides})


def test_role_prefix_defaults_to_github_actions() -> None:
    assert _props().name_prefix == "github-actions"


@pytest.mark.parametrize("prefix", ["x", "x" * 58, "platform-github", "team+=,.@_-1"])
def test_role_prefixes_that_fit_an_iam_role_name_are_accepted(prefix: str) -> None:
    assert _props(name_prefix=prefix).name_prefix == prefix


@pytest.mark.parametrize(
    "prefix", ["", "x" * 59, "platform github", "platform/github", "plätform", "platform\n"]
)
def test_other_role_prefixes_are_rejected_naming_the_field(prefix: str) -> None:
    with pytest.raises(SettingsError) as caught:
        _props(name_prefix=prefix)
    assert caught.value.lines == (f"GithubOidcProps.name_prefix = {prefix!r}: {PREFIX_EXPECTED}",)


def test_props_are_frozen() -> None:
    props = _props()
    with pytest.raises(dataclasses.FrozenInstanceError):
        props.name_prefix = "other"  # type: ignore[misc]
