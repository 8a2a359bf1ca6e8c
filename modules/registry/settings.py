"""The ECR repositories of the services and who may push to them (cdktf-free settings)."""

from __future__ import annotations

from ..shared.settings import Settings


class RegistrySettings(Settings):
    """The ECR repositories of the services and who may push to them."""
