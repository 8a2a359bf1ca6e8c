"""Fast import of the prebuilt provider packages (tracker issue 7), for any cdktf app.

The ``__init__.py`` of each prebuilt provider package (``cdktf_cdktf_provider_aws``,
``_kubernetes``, ``_helm``) ends with one ``from . import <submodule>`` line per resource
and data source: more than 2,000 for AWS, which is most of the ~10 s that importing it
costs. The stacks use a few dozen of them.

:func:`install` puts a :data:`sys.meta_path` finder in front of the normal import system
that, for those top-level packages only, executes the package ``__init__`` source without
that trailing block of eager imports. Everything before it runs unchanged: the jsii
assembly load (``from ._jsii import *``), ``__all__`` and ``publication.publish()``.
Submodules are then imported on demand, by the normal import system, when code does
``from cdktf_cdktf_provider_aws.vpc import Vpc``; a module-level ``__getattr__`` (PEP 562)
keeps ``cdktf_cdktf_provider_aws.vpc`` working after a bare ``import
cdktf_cdktf_provider_aws``. The synthesized JSON is byte-identical (a test compares
both paths).

The eager imports exist so that every jsii type is registered before the JavaScript side
can hand back an object of that type. The jsii runtime already imports the module of an
unknown type on demand, but only through a map that newer code generators emit and these
packages lack; the finder fills that map from the submodule names.

If a package does not look exactly as expected (a different trailer, not a plain source
package), the finder steps aside and the stock import runs: this can make synthesis
slower, never break it. ``PLATFORM_FAST_IMPORTS=0`` turns the mechanism off.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Sequence
from types import CodeType, ModuleType

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "PROVIDER_PACKAGES",
    "install",
    "install_fast_imports",
    "is_enabled",
    "is_installed",
    "split_package_source",
]

ENVIRONMENT_VARIABLE = "PLATFORM_FAST_IMPORTS"
"""Set to ``0`` (or ``false``, ``no``, ``off``) to import the provider packages the stock,
eager way."""

PROVIDER_PACKAGES = frozenset(
    {
        "cdktf_cdktf_provider_aws",
        "cdktf_cdktf_provider_kubernetes",
        "cdktf_cdktf_provider_helm",
    }
)
"""Top-level packages the finder handles; every other import goes its usual way."""

_DISABLED_VALUES = frozenset({"0", "false", "no", "off"})

# jsii-pacmak writes this comment right before the eager imports. Requiring it (and
# nothing but those imports after it) is how a changed package layout is detected.
_EAGER_IMPORTS_MARKER = (
    "# Loading modules to ensure their types are registered with the jsii runtime library"
)
_EAGER_IMPORT = re.compile(r"from \. import (?P<name>[a-z_][a-z0-9_]*)")


def is_enabled() -> bool:
    """Whether the fast path is switched on (``PLATFORM_FAST_IMPORTS`` unset or not ``0``)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "1").strip().lower()
    return value not in _DISABLED_VALUES


def is_installed() -> bool:
    """Whether the finder is on :data:`sys.meta_path`."""
    return any(isinstance(finder, _ProviderFinder) for finder in sys.meta_path)


def install() -> bool:
    """Install the fast-import finder unless ``PLATFORM_FAST_IMPORTS=0``; idempotent.

    Call it before any provider package is imported: a package already in
    :data:`sys.modules` stays as it was imported. Returns whether the finder is installed.
    """
    if not is_enabled():
        return False
    if not is_installed():
        # First, so that it sees the provider packages before the path-based finder.
        sys.meta_path.insert(0, _ProviderFinder())
    # The generated argument checks resolve their stubs' type hints once each.
    importlib.import_module(f"{__package__}.stub_type_hints").install()
    return True


install_fast_imports = install
"""The public name of :func:`install`, exported by ``platform_cdktf.modules.providers``: a
consumer's ``main.py`` calls it before importing any construct."""


def split_package_source(source: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a provider package ``__init__`` into the code to run and the eager imports.

    Returns the source without the trailing ``from . import <name>`` block (same line
    numbers for everything kept) and the submodule names, or ``None`` if the source does
    not end with exactly that block.
    """
    head, marker, tail = source.rpartition(_EAGER_IMPORTS_MARKER)
    if not marker or "publication.publish()" not in head:
        return None
    names: list[str] = []
    for line in tail.splitlines():
        if not line.strip():
            continue
        match = _EAGER_IMPORT.fullmatch(line.rstrip())
        if match is None:
            return None
        names.append(match["name"])
    if not names or len(set(names)) != len(names):
        return None
    return head + marker + "\n", tuple(names)


def _jsii_submodule_name(python_name: str) -> str:
    """``s3_bucket_policy`` -> ``s3BucketPolicy``: how jsii-pacmak named the submodule.

    Checked for every submodule of the pinned packages by
    tests/modules/providers/test_fast_imports.py.
    """
    first, *rest = python_name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


class _ProviderFinder(importlib.abc.MetaPathFinder):
    """Hands the provider packages to :class:`_LazyPackageLoader`, nothing else."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in PROVIDER_PACKAGES:
            return None
        # Any surprise here means "not the layout we know": return None, and the next
        # finders import the package the stock way.
        try:
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if (
                spec is None
                or spec.origin is None
                or spec.submodule_search_locations is None
                or type(spec.loader) is not importlib.machinery.SourceFileLoader
            ):
                return None
            with open(spec.origin, "rb") as file:
                split = split_package_source(importlib.util.decode_source(file.read()))
        except (OSError, SyntaxError, UnicodeDecodeError, ImportError, ValueError):
            return None
        if split is None:
            return None
        source, submodules = split
        spec.loader = _LazyPackageLoader(fullname, spec.origin, source, submodules)
        return spec


class _LazyPackageLoader(importlib.machinery.SourceFileLoader):
    """Runs a provider package ``__init__`` without its eager submodule imports.

    A :class:`~importlib.machinery.SourceFileLoader` for everything else (``get_source``,
    resources), so the package looks the same to introspection and tracebacks.
    """

    def __init__(self, fullname: str, path: str, source: str, submodules: Sequence[str]) -> None:
        super().__init__(fullname, path)
        self._source = source
        self._submodules = frozenset(submodules)

    def get_code(self, fullname: str) -> CodeType:
        # Not cached in __pycache__: the stock .pyc holds the full source, and compiling
        # the shortened one takes milliseconds.
        return compile(self._source, self.path, "exec", dont_inherit=True)

    def exec_module(self, module: ModuleType) -> None:
        # Before the package's `_jsii` loads its assembly: the node side then requires
        # the provider's JavaScript submodules on demand too (see .lazy_node_exports).
        _lazy_node_exports().load_into_kernel()
        super().exec_module(module)
        # publication.publish() replaced the module in sys.modules by a public one (and
        # kept the original as <package>._private); both answered submodule attributes
        # in the stock layout, so both get the lazy __getattr__. Added only now: during
        # publish() a __getattr__ would have imported every name in __all__.
        public = sys.modules.get(module.__name__, module)
        for target in {id(public): public, id(module): module}.values():
            vars(target)["__getattr__"] = _lazy_getattr(module.__name__, self._submodules)
            vars(target)["__dir__"] = _lazy_dir(target, self._submodules)
        _register_type_modules(module.__name__, self._submodules)


def _lazy_node_exports() -> ModuleType:
    # Imported on first use: importing it costs nothing, but jsii is only needed then.
    return importlib.import_module(f"{__package__}.lazy_node_exports")


def _lazy_getattr(package: str, submodules: frozenset[str]) -> Callable[[str], ModuleType]:
    def getattr_(name: str) -> ModuleType:
        if name in submodules:
            # Binds the submodule on the package too, so this runs once per name.
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return getattr_


def _lazy_dir(module: ModuleType, submodules: frozenset[str]) -> Callable[[], list[str]]:
    def dir_() -> list[str]:
        return sorted(set(vars(module)) | submodules)

    return dir_


def _register_type_modules(package: str, submodules: frozenset[str]) -> None:
    """Tell the jsii runtime which module holds each submodule's types.

    When the JavaScript side returns an object whose type is not registered, jsii >= 1.1xx
    imports the module named in ``_submodule_fqn_map`` and retries. Best effort: without
    that (private) map, everything the stacks import still works.
    """
    try:
        reference_map = importlib.import_module("jsii._reference_map")
    except ImportError:
        return
    assemblies: object = getattr(reference_map, "_assembly_to_module", None)
    fqn_map: object = getattr(reference_map, "_submodule_fqn_map", None)
    if not isinstance(assemblies, dict) or not isinstance(fqn_map, dict):
        return
    for assembly, root_module in list(assemblies.items()):
        if root_module != package:
            continue
        for name in submodules:
            fqn_map.setdefault(f"{assembly}.{_jsii_submodule_name(name)}", f"{package}.{name}")
