"""The Kubernetes extra: a clear install hint without it, and AWS-only modules that never
need it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib

from platform_cdktf.modules.providers import PROVIDERS
from platform_cdktf.modules.shared.extras import KUBERNETES_EXTRA, missing_kubernetes_extra
from tests.conftest import REPO_ROOT

HINT = (
    "cdktf_cdktf_provider_helm is not installed: in-cluster modules (Helm releases, "
    "Kubernetes objects) need the optional bindings, "
    "`pip install 'platform-cdktf-aws[kubernetes]'`"
)


def test_missing_extra_gives_the_install_hint() -> None:
    cause = ModuleNotFoundError(
        "No module named 'cdktf_cdktf_provider_helm'", name="cdktf_cdktf_provider_helm"
    )
    error = missing_kubernetes_extra(cause)
    assert isinstance(error, ModuleNotFoundError)
    assert error.name == "cdktf_cdktf_provider_helm"
    assert str(error) == HINT


def test_the_hint_names_the_extra_that_brings_both_bindings() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    name, _, extra = KUBERNETES_EXTRA.partition("[")
    assert name == project["name"]
    pins = project["optional-dependencies"][extra.rstrip("]")]
    assert sorted(pins) == sorted(
        f"{PROVIDERS[provider].python_package}=={PROVIDERS[provider].python_package_version}"
        for provider in ("kubernetes", "helm")
    )


def test_aws_only_modules_import_without_the_helm_bindings() -> None:
    """A fresh interpreter in which the Helm bindings cannot be imported."""
    code = """
        import importlib, importlib.abc, json, sys

        class NoHelm(importlib.abc.MetaPathFinder):
            def find_spec(self, fullname, path, target=None):
                if fullname.split(".")[0] == "cdktf_cdktf_provider_helm":
                    raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
                return None

        from platform_cdktf.modules.providers import install_fast_imports
        install_fast_imports()
        sys.meta_path.insert(0, NoHelm())

        from platform_cdktf.modules.vpc import Vpc
        from platform_cdktf.modules.eks.construct import EksCluster
        from platform_cdktf.modules.aurora_postgres import AuroraPostgres
        from platform_cdktf.modules.redis import Redis
        aws_only = sorted(
            name for name in sys.modules
            if name.split(".")[0]
            in ("cdktf_cdktf_provider_helm", "cdktf_cdktf_provider_kubernetes")
        )
        try:
            importlib.import_module("platform_cdktf.modules.alb_controller.construct")
            error = None
        except ModuleNotFoundError as caught:
            error = {"message": str(caught), "name": caught.name}
        print(json.dumps({
            "imported": [cls.__name__ for cls in (Vpc, EksCluster, AuroraPostgres, Redis)],
            "bindings": aws_only,
            "error": error,
        }))
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
    assert report["imported"] == ["Vpc", "EksCluster", "AuroraPostgres", "Redis"]
    assert report["bindings"] == [], "AWS-only modules imported Kubernetes or Helm bindings"
    assert report["error"] == {"message": HINT, "name": "cdktf_cdktf_provider_helm"}
