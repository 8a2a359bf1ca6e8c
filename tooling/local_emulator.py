"""The emulator process of one workspace: start it, find it again, prove it is ours, stop it.

``up`` records the emulator in ``<workspace>/emulator.json``: its pid, its port, its
start time and the workspace. A pid is reused by the system once its process ends, so
before anything signals the recorded pid, the process living under it must have the
recorded start time and the emulator's command line (which names the workspace); a
stranger is left alone. If the record is lost or corrupt, the workspace's emulators are
found by their command line instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from platform_cdktf.tooling import processes
from platform_cdktf.tooling.environment import SEALED_AWS_VARIABLES, sealed_environment
from platform_cdktf.tooling.local_errors import CorruptWorkspaceError, LocalDeploymentError

EMULATOR_HOST = "127.0.0.1"
EMULATOR_MODULE = "platform_cdktf.tooling.emulator"
"""What the emulator's command line runs (``python -m ...``)."""
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
RECORD_NAME = "emulator.json"
LOG_NAME = "emulator.log"

Reporter = Callable[[str], None]


def workspace_marker(workspace: Path) -> str:
    """The part of an emulator's command line that names its workspace."""
    return f"--workspace {workspace}"


@dataclass(frozen=True)
class EmulatorProcess:
    """A running emulator, as recorded in its workspace."""

    pid: int
    """Process id; also its process group (it starts a session of its own)."""
    port: int
    """Loopback port it listens on."""
    started: str
    """Start time of ``pid`` when it was recorded (see :class:`.processes.ProcessInfo`)."""
    workspace: str
    """The workspace that started it."""

    @property
    def url(self) -> str:
        """Loopback URL the providers and the backend use."""
        return f"http://{EMULATOR_HOST}:{self.port}"

    def owns(self, info: processes.ProcessInfo | None) -> bool:
        """Whether ``info`` describes this emulator (not a process that reuses its pid)."""
        return (
            info is not None
            and info.pid == self.pid
            and info.started == self.started
            and EMULATOR_MODULE in info.command
            and info.command.endswith(workspace_marker(Path(self.workspace)))
        )

    def is_alive(self) -> bool:
        """Whether this very emulator still runs."""
        return self.owns(processes.describe(self.pid))

    @classmethod
    def load(cls, path: Path) -> EmulatorProcess:
        """Read a record; :class:`CorruptWorkspaceError` (one line) if it is not one."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as error:
            raise _corrupt(path, f"not text: {error.reason}") from None
        except ValueError as error:
            raise _corrupt(path, f"not JSON: {error}") from None
        if not isinstance(data, dict):
            raise _corrupt(path, f"expected an object, got {type(data).__name__}")
        fields = {"pid": int, "port": int, "started": str, "workspace": str}
        for name, kind in fields.items():
            value = data.get(name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise _corrupt(path, f"{name} = {value!r}, expected {kind.__name__}")
        if data["pid"] <= 0 or not 0 < data["port"] < 65536:
            raise _corrupt(path, f"pid {data['pid']} / port {data['port']} out of range")
        return cls(**{name: data[name] for name in fields})


def _corrupt(path: Path, reason: str) -> CorruptWorkspaceError:
    return CorruptWorkspaceError(
        f"{path} is not an emulator record ({reason}); `make down` stops this "
        "workspace's emulator by its command line and removes the workspace"
    )


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((EMULATOR_HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def port_in_use(port: int) -> bool:
    """Whether something already listens on ``127.0.0.1:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((EMULATOR_HOST, port)) == 0


class WorkspaceEmulator:
    """The emulator of the workspace ``workspace`` (callers hold the workspace lock)."""

    def __init__(self, workspace: Path, *, report: Reporter) -> None:
        self.workspace = workspace
        self.report = report
        self.record = workspace / RECORD_NAME
        self.log = workspace / LOG_NAME

    def recorded(self) -> EmulatorProcess | None:
        """The recorded emulator, running or not; ``None`` if there is no record."""
        if not self.record.is_file():
            return None
        return EmulatorProcess.load(self.record)

    def running(self) -> EmulatorProcess | None:
        """The recorded emulator if this very process still runs."""
        emulator = self.recorded()
        return emulator if emulator is not None and emulator.is_alive() else None

    def start(self, port: int | None = None) -> EmulatorProcess:
        """The running emulator, or a new one on ``port`` (default: a free one), answering."""
        running = self.running()
        if running is not None:
            if port is not None and port != running.port:
                raise LocalDeploymentError(
                    f"an emulator already runs on port {running.port} (pid {running.pid}); "
                    "run `make down` first to start one on another port"
                )
            self.report(f"emulator already running at {running.url} (pid {running.pid})")
            return running
        if port is None:
            port = free_loopback_port()
        elif port_in_use(port):
            raise LocalDeploymentError(
                f"port {port} on {EMULATOR_HOST} is already in use; pick another with "
                "PORT=<n>, or leave PORT unset to use a free one"
            )
        self.workspace.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", EMULATOR_MODULE, "--port", str(port)]
        command += workspace_marker(self.workspace).split(" ", 1)
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # The operator's AWS_PROFILE alone makes moto fail at start-up.
                env=sealed_environment(SEALED_AWS_VARIABLES),
                # Own process group: `down` stops it and everything it started.
                start_new_session=True,
            )
        info = processes.describe(process.pid)
        emulator = EmulatorProcess(
            pid=process.pid,
            port=port,
            started=info.started if info is not None else "",
            workspace=str(self.workspace),
        )
        self._write_record(emulator)
        self._wait_until_ready(emulator, process)
        self.report(f"emulator ready at {emulator.url} (pid {emulator.pid})")
        return emulator

    def _write_record(self, emulator: EmulatorProcess) -> None:
        # Write then rename: a reader never sees half a record.
        partial = self.record.with_name(f".{RECORD_NAME}.partial")
        partial.write_text(json.dumps(asdict(emulator)), encoding="utf-8")
        partial.replace(self.record)

    def _wait_until_ready(
        self, emulator: EmulatorProcess, process: subprocess.Popen[bytes]
    ) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.record.unlink(missing_ok=True)
                raise LocalDeploymentError(
                    f"the emulator exited during start-up (code {process.returncode}); "
                    f"last lines of {self.log}:\n{self.log_tail()}"
                )
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(f"{emulator.url}/moto-api/", timeout=2) as reply,
            ):
                if reply.status == 200:
                    return
            time.sleep(0.3)
        self.stop(emulator)
        self.record.unlink(missing_ok=True)
        raise LocalDeploymentError(
            f"the emulator did not answer on {emulator.url} within "
            f"{STARTUP_TIMEOUT_SECONDS:.0f} s; see {self.log}"
        )

    def log_tail(self, lines: int = 15) -> str:
        """The last lines of the emulator's log."""
        if not self.log.is_file():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, emulator: EmulatorProcess) -> bool:
        """Stop ``emulator`` if it is still the process it was; returns whether it was.

        A pid now used by another process is reported and left alone."""
        info = processes.describe(emulator.pid)
        if info is None:
            return False
        if not emulator.owns(info):
            self.report(
                f"pid {emulator.pid} is no longer this workspace's emulator (it runs "
                f"{info.command[:80]!r}); not stopping it"
            )
            return False
        _terminate_group(emulator.pid, lambda: emulator.owns(processes.describe(emulator.pid)))
        return True

    def stop_recorded(self) -> bool:
        """Stop the recorded emulator; a corrupt record is reported, not raised."""
        try:
            emulator = self.recorded()
        except CorruptWorkspaceError as error:
            self.report(f"note: {error}")
            return False
        return emulator is not None and self.stop(emulator)

    def stop_strays(self) -> list[int]:
        """Stop every emulator whose command line names this workspace (one a lost or
        corrupt record no longer points to); returns their pids."""
        marker = workspace_marker(self.workspace)
        legacy = self._legacy_record()

        def is_stray(info: processes.ProcessInfo) -> bool:
            if info.pid == os.getpid() or EMULATOR_MODULE not in info.command:
                return False
            if info.command.endswith(marker):
                return True
            # Started before records named the workspace: its recorded pid and port.
            return (
                legacy is not None
                and info.pid == legacy[0]
                and info.command.endswith(f"-m {EMULATOR_MODULE} --port {legacy[1]}")
            )

        strays = processes.find(is_stray)
        for stray in strays:

            def same(stray: processes.ProcessInfo = stray) -> bool:
                current = processes.describe(stray.pid)
                return current is not None and current.started == stray.started

            _terminate_group(stray.pid, same)
        return [stray.pid for stray in strays]

    def _legacy_record(self) -> tuple[int, int] | None:
        """(pid, port) of a record from before records held a start time, if that is what
        the workspace holds: ``make down`` still stops the emulator of an older ``make up``."""
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.record.read_text(encoding="utf-8"))
            if isinstance(data, dict) and sorted(data) == ["pid", "port"]:
                pid, port = data["pid"], data["port"]
                if isinstance(pid, int) and isinstance(port, int):
                    return pid, port
        return None


def _terminate_group(pid: int, still_running: Callable[[], bool]) -> None:
    """SIGTERM the process group ``pid`` leads, SIGKILL it if it lingers, reap it if it is
    a child of this process (the tests start and stop emulators in one process)."""
    group = _own_group(pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while time.monotonic() < deadline and still_running():
            _reap(pid)
            time.sleep(0.1)
        if still_running():
            group(signal.SIGKILL)
    _reap(pid)


def _own_group(pid: int) -> Callable[[int], None]:
    # The emulator leads its own session and group; signal only that process otherwise.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(pid) == pid:
            return lambda number: os.killpg(pid, number)
    return lambda number: os.kill(pid, number)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
