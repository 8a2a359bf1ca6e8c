"""The ``bootstrap`` configuration: the shared state bucket and lock table."""

from __future__ import annotations

from platform_cdktf.modules.github_oidc.settings import GithubOidcSettings

from .common import PROJECT_TAGS, STATE_BACKEND
from .config import BootstrapConfig


def build() -> BootstrapConfig:
    """Build and validate the bootstrap configuration."""
    return BootstrapConfig(
        name_prefix="platform",
        tags=PROJECT_TAGS,
        state=STATE_BACKEND,
        # The repository whose GitHub Actions may assume the plan and apply roles.
        # A placeholder: replace it with your own repository before deploying.
        github=GithubOidcSettings(
            repository="example-org/platform-infrastructure",
            environments=("dev", "prod"),
        ),
    )
