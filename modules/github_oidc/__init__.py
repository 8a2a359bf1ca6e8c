"""GitHub Actions OIDC federation: the identity provider and one plan role and one apply role
per environment.

`GithubDelivery` (the contract, shared with the environments) names the repository by its
numeric ids and derives the role names; `GithubOidcSettings` (cdktf-free) says which
environments the bootstrap serves; `GithubOidc` builds the OIDC provider (no thumbprint),
per environment a plan role that reads configuration only and an apply role capped by a
permissions boundary, and the plan role of the bootstrap itself. Every trust admits one
GitHub environment of one repository, bound to the customized `sub` claim.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import GITHUB_OIDC_URL as GITHUB_OIDC_URL
    from .construct import GithubOidc as GithubOidc
    from .documents import GITHUB_OIDC_AUDIENCE as GITHUB_OIDC_AUDIENCE
    from .identity import GithubDelivery as GithubDelivery
    from .props import GithubOidcProps as GithubOidcProps
    from .settings import GithubOidcSettings as GithubOidcSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
