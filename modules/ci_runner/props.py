"""Props of the CI runner module: its settings plus what only the composing code knows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..github_oidc.settings import check_repository
from ..shared.settings import require
from ..shared.validation import check_name
from ..vpc.construct import Vpc
from .settings import CiRunnerSettings

PROJECT_SUFFIX = "-github-runner"
"""The CodeBuild project is ``<name>-github-runner``; workflows select it with
``runs-on: codebuild-<project>-${{ github.run_id }}-${{ github.run_attempt }}``."""


@dataclass(frozen=True, kw_only=True)
class CiRunnerProps:
    """A CodeBuild-hosted GitHub Actions runner for one repository, inside a VPC."""

    name: str
    """Prefix of every resource name, e.g. ``platform-dev`` (project
    ``platform-dev-github-runner``): lowercase letters, digits and single hyphens, at most
    20 characters (the connection ``<name>-github`` must fit 32)."""
    repository: str
    """``owner/name`` of the GitHub repository whose workflow jobs the runner takes."""
    settings: CiRunnerSettings
    """Image, compute type, timeout, log retention and the connection to GitHub."""
    network: Vpc
    """The VPC: the runner's network interfaces go into its private subnets."""
    link_github: bool = True
    """Create the webhook (and the connection, unless the settings name one). Default:
    true. Only a target that cannot serve them (a local emulator) turns this off."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, partial(check_name, longest=20))
        require(self, "repository", self.repository, check_repository)

    @property
    def project_name(self) -> str:
        """Name of the CodeBuild project, ``<name>-github-runner``."""
        return f"{self.name}{PROJECT_SUFFIX}"

    @property
    def source_location(self) -> str:
        """HTTPS clone URL of the repository, the project's source location."""
        return f"https://github.com/{self.repository}.git"
