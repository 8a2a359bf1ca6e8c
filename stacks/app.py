"""Composition: validated configuration in, every stack of every environment out.

The CLI (:mod:`.cli`) and the tests call :func:`synthesize`, so the test suite
synthesizes exactly what ``cdktf synth`` does, once per session and in-process.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cdktf import App

from platform_cdktf.environments import BootstrapConfig, EnvironmentConfig

from .bootstrap import BootstrapStack
from .core import CoreStack
from .platform import PlatformStack
from .target import AWS_TARGET, DeploymentTarget


def build_app(
    *,
    outdir: str,
    environments: Sequence[EnvironmentConfig],
    bootstrap: BootstrapConfig,
    bootstrap_state_in_s3: bool = False,
    target: DeploymentTarget = AWS_TARGET,
) -> App:
    """Compose the stacks into a new App writing to ``outdir`` (not synthesized yet)."""
    # Stack traces in the "//" metadata would embed this machine's paths in the output.
    app = App(outdir=outdir, stack_traces=False)
    BootstrapStack(app, config=bootstrap, state_in_s3=bootstrap_state_in_s3, target=target)
    for environment in environments:
        CoreStack(app, config=environment, target=target)
        if target.supports("platform_stack"):
            PlatformStack(app, config=environment)
    return app


def synthesize(
    outdir: Path,
    *,
    environments: Sequence[EnvironmentConfig],
    bootstrap: BootstrapConfig,
    bootstrap_state_in_s3: bool = False,
    target: DeploymentTarget = AWS_TARGET,
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
            target=target,
        )
        app.synth()
        _replace_directory(staging, outdir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return outdir


class LocalStateInOutputError(RuntimeError):
    """The output directory holds Terraform state that re-synthesis would delete."""


def _refuse_to_delete_state(target: Path) -> None:
    state_files = [
        path
        for path in target.rglob("*.tfstate*")
        if ".terraform" not in path.relative_to(target).parts
    ]
    if state_files:
        listed = ", ".join(str(path) for path in sorted(state_files))
        raise LocalStateInOutputError(
            f"{target} holds Terraform state ({listed}); re-synthesizing would delete it. "
            "Move it out (or migrate it into the S3 backend) and synthesize again."
        )


def _replace_directory(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    _refuse_to_delete_state(target)
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    new.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
