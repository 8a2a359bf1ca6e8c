"""Running the terraform CLI: binary discovery, the offline provider mirror, errors.

``TF_PROVIDER_MIRROR`` names a filesystem mirror (the directory holding
``registry.terraform.io/...``). When it is set, terraform gets a CLI configuration that
installs hashicorp/aws from it and everything else from the registry; when it is not,
terraform's own configuration is used unchanged (a user with internet access needs
nothing).

terraform never sees the caller's whole environment: only the variables
:mod:`.environment` allows pass, then the runner's fixed variables (for the local
target, fake credentials and the emulator's endpoint), then the mirror configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from platform_cdktf.tooling.environment import sealed_environment

MIRROR_VARIABLE = "TF_PROVIDER_MIRROR"
MIRRORED_PROVIDER = "registry.terraform.io/hashicorp/aws"
PROGRESS_MARKERS = (
    "Creation complete",
    "Destruction complete",
    "Modifications complete",
    "Apply complete",
    "Destroy complete",
    "No changes",
    "Error:",
)
"""Lines of terraform's output worth showing while a long apply runs."""
COLOURED_COMMANDS = frozenset({"init", "plan", "apply", "destroy", "validate", "output", "show"})
"""Commands that accept ``-no-color`` (``state`` subcommands do not)."""


class TerraformError(RuntimeError):
    """terraform exited non-zero; ``output`` holds what it printed."""

    def __init__(self, command: Sequence[str], returncode: int, output: str) -> None:
        self.command = list(command)
        self.returncode = returncode
        self.output = output
        tail = "\n".join(output.strip().splitlines()[-25:])
        super().__init__(f"`{' '.join(self.command)}` failed (exit {returncode}):\n{tail}")


@dataclass(frozen=True)
class TerraformResult:
    """What a successful terraform command printed."""

    stdout: str


def mirror_cli_config(directory: Path) -> dict[str, str]:
    """Environment for terraform that uses ``TF_PROVIDER_MIRROR`` if it is set.

    Writes ``terraform-cli.tfrc`` into ``directory`` and returns the variables to add
    to terraform's environment (``TF_CLI_CONFIG_FILE`` among them).
    """
    environment = {"CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}
    mirror = os.environ.get(MIRROR_VARIABLE)
    if not mirror:
        return environment
    root = Path(mirror)
    if not (root / MIRRORED_PROVIDER).is_dir():
        raise ValueError(
            f"{MIRROR_VARIABLE}={mirror} does not contain {MIRRORED_PROVIDER}; point it at "
            "the root of a filesystem mirror (the directory holding registry.terraform.io)"
        )
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "terraform-cli.tfrc"
    config.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{root}"\n'
        f'    include = ["{MIRRORED_PROVIDER}"]\n  }}\n'
        f'  direct {{\n    exclude = ["{MIRRORED_PROVIDER}"]\n  }}\n'
        "}\n"
    )
    environment["TF_CLI_CONFIG_FILE"] = str(config)
    return environment


def terraform_binary() -> str:
    """Path of terraform on ``PATH``, or an error that says how to get it."""
    binary = shutil.which("terraform")
    if binary is None:
        raise FileNotFoundError(
            "terraform is not on PATH: install Terraform >= 1.10 "
            "(https://developer.hashicorp.com/terraform/install) and retry"
        )
    return binary


class TerraformRunner:
    """Runs terraform commands with the mirror configuration written to ``workdir``, in an
    environment of allowed variables plus ``fixed`` (see :meth:`environment`)."""

    def __init__(self, *, workdir: Path, fixed: Mapping[str, str] | None = None) -> None:
        self.workdir = workdir
        self.fixed = dict(fixed or {})
        """Variables set for every command, over anything the caller's environment holds."""

    def environment(self) -> dict[str, str]:
        """terraform's whole environment: the allowed variables of this process's
        environment, then :attr:`fixed`, then the mirror configuration (which replaces a
        ``TF_CLI_CONFIG_FILE`` of the caller's when ``TF_PROVIDER_MIRROR`` is set)."""
        return {**sealed_environment(self.fixed), **mirror_cli_config(self.workdir)}

    def require_binary(self) -> str:
        """Fail early, before anything starts, if terraform is missing."""
        return terraform_binary()

    def run(
        self,
        arguments: Sequence[str],
        *,
        cwd: Path,
        stream: Callable[[str], None] | None = None,
        stdin: str | None = None,
    ) -> TerraformResult:
        """Run ``terraform <arguments>`` in ``cwd``; raise :class:`TerraformError` on failure.

        With ``stream``, progress lines (see :data:`PROGRESS_MARKERS`) are passed to it
        as they appear.
        """
        command = [terraform_binary(), *arguments]
        if arguments and arguments[0] in COLOURED_COMMANDS:
            command.append("-no-color")
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=self.environment(),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if stdin is not None and process.stdin is not None:
            process.stdin.write(stdin)
            process.stdin.close()
        lines = []
        if process.stdout is None or process.stderr is None:  # pragma: no cover - PIPE given
            raise RuntimeError("terraform's output pipes were not opened")
        for line in process.stdout:
            lines.append(line)
            if stream is not None and any(marker in line for marker in PROGRESS_MARKERS):
                stream(line.rstrip())
        errors = process.stderr.read()
        returncode = process.wait()
        output = "".join(lines)
        if returncode != 0:
            raise TerraformError(command, returncode, f"{output}\n{errors}")
        return TerraformResult(stdout=output)
