"""Composition: validated configuration in, every stack of every environment out.

The CLI (:mod:`.cli`) and the tests compose a :class:`PlatformApp`, so the test suite
synthesizes exactly what ``cdktf synth`` does, once per session and in-process.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cdktf import App

from platform_cdktf.environments import AccountBaseline, BootstrapConfig, EnvironmentConfig

from .account import AccountStack
from .bootstrap import BootstrapStack
from .core import CoreStack
from .platform import PlatformStack
from .synthesis import synthesize
from .target import AWS_TARGET, DeploymentTarget

DELIVERY_NOT_CONFIGURED = (
    "note: no GitHub repository configured, so the delivery identities, CI runners and EKS "
    "access entries are not synthesized; set GITHUB in environments/common.py "
    "(docs/delivery-identities.md)"
)
"""What synthesis prints (once, to stderr) while ``GITHUB`` is unset."""


@dataclass(frozen=True, kw_only=True)
class PlatformApp:
    """What the platform's app synthesizes: the bootstrap stack, the account baselines
    and, per environment, its core stack and (where the target has a Kubernetes API) its
    platform stack."""

    environments: Sequence[EnvironmentConfig]
    """The environments, in deployment order."""
    bootstrap: BootstrapConfig
    """The state backend's own stack."""
    accounts: Sequence[AccountBaseline] = ()
    """The account baselines holding ``environments`` (one stack each; from
    :func:`~platform_cdktf.environments.load_accounts`)."""
    bootstrap_state_in_s3: bool = False
    """Synthesize the bootstrap stack with its state in S3 (after the first apply)."""
    target: DeploymentTarget = AWS_TARGET
    """Real AWS, or the local emulator."""

    def compose(self, app: App) -> None:
        """Add every stack to ``app`` (and say, in one line on stderr, when the delivery
        identities are left out)."""
        target = self.target
        if (notice := self.delivery_notice()) is not None:
            print(notice, file=sys.stderr)
        BootstrapStack(
            app, config=self.bootstrap, state_in_s3=self.bootstrap_state_in_s3, target=target
        )
        for account in self.accounts:
            AccountStack(
                app,
                config=account.config,
                environments=account.environments,
                holds_state_bucket=account.holds_state_bucket,
                target=target,
            )
        for environment in self.environments:
            CoreStack(app, config=environment, target=target)
            if target.supports("platform_stack"):
                PlatformStack(app, config=environment)

    def delivery_notice(self) -> str | None:
        """The line saying that nothing of GitHub delivery is synthesized, when no
        repository is configured (the local target brings a stand-in of its own)."""
        configured = [self.bootstrap.github, *(env.github for env in self.environments)]
        if self.target.is_local or any(github is not None for github in configured):
            return None
        return DELIVERY_NOT_CONFIGURED


def synthesize_platform(outdir: Path, platform: PlatformApp) -> Path:
    """Synthesize ``platform`` into ``outdir``, atomically (see :func:`.synthesis.synthesize`);
    on the local target, unsealed output (see :mod:`.seal`) is an error."""
    return synthesize(outdir, platform.compose, check=platform.target.output_problems)
