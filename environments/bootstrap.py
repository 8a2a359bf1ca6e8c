"""The ``bootstrap`` configuration: the shared state bucket and lock table, and the GitHub
delivery identities of every environment (when ``GITHUB`` is configured)."""

from __future__ import annotations

from platform_cdktf.modules.github_oidc.settings import GithubOidcSettings

from .common import GITHUB, PROJECT_TAGS, STATE_BACKEND
from .config import BootstrapConfig


def build() -> BootstrapConfig:
    """Build and validate the bootstrap configuration."""
    return BootstrapConfig(
        name_prefix="platform",
        tags=PROJECT_TAGS,
        state=STATE_BACKEND,
        github=GITHUB,
        delivery=GithubOidcSettings(environments=("dev", "prod")),
    )
