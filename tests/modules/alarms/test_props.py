"""AlarmsProps built directly: the name its resources carry."""

from __future__ import annotations

import pytest

from platform_cdktf.modules.alarms import AlarmsProps, AlarmsSettings
from platform_cdktf.modules.shared.settings import SettingsError

NAME_RULE = (
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 50 characters"
)


def test_props_hold_name_and_settings() -> None:
    settings = AlarmsSettings(notify_on_ok=False)
    props = AlarmsProps(name="platform-prod-alarms", settings=settings)
    assert (props.name, props.settings) == ("platform-prod-alarms", settings)


@pytest.mark.parametrize("name", ["Unit", "1unit", "unit_alarms", "unit alarms", "", "a" * 51])
def test_name_rules(name: str) -> None:
    with pytest.raises(SettingsError) as caught:
        AlarmsProps(name=name, settings=AlarmsSettings())
    assert caught.value.lines == (f"AlarmsProps.name = {name!r}: {NAME_RULE}",)


@pytest.mark.parametrize("name", ["u", "unit", "a" * 50, "platform-prod-alarms"])
def test_names_accepted(name: str) -> None:
    assert AlarmsProps(name=name, settings=AlarmsSettings()).name == name
