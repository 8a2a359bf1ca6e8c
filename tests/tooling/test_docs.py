"""The generated reference docs match the code, and every default is documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from pydantic_core import PydanticUndefined

import platform_cdktf.modules
from platform_cdktf.environments.config import BootstrapConfig, EnvironmentConfig
from platform_cdktf.modules.shared.settings import Settings
from platform_cdktf.tooling import docs


def _settings_models() -> list[type[Settings]]:
    models: list[type[Settings]] = [EnvironmentConfig, BootstrapConfig]
    for module in pkgutil.iter_modules(platform_cdktf.modules.__path__):
        if not module.ispkg or module.name == "shared":  # shared holds the base class
            continue
        try:
            settings = importlib.import_module(f"platform_cdktf.modules.{module.name}.settings")
        except ModuleNotFoundError:
            continue
        models += [
            value
            for value in vars(settings).values()
            if inspect.isclass(value)
            and issubclass(value, Settings)
            and value.__module__ == settings.__name__
        ]
    return models


@pytest.mark.parametrize("path", sorted(docs.documents()), ids=lambda path: path.name)
def test_generated_docs_are_current(path: Path) -> None:
    generated = docs.documents()
    assert path in generated
    current = path.read_text(encoding="utf-8")
    assert current == generated[path], f"{path} is stale: run `make docs`"


def test_every_module_with_settings_has_a_readme() -> None:
    with_settings = {
        model.__module__.split(".")[2]
        for model in _settings_models()
        if model.__module__.startswith("platform_cdktf.modules.")
    }
    assert with_settings == set(docs.MODULES)


@pytest.mark.parametrize("model", _settings_models(), ids=lambda model: model.__name__)
def test_every_field_is_described_and_every_default_documented(model: type[Settings]) -> None:
    assert model.__doc__, f"{model.__name__} has no docstring"
    for name, field in model.model_fields.items():
        assert field.description, f"{model.__name__}.{name} has no docstring"
        has_default = field.default is not PydanticUndefined or field.default_factory is not None
        if has_default:
            assert "Default:" in field.description, (
                f'{model.__name__}.{name} has a default but its docstring says no "Default: ..."'
            )


def test_the_tables_render_rules_from_the_constraints() -> None:
    table = docs.settings_table(EnvironmentConfig)
    assert "| `name_prefix` | `str` | required | lowercase letters, digits and single " in table
    assert "2 to 20 characters" in table
    assert "| `account_id` | `str \\| None` | `None` | 12 digits |" in table
