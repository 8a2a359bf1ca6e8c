"""GitHub Actions OIDC federation: the identity provider and the plan and apply roles."""

from __future__ import annotations

from .construct import GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_URL, GithubOidc
from .props import GithubOidcProps

__all__ = ["GITHUB_OIDC_AUDIENCE", "GITHUB_OIDC_URL", "GithubOidc", "GithubOidcProps"]
