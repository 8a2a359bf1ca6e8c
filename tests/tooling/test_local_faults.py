"""Faults of the local deployment that need no deployment of their own: a port in use, a
missing emulator or terraform, and two ``up`` at once with a ``down`` in the middle.

Apart from the end-to-end module so that, spread over test workers, they run beside its
deployment instead of after it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from platform_cdktf.tooling import processes
from platform_cdktf.tooling.cli import app
from platform_cdktf.tooling.local import EMULATOR_HOST, LocalDeployment, LocalDeploymentError
from platform_cdktf.tooling.local_emulator import EMULATOR_MODULE, workspace_marker
from tests.conftest import REPO_ROOT
from tests.support.local import CLI, OPERATOR_ENVIRONMENT

pytestmark = pytest.mark.e2e


def test_a_port_in_use_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((EMULATOR_HOST, 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        local = LocalDeployment(tmp_path, project_root=REPO_ROOT, report=lambda _line: None)
        message = re.escape(f"port {port} on 127.0.0.1 is already in use")
        with pytest.raises(LocalDeploymentError, match=message):
            local.start_emulator(port)
    assert not (tmp_path / "emulator.json").exists()


def test_missing_emulator_and_missing_terraform_are_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = LocalDeployment(tmp_path, project_root=REPO_ROOT, report=lambda _line: None)
    with pytest.raises(LocalDeploymentError, match=r"not running; start it \(and deploy\)"):
        local.require_emulator()
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(app, ["up", "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert "terraform is not on PATH" in result.output
    assert not (tmp_path / "ws").exists()


def _emulators_of(workspace: Path) -> list[processes.ProcessInfo]:
    marker = workspace_marker(workspace)
    return processes.find(
        lambda info: EMULATOR_MODULE in info.command and info.command.endswith(marker)
    )


def test_two_ups_at_once_start_one_emulator_and_down_mid_apply_ends_both(
    tmp_path: Path,
) -> None:
    workspace = (tmp_path / "ws").resolve()
    environment = {**os.environ, **OPERATOR_ENVIRONMENT}

    def command(*arguments: str) -> list[str]:
        return [*CLI, *arguments, "--workspace", str(workspace)]

    def run(name: str, *, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command(name),
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    first = subprocess.Popen(
        command("up"),
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not _emulators_of(workspace) or not (workspace / "emulator.json").is_file():
            assert first.poll() is None, first.stdout.read() if first.stdout else ""
            assert time.monotonic() < deadline, "the first up never started its emulator"
            time.sleep(0.2)

        second = run("up", timeout=120)
        assert second.returncode == 1, second.stdout + second.stderr
        assert f"pid {first.pid} (up) is using the workspace {workspace}" in second.stderr
        assert len(_emulators_of(workspace)) == 1

        # Once terraform writes into the workspace, `down` takes the emulator away.
        while not (workspace / "cdktf.out" / "stacks" / "bootstrap" / ".terraform").is_dir():
            assert first.poll() is None, first.stdout.read() if first.stdout else ""
            assert time.monotonic() < deadline, "the first up never reached terraform"
            time.sleep(0.2)
        began = time.monotonic()
        down = run("down", timeout=600)
        took = time.monotonic() - began
        assert down.returncode == 0, down.stdout + down.stderr
        assert "Traceback" not in down.stdout + down.stderr
        assert f"pid {first.pid} (up) is using the workspace: stopped its emulator" in down.stdout
        assert first.wait(timeout=60) == 1
        first_output = first.stdout.read() if first.stdout else ""
        assert "Traceback" not in first_output
        assert _emulators_of(workspace) == []
        assert not workspace.exists()
        print(f"down during the first up's apply took {took:.1f} s")
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        for stray in _emulators_of(workspace):
            os.killpg(stray.pid, 9)
