"""The sample service (examples/sample-service): probes answer, SIGTERM drains and exits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

APP = REPO_ROOT / "examples" / "sample-service" / "app.py"
DOCKERFILE = REPO_ROOT / "examples" / "sample-service" / "Dockerfile"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_until_listening(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail("the sample service did not start listening within 10 s")


def _start(port: int, drain_seconds: float, cwd: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DRAIN_SECONDS": str(drain_seconds),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.Popen(
        [sys.executable, str(APP)],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = _free_port()
    process = _start(port, drain_seconds=1.0, cwd=tmp_path)
    try:
        _wait_until_listening(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_health_and_ready_answer_200_while_serving(
    running: tuple[int, subprocess.Popen[str]],
) -> None:
    port, _ = running
    assert _get(port, "/health") == 200
    assert _get(port, "/ready") == 200
    assert _get(port, "/nowhere") == 404


def test_sigterm_turns_unready_then_drains_and_exits_zero(
    running: tuple[int, subprocess.Popen[str]],
) -> None:
    port, process = running
    process.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    # Still serving during the drain, but no longer ready: the load balancer and the
    # endpoints stop sending while in-flight requests finish.
    assert _get(port, "/ready") == 503
    assert _get(port, "/health") == 200
    assert process.wait(timeout=10) == 0


def test_the_app_writes_nothing_to_its_working_directory(
    running: tuple[int, subprocess.Popen[str]], tmp_path: Path
) -> None:
    port, _ = running
    _get(port, "/ready")
    assert list(tmp_path.iterdir()) == []


def test_dockerfile_runs_as_a_numeric_non_root_user() -> None:
    users = [
        line.split()[1] for line in DOCKERFILE.read_text().splitlines() if line.startswith("USER ")
    ]
    assert users, "the Dockerfile sets no USER"
    uid = users[-1].split(":")[0]
    # Kubernetes verifies runAsNonRoot only for a numeric user.
    assert uid.isdigit()
    assert int(uid) != 0
    assert "EXPOSE 8080" in DOCKERFILE.read_text()
