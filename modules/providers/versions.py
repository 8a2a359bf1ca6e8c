"""Provider and Terraform versions: the single source of truth.

The prebuilt CDKTF provider packages each bind exactly one provider release, so the
Python package pin (in pyproject.toml) and the Terraform provider version move together.
``tests/modules/providers/test_construct.py`` fails if the pin, the installed package and
the synthesized ``required_providers`` ever disagree with this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ProviderVersion:
    """One Terraform provider and the prebuilt CDKTF package that binds it."""

    name: str
    """Local name in ``required_providers`` (``aws``)."""
    source: str
    """Registry source address (``hashicorp/aws``)."""
    version: str
    """Exact provider version the bindings were generated from."""
    python_package: str
    """PyPI distribution of the prebuilt bindings."""
    python_package_version: str
    """Exact version of that distribution, pinned in pyproject.toml."""


PROVIDERS: dict[str, ProviderVersion] = {
    provider.name: provider
    for provider in (
        ProviderVersion(
            name="aws",
            source="hashicorp/aws",
            version="5.100.0",
            python_package="cdktf-cdktf-provider-aws",
            python_package_version="20.1.0",
        ),
        ProviderVersion(
            name="kubernetes",
            source="hashicorp/kubernetes",
            version="2.38.0",
            python_package="cdktf-cdktf-provider-kubernetes",
            python_package_version="12.1.1",
        ),
        ProviderVersion(
            name="helm",
            source="hashicorp/helm",
            version="3.1.1",
            python_package="cdktf-cdktf-provider-helm",
            python_package_version="12.1.2",
        ),
    )
}
"""Every provider the platform uses, by local name."""

TERRAFORM_MIN_VERSION = "1.10"
"""Oldest Terraform (or OpenTofu) CLI supported: 1.10 added S3-native locking, which the
backend offers as an opt-in. Written into every stack as ``terraform.required_version``
(:func:`~platform_cdktf.modules.providers.require_terraform`), so an older CLI stops at
``init`` instead of misreading the configuration (guardrail TF-01)."""
