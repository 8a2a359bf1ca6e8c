"""GitHub Actions OIDC federation: the identity provider and the plan and apply roles.

`GithubOidcSettings` (cdktf-free) names the repository, its environments and branches;
`GithubOidc` builds the OIDC provider (no thumbprint) and two roles whose trust pins the
audience and an exact `sub`: a read-only plan role for pull requests (and the plan
branches) with exactly the backend access a plan needs, and an apply role trusted only by
jobs in the named GitHub environments.
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
