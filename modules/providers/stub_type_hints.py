"""Type hints of the jsii type-checking stubs, resolved once per stub (issue 17, growth).

Every jsii-generated initializer and setter of the prebuilt provider packages (and of
``cdktf`` itself) checks its arguments at run time, under ``if __debug__:``, as

    type_hints = typing.get_type_hints(_typecheckingstub__<digest>)
    check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])

``typing.get_type_hints`` re-evaluates every annotation of the stub on each call, although
a stub is a module-level function whose annotations never change. With twenty environments
that is about 18,000 calls and the largest Python cost of a synthesis after the jsii round
trips themselves (cProfile of ``bench/growth_bench.py --worker 20``).

:func:`install` wraps ``typing.get_type_hints`` so that, for a function named
``_typecheckingstub__...`` and called with no namespaces and no extras (exactly how the
generated code calls it), the hints are computed once and a copy of them returned after.
Every other call goes to the original unchanged. The checks themselves still run: a wrong
argument type fails exactly as before. Installed with the fast imports
(:func:`.fast_imports.install`), so ``PLATFORM_FAST_IMPORTS=0`` leaves ``typing`` alone.
"""

from __future__ import annotations

import functools
import threading
import typing
from collections.abc import Callable
from typing import Any

__all__ = ["STUB_PREFIX", "install", "is_installed"]

STUB_PREFIX = "_typecheckingstub__"
"""How jsii-pacmak names the functions whose annotations describe a method's arguments."""

_MARK = "_platform_cdktf_stub_hint_cache"
_lock = threading.Lock()


def is_installed() -> bool:
    """Whether ``typing.get_type_hints`` is the caching wrapper."""
    return getattr(typing.get_type_hints, _MARK, False)


def install() -> None:
    """Wrap ``typing.get_type_hints`` (idempotent)."""
    with _lock:
        if is_installed():
            return
        original = typing.get_type_hints
        typing.get_type_hints = _caching(original)


def _caching(original: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    resolved: dict[Callable[..., Any], dict[str, Any]] = {}

    @functools.wraps(original)
    def get_type_hints(
        obj: Any,
        globalns: dict[str, Any] | None = None,
        localns: typing.Mapping[str, Any] | None = None,
        include_extras: bool = False,
    ) -> dict[str, Any]:
        if (
            globalns is None
            and localns is None
            and not include_extras
            and callable(obj)
            and getattr(obj, "__name__", "").startswith(STUB_PREFIX)
        ):
            hints = resolved.get(obj)
            if hints is None:
                hints = resolved.setdefault(obj, original(obj))
            # A copy: a caller may change what it gets, the next caller must not see it.
            return dict(hints)
        return original(obj, globalns, localns, include_extras)

    setattr(get_type_hints, _MARK, True)
    return get_type_hints
