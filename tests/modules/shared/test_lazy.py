"""Lazy package exports (PEP 562): names resolve on first use, and settings never import
cdktf."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT

PACKAGE = "lazy_exports_probe"
MODULES = REPO_ROOT / "modules"
HEAVY_ROOTS = ("cdktf", "jsii", "constructs")
SETTINGS_MODULES = sorted(
    f"platform_cdktf.modules.{path.parent.name}.settings" for path in MODULES.glob("*/settings.py")
)
"""Every settings module of the package (one per module folder that has one)."""


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """A throw-away package whose ``__init__`` declares its exports the platform's way."""
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """
            from __future__ import annotations

            from typing import TYPE_CHECKING

            from platform_cdktf.modules.shared.lazy import lazy_exports

            if TYPE_CHECKING:
                import os
                from collections import OrderedDict

                from .alpha import Alpha as Alpha
                from .alpha import ALPHA_LIMIT
                from .beta import make as build

            __getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
            """
        )
    )
    (package / "alpha.py").write_text("class Alpha:\n    pass\n\n\nALPHA_LIMIT = 3\n")
    (package / "beta.py").write_text("def make() -> str:\n    return 'made'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def test_exports_are_the_relative_type_checking_imports(probe: ModuleType) -> None:
    # Absolute imports (os, collections) are not exports; aliases are the exported names.
    assert probe.__all__ == ["ALPHA_LIMIT", "Alpha", "build"]
    assert dir(probe) == ["ALPHA_LIMIT", "Alpha", "build"]


def test_names_resolve_on_first_use_only(probe: ModuleType) -> None:
    assert f"{PACKAGE}.alpha" not in sys.modules
    assert f"{PACKAGE}.beta" not in sys.modules
    alpha = probe.Alpha
    assert f"{PACKAGE}.alpha" in sys.modules
    assert f"{PACKAGE}.beta" not in sys.modules
    assert alpha is sys.modules[f"{PACKAGE}.alpha"].Alpha
    assert probe.ALPHA_LIMIT == 3
    assert probe.build() == "made"
    assert probe.build is sys.modules[f"{PACKAGE}.beta"].make


def test_from_import_works(probe: ModuleType) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {PACKAGE} import Alpha, build", namespace)
    assert namespace["Alpha"] is probe.Alpha
    assert namespace["build"] is probe.build


def test_an_unknown_name_raises_attribute_error(probe: ModuleType) -> None:
    with pytest.raises(AttributeError, match=f"^module '{PACKAGE}' has no attribute 'Gamma'$"):
        _ = probe.Gamma
    assert not hasattr(probe, "make")  # only the alias is exported
    with pytest.raises(ImportError, match="cannot import name 'Gamma'"):
        exec(f"from {PACKAGE} import Gamma", {})


def _lazy_packages() -> list[str]:
    return sorted(
        f"platform_cdktf.modules.{path.parent.name}"
        for path in MODULES.glob("*/__init__.py")
        if "lazy_exports(__name__, __file__)" in path.read_text(encoding="utf-8")
    )


def test_every_package_with_a_construct_exports_lazily() -> None:
    """An eager import of a construct in ``__init__`` would make its settings import cdktf."""
    lazy = {name.rsplit(".", 1)[-1] for name in _lazy_packages()}
    with_constructs = {path.parent.name for path in MODULES.glob("*/construct.py")}
    assert len(with_constructs) >= 8, with_constructs
    assert with_constructs <= lazy
    assert {"shared", "providers"} <= lazy  # no construct.py, but cdktf-based exports


@pytest.mark.parametrize("package", _lazy_packages())
def test_module_packages_resolve_every_export(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__
    assert module.__all__ == sorted(module.__all__)
    assert dir(module) == module.__all__
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_settings_import_no_cdktf_but_constructs_do() -> None:
    assert len(SETTINGS_MODULES) >= 10, SETTINGS_MODULES
    code = f"""
        import importlib, json, sys

        def heavy():
            return sorted(
                name for name in sys.modules
                if name.split(".")[0] in {HEAVY_ROOTS!r}
                or name.startswith("cdktf_cdktf_provider_")
            )

        # As a consumer's main.py starts (and to keep this test fast): no cdktf either.
        from platform_cdktf.modules.providers import install_fast_imports
        install_fast_imports()
        for name in {SETTINGS_MODULES!r}:
            importlib.import_module(name)
        import platform_cdktf.modules.shared.validation
        from platform_cdktf.modules.vpc import VpcSettings
        from platform_cdktf.modules.eks import EksSettings
        from platform_cdktf.modules.shared import Settings, SettingsError
        after_settings = heavy()
        from platform_cdktf.modules.vpc import Vpc
        print(json.dumps({{"settings": after_settings, "construct": heavy()}}))
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["settings"] == []
    loaded = {name.split(".")[0] for name in report["construct"]}
    assert {"cdktf", "jsii", "constructs", "cdktf_cdktf_provider_aws"} <= loaded
