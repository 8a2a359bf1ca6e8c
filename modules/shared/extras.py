"""A clear error when an optional extra of the package is missing."""

from __future__ import annotations

KUBERNETES_EXTRA = "platform-cdktf-aws[kubernetes]"
"""The extra that brings the Kubernetes and Helm provider bindings (in-cluster modules)."""


def missing_kubernetes_extra(error: ModuleNotFoundError) -> ModuleNotFoundError:
    """The error to raise when the Kubernetes or Helm bindings are not installed."""
    return ModuleNotFoundError(
        f"{error.name} is not installed: in-cluster modules (Helm releases, Kubernetes "
        f"objects) need the optional bindings, `pip install '{KUBERNETES_EXTRA}'`",
        name=error.name,
    )
