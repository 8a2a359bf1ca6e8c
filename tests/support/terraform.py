"""Running the real terraform binary against synthesized stacks, offline if need be."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MIRROR_VARIABLE = "TF_PROVIDER_MIRROR"
PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"


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
    """Path of terraform on PATH, or a failure that says how to fix it."""
    binary = shutil.which("terraform")
    if binary is None:
        raise AssertionError(
            "terraform is not on PATH: install Terraform >= 1.10 "
            "(https://developer.hashicorp.com/terraform/install) and re-run make test"
        )
    return binary


def cli_config(directory: Path) -> dict[str, str]:
    """Environment for terraform: a CLI config using the provider mirror, if one is set.

    With ``TF_PROVIDER_MIRROR`` unset, terraform's own configuration (and the public
    registry) is used unchanged.
    """
    environment = {"CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}
    mirror = os.environ.get(MIRROR_VARIABLE)
    if not mirror:
        return environment
    root = Path(mirror)
    if not (root / PROVIDER_ADDRESS).is_dir():
        raise AssertionError(
            f"{MIRROR_VARIABLE}={mirror} does not contain {PROVIDER_ADDRESS}; point it at "
            "the root of a filesystem mirror (the directory holding registry.terraform.io)"
        )
    config = directory / "terraform-cli.tfrc"
    config.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{root}"\n'
        f'    include = ["{PROVIDER_ADDRESS}"]\n  }}\n'
        f'  direct {{\n    exclude = ["{PROVIDER_ADDRESS}"]\n  }}\n'
        "}\n"
    )
    environment["TF_CLI_CONFIG_FILE"] = str(config)
    return environment


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
