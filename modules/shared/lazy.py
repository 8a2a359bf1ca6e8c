"""Lazy package exports, so that importing settings never imports cdktf.

Every module package re-exports its constructs (cdktf: seconds to import) beside its
settings (plain data: milliseconds). With eager imports in ``__init__``, loading
``platform_cdktf.modules.vpc.settings`` would import the VPC construct and the whole AWS
provider. Each package instead lists its exports once, as ``TYPE_CHECKING`` imports (which
type checkers and editors read), and resolves them on first use (PEP 562)::

    if TYPE_CHECKING:
        from .construct import Vpc as Vpc
        from .settings import VpcSettings as VpcSettings

    __getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)

``from platform_cdktf.modules.vpc import Vpc`` works as before and pays for the construct
import only then.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _declared_exports(source_file: str) -> dict[str, tuple[str, str]]:
    """Exported name -> (relative submodule, name there), from the ``if TYPE_CHECKING:``
    block of a package."""
    tree = ast.parse(Path(source_file).read_text(encoding="utf-8"))
    exports: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.level == 1:
                for alias in statement.names:
                    exports[alias.asname or alias.name] = (statement.module or "", alias.name)
    return exports


def lazy_exports(
    package: str, source_file: str
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` of ``package`` (its ``__init__`` is
    ``source_file``), resolving the names its ``TYPE_CHECKING`` block imports."""
    origin = _declared_exports(source_file)

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module hook's fixed name)
        if name not in origin:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        submodule, original = origin[name]
        return getattr(importlib.import_module(f"{package}.{submodule}"), original)

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(origin)

    return __getattr__, __dir__, sorted(origin)
