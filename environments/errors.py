"""The error every invalid environment configuration raises, before any synthesis."""

from __future__ import annotations

from collections.abc import Iterable

from platform_cdktf.modules.shared.settings import FieldError, Problem, SettingsError


class ConfigError(SettingsError):
    """An environment configuration is invalid; raised before anything is synthesized.

    ``source`` is the environment (``dev``) or the selection that failed; every line of
    the message names a field path below it, the value and what was expected.
    """

    kind = "configuration"

    @classmethod
    def of(cls, source: str, problems: Iterable[Problem | str]) -> ConfigError:
        """An error about ``source``; a plain string is a problem without a field."""
        return cls(
            source,
            [
                problem if isinstance(problem, Problem) else Problem("", problem, has_value=False)
                for problem in problems
            ],
        )

    @classmethod
    def from_field_errors(cls, source: str, errors: Iterable[FieldError]) -> ConfigError:
        """An error about ``source`` from the problems of ``errors``."""
        return cls(source, [problem for error in errors for problem in error.problems])
