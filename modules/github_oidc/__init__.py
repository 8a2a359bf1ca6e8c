"""GitHub Actions OIDC federation: the identity provider and the plan and apply roles.

:class:`GithubOidcSettings` (cdktf-free) names the repository and its environments;
:class:`GithubOidc` builds the provider and roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..shared.lazy import lazy_exports

if TYPE_CHECKING:
    from .construct import GITHUB_OIDC_AUDIENCE as GITHUB_OIDC_AUDIENCE
    from .construct import GITHUB_OIDC_URL as GITHUB_OIDC_URL
    from .construct import GithubOidc as GithubOidc
    from .props import GithubOidcProps as GithubOidcProps
    from .settings import GithubOidcSettings as GithubOidcSettings

__getattr__, __dir__, __all__ = lazy_exports(__name__, __file__)
