"""Kubernetes objects as plain manifests, placed in a stack as ``kubernetes_manifest``.

Every Kubernetes object the platform creates (namespaces, quotas, network policies, the
objects of a :class:`~platform_cdktf.modules.service.Service`) is built as the exact
manifest the API server receives: a plain ``dict`` in the shape of the Kubernetes API,
not the provider's re-modelled blocks. The same dict is validated in the tests against
the OpenAPI schema of the cluster's Kubernetes version and scanned by checkov's
Kubernetes checks, so what is checked is what is applied.

``kubernetes_manifest`` reads the cluster's OpenAPI document while planning, so the
cluster must exist when the platform stack is planned: it does, because the platform
stack is planned only after ``<env>-core`` is applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cdktf import ITerraformDependable
from constructs import Construct

from .extras import missing_kubernetes_extra

try:
    from cdktf_cdktf_provider_kubernetes.manifest import Manifest
except ModuleNotFoundError as error:  # the `kubernetes` extra is not installed
    raise missing_kubernetes_extra(error) from None

KubernetesManifest = dict[str, Any]
"""One Kubernetes object: ``apiVersion``, ``kind``, ``metadata`` and its body."""

MANAGED_BY = {"app.kubernetes.io/managed-by": "terraform"}
"""Label on every object the platform creates: who owns it (kubectl edits are reverted)."""


def object_metadata(
    name: str,
    *,
    namespace: str | None = None,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """``metadata`` of an object: its name, namespace, the managed-by label and any
    further labels and annotations (left out when empty)."""
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    metadata["labels"] = {**MANAGED_BY, **(labels or {})}
    if annotations:
        metadata["annotations"] = dict(annotations)
    return metadata


def kubernetes_object(
    scope: Construct,
    id_: str,
    manifest: KubernetesManifest,
    *,
    depends_on: Sequence[ITerraformDependable] = (),
) -> Manifest:
    """Place ``manifest`` in the stack as a ``kubernetes_manifest`` resource ``id_``.

    The construct id becomes the Terraform address: keep it stable (a new id deletes and
    recreates the object).
    """
    return Manifest(
        scope,
        id_,
        manifest=manifest,
        depends_on=list(depends_on) or None,
    )
