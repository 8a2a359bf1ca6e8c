"""Running the real terraform binary against synthesized stacks, offline if need be."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def init_and_validate(stack_dir: Path, environment: dict[str, str]) -> list[TerraformRun]:
    """``terraform init -backend=false`` then ``validate -json`` in ``stack_dir``; only the
    init run when init fails."""
    init = run_terraform(
        ["init", "-backend=false", "-input=false", "-no-color"],
        cwd=stack_dir,
        environment=environment,
    )
    if init.returncode != 0:
        return [init]
    return [
        init,
        run_terraform(["validate", "-json", "-no-color"], cwd=stack_dir, environment=environment),
    ]


def validate_synthesized(synthesized: dict[str, Any], workdir: Path) -> list[TerraformRun]:
    """:func:`init_and_validate` of one synthesized stack written to ``workdir/stack``."""
    stack_dir = workdir / "stack"
    stack_dir.mkdir()
    (stack_dir / "cdk.tf.json").write_text(json.dumps(synthesized, indent=2), encoding="utf-8")
    return init_and_validate(stack_dir, cli_config(workdir))


def assert_valid_without_warnings(runs: list[TerraformRun]) -> None:
    """Init succeeded and validate reports the configuration valid, with no error and no
    warning diagnostic."""
    assert len(runs) == 2, runs[0].describe()
    validate = runs[1]
    report = json.loads(validate.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert not errors, validate.describe()
    assert report["valid"] is True, validate.describe()
    warnings = [d["summary"] for d in report["diagnostics"] if d["severity"] == "warning"]
    assert not warnings, f"terraform warns: {warnings}"
