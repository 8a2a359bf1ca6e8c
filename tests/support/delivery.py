"""An environment delivered from GitHub: the configuration and its synthesized stacks."""

from __future__ import annotations

from pathlib import Path

from platform_cdktf.environments import EnvironmentConfig, load_bootstrap, load_environment
from platform_cdktf.modules.github_oidc.identity import GithubDelivery
from platform_cdktf.stacks.app import PlatformApp, synthesize_platform
from platform_cdktf.stacks.target import AWS_TARGET, DeploymentTarget
from tests.support.synth import StackJson, load_stacks

DELIVERY = GithubDelivery(repository="acme/platform", repository_id=11, owner_id=22)
"""A repository pinned by (made-up) ids, delivering every environment it is given to."""


def delivered(environment: str = "dev") -> EnvironmentConfig:
    """The checked-in ``environment`` with :data:`DELIVERY` set."""
    config = load_environment(environment)
    return EnvironmentConfig.model_validate(config.model_dump() | {"github": DELIVERY.model_dump()})


def synthesize_delivered(
    outdir: Path, *, environment: str = "dev", target: DeploymentTarget = AWS_TARGET
) -> dict[str, StackJson]:
    """Every stack of the platform app with only ``environment``, delivered from GitHub."""
    platform = PlatformApp(
        environments=[delivered(environment)], bootstrap=load_bootstrap(), target=target
    )
    return load_stacks(synthesize_platform(outdir, platform))
