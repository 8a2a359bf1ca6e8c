"""The deploy's smoke check: after each platform apply, in the same job, failing the job.

actionlint and zizmor cover the step with the rest of main.yml (tests/workflows/
test_workflows.py); here its place and its command are asserted, and the step's script runs
with stub ``aws``/``kubectl`` commands and the real ``platform-cdktf``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from platform_cdktf.tooling.cli import app
from tests.workflows.test_workflows import APPLY_STEP, DEPLOY, _load

SMOKE_STEP = "smoke check"
ENVIRONMENTS = ["dev", "prod"]

STUB_AWS = """#!/usr/bin/env bash
# Stands in for the AWS CLI: logs its arguments; update-kubeconfig is refused.
printf '%s\\n' "$*" >> "$STUB_LOG"
echo "An error occurred (AccessDeniedException) when calling the DescribeCluster operation" >&2
exit 254
"""
STUB_KUBECTL = """#!/usr/bin/env bash
printf 'kubectl %s\\n' "$*" >> "$STUB_LOG"
exit 1
"""


def _steps(job_id: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _load(DEPLOY)["jobs"][job_id]["steps"]
    return steps


def _smoke_command(environment: str) -> list[str]:
    """The ``platform-cdktf smoke ...`` command line of the step, as arguments."""
    (step,) = [s for s in _steps(f"apply-{environment}-platform") if s.get("name") == SMOKE_STEP]
    script = step["run"].replace("\\\n", " ")
    (line,) = [line for line in script.splitlines() if 'platform-cdktf" smoke' in line]
    words = shlex.split(line.split(">", 1)[0])
    return words[1:]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_smoke_check_runs_right_after_each_platform_apply(environment: str) -> None:
    names = [step.get("name") for step in _steps(f"apply-{environment}-platform")]
    assert names[-2:] == [APPLY_STEP, SMOKE_STEP]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_core_applies_have_no_smoke_check(environment: str) -> None:
    # The core stack's apply leaves the cluster without the platform's add-ons and
    # services: checking them there would fail on what the next job installs.
    assert SMOKE_STEP not in [step.get("name") for step in _steps(f"apply-{environment}-core")]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_step_checks_its_own_environment_with_a_kubeconfig_of_its_own(
    environment: str,
) -> None:
    arguments = _smoke_command(environment)
    assert arguments[:3] == ["smoke", "--environment", environment]
    assert arguments[arguments.index("--kubeconfig") + 1] == "$RUNNER_TEMP/kubeconfig"
    assert float(arguments[arguments.index("--wait") + 1]) > 0


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_step_s_options_exist_in_the_cli(environment: str) -> None:
    """The step's command line parses: with no kubectl/aws it gets as far as asking for
    them (exit 2 with the tool message), not a usage error of the option parser."""
    arguments = [
        argument.replace("$RUNNER_TEMP", "/nonexistent") for argument in _smoke_command(environment)
    ]
    result = CliRunner().invoke(app, arguments, env={"PATH": "/nonexistent"})
    assert result.exit_code == 2
    assert "not found on PATH" in result.output
    assert "No such option" not in result.output


def test_the_step_fails_the_job_and_reports_in_the_summary(tmp_path: Path) -> None:
    """Run the step's script as GitHub would, with the real CLI and stub aws/kubectl
    (the kubeconfig cannot be written: exit 2 at once, no waiting)."""
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    cli = Path(sys.executable).parent / "platform-cdktf"
    (tmp_path / ".venv" / "bin" / "platform-cdktf").symlink_to(cli)
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name, text in (("aws", STUB_AWS), ("kubectl", STUB_KUBECTL)):
        (stubs / name).write_text(text)
        (stubs / name).chmod(0o755)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    (runner_temp / "kubeconfig").write_text("stale")
    summary = tmp_path / "summary"
    log = tmp_path / "stub.log"
    (step,) = [s for s in _steps("apply-dev-platform") if s.get("name") == SMOKE_STEP]
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=tmp_path,
        env={
            "PATH": f"{stubs}:{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "GITHUB_WORKSPACE": str(tmp_path),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(runner_temp),
            "STUB_LOG": str(log),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "cannot write a kubeconfig for platform-dev-eks" in result.stderr
    assert log.read_text().splitlines() == [
        f"eks update-kubeconfig --name platform-dev-eks --region us-east-1 "
        f"--kubeconfig {runner_temp / 'kubeconfig'}"
    ]
    assert not (runner_temp / "kubeconfig").exists()
    assert summary.read_text().startswith("### smoke check dev\n```\n")
