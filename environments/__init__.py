"""Typed, validated configuration of the platform's environments (data only, no cdktf).

``load_environments(["dev"])`` returns validated :class:`EnvironmentConfig` objects or
raises :class:`ConfigError` naming every invalid field. Each environment lives in a module
of this package (``dev.py``, ``prod.py``) with a ``build()`` function.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .config import (
    AuroraSizing,
    BootstrapConfig,
    EksConfig,
    EnvironmentConfig,
    NetworkConfig,
    NodeGroupSizing,
    RedisSizing,
    SpotNodeGroupSizing,
    StateBackendConfig,
    Tags,
    check_same_state_backend,
)
from .errors import ConfigError, FieldError

ENVIRONMENT_NAMES: tuple[str, ...] = ("dev", "prod")
"""Every environment the app synthesizes, in deployment order."""

__all__ = [
    "ENVIRONMENT_NAMES",
    "AuroraSizing",
    "BootstrapConfig",
    "ConfigError",
    "EksConfig",
    "EnvironmentConfig",
    "NetworkConfig",
    "NodeGroupSizing",
    "RedisSizing",
    "SpotNodeGroupSizing",
    "StateBackendConfig",
    "Tags",
    "build_config",
    "load_bootstrap",
    "load_environment",
    "load_environments",
]

_Config = TypeVar("_Config", bound=BaseModel)


def _nested_model_fields(*roots: type[BaseModel]) -> dict[str, str]:
    """Map nested model class names to their field name (``NetworkConfig`` -> ``network``)."""
    paths: dict[str, str] = {}
    for root in roots:
        for field_name, field in root.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                paths[annotation.__name__] = field_name
    return paths


_FIELD_OF_MODEL = _nested_model_fields(EnvironmentConfig, BootstrapConfig)


def build_config(source: str, factory: Callable[[], _Config]) -> _Config:
    """Run a config factory, turning validation failures into a :class:`ConfigError`."""
    try:
        return factory()
    except ValidationError as error:
        prefix = _FIELD_OF_MODEL.get(error.title, "")
        raise ConfigError.from_validation_error(source, error, prefix) from None
    except FieldError as error:
        raise ConfigError(source, [str(error)]) from None


def load_environment(name: str) -> EnvironmentConfig:
    """Load and validate one environment by name."""
    if name not in ENVIRONMENT_NAMES:
        raise ConfigError(
            "environment selection",
            [f"unknown environment {name!r}; expected one of {list(ENVIRONMENT_NAMES)}"],
        )
    module = importlib.import_module(f"{__name__}.{name}")
    config: EnvironmentConfig = build_config(name, module.build)
    if config.name != name:
        raise ConfigError(name, [f"name = {config.name!r}: expected {name!r} (the module name)"])
    return config


def load_bootstrap() -> BootstrapConfig:
    """Load and validate the bootstrap configuration."""
    module = importlib.import_module(f"{__name__}.bootstrap")
    config: BootstrapConfig = build_config("bootstrap", module.build)
    return config


def load_environments(names: Iterable[str] | None = None) -> tuple[EnvironmentConfig, ...]:
    """Load the named environments (default: all), checking they share the state backend."""
    selected = tuple(names) if names is not None else ENVIRONMENT_NAMES
    configs = tuple(load_environment(name) for name in selected)
    bootstrap = load_bootstrap()
    try:
        check_same_state_backend(bootstrap, configs)
    except FieldError as error:
        raise ConfigError("state backend", [str(error)]) from None
    return configs
