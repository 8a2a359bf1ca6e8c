"""Readable configuration errors.

pydantic reports a failure as a location tuple plus a message. Platform engineers read
these in a terminal or a CI log, so every error is turned into one line that names the
environment, the field path, the offending value and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError


class FieldError(ValueError):
    """A validation failure that concerns a specific field of the enclosing model.

    Model-level validators (for example "subnets must lie inside the VPC CIDR") run on
    the whole model, so pydantic cannot know which field is wrong. Raising this error
    with the field path and value lets the message point at the field anyway.
    """

    def __init__(self, field: str, value: Any, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field} = {value!r}: {expected}")


class ConfigError(Exception):
    """An environment configuration is invalid; raised before anything is synthesized.

    ``problems`` holds one human-readable line per failed check.
    """

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"invalid configuration {source!r}:\n{lines}")

    @classmethod
    def from_validation_error(
        cls, source: str, error: ValidationError, prefix: str = ""
    ) -> ConfigError:
        """Translate a pydantic ``ValidationError`` into field-named problem lines.

        ``prefix`` is the path of the failing model inside the environment (for example
        ``network`` when ``NetworkConfig(...)`` itself failed while ``dev.py`` ran).
        """
        return cls(
            source, (_describe(detail, prefix) for detail in error.errors(include_url=False))
        )


def _describe(detail: Any, prefix: str) -> str:
    location = ".".join(part for part in (prefix, _join_location(detail["loc"])) if part)
    location = location.replace(".[", "[")
    cause = detail.get("ctx", {}).get("error")
    if isinstance(cause, FieldError):
        field = f"{location}.{cause.field}" if location else cause.field
        return f"{field} = {cause.value!r}: {cause.expected}"
    message = str(detail["msg"]).removeprefix("Value error, ")
    value = detail.get("input")
    if detail["type"] == "missing":
        return f"{location}: required field is missing"
    if _is_scalar_like(value):
        return f"{location} = {value!r}: {message}"
    return f"{location}: {message}"


def _join_location(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _is_scalar_like(value: Any) -> bool:
    """Values short enough to quote in an error line (not whole nested models)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return True
    if isinstance(value, list | tuple):
        return all(isinstance(item, str | int | float | bool) for item in value)
    return False
