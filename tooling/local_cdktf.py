"""The cdktf CLI against the local target: ``platform-cdktf local -- diff dev-core``.

Users drive the stacks with ``cdktf diff`` and ``cdktf deploy <stack>``. Against the
emulator of ``make up`` the CLI needs the local target's variables, the workspace as its
output directory, and ``--skip-provider-lock`` (its lock step asks the registry for
checksums, which fails offline, while the provider comes from the mirror anyway). This
runs ``node_modules/.bin/cdktf`` with all of that, in the sealed environment, holding the
workspace lock. For the commands that run terraform it synthesizes first, checks the
seal on the output, and only then lets the CLI plan or apply that very output
(``--skip-synth``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from platform_cdktf.tooling.environment import sealed_environment
from platform_cdktf.tooling.local_emulator import EmulatorProcess
from platform_cdktf.tooling.local_errors import LocalDeploymentError
from platform_cdktf.tooling.terraform import mirror_cli_config

if TYPE_CHECKING:
    from platform_cdktf.tooling.local import LocalDeployment

PLANNING_COMMANDS = frozenset({"diff", "deploy", "destroy"})
"""cdktf commands that run terraform against the emulator: synthesized and checked first,
then run with ``--skip-synth --skip-provider-lock``."""


def cdktf_binary(local: LocalDeployment) -> Path:
    """The project's cdktf CLI, or an error that says how to install it."""
    cli = local.project_root / "node_modules" / ".bin" / "cdktf"
    if not cli.is_file():
        raise LocalDeploymentError(
            f"the cdktf CLI is not installed ({cli} is missing): run `make setup`"
        )
    return cli


def run_cdktf(local: LocalDeployment, arguments: Sequence[str]) -> int:
    """Run ``cdktf <arguments>`` against the running emulator; returns its exit status."""
    cli = cdktf_binary(local)
    if not arguments:
        raise LocalDeploymentError(
            "give a cdktf command, e.g. `diff dev-core` or `deploy dev-core --auto-approve`"
        )
    if any(
        argument in ("-o", "--output") or argument.startswith("--output=") for argument in arguments
    ):
        raise LocalDeploymentError(
            f"leave out --output: the local target's stacks live in {local.outdir}"
        )
    command, *rest = arguments
    output = ["--output", str(local.outdir)]
    if not local.emulator_record.is_file():  # say so before the lock creates the workspace
        local.require_emulator()
    with local.locked(f"cdktf {command}"):
        emulator = local.require_emulator()
        environment = cdktf_environment(local, emulator)
        if command in PLANNING_COMMANDS:
            synth = [str(cli), "synth", *output, *app_arguments(rest)]
            completed = subprocess.run(
                synth,
                cwd=local.project_root,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            if completed.returncode != 0:
                tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-25:])
                raise LocalDeploymentError(f"`cdktf synth` failed:\n{tail}")
            local.check_seal(emulator)
            rest = [*rest, "--skip-synth"]
            if "--skip-provider-lock" not in rest:
                rest.append("--skip-provider-lock")
        return subprocess.run(
            [str(cli), command, *rest, *output],
            cwd=local.project_root,
            env=environment,
            check=False,
        ).returncode


def cdktf_environment(local: LocalDeployment, emulator: EmulatorProcess) -> dict[str, str]:
    """The CLI's environment: the allowed variables, the local target's, this
    virtualenv's ``python`` first on ``PATH`` (the app is ``python main.py``), no
    telemetry, and the provider mirror's configuration."""
    try:
        mirror = mirror_cli_config(local.workspace)
    except ValueError as error:
        raise LocalDeploymentError(str(error)) from None
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return sealed_environment(
        {
            **local.target_variables(emulator),
            "PATH": path,
            "CHECKPOINT_DISABLE": "1",
            "DISABLE_VERSION_CHECK": "1",
            "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1",
            **mirror,
        }
    )


def app_arguments(arguments: Sequence[str]) -> list[str]:
    """The ``--app``/``-a`` option among cdktf arguments, to pass on to ``cdktf synth``."""
    found: list[str] = []
    for index, argument in enumerate(arguments):
        if argument in ("--app", "-a") and index + 1 < len(arguments):
            found += [argument, arguments[index + 1]]
        elif argument.startswith("--app="):
            found.append(argument)
    return found
