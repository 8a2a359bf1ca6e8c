"""The settings base: frozen models, unknown keys, field descriptions, and the error lines
that name the full field path, the value and what was expected."""

from __future__ import annotations

from typing import Annotated, Any, Self

import pytest
from pydantic import AfterValidator, Field, ValidationError, model_validator

from platform_cdktf.modules.eks.settings import EksSettings
from platform_cdktf.modules.shared.settings import (
    FieldError,
    Problem,
    Settings,
    SettingsError,
    invalid,
    join_path,
    require,
)
from platform_cdktf.modules.shared.validation import check_slug

SLUG_EXPECTED = (
    "expected lowercase letters, digits and single hyphens, starting with a letter and "
    "ending with a letter or digit"
)


class Inner(Settings):
    """A nested model with a cross-field check."""

    low: int = Field(default=1, ge=0)
    """Lower bound."""
    high: int = 2
    """Upper bound."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise FieldError("high", self.high, f"expected at least low ({self.low})")
        return self


class Outer(Settings):
    """A model embedding :class:`Inner`, a tuple of slugs and a mapping."""

    name: str
    """Name of the thing."""
    inner: Inner = Field(default_factory=Inner)
    """The nested settings."""
    slugs: tuple[Annotated[str, AfterValidator(check_slug)], ...] = ()
    """Some slugs."""
    required_slugs: tuple[Annotated[str, AfterValidator(check_slug)], ...] = Field(
        default=("a1",), min_length=1
    )
    """At least one slug."""
    limits: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    """Limits by key."""


class Pair(Settings):
    """A model whose validator blames two fields at once."""

    first: int = 0
    """First value."""
    second: int = 0
    """Second value."""

    @model_validator(mode="after")
    def _both_even(self) -> Self:
        errors = [
            FieldError(field, value, "expected an even number")
            for field, value in (("first", self.first), ("second", self.second))
            if value % 2
        ]
        if errors:
            raise FieldError.combine(errors)
        return self


def _outer(**values: Any) -> Outer:
    """Build :class:`Outer` from values a type checker would refuse (typos, missing)."""
    return Outer(**values)


def _lines(build: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        build()
    return caught.value.lines


# -- Settings ------------------------------------------------------------------------


def test_settings_are_frozen() -> None:
    outer = Outer(name="x")
    with pytest.raises(ValidationError, match="frozen"):
        outer.name = "y"  # type: ignore[misc]
    assert outer.name == "x"


def test_defaults_and_stripped_strings() -> None:
    outer = Outer(name="  padded  ")
    assert outer.name == "padded"
    assert outer.inner == Inner(low=1, high=2)
    assert outer.slugs == ()
    assert outer.limits == {}


def test_unknown_key_is_rejected_as_a_typo_with_its_value() -> None:
    assert _lines(lambda: _outer(name="x", nmae="y")) == (
        "Outer.nmae = 'y': unknown setting (a typo?)",
    )


def test_unknown_key_of_a_nested_model_names_the_nested_path() -> None:
    assert _lines(lambda: Outer(name="x", inner={"lwo": 3})) == (
        "Outer.inner.lwo = 3: unknown setting (a typo?)",
    )


def test_missing_field_is_reported_without_a_value() -> None:
    assert _lines(_outer) == ("Outer.name: required setting is missing",)


def test_field_docstrings_become_descriptions() -> None:
    assert Outer.model_fields["name"].description == "Name of the thing."
    assert Outer.model_fields["inner"].description == "The nested settings."
    assert Inner.model_fields["low"].description == "Lower bound."


# -- SettingsError ---------------------------------------------------------------------


def test_settings_error_of_a_model_built_directly_is_qualified() -> None:
    with pytest.raises(SettingsError) as caught:
        Outer(name="x", slugs=("ok", "Bad"), limits={"a-b": -1})
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.source == "Outer"
    assert error.qualified is True
    assert error.lines == (
        f"Outer.slugs[1] = 'Bad': {SLUG_EXPECTED}",
        "Outer.limits['a-b'] = -1: Input should be greater than or equal to 0",
    )
    # The problems keep paths relative to the source; str() has one line per problem.
    assert [problem.path for problem in error.problems] == ["slugs[1]", "limits['a-b']"]
    assert str(error) == "invalid settings 'Outer':\n" + "\n".join(
        f"  - {line}" for line in error.lines
    )


def test_settings_error_of_an_environment_is_not_qualified() -> None:
    error = SettingsError("dev", [Problem("vpc.vpc_cidr", "expected a /16", "10.0.0.0/8")])
    assert error.qualified is False
    assert error.lines == ("vpc.vpc_cidr = '10.0.0.0/8': expected a /16",)
    assert str(error) == "invalid settings 'dev':\n  - vpc.vpc_cidr = '10.0.0.0/8': expected a /16"


def test_settings_error_kind_is_in_the_first_line() -> None:
    class PropsError(SettingsError):
        kind = "props"

    error = PropsError("VpcProps", [Problem("name", "expected a slug", "X")], qualified=True)
    assert str(error).splitlines()[0] == "invalid props 'VpcProps':"
    assert error.lines == ("VpcProps.name = 'X': expected a slug",)


def test_nested_model_built_from_a_dict_reports_the_full_path() -> None:
    assert _lines(lambda: Outer(name="x", inner={"low": 5, "high": 3})) == (
        "Outer.inner.high = 3: expected at least low (5)",
    )
    assert _lines(lambda: Outer(name="x", inner={"low": -1})) == (
        "Outer.inner.low = -1: Input should be greater than or equal to 0",
    )


def test_nested_model_built_directly_is_checked_where_it_is_built() -> None:
    assert _lines(lambda: Inner(low=5, high=3)) == ("Inner.high = 3: expected at least low (5)",)


def test_bad_node_group_inside_eks_settings_names_the_nested_field() -> None:
    (line,) = _lines(lambda: EksSettings(nodes={"instance_types": ("nope.large",)}))
    assert line.startswith(
        "EksSettings.nodes.instance_types = ('nope.large',): 'nope.large': "
        "unknown EC2 family 'nope'"
    )


def test_mapping_keys_and_indexes_in_paths() -> None:
    assert _lines(lambda: Outer(name="x", limits={"eks.amazonaws.com/role": -2})) == (
        "Outer.limits['eks.amazonaws.com/role'] = -2: Input should be greater than or equal to 0",
    )
    assert _lines(lambda: Outer(name="x", slugs=("a1", "b2", "-c"))) == (
        f"Outer.slugs[2] = '-c': {SLUG_EXPECTED}",
    )


def test_whole_values_too_large_to_quote_are_left_out() -> None:
    # A nested model given as a list: the message names the field but quotes no value.
    (line,) = _lines(lambda: Outer(name="x", inner=[{"low": 1}]))
    assert line.startswith("Outer.inner: ")
    assert " = " not in line
    # A scalar is quoted.
    (line,) = _lines(lambda: Outer(name="x", inner=5))
    assert line.startswith("Outer.inner = 5: ")


def test_every_problem_is_reported_in_field_order() -> None:
    lines = _lines(lambda: _outer(name="x", inner={"low": -1}, slugs=("A",), extra=1))
    assert lines == (
        "Outer.inner.low = -1: Input should be greater than or equal to 0",
        f"Outer.slugs[0] = 'A': {SLUG_EXPECTED}",
        "Outer.extra = 1: unknown setting (a typo?)",
    )


def test_a_minimum_length_is_not_reported_when_only_an_item_is_bad() -> None:
    """pydantic counts the valid items only; the bad item's own line says it all."""
    assert _lines(lambda: Outer(name="x", required_slugs=("Bad",))) == (
        f"Outer.required_slugs[0] = 'Bad': {SLUG_EXPECTED}",
    )
    assert _lines(lambda: Outer(name="x", required_slugs=())) == (
        "Outer.required_slugs = (): Tuple should have at least 1 item after validation, not 0",
    )


# -- FieldError, Problem, invalid and require ----------------------------------------------


def test_field_error_blames_one_field() -> None:
    error = FieldError("public_subnets[1]", "10.0.0.0/24", "overlaps private_subnets[0]")
    assert error.problems == (
        Problem("public_subnets[1]", "overlaps private_subnets[0]", "10.0.0.0/24"),
    )
    assert str(error) == "public_subnets[1] = '10.0.0.0/24': overlaps private_subnets[0]"


def test_field_error_combine_keeps_every_problem_in_order() -> None:
    first = FieldError("a", 1, "expected 2")
    second = FieldError.combine([FieldError("b", "x", "expected y"), FieldError("c", 3, "no")])
    combined = FieldError.combine([first, second])
    assert isinstance(combined, FieldError)
    assert [problem.path for problem in combined.problems] == ["a", "b", "c"]
    assert str(combined) == "a = 1: expected 2; b = 'x': expected y; c = 3: no"


def test_combined_field_error_in_a_validator_gives_one_line_per_field() -> None:
    assert _lines(lambda: Pair(first=1, second=3)) == (
        "Pair.first = 1: expected an even number",
        "Pair.second = 3: expected an even number",
    )
    assert Pair(first=2, second=4).second == 4


@pytest.mark.parametrize(
    ("prefix", "path", "joined"),
    [
        ("network", "public_subnets[1]", "network.public_subnets[1]"),
        ("limits", "['a-b']", "limits['a-b']"),
        ("subnets", "[0]", "subnets[0]"),
        ("", "name", "name"),
        ("name", "", "name"),
        ("", "", ""),
    ],
)
def test_join_path(prefix: str, path: str, joined: str) -> None:
    assert join_path(prefix, path) == joined


def test_problem_under_an_enclosing_object() -> None:
    problem = Problem("public_subnets[1]", "expected a /24", "10.0.0.0/23")
    moved = problem.under("network")
    assert moved == Problem("network.public_subnets[1]", "expected a /24", "10.0.0.0/23")
    assert moved.under("dev").line() == (
        "dev.network.public_subnets[1] = '10.0.0.0/23': expected a /24"
    )
    assert problem.under("") == problem


def test_problem_lines_with_and_without_a_value() -> None:
    assert Problem("size", "expected 1", 0).line() == "size = 0: expected 1"
    assert Problem("", "expected a slug", "X").line() == "(value) = 'X': expected a slug"
    assert Problem("name", "required", has_value=False).line() == "name: required"
    assert Problem("", "the whole model is wrong", has_value=False).line() == (
        "the whole model is wrong"
    )
    assert Problem("nodes", "missing", has_value=False).under("eks").line() == "eks.nodes: missing"


class OwnerProps:
    """Stands for a props dataclass that makes a wiring check."""


def test_invalid_blames_a_field_of_the_owner() -> None:
    error = invalid(OwnerProps(), "allowed_security_groups['eks']", "10.0.0.0/8", "expected sg")
    assert error.qualified is True
    assert error.source == "OwnerProps"
    assert error.lines == ("OwnerProps.allowed_security_groups['eks'] = '10.0.0.0/8': expected sg",)


def _positive(value: int) -> int:
    if value <= 0:
        raise ValueError("expected a positive number")
    return value


def test_require_turns_a_value_error_into_a_settings_error() -> None:
    owner = OwnerProps()
    require(owner, "count", 1, _positive)
    with pytest.raises(SettingsError) as caught:
        require(owner, "count", 0, _positive)
    assert caught.value.lines == ("OwnerProps.count = 0: expected a positive number",)
    # The original ValueError is not chained: the settings error says everything.
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True


def test_require_lets_other_errors_through() -> None:
    def broken(value: object) -> None:
        raise TypeError("a bug in the check")

    with pytest.raises(TypeError, match="a bug in the check"):
        require(OwnerProps(), "count", 1, broken)
