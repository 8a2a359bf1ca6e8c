"""Environments delivered from GitHub: their configuration and their synthesized stacks.

The checked-in environments leave ``github`` unset, so the tests of what delivery adds to
an environment's stacks (the runner in the VPC, the delivery roles' access entries)
synthesize this variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from platform_cdktf.environments import EnvironmentConfig, load_bootstrap, load_environment
from platform_cdktf.modules.github_oidc.identity import GithubDelivery
from platform_cdktf.stacks.app import PlatformApp, synthesize_platform
from platform_cdktf.stacks.target import AWS_TARGET, DeploymentTarget

DELIVERY = GithubDelivery(repository="acme/platform", repository_id=11, owner_id=22)
"""A repository pinned by (made-up) ids, delivering every environment it is given to."""


def delivered(environment: str = "dev", **ci_runner: Any) -> EnvironmentConfig:
    """The checked-in ``environment`` delivered from :data:`DELIVERY`, with ``ci_runner``
    settings overridden (validated like any configuration)."""
    data = load_environment(environment).model_dump()
    data["github"] = DELIVERY.model_dump()
    data["ci_runner"] = {**data["ci_runner"], **ci_runner}
    return EnvironmentConfig.model_validate(data)


def synthesize_delivered(
    outdir: Path,
    environments: Sequence[EnvironmentConfig],
    *,
    target: DeploymentTarget = AWS_TARGET,
) -> Path:
    """Synthesize the platform app with ``environments`` into ``outdir`` (as ``main.py``
    does, guardrails included); returns ``outdir``."""
    platform = PlatformApp(environments=environments, bootstrap=load_bootstrap(), target=target)
    return synthesize_platform(outdir, platform)
