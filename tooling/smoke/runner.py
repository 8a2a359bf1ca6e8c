"""Running ``kubectl`` and ``aws`` for the smoke check, and reading their JSON.

The checks see only a :class:`Runner`: a callable from an argument list to the command's
parsed JSON output. Tests pass one that answers from recorded responses.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from typing import Any, Protocol

TOOLS = {
    "kubectl": (
        "install kubectl (https://kubernetes.io/docs/tasks/tools/) and point it at the "
        "cluster: aws eks update-kubeconfig --name {cluster} --region {region}"
    ),
    "aws": (
        "install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/"
        "getting-started-install.html) with credentials that may describe the cluster"
    ),
}
"""The commands the smoke check needs, each with how to get it."""

COMMAND_TIMEOUT_SECONDS = 60
"""Longest a single kubectl or aws call may take (a hung API call fails its check)."""


def command_environment() -> dict[str, str]:
    """The caller's environment with the AWS CLI's output pager off (AWS CLI v2 pipes
    output through a pager by default; an empty ``AWS_PAGER`` disables it: AWS CLI User
    Guide, "Using the pagination options in the AWS CLI", client-side pager)."""
    return {**os.environ, "AWS_PAGER": ""}


class Runner(Protocol):
    """Runs one command and returns its standard output parsed as JSON."""

    def __call__(self, command: Sequence[str]) -> Any: ...


class ToolMissingError(Exception):
    """A command the smoke check needs is not on PATH (a usage error: exit 2)."""


class CommandFailedError(Exception):
    """A command exited non-zero or printed no JSON; the check it served fails."""

    def __init__(self, command: Sequence[str], detail: str) -> None:
        super().__init__(f"{' '.join(command[:3])} ...: {detail}")
        self.command = list(command)
        self.detail = detail

    @property
    def not_found(self) -> bool:
        """Whether the command said the object does not exist (kubectl ``NotFound``, the
        EKS API's ``ResourceNotFoundException``)."""
        return "NotFound" in self.detail or "ResourceNotFoundException" in self.detail


def require_tools(
    cluster: str, region: str, *, which: Callable[[str], str | None] = shutil.which
) -> None:
    """Raise :class:`ToolMissingError` naming every missing command and how to get it."""
    missing = [
        f"{tool} not found on PATH: {advice.format(cluster=cluster, region=region)}"
        for tool, advice in TOOLS.items()
        if which(tool) is None
    ]
    if missing:
        raise ToolMissingError("; ".join(missing))


class SubprocessRunner:
    """Runs commands as subprocesses with a timeout; the real :class:`Runner`."""

    def __init__(self, timeout: float = COMMAND_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def __call__(self, command: Sequence[str]) -> Any:
        try:
            completed = subprocess.run(
                list(command),
                capture_output=True,
                text=True,
                timeout=self.timeout,
                env=command_environment(),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise CommandFailedError(command, f"no answer within {self.timeout:g}s") from None
        except FileNotFoundError:
            raise ToolMissingError(f"{command[0]} not found on PATH") from None
        if completed.returncode != 0:
            detail = completed.stderr.strip() or f"exit status {completed.returncode}"
            raise CommandFailedError(command, detail)
        try:
            return json.loads(completed.stdout)
        except json.JSONDecodeError:
            raise CommandFailedError(command, "the output is not JSON") from None


def write_kubeconfig(
    cluster: str,
    region: str,
    path: str,
    *,
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> None:
    """Write a kubeconfig for ``cluster`` to ``path`` (``aws eks update-kubeconfig``: its
    user runs ``aws eks get-token``, so it holds no credential)."""
    command = [
        "aws",
        "eks",
        "update-kubeconfig",
        "--name",
        cluster,
        "--region",
        region,
        "--kubeconfig",
        path,
    ]
    try:
        completed = run(
            command,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            env=command_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise ToolMissingError("aws not found on PATH") from None
    except subprocess.TimeoutExpired:
        raise CommandFailedError(command, "no answer in time") from None
    if completed.returncode != 0:
        raise CommandFailedError(command, completed.stderr.strip() or "update-kubeconfig failed")


def with_kubeconfig(runner: Runner, path: str) -> Runner:
    """``runner``, with every ``kubectl`` command reading the kubeconfig at ``path``."""

    def run(command: Sequence[str]) -> Any:
        if command and command[0] == "kubectl":
            command = ["kubectl", "--kubeconfig", path, *command[1:]]
        return runner(command)

    return run
