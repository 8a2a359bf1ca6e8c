"""Composition: validated configuration in, every stack of every environment out.

``main.py`` calls :func:`main`; tests call :func:`build_app` or :func:`synthesize`
directly so that the whole app is synthesized once per test session, in-process.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cdktf import App

from platform_cdktf.environments import (
    ENVIRONMENT_NAMES,
    BootstrapConfig,
    ConfigError,
    EnvironmentConfig,
    load_bootstrap,
    load_environments,
)

from .bootstrap import BootstrapStack
from .core import CoreStack

ENVIRONMENT_VARIABLE = "PLATFORM_ENVIRONMENTS"
"""Comma-separated environment names to synthesize (default: all). ``bootstrap`` is
always synthesized."""
BOOTSTRAP_IN_S3_VARIABLE = "PLATFORM_BOOTSTRAP_STATE_IN_S3"
"""Set to ``1`` after the first bootstrap apply to move its state into the bucket."""
DEFAULT_OUTDIR = "cdktf.out"


def selected_environment_names(value: str | None) -> tuple[str, ...]:
    """Parse the ``PLATFORM_ENVIRONMENTS`` value; empty means every environment."""
    if not value or not value.strip():
        return ENVIRONMENT_NAMES
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in ENVIRONMENT_NAMES]
    if unknown:
        raise ConfigError(
            ENVIRONMENT_VARIABLE,
            [f"{ENVIRONMENT_VARIABLE} = {value!r}: unknown environment(s) {unknown}; "
             f"expected a comma-separated subset of {list(ENVIRONMENT_NAMES)}"],
        )
    return names


def build_app(
    *,
    outdir: str,
    environments: Sequence[EnvironmentConfig],
    bootstrap: BootstrapConfig,
    bootstrap_state_in_s3: bool = False,
) -> App:
    """Compose the stacks into a new App writing to ``outdir`` (not synthesized yet)."""
    # Stack traces in the "//" metadata would embed this machine's paths in the output.
    app = App(outdir=outdir, stack_traces=False)
    BootstrapStack(app, config=bootstrap, state_in_s3=bootstrap_state_in_s3)
    for environment in environments:
        CoreStack(app, config=environment)
    return app


def synthesize(
    outdir: Path,
    *,
    environments: Sequence[EnvironmentConfig],
    bootstrap: BootstrapConfig,
    bootstrap_state_in_s3: bool = False,
) -> Path:
    """Synthesize into a staging directory, then swap it into place.

    A failure part-way leaves the previous ``outdir`` untouched rather than a mix of
    old and new stacks.
    """
    outdir = outdir.resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.staging-", dir=outdir.parent))
    try:
        app = build_app(
            outdir=str(staging),
            environments=environments,
            bootstrap=bootstrap,
            bootstrap_state_in_s3=bootstrap_state_in_s3,
        )
        app.synth()
        _replace_directory(staging, outdir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return outdir


def _replace_directory(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    new.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def main() -> int:
    """Entry point of ``python main.py`` (and so of ``cdktf synth``)."""
    try:
        names = selected_environment_names(os.environ.get(ENVIRONMENT_VARIABLE))
        environments = load_environments(names)
        bootstrap = load_bootstrap()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        print("Nothing was synthesized. Fix the configuration in environments/ and retry.",
              file=sys.stderr)
        return 2
    # The cdktf CLI tells the app where to write through CDKTF_OUTDIR.
    outdir = Path(os.environ.get("CDKTF_OUTDIR", DEFAULT_OUTDIR))
    synthesize(
        outdir,
        environments=environments,
        bootstrap=bootstrap,
        bootstrap_state_in_s3=os.environ.get(BOOTSTRAP_IN_S3_VARIABLE) == "1",
    )
    stacks = ["bootstrap", *(f"{environment.name}-core" for environment in environments)]
    print(f"synthesized {', '.join(stacks)} into {outdir}", file=sys.stderr)
    return 0
