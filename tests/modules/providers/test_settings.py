"""Ownership and cost tags: required fields, the ``extra`` tags AWS accepts, and the tag set
of one environment."""

from __future__ import annotations

from typing import Any

import pytest

from platform_cdktf.modules.providers import REQUIRED_TAG_KEYS, Tags
from platform_cdktf.modules.providers.settings import MANAGED_BY
from platform_cdktf.modules.shared.settings import SettingsError

TEXT_EXPECTED = "expected letters, digits, spaces and _ . : / = + - @ only"


def _tags(**overrides: Any) -> Tags:
    values: dict[str, Any] = {"project": "platform", "owner": "team-sre", "cost_center": "CC-1"}
    return Tags(**{**values, **overrides})


def _lines(**overrides: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        _tags(**overrides)
    return caught.value.lines


def _extra_expected(key: str) -> str:
    return (
        f"Tags.extra: tag {key!r}: keys must be 1-128 characters without the aws: prefix, "
        "values at most 256, both of letters, digits, spaces and _ . : / = + - @"
    )


def test_defaults_and_stripping() -> None:
    tags = _tags(project="  platform  ")
    assert tags.project == "platform"
    assert tags.extra == {}


def test_tag_set_of_one_environment() -> None:
    tags = _tags(extra={"DataClass": "internal", "team:slack": "sre"})
    assert tags.for_environment("prod") == {
        "Project": "platform",
        "Environment": "prod",
        "ManagedBy": "cdktf",
        "Owner": "team-sre",
        "CostCenter": "CC-1",
        "DataClass": "internal",
        "team:slack": "sre",
    }
    assert MANAGED_BY == "cdktf"
    assert list(tags.for_environment("dev"))[: len(REQUIRED_TAG_KEYS)] == list(REQUIRED_TAG_KEYS)
    assert tags.for_environment("dev")["Environment"] == "dev"


@pytest.mark.parametrize("field", ["project", "owner", "cost_center"])
def test_required_fields(field: str) -> None:
    values = {"project": "platform", "owner": "team-sre", "cost_center": "CC-1"}
    del values[field]
    with pytest.raises(SettingsError) as caught:
        Tags(**values)
    assert caught.value.lines == (f"Tags.{field}: required setting is missing",)


@pytest.mark.parametrize("field", ["project", "owner", "cost_center"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "String should have at least 1 character"),
        ("x" * 257, "String should have at most 256 characters"),
        ("a!b", TEXT_EXPECTED),
        ("team#1", TEXT_EXPECTED),
        ("a\tb", TEXT_EXPECTED),
    ],
)
def test_bad_tag_values_are_rejected(field: str, value: str, expected: str) -> None:
    assert _lines(**{field: value}) == (f"Tags.{field} = {value!r}: {expected}",)


@pytest.mark.parametrize(
    "value", ["x" * 256, "sre@example.com", "a b_c.d:e/f=g+h-i@j", "Zürich", "1"]
)
def test_good_tag_values_are_accepted(value: str) -> None:
    assert _tags(owner=value).owner == value


def test_unknown_setting_is_a_typo() -> None:
    assert _lines(costcenter="CC-2") == ("Tags.costcenter = 'CC-2': unknown setting (a typo?)",)


@pytest.mark.parametrize("key", REQUIRED_TAG_KEYS)
def test_extra_cannot_override_the_platforms_keys(key: str) -> None:
    assert _lines(extra={"Team": "sre", key: "other"}) == (
        f"Tags.extra: keys [{key!r}] are set by the platform; use the dedicated fields instead",
    )


def test_every_clashing_key_is_named() -> None:
    assert _lines(extra={"Owner": "x", "Environment": "y"}) == (
        "Tags.extra: keys ['Environment', 'Owner'] are set by the platform; use the dedicated "
        "fields instead",
    )


@pytest.mark.parametrize(
    "key", ["aws:createdBy", "AWS:team", "Aws:x", "", "k" * 129, "team#1", "a!b", "a\tb"]
)
def test_bad_extra_keys_are_rejected(key: str) -> None:
    assert _lines(extra={key: "value"}) == (_extra_expected(key),)


@pytest.mark.parametrize("value", ["v" * 257, "a!b", "50%"])
def test_bad_extra_values_are_rejected(value: str) -> None:
    assert _lines(extra={"Team": value}) == (_extra_expected("Team"),)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("k" * 128, "v" * 256),
        ("team:aws", "x"),  # only the prefix is reserved
        ("DataClass", ""),  # AWS accepts an empty value
        ("cost/center+=@", "a b_c.d:e/f=g+h-i@j"),
    ],
)
def test_good_extra_tags_are_accepted(key: str, value: str) -> None:
    assert _tags(extra={key: value}).extra == {key: value}


def test_extra_values_must_be_strings() -> None:
    assert _lines(extra={"team-size": 5}) == (
        "Tags.extra['team-size'] = 5: Input should be a valid string",
    )
