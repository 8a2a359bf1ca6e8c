"""The fast import of the provider packages: same output, fewer imports, a working switch.

Each check that depends on a fresh interpreter (what is imported, and how) runs in a
subprocess; timings are never asserted (``make bench`` measures them).
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.modules import providers
from platform_cdktf.modules.providers import fast_imports, lazy_node_exports
from platform_cdktf.modules.providers.fast_imports import PROVIDER_PACKAGES, split_package_source
from tests.conftest import REPO_ROOT

SWITCH = fast_imports.ENVIRONMENT_VARIABLE
SYNTH_TIMEOUT = 300


def _environment(fast: bool, **extra: str) -> dict[str, str]:
    return {**os.environ, SWITCH: "1" if fast else "0", **extra}


def _run_python(code: str, *, fast: bool) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON document as its last line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        env=_environment(fast),
        capture_output=True,
        text=True,
        timeout=SYNTH_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return report


def _package_source(package: str) -> tuple[Path, str]:
    spec = importlib.util.find_spec(package)
    assert spec is not None
    assert spec.origin is not None
    path = Path(spec.origin)
    return path, path.read_text(encoding="utf-8")


def _files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
    }


def test_synthesized_output_is_byte_identical_to_the_stock_import(tmp_path: Path) -> None:
    """``python main.py`` both ways, every stack; run concurrently, which was faster."""
    outdirs = {fast: tmp_path / ("fast" if fast else "stock") for fast in (False, True)}
    processes = {
        fast: subprocess.Popen(
            [sys.executable, "main.py"],
            cwd=REPO_ROOT,
            env=_environment(fast, CDKTF_OUTDIR=str(outdir), PLATFORM_ENVIRONMENTS=""),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for fast, outdir in outdirs.items()
    }
    for fast, process in processes.items():
        _, stderr = process.communicate(timeout=SYNTH_TIMEOUT)
        assert process.returncode == 0, f"{SWITCH}={int(fast)}:\n{stderr}"

    stock_files = _files(outdirs[False] / "stacks")
    fast_files = _files(outdirs[True] / "stacks")
    stacks = {name.split("/")[0] for name in stock_files}
    assert stacks, "nothing was synthesized"
    assert {name.split("/")[0] for name in fast_files} == stacks
    assert sorted(fast_files) == sorted(stock_files)
    different = [name for name in stock_files if stock_files[name] != fast_files[name]]
    assert different == []


def test_fast_path_imports_submodules_on_demand() -> None:
    report = _run_python(
        """
        import json, sys
        from platform_cdktf.modules.providers import install_fast_imports

        # What a consumer's main.py imports first must not import cdktf or a provider.
        before = sorted(
            name for name in sys.modules
            if name.split(".")[0] in ("cdktf", "jsii", "constructs")
            or name.startswith("cdktf_cdktf_provider_")
        )
        installed = [install_fast_imports(), install_fast_imports()]
        finders = [f for f in sys.meta_path if type(f).__name__ == "_ProviderFinder"]
        from cdktf_cdktf_provider_aws.vpc import Vpc
        import cdktf_cdktf_provider_aws as aws

        prefix = "cdktf_cdktf_provider_aws."
        loaded = sorted({
            name[len(prefix):].split(".")[0] for name in sys.modules
            if name.startswith(prefix) and not name.startswith(prefix + "_")
        })
        # Attribute access of a submodule that nothing imported yet: the lazy __getattr__.
        bucket = aws.s3_bucket.S3Bucket
        from cdktf_cdktf_provider_aws.kms_key import KmsKey
        try:
            aws.no_such_resource
            unknown = "no error"
        except AttributeError as error:
            unknown = str(error)
        from jsii import _reference_map
        print(json.dumps({
            "before": before,
            "installed": installed,
            "finders": len(finders),
            "declared": len(aws.__all__),
            "loaded": loaded,
            "vpc": Vpc.__jsii_type__,
            "bucket": bucket.__jsii_type__,
            "kms_key": KmsKey.__jsii_type__,
            "in_dir": "s3_bucket_policy" in dir(aws),
            "unknown": unknown,
            "type_module": _reference_map._submodule_fqn_map.get(
                "@cdktf/provider-aws.s3BucketPolicy"
            ),
        }))
        """,
        fast=True,
    )
    assert report["before"] == []
    assert report["installed"] == [True, True]
    assert report["finders"] == 1
    assert report["declared"] > 2000
    # Only what was imported: vpc itself and nothing of the other 2,000+ submodules.
    assert report["loaded"] == ["vpc"]
    assert report["vpc"] == "@cdktf/provider-aws.vpc.Vpc"
    assert report["bucket"] == "@cdktf/provider-aws.s3Bucket.S3Bucket"
    assert report["kms_key"] == "@cdktf/provider-aws.kmsKey.KmsKey"
    assert report["in_dir"] is True
    assert "no attribute 'no_such_resource'" in report["unknown"]
    # The jsii runtime can import the module of a type the JavaScript side hands back.
    assert report["type_module"] == "cdktf_cdktf_provider_aws.s3_bucket_policy"


@pytest.mark.parametrize("fast", [True, False], ids=[f"{SWITCH}=1", f"{SWITCH}=0"])
def test_switch_turns_the_fast_path_on_and_off(fast: bool) -> None:
    """The helm package is small: its three submodules are all loaded, or none."""
    report = _run_python(
        """
        import json, sys
        from platform_cdktf.modules.providers import fast_imports

        installed = fast_imports.install()
        import cdktf_cdktf_provider_helm as helm

        print(json.dumps({
            "enabled": fast_imports.is_enabled(),
            "installed": installed,
            "on_meta_path": fast_imports.is_installed(),
            "declared": list(helm.__all__),
            "loaded": [f"cdktf_cdktf_provider_helm.{n}" in sys.modules for n in helm.__all__],
        }))
        """,
        fast=fast,
    )
    assert report["enabled"] is fast
    assert report["installed"] is fast
    assert report["on_meta_path"] is fast
    assert report["declared"]
    assert report["loaded"] == [not fast] * len(report["declared"])


def test_install_fast_imports_is_the_public_name_of_install() -> None:
    assert providers.install_fast_imports is fast_imports.install
    assert "install_fast_imports" in providers.__all__
    assert "install_fast_imports" in fast_imports.__all__


@pytest.mark.parametrize("package", sorted(PROVIDER_PACKAGES))
def test_split_keeps_everything_but_the_eager_imports(package: str) -> None:
    _, source = _package_source(package)
    split = split_package_source(source)
    assert split is not None, f"{package}: layout not recognized, the fast path is off for it"
    kept, submodules = split
    assert source.startswith(kept)
    assert "from . import" not in kept
    for statement in ("from ._jsii import *", "__all__ = [", "publication.publish()"):
        assert statement in kept
    # A prefix of the real source: line numbers, and so tracebacks, are unchanged.
    assert set(submodules) <= set(re.findall(r'^    "(\w+)",$', kept, re.MULTILINE))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: s.replace("# Loading modules", "# Importing modules"), id="marker"),
        pytest.param(lambda s: s + "print('surprise')\n", id="trailing-statement"),
        pytest.param(lambda s: s + "from . import vpc as alias\n", id="aliased-import"),
        pytest.param(lambda s: s.replace("publication.publish()", ""), id="no-publish"),
    ],
)
def test_unknown_layout_falls_back_to_the_stock_import(change: Any) -> None:
    _, source = _package_source("cdktf_cdktf_provider_helm")
    assert split_package_source(source) is not None
    assert split_package_source(change(source)) is None


@pytest.mark.parametrize("package", sorted(PROVIDER_PACKAGES))
def test_jsii_submodule_names_match_the_generated_code(package: str) -> None:
    """The name map handed to the jsii runtime is derived, so check every submodule."""
    path, source = _package_source(package)
    split = split_package_source(source)
    assert split is not None
    jsii_type = re.compile(r'jsii_type="@cdktf/[\w-]+\.(\w+)\.')
    wrong = {}
    for name in split[1]:
        with (path.parent / name / "__init__.py").open(encoding="utf-8") as file:
            found = next(filter(None, map(jsii_type.search, file)), None)
        assert found is not None, f"{package}.{name} declares no jsii type"
        if found[1] != fast_imports._jsii_submodule_name(name):
            wrong[name] = found[1]
    assert wrong == {}


def test_importing_the_platform_modules_switches_the_fast_path_on_even_after_cdktf() -> None:
    """A consumer's main.py: cdktf first (isort order, the jsii kernel already running),
    then a platform module, and no install call. Both halves of the fast path apply."""
    report = _run_python(
        """
        import json, sys
        from cdktf import App, TerraformStack

        from platform_cdktf.modules.providers import fast_imports, lazy_node_exports
        from platform_cdktf.modules.vpc import Vpc  # the construct: imports the provider

        stack = TerraformStack(App(), "stack")
        from cdktf_cdktf_provider_aws.kms_key import KmsKey
        KmsKey(stack, "key", description="k")
        prefix = "cdktf_cdktf_provider_aws."
        print(json.dumps({
            "installed": fast_imports.is_installed(),
            "node_hook": lazy_node_exports.is_loaded(),
            "submodules": sum(
                1 for name in sys.modules
                if name.startswith(prefix) and not name.startswith(prefix + "_")
            ),
        }))
        """,
        fast=True,
    )
    assert report["installed"] is True
    assert report["node_hook"] is True
    # The VPC construct's resources, not the 2,000+ of the stock import.
    assert 0 < report["submodules"] < 100


def test_switched_off_the_platform_modules_leave_the_stock_import() -> None:
    report = _run_python(
        """
        import json, sys
        from platform_cdktf.modules.providers import fast_imports, lazy_node_exports
        import cdktf_cdktf_provider_helm as helm

        print(json.dumps({
            "installed": fast_imports.is_installed(),
            "node_hook": lazy_node_exports.is_loaded(),
            "loaded": all(f"cdktf_cdktf_provider_helm.{n}" in sys.modules for n in helm.__all__),
        }))
        """,
        fast=False,
    )
    assert report == {"installed": False, "node_hook": False, "loaded": True}


def test_hook_tarball_is_byte_stable() -> None:
    """Same bytes every time: the jsii package cache keeps one entry for it."""
    assert lazy_node_exports.build_tarball() == lazy_node_exports.build_tarball()
    with tarfile.open(fileobj=io.BytesIO(lazy_node_exports.build_tarball())) as tar:
        assert sorted(tar.getnames()) == [
            "package/.jsii",
            "package/lib/index.js",
            "package/package.json",
        ]
        index = tar.extractfile("package/lib/index.js")
        assert index is not None
        assert index.read().decode() == lazy_node_exports.HOOK_SOURCE


_FAKE_INDEX = """\
"use strict";
/**
 * Copyright (c) HashiCorp, Inc.
 * SPDX-License-Identifier: MPL-2.0
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.second = exports.first = void 0;
exports.first = require("./first");
exports.second = require("./second");
// generated by cdktf get
"""


def _require_fake_package(root: Path, package: str, index: str) -> dict[str, Any]:
    """Require a fake provider package in node with the hook installed, and report what
    its index loaded, eagerly and on first access."""
    lib = root / "node_modules" / package / "lib"
    for name in ("first", "second"):
        (lib / name).mkdir(parents=True)
        (lib / name / "index.js").write_text(
            f"globalThis.loaded.push({name!r}); exports.Thing = {name!r};\n", encoding="utf-8"
        )
    (lib / "index.js").write_text(index, encoding="utf-8")
    (root / "hook.js").write_text(lazy_node_exports.HOOK_SOURCE, encoding="utf-8")
    script = f"""
        globalThis.loaded = [];
        require({json.dumps(str(root / "hook.js"))});
        require({json.dumps(str(root / "hook.js"))});  // twice: installs once
        const index = require({json.dumps(str(lib / "index.js"))});
        const eager = [...globalThis.loaded];
        const keys = Object.keys(index).sort();
        const first = index.first.Thing;
        console.log(JSON.stringify({{ eager, keys, first, after: globalThis.loaded }}));
    """
    node = os.environ.get("JSII_NODE", "node")
    result = subprocess.run(
        [node, "-e", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_node_hook_makes_provider_reexports_lazy(tmp_path: Path) -> None:
    report = _require_fake_package(tmp_path, "@cdktf/provider-aws", _FAKE_INDEX)
    assert report["eager"] == []
    # Still enumerable exports, resolved on first access only.
    assert report["keys"] == ["first", "second"]
    assert report["first"] == "first"
    assert report["after"] == ["first"]


@pytest.mark.parametrize(
    ("package", "index"),
    [
        pytest.param("@cdktf/provider-other", _FAKE_INDEX, id="other-package"),
        pytest.param(
            "@cdktf/provider-aws", _FAKE_INDEX + "console.error('surprise');\n", id="extra-line"
        ),
        pytest.param(
            "@cdktf/provider-aws",
            _FAKE_INDEX.replace('require("./second")', 'require("./second").Thing'),
            id="other-export-form",
        ),
    ],
)
def test_node_hook_leaves_other_files_eager(tmp_path: Path, package: str, index: str) -> None:
    report = _require_fake_package(tmp_path, package, index)
    assert report["eager"] == ["first", "second"]
