"""The installable package: unique import names and a complete package list."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE_ROOTS = {
    "modules": "platform_cdktf.modules",
    "environments": "platform_cdktf.environments",
    "stacks": "platform_cdktf.stacks",
    "tooling": "platform_cdktf.tooling",
}


def _setuptools() -> dict[str, object]:
    config: dict[str, object] = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]
    return config


def test_folders_map_to_unique_import_names() -> None:
    mapping = _setuptools()["package-dir"]
    assert mapping == {name: folder for folder, name in PACKAGE_ROOTS.items()}


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    on_disk = set()
    for folder, import_name in PACKAGE_ROOTS.items():
        for init in (REPO_ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO_ROOT / folder)
            parts = [import_name, *relative.parts] if relative != Path(".") else [import_name]
            on_disk.add(".".join(parts))
    assert listed == on_disk


def test_no_bare_top_level_modules_package_is_importable_from_outside() -> None:
    spec = importlib.util.find_spec("platform_cdktf.modules.vpc")
    assert spec is not None
    assert spec.origin is not None
    assert Path(spec.origin).resolve().is_relative_to(REPO_ROOT / "modules")
