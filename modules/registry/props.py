"""Props of the registry module: its settings, the name prefix, who pulls."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.settings import invalid, require
from ..shared.validation import matching
from .settings import RegistrySettings

MAX_ROLE_NAME = 64
"""IAM's longest role name."""

check_registry_prefix = matching(
    r"[a-z][a-z0-9-]{0,39}",
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 40 characters",
)


def ci_role_name(prefix: str, repository: str) -> str:
    """Name of the CI role of ``repository``: ``<prefix>-<repository>-ci`` with ``/``
    turned into ``-`` (IAM role names have no ``/``)."""
    return f"{prefix}-{repository.replace('/', '-')}-ci"


@dataclass(frozen=True, kw_only=True)
class RegistryProps:
    """The repositories of ``settings``, their CI roles and who pulls from them."""

    name_prefix: str
    """Prefix of the key alias and CI role names, e.g. ``platform-main``."""
    settings: RegistrySettings
    """Repositories, lifecycle and scanning."""
    puller_role_arns: tuple[str, ...] = ()
    """IAM roles allowed to pull from every repository (the EKS node roles of the
    environments the registry serves); they need not exist yet. Default: none."""
    github_provider_arn: str | None = None
    """ARN of the account's IAM OIDC provider for GitHub Actions (the bootstrap creates
    it); required when a repository has a ``source``."""

    def __post_init__(self) -> None:
        require(self, "name_prefix", self.name_prefix, check_registry_prefix)
        for index, repository in enumerate(self.settings.repositories):
            if repository.source is None:
                continue
            name = ci_role_name(self.name_prefix, repository.name)
            if len(name) > MAX_ROLE_NAME:
                raise invalid(
                    self,
                    f"settings.repositories[{index}].name",
                    repository.name,
                    f"expected a CI role name {name!r} of at most {MAX_ROLE_NAME} characters "
                    f"(IAM), it has {len(name)}: shorten the repository name or the prefix",
                )
            if self.github_provider_arn is None:
                raise invalid(
                    self,
                    "github_provider_arn",
                    None,
                    f"expected the GitHub OIDC provider's ARN: repository "
                    f"{repository.name!r} has a source",
                )
