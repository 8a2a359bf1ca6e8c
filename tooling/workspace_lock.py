"""One command at a time per local workspace: an advisory ``flock`` on ``<workspace>/.lock``.

``up``, ``down`` and the cdktf commands against the emulator all read and rewrite the
workspace (the emulator record, the synthesized stacks, the bootstrap state). Two at once
start two emulators and orphan one, or delete files under a running terraform. The lock
is held for the whole command and released by the kernel when the process ends, however
it ends, so a crash never leaves a stale lock behind.

The lock file lives inside the workspace, which ``down`` deletes while holding the lock.
A waiter may therefore lock a file that no longer has a name; it notices (the inode at
the path differs, or there is none) and locks the new file instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".lock"


class WorkspaceBusyError(RuntimeError):
    """Another command holds the workspace lock; the message names it."""


class WorkspaceLock:
    """The exclusive lock of one workspace, held by one command (``purpose``)."""

    def __init__(self, workspace: Path, *, purpose: str) -> None:
        self.workspace = workspace
        self.path = workspace / LOCK_NAME
        self.purpose = purpose
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; never waits."""
        if self._fd is not None:
            return True
        while True:
            try:
                self.workspace.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:  # `down` is removing the workspace right now
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            if self._still_named(fd):
                break
            # `down` removed the workspace between our open() and flock(): start over.
            os.close(fd)
        self._fd = fd
        holder = json.dumps({"pid": os.getpid(), "purpose": self.purpose})
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode(), 0)
        return True

    def acquire(self, *, wait_seconds: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait_seconds``; else :class:`WorkspaceBusyError`."""
        deadline = time.monotonic() + wait_seconds
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                raise WorkspaceBusyError(
                    f"{self.holder()} is using the workspace {self.workspace}; wait for it "
                    "to finish (`make down` stops it)"
                )
            time.sleep(0.2)

    def release(self) -> None:
        """Let the next command in (idempotent)."""
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None

    def holder(self) -> str:
        """Who holds the lock, as far as its file says: ``pid 123 (up)``."""
        try:
            record = json.loads(self.path.read_text())
            return f"pid {int(record['pid'])} ({record['purpose']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another command"

    def holder_pid(self) -> int | None:
        """The process id the lock file names, if it names one."""
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return int(json.loads(self.path.read_text())["pid"])
        return None

    def _still_named(self, fd: int) -> bool:
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def __enter__(self) -> WorkspaceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
