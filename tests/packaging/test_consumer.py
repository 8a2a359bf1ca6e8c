"""Reuse from another repository: the wheel, installed in a fresh virtualenv, composes a stack.

One session-wide fixture builds the wheel of this project, creates a virtualenv outside
the repository, installs the wheel there with the pinned constraints, copies
``examples/consumer`` next to it and synthesizes it with that virtualenv's Python. The
install is slow (about 750 MB of prebuilt provider packages, ~60 s), so it happens once
per session and every test below reads its results.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.terraform import cli_config, run_terraform

pytestmark = [pytest.mark.terraform, pytest.mark.heavy]

REPO_ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = REPO_ROOT / "requirements" / "constraints.txt"
EXAMPLE = REPO_ROOT / "examples" / "consumer"
PACKAGE_SOURCES = ("modules", "environments", "stacks", "tooling")
"""Folders the wheel maps to ``platform_cdktf.*`` (pyproject.toml ``package-dir``)."""
STACK = "orders"


@dataclass(frozen=True)
class Consumer:
    """The consumer project after install and synthesis, outside the repository."""

    wheel: Path
    python: Path
    project: Path
    environment: dict[str, str]

    @property
    def stack_dir(self) -> Path:
        return self.project / "cdktf.out" / "stacks" / STACK

    def run_python(self, code: str) -> subprocess.CompletedProcess[str]:
        """Run ``code`` with the consumer's interpreter, from the consumer project."""
        return _run([str(self.python), "-c", code], cwd=self.project, environment=self.environment)


def _run(
    command: list[str], *, cwd: Path, environment: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _must(completed: subprocess.CompletedProcess[str]) -> None:
    assert completed.returncode == 0, (
        f"$ {' '.join(map(str, completed.args))} -> exit {completed.returncode}\n"
        f"--- stdout\n{completed.stdout[-4000:]}\n--- stderr\n{completed.stderr[-4000:]}"
    )


def _consumer_environment() -> dict[str, str]:
    """This process's environment (JSII_NODE, pip's index settings) without anything that
    would let the consumer see the repository or this project's virtualenv."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    venv_bin = str(Path(sys.executable).parent)
    environment["PATH"] = os.pathsep.join(
        entry for entry in environment.get("PATH", "").split(os.pathsep) if entry != venv_bin
    )
    environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return environment


def _build_wheel(workdir: Path, environment: dict[str, str]) -> Path:
    """Build from a copy of the sources, so no build/ or egg-info lands in the work tree."""
    source = workdir / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    for license_file in REPO_ROOT.glob("LICENSE*"):
        shutil.copy(license_file, source / license_file.name)
    for folder in PACKAGE_SOURCES:
        shutil.copytree(
            REPO_ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    outdir = workdir / "dist"
    _must(
        _run(
            [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(source)],
            cwd=workdir,
            environment=environment,
        )
    )
    (wheel,) = outdir.glob("platform_cdktf_aws-*.whl")
    return wheel


@pytest.fixture(scope="session")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Consumer:
    """Build, install into a new virtualenv, copy the example and synthesize it (once)."""
    workdir = tmp_path_factory.mktemp("consumer")
    assert not workdir.resolve().is_relative_to(REPO_ROOT), "the venv must live outside"
    environment = _consumer_environment()
    wheel = _build_wheel(workdir, environment)
    venv = workdir / "venv"
    _must(_run([sys.executable, "-m", "venv", str(venv)], cwd=workdir, environment=environment))
    python = venv / "bin" / "python"
    _must(
        _run(
            [str(python), "-m", "pip", "install", "--quiet", "-c", str(CONSTRAINTS), str(wheel)],
            cwd=workdir,
            environment=environment,
            timeout=900,
        )
    )
    project = workdir / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("cdktf.out", "__pycache__"))
    _must(_run([str(python), "main.py"], cwd=project, environment=environment))
    return Consumer(wheel=wheel, python=python, project=project, environment=environment)


def test_the_wheel_installs_only_the_platform_cdktf_namespace(consumer: Consumer) -> None:
    with zipfile.ZipFile(consumer.wheel) as wheel:
        top_level = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert top_level == {"platform_cdktf", consumer.wheel.name.split("-py3")[0] + ".dist-info"}


def test_a_bare_modules_import_fails_in_the_consumer(consumer: Consumer) -> None:
    for collision_prone in ("modules", "environments", "stacks", "tooling"):
        result = consumer.run_python(f"import {collision_prone}")
        assert result.returncode != 0, f"`import {collision_prone}` must fail in a consumer"
        assert f"No module named '{collision_prone}'" in result.stderr, result.stderr


def test_the_platform_modules_import_from_the_installed_wheel(consumer: Consumer) -> None:
    result = consumer.run_python(
        "import platform_cdktf.modules.vpc as vpc, platform_cdktf.modules.aurora_postgres; "
        "print(vpc.__file__)"
    )
    _must(result)
    location = Path(result.stdout.strip()).resolve()
    assert location.is_relative_to(consumer.python.parent.parent.resolve()), location
    assert not location.is_relative_to(REPO_ROOT), "imported from the repository, not the wheel"


def test_the_example_synthesizes_its_own_stack(consumer: Consumer) -> None:
    stack: dict[str, Any] = json.loads((consumer.stack_dir / "cdk.tf.json").read_text())
    assert stack["terraform"]["backend"] == {"local": {"path": "terraform.tfstate"}}
    resources = stack["resource"]
    assert len(resources["aws_subnet"]) == 9
    assert len(resources["aws_nat_gateway"]) == 1
    (cluster,) = resources["aws_rds_cluster"].values()
    assert cluster["engine"] == "aurora-postgresql"
    assert cluster["database_name"] == "orders"
    assert len(resources["aws_rds_cluster_instance"]) == 2
    (provider,) = stack["provider"]["aws"]
    assert provider["region"] == "eu-west-1"
    assert provider["default_tags"][0]["tags"]["Project"] == "orders"


def test_the_example_synthesis_took_the_fast_provider_imports(consumer: Consumer) -> None:
    """The example calls nothing: importing a platform module switched the fast path on,
    for the provider's Python submodules and for its JavaScript in the jsii kernel."""
    result = consumer.run_python(
        "import json, os, sys, tempfile\n"
        "os.environ['CDKTF_OUTDIR'] = tempfile.mkdtemp()\n"
        "import main\n"
        "status = main.synth(main.OrdersConfig())\n"
        "from platform_cdktf.modules.providers import fast_imports, lazy_node_exports\n"
        "prefix = 'cdktf_cdktf_provider_aws.'\n"
        "print(json.dumps({'status': status, 'installed': fast_imports.is_installed(),\n"
        "    'node_hook': lazy_node_exports.is_loaded(),\n"
        "    'submodules': sum(1 for name in sys.modules if name.startswith(prefix)\n"
        "                      and not name.startswith(prefix + '_'))}))\n"
    )
    _must(result)
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["status"] == 0
    assert report["installed"] is True
    assert report["node_hook"] is True
    # What the VPC and the database use, not the provider's 2,000+ submodules.
    assert 0 < report["submodules"] < 100


def test_the_example_synthesis_ran_the_guardrails(consumer: Consumer) -> None:
    report_path = consumer.project / "cdktf.out-guardrails" / "guardrails.json"
    report: dict[str, Any] = json.loads(report_path.read_text())
    assert report["stacks"] == ["orders"]
    assert report["counts"]["error"] == 0
    assert len(report["rules"]) >= 20
    sarif = json.loads((report_path.parent / "guardrails.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert sarif["runs"][0]["tool"]["driver"]["version"] == project["version"]


def test_an_aws_only_consumer_installs_no_kubernetes_bindings(consumer: Consumer) -> None:
    """Without the ``kubernetes`` extra the AWS modules work, and an in-cluster module says
    how to get what it misses."""
    for binding in ("cdktf_cdktf_provider_kubernetes", "cdktf_cdktf_provider_helm"):
        missing = consumer.run_python(f"import {binding}")
        assert missing.returncode != 0, f"{binding} must not be installed without the extra"
    _must(consumer.run_python("from platform_cdktf.modules.eks import EksCluster"))
    in_cluster = consumer.run_python("import platform_cdktf.modules.alb_controller.construct")
    assert in_cluster.returncode != 0
    assert "pip install 'platform-cdktf-aws[kubernetes]'" in in_cluster.stderr


def test_invalid_settings_exit_2_naming_the_field_and_write_nothing(
    consumer: Consumer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = tmp_path_factory.mktemp("consumer-bad")
    shutil.copytree(
        EXAMPLE, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("cdktf.out")
    )
    result = _run(
        [
            str(consumer.python),
            "-c",
            "import sys, main; "
            "sys.exit(main.synth(main.OrdersConfig(db_instance_class='db.r6g.lrage')))",
        ],
        cwd=project,
        environment=consumer.environment,
    )
    assert result.returncode == 2, result.stderr
    assert (
        "AuroraPostgresSettings.instance_class = 'db.r6g.lrage': 'db.r6g.lrage' is not a known "
        "RDS DB instance class; did you mean 'db.r6g.large'?"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "cdktf.out").exists()


def test_terraform_validates_the_consumer_stack(
    consumer: Consumer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    environment = cli_config(tmp_path_factory.mktemp("consumer-terraform"))
    init = run_terraform(
        ["init", "-backend=false", "-input=false", "-no-color"],
        cwd=consumer.stack_dir,
        environment=environment,
    )
    assert init.returncode == 0, init.describe()
    validate = run_terraform(
        ["validate", "-json", "-no-color"], cwd=consumer.stack_dir, environment=environment
    )
    report = json.loads(validate.stdout)
    assert report["valid"] is True, validate.describe()
    assert not [d for d in report["diagnostics"] if d["severity"] == "error"], validate.describe()
