"""Process identity: the same process always compares equal, a reused pid does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from platform_cdktf.tooling import processes


def test_a_live_process_is_described_the_same_way_twice() -> None:
    first = processes.describe(os.getpid())
    assert first is not None
    assert first == processes.describe(os.getpid())
    assert Path(sys.executable).name in first.command or "python" in first.command


def test_an_ended_process_is_not_described() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert processes.describe(child.pid) is None
    assert processes.describe(0) is None


def test_an_unreaped_child_is_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        # Exited but not waited for: a zombie, which no signal can stop any more.
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        assert processes.describe(child.pid) is None
    finally:
        child.wait()


def test_two_processes_differ_in_pid_or_start_time() -> None:
    children = [subprocess.Popen(["sleep", "30"]) for _ in range(2)]
    try:
        first, second = (processes.describe(child.pid) for child in children)
        assert first is not None
        assert second is not None
        assert (first.pid, first.started) != (second.pid, second.started)
        assert first.command == second.command == "sleep 30"
        found = processes.find(lambda info: info.pid in {child.pid for child in children})
        assert sorted(info.pid for info in found) == sorted(child.pid for child in children)
    finally:
        for child in children:
            child.kill()
            child.wait()


def test_without_proc_ps_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        monkeypatch.setattr(processes, "PROC", tmp_path / "no-proc")
        described = processes.describe(child.pid)
        assert described is not None
        assert described.started  # the ps start time, e.g. "Wed Nov 26 19:12:00 2026"
        assert described.command == "sleep 30"
        assert described == processes.describe(child.pid)
        (found,) = processes.find(lambda info: info.pid == child.pid)
        assert found == described
    finally:
        child.kill()
        child.wait()
    monkeypatch.setattr(processes, "PROC", tmp_path / "no-proc")
    assert processes.describe(child.pid) is None
