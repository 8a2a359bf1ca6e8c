"""The ECR repositories of the services and who may push to them (cdktf-free settings).

Sources (Amazon ECR User Guide and API Reference):

* repository names: 2-256 characters matching
  ``(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*``
  (API Reference, CreateRepository, ``repositoryName``);
* lifecycle rules: ``rulePriority`` unique per policy, applied lowest first; ``tagged``
  rules need a ``tagPrefixList`` or ``tagPatternList`` (at most four ``*`` per pattern),
  ``untagged`` rules neither; ``countType`` ``imageCountMoreThan`` or
  ``sinceImagePushed`` (with ``countUnit`` ``days``), ``countNumber`` a positive
  integer (User Guide, "Lifecycle policy properties in Amazon ECR").
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from ..github_oidc.settings import GithubEnvironment, Repository
from ..shared.settings import FieldError, Settings
from ..shared.validation import Rule, matching

check_repository_name = matching(
    r"(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*",
    "expected an ECR repository name: 2-256 lowercase letters and digits in path "
    "components separated by '/', each joined by single '.', '_' or '-' "
    "(e.g. sample-service or team/app)",
)
RepositoryName = Annotated[
    str, AfterValidator(check_repository_name), Rule("an ECR repository name")
]
"""Name of an ECR repository in the account's registry."""

check_git_ref = matching(
    r"refs/heads/[A-Za-z0-9._/-]{1,200}",
    "expected a branch ref such as refs/heads/main (no wildcards)",
)
BranchRef = Annotated[str, AfterValidator(check_git_ref), Rule("a branch ref")]

ScanType = Literal["BASIC", "ENHANCED"]


def address_name(repository: str) -> str:
    """A repository's name in construct ids and output names (``team/app.v2`` ->
    ``team_app_v2``)."""
    return repository.replace("/", "_").replace(".", "_").replace("-", "_")


class ServiceSource(Settings):
    """The GitHub repository that builds a service's image, pinned by its numeric ids.

    Its CI role is trusted only by a job of this repository in GitHub environment
    ``github_environment`` on ``release_ref``, through the customized ``sub`` claim the
    platform repository uses too (``repository_owner_id:<id>:repository_id:<id>:
    environment:<env>:ref:<ref>``, docs/delivery-identities.md): the service repository
    must customize its claim the same way (docs/service-delivery.md)."""

    repository: Repository
    """``owner/name`` of the service's source repository (messages and role description;
    trust is bound to the ids)."""
    repository_id: int = Field(ge=1)
    """Numeric id of the repository (``gh api repos/OWNER/NAME --jq .id``)."""
    owner_id: int = Field(ge=1)
    """Numeric id of its owner (``gh api repos/OWNER/NAME --jq .owner.id``)."""
    release_ref: BranchRef = "refs/heads/main"
    """The only ref whose jobs may push images. Default: ``refs/heads/main``."""
    github_environment: GithubEnvironment = "release"
    """The GitHub environment of the push job (its protection rules gate releases).
    Default: ``release``."""


class RepositorySettings(Settings):
    """One service's image repository and the repository its CI pushes from."""

    name: RepositoryName
    """Repository name, as the services' ``image.repository`` names it (e.g.
    ``sample-service``)."""
    source: ServiceSource | None = None
    """The service's source repository; its CI role (``<prefix>-<name>-ci``, ``/``
    replaced by ``-``) is the only principal allowed to push. Default: unset, no CI
    role, and nobody may push."""


class RegistrySettings(Settings):
    """The ECR repositories of the services and who may push to them."""

    repositories: tuple[RepositorySettings, ...] = ()
    """The services' image repositories (each name once). Default: none."""
    keep_tagged_images: int = Field(default=30, ge=1, le=10000)
    """Tagged images kept per repository, newest first by push time: older tagged images
    expire (a rollback can return to any of them). Default: 30."""
    untagged_expiry_days: int = Field(default=7, ge=1, le=3650)
    """Days after which an untagged image (a superseded manifest or a failed multi-arch
    push) expires. Default: 7."""
    scan_type: ScanType = "BASIC"
    """Registry scanning on push for every repository of the account: ``BASIC`` (ECR's
    free scan) or ``ENHANCED`` (Amazon Inspector, which must be enabled and is billed).
    Default: ``BASIC``."""

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        seen: dict[str, str] = {}
        problems = []
        for index, repository in enumerate(self.repositories):
            # Construct ids and output names read '/', '.' and '-' as '_'.
            key = address_name(repository.name)
            if repository.name in seen.values():
                problems.append(
                    FieldError(
                        f"repositories[{index}].name", repository.name, "expected a unique name"
                    )
                )
            elif key in seen:
                problems.append(
                    FieldError(
                        f"repositories[{index}].name",
                        repository.name,
                        f"expected a name distinct from {seen[key]!r} once '/', '.' and '-' "
                        f"read as '_' (its Terraform addresses and outputs)",
                    )
                )
            seen.setdefault(key, repository.name)
        if problems:
            raise FieldError.combine(problems)
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """The declared repository names."""
        return tuple(repository.name for repository in self.repositories)


def ecr_repository_name(image_repository: str) -> str | None:
    """The repository of the account's registry that a service's ``image.repository``
    names, or ``None`` when it names another registry. The rule of
    ``Service.image`` (modules/service/construct.py): a first path component with a ``.``
    or ``:``, or ``localhost``, is a registry host; otherwise the whole value is an ECR
    repository of the environment's account and Region."""
    first = image_repository.split("/", 1)[0]
    is_registry = "/" in image_repository and ("." in first or ":" in first or first == "localhost")
    return None if is_registry else image_repository
