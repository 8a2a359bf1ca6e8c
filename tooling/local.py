"""Deploying ``dev`` into a local AWS emulator: ``make up`` / ``make down``.

Everything lives in one workspace directory (default ``.local/``): the emulator's pid,
port and log, the synthesized stacks of the ``local`` target, and the bootstrap's
local state. The emulator listens on loopback only; the synthesized providers carry
fake credentials and refuse any account but the emulator's, so nothing here can reach
real AWS.

Steps of :meth:`LocalDeployment.up`: start the emulator on a free loopback port (or
reuse the one already running), synthesize ``bootstrap`` and ``dev-core`` for the local
target, apply ``bootstrap`` (state bucket and lock table, local state), then apply
``dev-core`` through the S3 backend with DynamoDB locking, and report the outputs and
where the state object lives.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from platform_cdktf.tooling.terraform import TerraformError, TerraformRunner

EMULATOR_HOST = "127.0.0.1"
ENVIRONMENT = "dev"
STACKS = ("bootstrap", f"{ENVIRONMENT}-core")
STARTUP_TIMEOUT_SECONDS = 60.0

Reporter = Callable[[str], None]


class LocalDeploymentError(RuntimeError):
    """A step of the local deployment failed; the message says what to do next."""


@dataclass(frozen=True)
class EmulatorProcess:
    """A running emulator, as recorded in the workspace."""

    pid: int
    port: int

    @property
    def url(self) -> str:
        """Loopback URL the providers and the backend use."""
        return f"http://{EMULATOR_HOST}:{self.port}"

    def is_alive(self) -> bool:
        """Whether the process still exists (and is not a zombie of ours)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        status = Path(f"/proc/{self.pid}/status")
        with contextlib.suppress(OSError):
            if "\nState:\tZ" in status.read_text():
                return False
        return True


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


class LocalDeployment:
    """The local emulator deployment rooted at ``workspace``."""

    def __init__(
        self,
        workspace: Path,
        *,
        project_root: Path,
        report: Reporter = print,
        terraform: TerraformRunner | None = None,
    ) -> None:
        self.workspace = workspace.resolve()
        self.project_root = project_root.resolve()
        self.report = report
        self.terraform = terraform or TerraformRunner(workdir=self.workspace)
        self.outdir = self.workspace / "cdktf.out"
        self.emulator_record = self.workspace / "emulator.json"
        self.emulator_log = self.workspace / "emulator.log"

    # -- emulator -------------------------------------------------------------------

    def running_emulator(self) -> EmulatorProcess | None:
        """The emulator recorded in the workspace, if it is still running."""
        if not self.emulator_record.is_file():
            return None
        record = json.loads(self.emulator_record.read_text())
        emulator = EmulatorProcess(pid=int(record["pid"]), port=int(record["port"]))
        return emulator if emulator.is_alive() else None

    def start_emulator(self, port: int | None = None) -> EmulatorProcess:
        """Start the extended moto server on a loopback port and wait until it answers."""
        running = self.running_emulator()
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
        with self.emulator_log.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "platform_cdktf.tooling.emulator", "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # Own process group: `make down` stops it and everything it started.
                start_new_session=True,
            )
        emulator = EmulatorProcess(pid=process.pid, port=port)
        self.emulator_record.write_text(json.dumps(asdict(emulator)))
        self._wait_until_ready(emulator, process)
        self.report(f"emulator ready at {emulator.url} (pid {emulator.pid})")
        return emulator

    def _wait_until_ready(
        self, emulator: EmulatorProcess, process: subprocess.Popen[bytes]
    ) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.emulator_record.unlink(missing_ok=True)
                raise LocalDeploymentError(
                    f"the emulator exited during start-up (code {process.returncode}); "
                    f"last lines of {self.emulator_log}:\n{self._log_tail()}"
                )
            with (
                contextlib.suppress(urllib.error.URLError, OSError),
                urllib.request.urlopen(f"{emulator.url}/moto-api/", timeout=2) as reply,
            ):
                if reply.status == 200:
                    return
            time.sleep(0.3)
        self.stop_emulator()
        raise LocalDeploymentError(
            f"the emulator did not answer on {emulator.url} within "
            f"{STARTUP_TIMEOUT_SECONDS:.0f} s; see {self.emulator_log}"
        )

    def _log_tail(self, lines: int = 15) -> str:
        if not self.emulator_log.is_file():
            return "(no log)"
        return "\n".join(self.emulator_log.read_text(errors="replace").splitlines()[-lines:])

    def require_emulator(self) -> EmulatorProcess:
        """The running emulator, or an error that says how to start one."""
        emulator = self.running_emulator()
        if emulator is None:
            raise LocalDeploymentError(
                "the local emulator is not running; start it (and deploy) with `make up`"
            )
        return emulator

    def stop_emulator(self) -> bool:
        """Stop the emulator's process group; returns whether one was running."""
        if not self.emulator_record.is_file():
            return False
        record = json.loads(self.emulator_record.read_text())
        pid = int(record["pid"])
        stopped = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
            stopped = True
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and EmulatorProcess(pid, 0).is_alive():
                time.sleep(0.1)
            if EmulatorProcess(pid, 0).is_alive():
                os.killpg(pid, signal.SIGKILL)
        # Reap it if it is our child (tests start and stop it in one process).
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)
        self.emulator_record.unlink(missing_ok=True)
        return stopped

    # -- synthesis and terraform -------------------------------------------------------

    def synthesize(self, emulator: EmulatorProcess) -> list[str]:
        """Synthesize the local target's stacks into the workspace (a fresh process)."""
        environment = {
            **os.environ,
            "PLATFORM_TARGET": "local",
            "PLATFORM_EMULATOR_ENDPOINT": emulator.url,
            "PLATFORM_ENVIRONMENTS": ENVIRONMENT,
            "CDKTF_OUTDIR": str(self.outdir),
        }
        completed = subprocess.run(
            [sys.executable, str(self.project_root / "main.py")],
            cwd=self.project_root,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise LocalDeploymentError(f"synthesis failed:\n{completed.stderr.strip()}")
        return sorted(path.name for path in (self.outdir / "stacks").iterdir())

    def stack_dir(self, stack: str) -> Path:
        """Working directory of a synthesized stack."""
        return self.outdir / "stacks" / stack

    def synthesized_resource_count(self, stack: str) -> int:
        """Resources (not data sources) in a synthesized stack."""
        document: dict[str, Any] = json.loads((self.stack_dir(stack) / "cdk.tf.json").read_text())
        return sum(len(items) for items in document.get("resource", {}).values())

    def apply(self, stack: str, emulator: EmulatorProcess) -> None:
        """``terraform init`` + ``apply`` of one stack, failing clearly if the emulator dies."""
        directory = self.stack_dir(stack)
        try:
            self.terraform.run(["init", "-input=false"], cwd=directory)
            self.terraform.run(
                ["apply", "-auto-approve", "-input=false", "-lock-timeout=60s", "-parallelism=30"],
                cwd=directory,
                stream=self.report,
            )
        except TerraformError as error:
            raise self._explain(error, emulator, directory) from None

    def destroy(self, stack: str, emulator: EmulatorProcess) -> None:
        """``terraform destroy`` of one stack."""
        directory = self.stack_dir(stack)
        try:
            self.terraform.run(["init", "-input=false"], cwd=directory)
            self.terraform.run(
                [
                    "destroy",
                    "-auto-approve",
                    "-input=false",
                    "-lock-timeout=60s",
                    "-parallelism=30",
                ],
                cwd=directory,
                stream=self.report,
            )
        except TerraformError as error:
            raise self._explain(error, emulator, directory) from None

    def _explain(
        self, error: TerraformError, emulator: EmulatorProcess, directory: Path
    ) -> LocalDeploymentError:
        hints = []
        if not emulator.is_alive():
            hints.append(
                f"the emulator (pid {emulator.pid}) is gone; its last log lines:\n"
                f"{self._log_tail()}\nStart again with `make down && make up`."
            )
        if "Error acquiring the state lock" in error.output:
            hints.append(
                "another run holds the state lock. If no other terraform is running, release "
                f"the stale lock: cd {directory} && terraform force-unlock <ID from above>"
            )
        errored = directory / "errored.tfstate"
        if errored.is_file():
            hints.append(
                f"terraform could not save its state and wrote it to {errored}; nothing is "
                f"lost: push it back with `cd {directory} && terraform state push "
                "errored.tfstate` once the emulator is back"
            )
        return LocalDeploymentError("\n".join([str(error), *hints]))

    def outputs(self, stack: str) -> dict[str, Any]:
        """``terraform output -json`` of an applied stack, as plain values."""
        result = self.terraform.run(["output", "-json"], cwd=self.stack_dir(stack))
        document: dict[str, Any] = json.loads(result.stdout or "{}")
        return {name: output.get("value") for name, output in document.items()}

    # -- the two commands ----------------------------------------------------------------

    def up(self, port: int | None = None) -> dict[str, Any]:
        """Start the emulator and deploy ``bootstrap`` then ``dev-core`` into it."""
        self.terraform.require_binary()
        emulator = self.start_emulator(port)
        try:
            stacks = self.synthesize(emulator)
            self.report(f"synthesized {', '.join(stacks)} for the local target")
            summary: dict[str, Any] = {"emulator": emulator.url, "stacks": {}}
            for stack in STACKS:
                self.report(f"applying {stack} ...")
                started = time.monotonic()
                self.apply(stack, emulator)
                summary["stacks"][stack] = {
                    "seconds": round(time.monotonic() - started, 1),
                    "resources_synthesized": self.synthesized_resource_count(stack),
                    "resources_in_state": self.state_resource_count(stack),
                    "outputs": self.outputs(stack),
                }
        except LocalDeploymentError:
            self.report(
                "the emulator is left running so that you can inspect it; `make down` stops it"
            )
            raise
        bootstrap_outputs = summary["stacks"]["bootstrap"]["outputs"]
        summary["state_object"] = (
            f"s3://{bootstrap_outputs['state_bucket']}/{ENVIRONMENT}/core.tfstate "
            f"(in the emulator at {emulator.url}); lock table {bootstrap_outputs['lock_table']}"
        )
        return summary

    def state_resource_count(self, stack: str) -> int:
        """Managed resources recorded in a stack's state."""
        result = self.terraform.run(["state", "list"], cwd=self.stack_dir(stack))
        return sum(
            1 for line in result.stdout.splitlines() if line and not line.startswith("data.")
        )

    def down(self) -> bool:
        """Stop the emulator and delete the workspace; returns whether anything ran."""
        stopped = self.stop_emulator()
        if self.workspace.exists():
            shutil.rmtree(self.workspace)
        return stopped


def print_summary(summary: dict[str, Any], report: Reporter) -> None:
    """Human-readable result of :meth:`LocalDeployment.up`."""
    for stack, details in summary["stacks"].items():
        report(
            f"{stack}: {details['resources_in_state']} resources in state "
            f"({details['resources_synthesized']} synthesized) in {details['seconds']} s"
        )
        for name, value in sorted(details["outputs"].items()):
            report(f"  {name} = {json.dumps(value)}")
    report(f"state: {summary['state_object']}")


def stacks_of(summary: dict[str, Any]) -> Sequence[str]:
    """Stack names in a summary, in apply order."""
    return list(summary["stacks"])
