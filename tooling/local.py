"""Deploying ``dev`` into a local AWS emulator: ``make up`` / ``make down``, and the cdktf
CLI against it.

Everything lives in one workspace directory (default ``.local/``): the emulator's record
and log, the synthesized stacks of the ``local`` target, and the bootstrap's local state.
The local target is sealed: the emulator listens on loopback only; the synthesized
backends and providers carry fake credentials, point every endpoint at the emulator and
refuse any account but the emulator's, and that is checked on the synthesized JSON
before terraform runs (:mod:`platform_cdktf.stacks.seal`); terraform, the cdktf CLI and
the emulator get an allow-list of the caller's environment plus fixed fake credentials
(:mod:`.environment`), so no ``AWS_PROFILE`` or ``AWS_ACCESS_KEY_ID`` of the operator's
reaches them. One command at a time holds the workspace (:mod:`.workspace_lock`).

Steps of :meth:`LocalDeployment.up`: start the emulator on a free loopback port (or
reuse the one already running), synthesize the stacks of the local target, apply the
state backend of ``bootstrap`` (state bucket and lock table, local state), then side by
side the rest of ``bootstrap``, the account baseline holding ``dev`` (``account-main``:
trail, recorder, detector, registry, alert topics) and ``dev-core``, the last two through
the S3 backend with DynamoDB locking (:mod:`.local_stacks`), and report each stack's
resource counts, its outputs and where the state object lives.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from platform_cdktf.environments import load_accounts, load_environment
from platform_cdktf.modules.providers.emulator import EmulatorEndpoint
from platform_cdktf.stacks import seal
from platform_cdktf.stacks.cli import EMULATOR_VARIABLE, ENVIRONMENT_VARIABLE, TARGET_VARIABLE
from platform_cdktf.tooling.environment import (
    SEALED_AWS_VARIABLES,
    emulator_variables,
    sealed_environment,
)
from platform_cdktf.tooling.local_emulator import (
    EMULATOR_HOST,
    EmulatorProcess,
    Reporter,
    WorkspaceEmulator,
)
from platform_cdktf.tooling.local_errors import CorruptWorkspaceError, LocalDeploymentError
from platform_cdktf.tooling.local_stacks import (
    BOOTSTRAP,
    STATE_BACKEND,
    apply_all,
    prefixed,
    stack_needs,
    state_backend_targets,
)
from platform_cdktf.tooling.terraform import TerraformError, TerraformRunner
from platform_cdktf.tooling.workspace_lock import WorkspaceBusyError, WorkspaceLock

__all__ = [
    "EMULATOR_HOST",
    "CorruptWorkspaceError",
    "EmulatorProcess",
    "LocalDeployment",
    "LocalDeploymentError",
    "print_summary",
]

ENVIRONMENT = "dev"


def deployed_stacks(environment: str = ENVIRONMENT) -> tuple[str, ...]:
    """The stacks ``up`` applies, in order: the bootstrap, the account baseline holding
    ``environment`` (``environments/accounts.py``: its trail, recorder, detector, registry
    and alert topics come before the environment, as on real AWS), then the environment's
    core stack."""
    (baseline,) = load_accounts([load_environment(environment)])
    return ("bootstrap", baseline.config.stack_name, f"{environment}-core")


BOOTSTRAP_STATE_NAME = "terraform.bootstrap.emulator.tfstate"
"""The bootstrap's local state in the workspace (``EMULATOR_STATE_PATH`` of the stacks)."""
DOWN_WAIT_SECONDS = 300.0
"""How long ``down`` waits for a running command to end once its emulator is stopped."""


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
        self.terraform = terraform or TerraformRunner(
            workdir=self.workspace, fixed=SEALED_AWS_VARIABLES
        )
        self.outdir = self.workspace / "cdktf.out"
        self.emulators = WorkspaceEmulator(self.workspace, report=report)
        self.emulator_record = self.emulators.record
        self.emulator_log = self.emulators.log
        self.bootstrap_state = self.workspace / BOOTSTRAP_STATE_NAME

    # -- emulator -------------------------------------------------------------------

    def running_emulator(self) -> EmulatorProcess | None:
        """The emulator recorded in the workspace, if this very process still runs."""
        return self.emulators.running()

    def start_emulator(self, port: int | None = None) -> EmulatorProcess:
        """Start the extended moto server on a loopback port and wait until it answers."""
        return self.emulators.start(port)

    def require_emulator(self) -> EmulatorProcess:
        """The running emulator, or an error that says how to start one."""
        emulator = self.running_emulator()
        if emulator is None:
            raise LocalDeploymentError(
                "the local emulator is not running; start it (and deploy) with `make up`"
            )
        self.connect(emulator)
        return emulator

    def connect(self, emulator: EmulatorProcess) -> None:
        """Give terraform the emulator's fixed variables (fake credentials, endpoint)."""
        self.terraform.fixed = emulator_variables(emulator.url)

    def stop_emulator(self) -> bool:
        """Stop the recorded emulator and any other of this workspace; returns whether
        one was running. A pid now used by another process is left alone."""
        stopped = self.emulators.stop_recorded()
        strays = self.emulators.stop_strays()
        if strays:
            self.report(f"stopped this workspace's emulator(s) found by command line: {strays}")
        self.emulator_record.unlink(missing_ok=True)
        return stopped or bool(strays)

    @contextlib.contextmanager
    def locked(self, purpose: str) -> Iterator[None]:
        """Hold the workspace for ``purpose``, or fail at once naming who holds it."""
        lock = WorkspaceLock(self.workspace, purpose=purpose)
        try:
            lock.acquire()
        except WorkspaceBusyError as error:
            raise LocalDeploymentError(str(error)) from None
        try:
            yield
        finally:
            lock.release()

    # -- synthesis and terraform -------------------------------------------------------

    def target_variables(self, emulator: EmulatorProcess) -> dict[str, str]:
        """What makes the app synthesize the local target, whatever the caller exported
        (``PLATFORM_BOOTSTRAP_STATE_IN_S3`` among it: the allow-list drops it)."""
        return {
            TARGET_VARIABLE: "local",
            EMULATOR_VARIABLE: emulator.url,
            ENVIRONMENT_VARIABLE: ENVIRONMENT,
            **emulator_variables(emulator.url),
        }

    def synthesize(self, emulator: EmulatorProcess) -> list[str]:
        """Synthesize the local target's stacks into the workspace (a fresh process) and
        check that they are sealed."""
        environment = sealed_environment(
            {**self.target_variables(emulator), "CDKTF_OUTDIR": str(self.outdir)}
        )
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
        self.check_seal(emulator)
        return sorted(path.name for path in (self.outdir / "stacks").iterdir())

    def check_seal(self, emulator: EmulatorProcess) -> None:
        """Refuse synthesized stacks that could reach anything but the emulator."""
        problems = seal.output_problems(self.outdir / "stacks", emulator_endpoint(emulator))
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems)
            raise LocalDeploymentError(
                f"the synthesized stacks are not sealed against real AWS; nothing was "
                f"applied:\n{listed}"
            )

    def check_bootstrap_state(self) -> None:
        """A corrupt bootstrap state file is a one-line error, before terraform reads it."""
        if not self.bootstrap_state.is_file():
            return
        try:
            state = json.loads(self.bootstrap_state.read_text(encoding="utf-8"))
            valid = isinstance(state, dict) and "version" in state
            reason = "no Terraform state version" if not valid else ""
        except (UnicodeDecodeError, ValueError) as error:
            valid, reason = False, f"not JSON: {error}"
        if not valid:
            raise CorruptWorkspaceError(
                f"{self.bootstrap_state} is not Terraform state ({reason}); copy "
                f"{self.bootstrap_state.name}.backup over it if terraform left one, or start "
                "afresh with `make down && make up`"
            )

    def stack_dir(self, stack: str) -> Path:
        """Working directory of a synthesized stack."""
        return self.outdir / "stacks" / stack

    def synthesized(self, stack: str) -> dict[str, Any]:
        """A synthesized stack's ``cdk.tf.json``."""
        document: dict[str, Any] = json.loads((self.stack_dir(stack) / "cdk.tf.json").read_text())
        return document

    def synthesized_resource_count(self, stack: str) -> int:
        """Resources (not data sources) in a synthesized stack."""
        document = self.synthesized(stack)
        return sum(len(items) for items in document.get("resource", {}).values())

    def stack_terraform(self, stack: str) -> TerraformRunner:
        """A terraform runner of one stack's own, for applies that run side by side: each
        writes its CLI configuration into a directory of its own (the shared runner
        rewrites one file before every command, which a terraform starting beside it
        could read half-written), and its progress lines name the stack."""
        return TerraformRunner(
            workdir=self.workspace / "terraform" / stack, fixed=self.terraform.fixed
        )

    def apply(
        self,
        stack: str,
        emulator: EmulatorProcess,
        *,
        terraform: TerraformRunner | None = None,
        targets: Sequence[str] = (),
        label: str | None = None,
    ) -> None:
        """``terraform init`` + ``apply`` of one stack, failing clearly if the emulator dies;
        with ``terraform``, through that runner and with each progress line tagged with
        ``label`` (default: the stack's name); with ``targets`` (``-target=...``
        arguments), only those resources and what they depend on."""
        directory = self.stack_dir(stack)
        self.connect(emulator)
        runner = terraform or self.terraform
        report = prefixed(self.report, label or stack) if terraform is not None else self.report
        try:
            runner.run(["init", "-input=false"], cwd=directory)
            runner.run(
                [
                    "apply",
                    "-auto-approve",
                    "-input=false",
                    "-lock-timeout=60s",
                    "-parallelism=30",
                    *targets,
                ],
                cwd=directory,
                stream=report,
            )
        except TerraformError as error:
            raise self._explain(error, emulator, directory) from None

    def destroy(self, stack: str, emulator: EmulatorProcess) -> None:
        """``terraform destroy`` of one stack."""
        directory = self.stack_dir(stack)
        self.connect(emulator)
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
                f"{self.emulators.log_tail()}\nStart again with `make down && make up`."
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

    # -- the commands ----------------------------------------------------------------------

    def up(self, port: int | None = None) -> dict[str, Any]:
        """Start the emulator and deploy ``bootstrap``, the account baseline and
        ``dev-core`` into it, holding the workspace (a second ``up`` meanwhile fails at
        once, starting nothing)."""
        self.terraform.require_binary()
        with self.locked("up"):
            self.check_bootstrap_state()
            emulator = self.start_emulator(port)
            self.connect(emulator)
            return self._deploy(emulator)

    def _deploy(self, emulator: EmulatorProcess) -> dict[str, Any]:
        try:
            stacks = self.synthesize(emulator)
            self.report(f"synthesized {', '.join(stacks)} for the local target")
            summary: dict[str, Any] = {"emulator": emulator.url, "stacks": {}}
            needs = stack_needs(deployed_stacks())
            self.connect(emulator)
            bootstrap_terraform = self.stack_terraform(BOOTSTRAP)

            def apply(step: str) -> None:
                after = f" (after {', '.join(needs[step])})" if needs[step] else ""
                if step == STATE_BACKEND:
                    self.report(
                        f"applying {step}: the bucket and lock table the other stacks' "
                        "backends use, alone (-target); the rest of bootstrap follows beside "
                        "the other stacks ..."
                    )
                    targets = state_backend_targets(self.synthesized(BOOTSTRAP))
                    self.apply(
                        BOOTSTRAP,
                        emulator,
                        terraform=bootstrap_terraform,
                        targets=targets,
                        label=step,
                    )
                    return
                self.report(f"applying {step}{after} ...")
                runner = bootstrap_terraform if step == BOOTSTRAP else self.stack_terraform(step)
                self.apply(step, emulator, terraform=runner)

            results = apply_all(needs, apply, clock=time.monotonic)
            for stack in deployed_stacks():
                seconds = results[stack].seconds
                if stack == BOOTSTRAP:
                    seconds = round(seconds + results[STATE_BACKEND].seconds, 1)
                summary["stacks"][stack] = {
                    "seconds": seconds,
                    "resources_synthesized": self.synthesized_resource_count(stack),
                    "resources_in_state": self.state_resource_count(stack),
                    "outputs": self.outputs(stack),
                }
        except LocalDeploymentError:
            self.report(
                "the emulator is left running so that you can inspect it; `make down` stops it"
                if emulator.is_alive()
                else "the emulator was stopped (by `make down`?); `make up` starts afresh"
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

    def down(self, *, wait_seconds: float = DOWN_WAIT_SECONDS) -> bool:
        """Stop the emulator and delete the workspace; returns whether an emulator ran.

        Idempotent: without a workspace there is nothing to do. If another command holds
        the workspace (an ``up`` part-way through its applies), its emulator is stopped
        first, which makes it fail within seconds, and ``down`` waits for it to let go
        (up to ``wait_seconds``) before deleting anything under it."""
        if not self.workspace.exists():
            return False
        lock = WorkspaceLock(self.workspace, purpose="down")
        stopped = False
        deadline = time.monotonic() + wait_seconds
        announced = False
        while not lock.try_acquire():
            stopped = self._stop_if_running() or stopped
            if not announced:
                self.report(
                    f"{lock.holder()} is using the workspace: stopped its emulator; "
                    "waiting for it to end"
                )
                announced = True
            if time.monotonic() >= deadline:
                raise LocalDeploymentError(
                    f"{lock.holder()} still holds {self.workspace} after {wait_seconds:.0f} s; "
                    "stop it (Ctrl-C) and run `make down` again"
                )
            time.sleep(0.5)
        try:
            stopped = self.stop_emulator() or stopped
            self._remove_workspace()
        finally:
            lock.release()
        return stopped

    def _stop_if_running(self) -> bool:
        try:
            emulator = self.emulators.running()
        except CorruptWorkspaceError:
            return False  # reported once the workspace is ours
        return emulator is not None and self.emulators.stop(emulator)

    def _remove_workspace(self) -> None:
        # Whatever still writes into it (an emulator's last log line, a terraform being
        # killed) can add entries while it is removed: try again, then say what is left.
        for _attempt in range(20):
            shutil.rmtree(self.workspace, ignore_errors=True)
            if not self.workspace.exists():
                return
            time.sleep(0.25)
        left = sorted(str(path) for path in self.workspace.rglob("*"))[:5]
        raise LocalDeploymentError(
            f"could not remove {self.workspace} (left: {left}); is something still writing "
            "into it? Stop it and run `make down` again"
        )

    def cdktf(self, arguments: Sequence[str]) -> int:
        """Run the cdktf CLI against the running emulator (see :mod:`.local_cdktf`);
        returns its exit status."""
        from platform_cdktf.tooling.local_cdktf import run_cdktf  # noqa: PLC0415 (cycle)

        return run_cdktf(self, arguments)


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


def emulator_endpoint(emulator: EmulatorProcess) -> EmulatorEndpoint:
    """The endpoint the synthesized stacks must point at."""
    return EmulatorEndpoint(url=emulator.url)
