"""Who a process id belongs to: its start time and command line.

A recorded pid alone proves nothing: once the process ends, the kernel hands the number
to the next process that starts. Before ``make down`` signals anything it compares the
process's start time and command line with what ``make up`` recorded, so that it never
stops a stranger. Linux answers from ``/proc``; elsewhere (macOS) ``ps`` does.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessInfo:
    """A live process as the operating system describes it."""

    pid: int
    """The process id."""
    started: str
    """When the process started, in an opaque form that only needs to compare equal for
    the same process (clock ticks since boot on Linux, the ``ps`` start time elsewhere)."""
    command: str
    """Its command line, arguments separated by single spaces."""


def describe(pid: int) -> ProcessInfo | None:
    """The live process ``pid``, or ``None`` if there is none (or only a zombie)."""
    if pid <= 0:
        return None
    if PROC.is_dir():
        return _from_proc(pid)
    return _from_ps(pid)


def _from_proc(pid: int) -> ProcessInfo | None:
    directory = PROC / str(pid)
    try:
        stat = (directory / "stat").read_text()
        command = (directory / "cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # Field 2 (the name) is parenthesized and may hold spaces: split after its last ")".
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) < 20 or fields[0] == "Z":
        return None
    return ProcessInfo(
        pid=pid,
        started=fields[19],  # field 22, starttime, in clock ticks since boot
        command=command.replace(b"\0", b" ").decode(errors="replace").strip(),
    )


def _from_ps(pid: int) -> ProcessInfo | None:
    def ps(field: str) -> str:
        completed = subprocess.run(
            ["ps", "-p", str(pid), "-o", f"{field}="],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
        return completed.stdout.strip() if completed.returncode == 0 else ""

    state = ps("stat")
    if not state or state.startswith("Z"):
        return None
    return ProcessInfo(pid=pid, started=ps("lstart"), command=ps("command"))


def find(matches: Callable[[ProcessInfo], bool]) -> list[ProcessInfo]:
    """Every live process for which ``matches`` holds."""
    return [info for info in _all_processes() if matches(info)]


def _all_processes() -> Iterator[ProcessInfo]:
    if PROC.is_dir():
        for entry in PROC.iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    info = _from_proc(int(entry.name))
                    if info is not None:
                        yield info
        return
    completed = subprocess.run(
        ["ps", "-ax", "-o", "pid=,stat=,lstart=,command="],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    for line in completed.stdout.splitlines():
        # lstart is five words ("Wed Nov 26 19:12:00 2025"); the command is the rest.
        parts = line.split(None, 7)
        if len(parts) == 8 and parts[0].isdigit() and not parts[1].startswith("Z"):
            yield ProcessInfo(pid=int(parts[0]), started=" ".join(parts[2:7]), command=parts[7])
