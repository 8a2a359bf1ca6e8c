"""Composition: validated configuration in, every stack of every environment out.

The CLI (:mod:`.cli`) and the tests call :func:`synthesize_platform`, so the test suite
synthesizes exactly what ``cdktf synth`` does, once per session and in-process.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cdktf import App

from platform_cdktf.environments import BootstrapConfig, EnvironmentConfig

from .bootstrap import BootstrapStack
from .core import CoreStack
from .platform import PlatformStack
from .synthesis import synthesize
from .target import AWS_TARGET, DeploymentTarget


def compose_platform(
    app: App,
    *,
    environments: Sequence[EnvironmentConfig],
    bootstrap: BootstrapConfig,
    bootstrap_state_in_s3: bool = False,
    target: DeploymentTarget = AWS_TARGET,
) -> None:
    """Add the bootstrap stack and every environment's stacks to ``app``."""
    BootstrapStack(app, config=bootstrap, state_in_s3=bootstrap_state_in_s3, target=target)
    for environment in environments:
        CoreStack(app, config=environment, target=target)
        if target.supports("platform_stack"):
            PlatformStack(app, config=environment)


def synthesize_platform(
    outdir: Path,
    *,
    environments: Sequence[EnvironmentConfig],
    bootstrap: BootstrapConfig,
    bootstrap_state_in_s3: bool = False,
    target: DeploymentTarget = AWS_TARGET,
) -> Path:
    """Synthesize the platform into ``outdir`` atomically (see :func:`.synthesis.synthesize`)."""
    return synthesize(
        outdir,
        lambda app: compose_platform(
            app,
            environments=environments,
            bootstrap=bootstrap,
            bootstrap_state_in_s3=bootstrap_state_in_s3,
            target=target,
        ),
    )
