"""Typed, validated configuration of the platform's environments (data only, no cdktf).

``load_environments(["dev"])`` returns validated :class:`EnvironmentConfig` objects or
raises :class:`ConfigError` naming every invalid field. Each environment lives in a module
of this package (``dev.py``, ``prod.py``) with a ``build()`` function; the shared values
(tags, state backend) are in ``common.py``, the production rules in ``production.py``.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import ValidationError

from platform_cdktf.modules.shared.settings import Settings, SettingsError

from .account_config import AccountBaseline, AccountConfig, check_accounts
from .config import (
    BootstrapConfig,
    EnvironmentConfig,
    check_delivery_accounts,
    check_same_state_backend,
)
from .errors import ConfigError
from .production import PRODUCTION_RULES, ProductionRule

ENVIRONMENT_NAMES: tuple[str, ...] = ("dev", "prod")
"""Every environment the app synthesizes, in deployment order."""

__all__ = [
    "ENVIRONMENT_NAMES",
    "PRODUCTION_RULES",
    "AccountBaseline",
    "AccountConfig",
    "BootstrapConfig",
    "ConfigError",
    "EnvironmentConfig",
    "ProductionRule",
    "build_config",
    "check_delivery_accounts",
    "load_accounts",
    "load_bootstrap",
    "load_environment",
    "load_environments",
]

_Config = TypeVar("_Config", bound=Settings)


def _settings_classes(annotation: Any) -> list[type[Settings]]:
    """The settings models an annotation holds directly (``X``, ``X | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, Settings):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [cls for arg in typing.get_args(annotation) for cls in _settings_classes(arg)]
    return []


def settings_paths(root: type[Settings], prefix: str = "") -> dict[str, str]:
    """Where each nested settings model sits below ``root``, by class name
    (``NodeGroupSettings`` -> ``eks.nodes``). A class found at two paths is left out:
    its errors then name the class instead."""
    paths: dict[str, str] = {}
    ambiguous: set[str] = set()
    for field_name, field in root.model_fields.items():
        path = f"{prefix}.{field_name}" if prefix else field_name
        for cls in _settings_classes(field.annotation):
            for name, found in {cls.__name__: path, **settings_paths(cls, path)}.items():
                if name in paths and paths[name] != found:
                    ambiguous.add(name)
                paths.setdefault(name, found)
    return {name: path for name, path in paths.items() if name not in ambiguous}


_PATHS = {
    EnvironmentConfig.__name__: settings_paths(EnvironmentConfig),
    BootstrapConfig.__name__: settings_paths(BootstrapConfig),
    AccountConfig.__name__: settings_paths(AccountConfig),
}


def build_config(source: str, factory: Callable[[], _Config]) -> _Config:
    """Run a config factory; any invalid value becomes a :class:`ConfigError` for
    ``source`` whose lines name the full field path, even when the factory built a nested
    settings model (``VpcSettings(...)``) itself and that one failed first."""
    try:
        return factory()
    except ValidationError as error:
        failed: SettingsError = SettingsError.from_validation_error(error.title, error)
    except SettingsError as error:
        failed = error
    raise _for_source(source, failed) from None


def _for_source(source: str, error: SettingsError) -> ConfigError:
    if error.source in _PATHS:
        return ConfigError(source, error.problems)
    for paths in _PATHS.values():
        if error.source in paths:
            prefix = paths[error.source]
            return ConfigError(source, [problem.under(prefix) for problem in error.problems])
    return ConfigError(source, [problem.under(error.source) for problem in error.problems])


def load_environment(name: str) -> EnvironmentConfig:
    """Load and validate one environment by name."""
    if name not in ENVIRONMENT_NAMES:
        raise ConfigError.of(
            "environment selection",
            [f"unknown environment {name!r}; expected one of {list(ENVIRONMENT_NAMES)}"],
        )
    config: EnvironmentConfig = build_config(name, lambda: _module(name).build())
    if config.name != name:
        raise ConfigError.of(name, [f"name = {config.name!r}: expected {name!r} (the module)"])
    return config


def load_bootstrap() -> BootstrapConfig:
    """Load and validate the bootstrap configuration."""
    config: BootstrapConfig = build_config("bootstrap", lambda: _module("bootstrap").build())
    return config


def _module(name: str) -> Any:
    # Imported inside build_config: values shared at module level (common.py) are
    # validated when the module is imported, and their errors are reported as well.
    return importlib.import_module(f"{__name__}.{name}")


def load_environments(names: Iterable[str] | None = None) -> tuple[EnvironmentConfig, ...]:
    """Load the named environments (default: all), checking they share the state backend."""
    selected = tuple(names) if names is not None else ENVIRONMENT_NAMES
    configs = tuple(load_environment(name) for name in selected)
    bootstrap = load_bootstrap()
    problems = check_same_state_backend(bootstrap, configs)
    problems += check_delivery_accounts(bootstrap, configs)
    if problems:
        raise ConfigError.from_field_errors("state backend", problems)
    return configs


def load_accounts(environments: Iterable[EnvironmentConfig]) -> tuple[AccountBaseline, ...]:
    """The account baselines (``accounts.py``) holding at least one of ``environments``,
    each with every environment it holds (loaded if not among ``environments``). Checks
    that each environment is held by exactly one baseline of its account and Region and
    that the baselines share the state backend."""
    selected = {environment.name: environment for environment in environments}
    every: tuple[AccountConfig, ...] = build_config("accounts", lambda: _module("accounts").build())
    held = [account for account in every if selected.keys() & set(account.environments)]
    names = [name for account in held for name in account.environments if name in ENVIRONMENT_NAMES]
    configs = {name: selected.get(name) or load_environment(name) for name in names}
    checked = tuple({**selected, **configs}.values())
    bootstrap = load_bootstrap()
    problems = check_accounts(every, bootstrap, checked, ENVIRONMENT_NAMES)
    if problems:
        raise ConfigError.from_field_errors("accounts", problems)
    return tuple(
        AccountBaseline(
            config=account,
            environments=tuple(configs[name] for name in account.environments),
            holds_state_bucket=account.account_id == bootstrap.account_id,
        )
        for account in held
    )
