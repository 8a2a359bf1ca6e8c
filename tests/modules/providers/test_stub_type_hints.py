"""The cache of the jsii type-checking stubs' hints: same hints, same checks, nothing else."""

from __future__ import annotations

import subprocess
import sys
import typing

import pytest

from platform_cdktf.modules.providers import stub_type_hints
from tests.conftest import REPO_ROOT


def _typecheckingstub__example(scope: int, name: str | None = None) -> None:
    """Shaped like a jsii stub: module level, annotations only."""


def ordinary(value: list[int]) -> None:
    """Any other function."""


def test_the_session_runs_with_the_cache_installed() -> None:
    # tests/conftest.py imports the platform modules, which install the fast path.
    assert stub_type_hints.is_installed()


def test_a_stubs_hints_are_the_originals_and_computed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []

    def original(obj: object, *_args: object) -> dict[str, object]:
        calls.append(obj)
        return {"scope": int, "name": str | None}

    wrapped = stub_type_hints._caching(original)

    first = wrapped(_typecheckingstub__example)
    first["scope"] = str  # a caller changing its copy
    second = wrapped(_typecheckingstub__example)

    assert second == {"scope": int, "name": str | None}
    assert calls == [_typecheckingstub__example]


def test_other_calls_go_to_the_original_every_time() -> None:
    calls: list[tuple[object, ...]] = []

    def original(*arguments: object) -> dict[str, object]:
        calls.append(arguments)
        return {}

    wrapped = stub_type_hints._caching(original)
    wrapped(ordinary)
    wrapped(ordinary)
    wrapped(_typecheckingstub__example, None, None, True)  # include_extras

    assert [call[0] for call in calls] == [ordinary, ordinary, _typecheckingstub__example]


def test_the_installed_wrapper_answers_like_typing() -> None:
    assert typing.get_type_hints(_typecheckingstub__example) == {
        "scope": int,
        "name": str | None,
        "return": type(None),
    }
    assert typing.get_type_hints(ordinary) == {"value": list[int], "return": type(None)}


def test_a_wrong_argument_type_still_fails_the_generated_check() -> None:
    from cdktf import App, TerraformStack  # noqa: PLC0415
    from cdktf_cdktf_provider_aws.vpc import Vpc  # noqa: PLC0415

    stack = TerraformStack(App(), "typed")
    with pytest.raises(TypeError, match="cidr_block"):
        Vpc(stack, "vpc", cidr_block=10)  # type: ignore[arg-type]


def test_switched_off_typing_is_left_alone() -> None:
    probe = (
        "import typing; original = typing.get_type_hints; "
        "import platform_cdktf.modules.vpc; "
        "print(typing.get_type_hints is original)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO_ROOT,
        env={"PLATFORM_FAST_IMPORTS": "0", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "True"
