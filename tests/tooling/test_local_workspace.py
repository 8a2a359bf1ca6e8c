"""``up`` / ``down`` / ``local`` around the workspace: the lock, what ``down`` stops, corrupt
files. A stand-in process plays the emulator (its command line looks like one), so these
run in seconds; tests/tooling/test_local_e2e.py does the same with the real emulator.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from platform_cdktf.tooling import processes
from platform_cdktf.tooling.cli import app
from platform_cdktf.tooling.local import BOOTSTRAP_STATE_NAME, LocalDeployment, deployed_stacks
from platform_cdktf.tooling.local_emulator import (
    EMULATOR_MODULE,
    EmulatorProcess,
    free_loopback_port,
    workspace_marker,
)
from platform_cdktf.tooling.workspace_lock import WorkspaceBusyError, WorkspaceLock
from tests.conftest import REPO_ROOT
from tests.support.local import SLEEP, described, stand_in_emulator


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return (tmp_path / "ws").resolve()


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; killed at the end whatever happens."""
    children: list[subprocess.Popen[bytes]] = []
    yield children
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait()


def deployment(workspace: Path, lines: list[str] | None = None) -> LocalDeployment:
    report = lines.append if lines is not None else (lambda _line: None)
    return LocalDeployment(workspace, project_root=REPO_ROOT, report=report)


def _one_line_error(output: str) -> str:
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    return lines[0]


def _emulators_of(workspace: Path) -> list[processes.ProcessInfo]:
    marker = workspace_marker(workspace)
    return processes.find(
        lambda info: EMULATOR_MODULE in info.command and info.command.endswith(marker)
    )


# -- down is idempotent and stops only its own emulator ------------------------------


def test_down_without_a_workspace_does_nothing_twice(workspace: Path) -> None:
    for _ in range(2):
        result = CliRunner().invoke(app, ["down", "--workspace", str(workspace)])
        assert result.exit_code == 0, result.output
        assert result.output == "no emulator was running\n"
    assert not workspace.exists()


def test_down_stops_the_recorded_emulator_and_removes_the_workspace(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    child, emulator = stand_in_emulator(workspace, started)
    assert emulator.is_alive()
    assert deployment(workspace).down() is True
    assert child.poll() is not None
    assert not workspace.exists()
    assert deployment(workspace).down() is False


@pytest.mark.parametrize("differs", ["command", "start time"])
def test_down_leaves_a_process_that_reuses_the_recorded_pid_alone(
    workspace: Path, started: list[subprocess.Popen[bytes]], differs: str
) -> None:
    stranger = subprocess.Popen(["sleep", "600"])
    started.append(stranger)
    info = described(stranger, "sleep")
    if differs == "command":  # the pid now runs another program
        record = EmulatorProcess(stranger.pid, 4566, info.started, str(workspace))
    else:  # the recorded process ended and its pid went to a later process
        record = EmulatorProcess(stranger.pid, 4566, "1", str(workspace))
    workspace.mkdir()
    (workspace / "emulator.json").write_text(json.dumps(asdict(record)))
    assert not record.is_alive()
    lines: list[str] = []
    assert deployment(workspace, lines).down() is False
    assert stranger.poll() is None, "down signalled a process that is not its emulator"
    assert not workspace.exists()
    if differs == "command":
        assert any(
            f"pid {stranger.pid} is no longer this workspace's emulator" in line for line in lines
        )


# -- corrupt workspace files -----------------------------------------------------------

CORRUPT_RECORDS = {
    "not json": (b"{ pid: 12", "not JSON"),
    "not text": (b"\xff\xfe\x00", "not text"),
    "a list": (b"[1, 2]", "expected an object, got list"),
    "pid as text": (
        json.dumps({"pid": "12", "port": 4566, "started": "1", "workspace": "w"}).encode(),
        "pid = '12', expected int",
    ),
    "no start time": (json.dumps({"pid": 12, "port": 4566}).encode(), "started = None"),
    "port out of range": (
        json.dumps({"pid": 12, "port": 70000, "started": "1", "workspace": "w"}).encode(),
        "port 70000 out of range",
    ),
}


@pytest.mark.parametrize("case", sorted(CORRUPT_RECORDS))
@pytest.mark.parametrize("command", ["up", "local"])
def test_a_corrupt_record_is_a_one_line_error(workspace: Path, case: str, command: str) -> None:
    content, reason = CORRUPT_RECORDS[case]
    workspace.mkdir()
    (workspace / "emulator.json").write_bytes(content)
    arguments = [command, "--workspace", str(workspace)]
    if command == "local":
        arguments += ["--", "diff", "dev-core"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1
    line = _one_line_error(result.output)
    assert f"{workspace / 'emulator.json'} is not an emulator record (" in line
    assert reason in line
    assert "`make down` stops this workspace's emulator" in line
    assert _emulators_of(workspace) == []
    assert (workspace / "emulator.json").read_bytes() == content


def test_down_with_a_corrupt_record_finds_the_emulator_by_its_command_line(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    child, _emulator = stand_in_emulator(workspace, started)
    (workspace / "emulator.json").write_text("{ truncated")
    result = CliRunner().invoke(app, ["down", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "is not an emulator record" in result.output
    assert f"found by command line: [{child.pid}]" in result.output
    assert child.poll() is not None
    assert not workspace.exists()


def test_down_stops_an_emulator_recorded_before_records_held_a_start_time(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    port = free_loopback_port()
    older = subprocess.Popen(
        [sys.executable, "-c", SLEEP, "-m", EMULATOR_MODULE, "--port", str(port)],
        start_new_session=True,
    )
    started.append(older)
    described(older, EMULATOR_MODULE)
    workspace.mkdir()
    (workspace / "emulator.json").write_text(json.dumps({"pid": older.pid, "port": port}))
    lines: list[str] = []
    assert deployment(workspace, lines).down() is True
    assert older.poll() is not None
    assert not workspace.exists()


def test_down_leaves_an_older_emulator_on_another_port_alone(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    port = free_loopback_port()
    other = subprocess.Popen(
        [sys.executable, "-c", SLEEP, "-m", EMULATOR_MODULE, "--port", str(port)],
        start_new_session=True,
    )
    started.append(other)
    described(other, EMULATOR_MODULE)
    workspace.mkdir()
    (workspace / "emulator.json").write_text(json.dumps({"pid": other.pid, "port": port + 1}))
    assert deployment(workspace).down() is False
    assert other.poll() is None
    assert not workspace.exists()


def test_a_corrupt_bootstrap_state_is_a_one_line_error(workspace: Path) -> None:
    workspace.mkdir()
    state = workspace / BOOTSTRAP_STATE_NAME
    state.write_text('{"version": 4, "resources": [')
    result = CliRunner().invoke(app, ["up", "--workspace", str(workspace)])
    assert result.exit_code == 1
    line = _one_line_error(result.output)
    assert f"{state} is not Terraform state (not JSON:" in line
    assert "`make down && make up`" in line
    assert _emulators_of(workspace) == []


# -- the lock ------------------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from platform_cdktf.tooling.workspace_lock import WorkspaceLock
lock = WorkspaceLock(Path(sys.argv[1]), purpose="up")
lock.acquire()
print("locked", flush=True)
time.sleep(600)
"""


def _hold_lock(workspace: Path, started: list[subprocess.Popen[bytes]]) -> int:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace)], stdout=subprocess.PIPE
    )
    started.append(holder)
    assert holder.stdout is not None
    assert holder.stdout.readline() == b"locked\n"
    return holder.pid


def test_a_second_up_fails_at_once_and_starts_nothing(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    holder = _hold_lock(workspace, started)
    began = time.monotonic()
    result = CliRunner().invoke(app, ["up", "--workspace", str(workspace)])
    assert time.monotonic() - began < 10
    assert result.exit_code == 1
    line = _one_line_error(result.output)
    assert f"pid {holder} (up) is using the workspace {workspace}" in line
    assert not (workspace / "emulator.json").exists()
    assert _emulators_of(workspace) == []


def test_a_second_lock_waits_and_fails_naming_the_holder(workspace: Path) -> None:
    first = WorkspaceLock(workspace, purpose="down")
    first.acquire()
    try:
        second = WorkspaceLock(workspace, purpose="up")
        began = time.monotonic()
        with pytest.raises(WorkspaceBusyError, match=r"^pid \d+ \(down\) is using the workspace"):
            second.acquire(wait_seconds=0.5)
        assert time.monotonic() - began >= 0.5
    finally:
        first.release()
    second.acquire()
    second.release()


def test_a_lock_taken_on_a_removed_file_is_taken_again_on_the_new_one(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `down` removes the workspace (lock file included) between a waiter's open() and its
    # flock(): the waiter then holds a lock on a file nobody else can open any more.
    real_open = os.open
    calls: list[str] = []

    def open_then_lose_the_name(path: str, flags: int, mode: int = 0o777) -> int:
        descriptor = real_open(path, flags, mode)
        calls.append(path)
        if len(calls) == 1:
            Path(path).unlink()
            # The next command's lock file, at the same path.
            os.close(real_open(path, flags, mode))
        return descriptor

    monkeypatch.setattr(os, "open", open_then_lose_the_name)
    lock = WorkspaceLock(workspace, purpose="up")
    lock.acquire()
    monkeypatch.undo()
    try:
        assert len(calls) == 2, "the lock must be retried on the file now at the path"
        other = WorkspaceLock(workspace, purpose="up")
        assert not other.try_acquire(), "the lock held must be the one at the path"
    finally:
        lock.release()


WRITER = """
import sys, itertools, time
from pathlib import Path
from platform_cdktf.tooling import processes
from platform_cdktf.tooling.workspace_lock import WorkspaceLock
workspace, emulator = Path(sys.argv[1]), int(sys.argv[2])
lock = WorkspaceLock(workspace, purpose="up")
lock.acquire()
print("locked", flush=True)
# Like terraform under `up`: busy writing into the workspace until the emulator is gone.
for count in itertools.count():
    if processes.describe(emulator) is None:
        break
    directory = workspace / "cdktf.out" / "stacks" / str(count % 40) / ".terraform"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"file-{count % 7}").write_text("x" * 4096)
# ...and then its last words (an errored state, a log line) before it exits.
(workspace / "errored.tfstate").write_text("{}")
time.sleep(0.5)
"""


def test_down_while_up_is_writing_stops_it_waits_and_removes_everything(
    workspace: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    emulator_child, _emulator = stand_in_emulator(workspace, started)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(workspace), str(emulator_child.pid)],
        stdout=subprocess.PIPE,
    )
    started.append(writer)
    assert writer.stdout is not None
    assert writer.stdout.readline() == b"locked\n"
    time.sleep(0.5)  # let it write
    lines: list[str] = []
    assert deployment(workspace, lines).down(wait_seconds=60) is True
    assert lines[0] == (
        f"pid {writer.pid} (up) is using the workspace: stopped its emulator; waiting for it to end"
    )
    assert writer.wait(timeout=10) == 0
    assert emulator_child.poll() is not None
    assert not workspace.exists()


def test_down_outlasts_a_writer_that_ignores_the_lock(workspace: Path) -> None:
    # The emulator's last log lines, say: written while the workspace is being removed.
    workspace.mkdir()
    stop = threading.Event()

    def write() -> None:
        count = 0
        while not stop.is_set():
            (workspace / "logs").mkdir(parents=True, exist_ok=True)
            (workspace / "logs" / f"{count % 20}.log").write_text("line\n")
            count += 1

    def write_for_a_second() -> None:
        with_deadline = threading.Timer(1.0, stop.set)
        with_deadline.start()
        # The directory vanishing under it is the point.
        with contextlib.suppress(OSError):
            write()

    writer = threading.Thread(target=write_for_a_second)
    writer.start()
    try:
        deployment(workspace).down()
    finally:
        stop.set()
        writer.join()
    # The writer may have recreated it after the last attempt; once quiet, down finishes.
    deployment(workspace).down()
    assert not workspace.exists()


def test_local_without_an_emulator_says_how_to_start_one(workspace: Path) -> None:
    result = CliRunner().invoke(app, ["local", "--workspace", str(workspace), "--", "diff"])
    assert result.exit_code == 1
    line = _one_line_error(result.output)
    assert line == "error: the local emulator is not running; start it (and deploy) with `make up`"
    assert not workspace.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "give a cdktf command"),
        (["diff", "--output", "elsewhere"], "leave out --output"),
        (["diff", "--output=elsewhere"], "leave out --output"),
    ],
)
def test_local_refuses_bad_arguments(workspace: Path, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["local", "--workspace", str(workspace), "--", *arguments])
    assert result.exit_code == 1
    assert message in _one_line_error(result.output)


def test_up_applies_the_account_baseline_of_dev_between_bootstrap_and_dev_core() -> None:
    # The baseline holding dev (environments/accounts.py) exists before dev's stacks, as
    # on AWS: the nodes pull from its registry, its trail and detector watch dev.
    assert deployed_stacks() == ("bootstrap", "account-main", "dev-core")
    assert deployed_stacks("prod") == ("bootstrap", "account-main", "prod-core")
