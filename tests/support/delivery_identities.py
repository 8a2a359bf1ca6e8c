"""A delivery-configured platform: every environment and the bootstrap of the repository's
configuration, with a GitHub repository set.

The repository's own configuration leaves ``GITHUB`` unset (no placeholder), so tests of
the delivery identities, the boundary Aspect and the runner synthesize this variant.
"""

from __future__ import annotations

from typing import TypeVar

from platform_cdktf.environments import (
    BootstrapConfig,
    EnvironmentConfig,
    load_bootstrap,
    load_environments,
)
from platform_cdktf.modules.github_oidc.identity import GithubDelivery

IDENTITIES_DELIVERY = GithubDelivery(
    repository="octo-org/platform-infrastructure", repository_id=700001, owner_id=900002
)
"""The repository of the delivery-configured tests (ids distinct from each other)."""

Config = TypeVar("Config", BootstrapConfig, EnvironmentConfig)


def with_delivery(config: Config, delivery: GithubDelivery = IDENTITIES_DELIVERY) -> Config:
    """``config`` delivered from ``delivery``."""
    return config.model_copy(update={"github": delivery})


def delivered_environments() -> list[EnvironmentConfig]:
    """Every environment of the repository, delivered from :data:`IDENTITIES_DELIVERY`."""
    return [with_delivery(environment) for environment in load_environments()]


def delivered_bootstrap() -> BootstrapConfig:
    """The repository's bootstrap, creating the identities of :data:`IDENTITIES_DELIVERY`."""
    return with_delivery(load_bootstrap())
