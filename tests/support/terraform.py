"""Running the real terraform binary against synthesized stacks, offline if need be."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from platform_cdktf.tooling.terraform import mirror_cli_config
from platform_cdktf.tooling.terraform import terraform_binary as find_terraform


@dataclass(frozen=True)
class TerraformRun:
    """Outcome of one terraform command."""

    command: list[str]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return (
            f"$ {' '.join(self.command)} -> exit {self.returncode}\n"
            f"--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"
        )


def terraform_binary() -> str:
    """Path of terraform on PATH, or a test failure that says how to fix it."""
    try:
        return find_terraform()
    except FileNotFoundError as error:
        raise AssertionError(str(error)) from None


def cli_config(directory: Path) -> dict[str, str]:
    """Environment for terraform: a CLI config using the provider mirror, if one is set."""
    try:
        return mirror_cli_config(directory)
    except ValueError as error:
        raise AssertionError(str(error)) from None


def run_terraform(
    arguments: list[str], *, cwd: Path, environment: dict[str, str], timeout: float = 300
) -> TerraformRun:
    """Run terraform with ``arguments`` in ``cwd``; never raises on a non-zero exit."""
    command = [terraform_binary(), *arguments]
    completed = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return TerraformRun(command, completed.returncode, completed.stdout, completed.stderr)
