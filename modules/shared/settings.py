"""Settings: what a deployment decides, as frozen, validated data without cdktf.

Every module keeps what an environment (or a consumer's own app) decides in one settings
model: sizes, versions, windows, retention, feature flags. A settings model is checked
completely when it is built, before any construct exists, so that whatever it accepts
synthesizes. The same model is embedded in :class:`EnvironmentConfig` and taken by the
module's props: an environment and a consumer who builds props directly get exactly the
same checks.

Errors are :class:`SettingsError`: one line per problem, each naming the field path, the
offending value and what was expected. Nothing here imports cdktf, so settings load in
milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


@dataclass(frozen=True)
class Problem:
    """One failed check: where, what value, what was expected."""

    path: str
    """Dotted path of the field, relative to the object that was checked
    (``public_subnets[1]``); empty for the object itself."""
    expected: str
    """What the field must be, e.g. ``overlaps private_subnets[0] (10.10.0.0/18)``."""
    value: Any = None
    """The offending value (quoted in the message) when ``has_value``."""
    has_value: bool = True
    """Whether the message quotes ``value`` (false for missing fields and whole models)."""

    def under(self, prefix: str) -> Problem:
        """The same problem seen from an enclosing object, at ``prefix``."""
        return Problem(
            path=join_path(prefix, self.path),
            expected=self.expected,
            value=self.value,
            has_value=self.has_value,
        )

    def line(self) -> str:
        """The problem as one human-readable line."""
        if self.has_value:
            return f"{self.path or '(value)'} = {self.value!r}: {self.expected}"
        return f"{self.path}: {self.expected}" if self.path else self.expected


def join_path(prefix: str, path: str) -> str:
    """``network`` + ``public_subnets[1]`` -> ``network.public_subnets[1]``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


class FieldError(ValueError):
    """Raised inside a model validator to blame one field (or several) of that model.

    A model-level check ("subnets must lie inside the VPC CIDR") runs on the whole model,
    so pydantic cannot know which field is wrong; this error carries the field path and
    value so that the message points at the field anyway.
    """

    def __init__(self, field: str, value: Any, expected: str) -> None:
        self.problems: tuple[Problem, ...] = (Problem(field, expected, value),)
        super().__init__(self.problems[0].line())

    @classmethod
    def combine(cls, errors: Sequence[FieldError]) -> FieldError:
        """One error reporting every problem of ``errors`` (at least one)."""
        combined = cls.__new__(cls)
        combined.problems = tuple(problem for error in errors for problem in error.problems)
        ValueError.__init__(combined, "; ".join(problem.line() for problem in combined.problems))
        return combined


def problem_if(condition: bool, field: str, value: Any, expected: str) -> FieldError | None:
    """A :class:`FieldError` blaming ``field`` when ``condition`` holds, else ``None``."""
    return FieldError(field, value, expected) if condition else None


def raise_problems(*problems: FieldError | None) -> None:
    """Raise every problem found by a model validator at once (the ``None`` are checks
    that passed), so that one run reports everything that is wrong."""
    found = [problem for problem in problems if problem is not None]
    if found:
        raise FieldError.combine(found)


class SettingsError(ValueError):
    """Invalid settings or props, found before anything is synthesized.

    ``source`` names what was checked: an environment such as ``dev``, or a class such as
    ``VpcSettings`` when a consumer built it directly (``qualified``: the lines then start
    with the class name, ``VpcSettings.public_subnets[1] = ...``). ``problems`` holds one
    :class:`Problem` per failed check, with paths relative to ``source``.
    """

    kind = "settings"
    """What was invalid, in the first line of the message."""

    def __init__(
        self, source: str, problems: Iterable[Problem], *, qualified: bool = False
    ) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.qualified = qualified
        lines = "\n".join(f"  - {line}" for line in self.lines)
        super().__init__(f"invalid {self.kind} {source!r}:\n{lines}")

    @property
    def lines(self) -> tuple[str, ...]:
        """One line per problem, each naming the full field path."""
        prefix = self.source if self.qualified else ""
        return tuple(problem.under(prefix).line() for problem in self.problems)

    @classmethod
    def from_validation_error(cls, source: str, error: ValidationError) -> SettingsError:
        """Translate pydantic's errors about class ``source`` into field-named problems."""
        problems: list[Problem] = []
        for detail in error.errors(include_url=False):
            problems.extend(_problems_of(detail))
        return cls(source, problems, qualified=True)


def invalid(owner: object, field: str, value: Any, expected: str) -> SettingsError:
    """A :class:`SettingsError` blaming ``field`` of ``owner`` (props built directly)."""
    return SettingsError(type(owner).__name__, [Problem(field, expected, value)], qualified=True)


def require(owner: object, field: str, value: Any, check: Callable[[Any], object]) -> None:
    """Run ``check(value)``; its ``ValueError`` becomes a :class:`SettingsError` naming
    ``field`` of ``owner``. For the props checks that only the composing code can make."""
    try:
        check(value)
    except ValueError as error:
        raise invalid(owner, field, value, str(error)) from None


def _problems_of(detail: Any) -> list[Problem]:
    location = _join_location(detail["loc"])
    cause = detail.get("ctx", {}).get("error")
    if isinstance(cause, FieldError | SettingsError):
        return [problem.under(location) for problem in cause.problems]
    if detail["type"] == "missing":
        return [Problem(location, "required setting is missing", has_value=False)]
    if detail["type"] == "extra_forbidden":
        return [Problem(location, "unknown setting (a typo?)", detail.get("input"))]
    if detail["type"] == "too_short" and _long_enough_before_item_errors(detail):
        return []  # pydantic counts only the valid items; their own errors say what is wrong
    message = str(detail["msg"]).removeprefix("Value error, ")
    value = detail.get("input")
    if _is_scalar_like(value):
        return [Problem(location, message, value)]
    return [Problem(location, message, has_value=False)]


def _long_enough_before_item_errors(detail: Any) -> bool:
    """Whether a ``too_short`` error only follows from failed items: ``("prod*",)`` with a
    minimum of one item is reported "at least 1 item after validation, not 0"."""
    value = detail.get("input")
    minimum = detail.get("ctx", {}).get("min_length")
    return isinstance(value, Sized) and isinstance(minimum, int) and len(value) >= minimum


def _join_location(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        path = join_path(path, f"[{part!r}]" if _is_key(part) else str(part))
    return path


def _is_key(part: str | int) -> bool:
    """Whether a location part is an index or a mapping key rather than a field name.

    pydantic reports list indexes as ints and mapping keys as strings; a field name is a
    Python identifier, a mapping key usually is not (``eks.amazonaws.com/role-arn``).
    """
    if isinstance(part, int):
        return True
    return not part.isidentifier()


def _is_scalar_like(value: Any) -> bool:
    """Values short enough to quote in an error line (not whole nested models)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return True
    if isinstance(value, list | tuple):
        return all(isinstance(item, str | int | float | bool) for item in value)
    return False


class Settings(BaseModel):
    """Base of every settings model: immutable, unknown keys are errors, field docstrings
    are the field descriptions (used by the generated module READMEs).

    Building a model with a bad value raises :class:`SettingsError` (a ``ValueError``)
    rather than pydantic's ``ValidationError``, naming the model and the field path.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise SettingsError.from_validation_error(type(self).__name__, error) from None
