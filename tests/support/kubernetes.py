"""The Kubernetes objects of a synthesized platform stack, and their offline validation.

Every object the platform creates is a ``kubernetes_manifest`` resource whose ``manifest``
is the exact API object (``platform_cdktf.modules.shared.manifest``). The few objects
still built with the provider's typed ``kubernetes_service_account_v1`` are converted
back into the API object they stand for, so they are validated too.

Validation uses the OpenAPI-derived JSON schemas that ``kubernetes-validate`` ships for
each Kubernetes minor version (1.25-1.37 in 1.37.0), in their strict form: an unknown
field fails, as it does under the API server's strict field validation (KEP-2885, GA in
Kubernetes 1.27; kubectl's default ``--validate=true`` means ``strict``). An object
that would pass only because the server drops an unknown field is a bug (a typo such as
``readinesProbe`` silently removes the probe). Terraform interpolations
(``"${aws_iam_role.x.arn}"``) are strings and pass wherever the schema takes a string.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
from kubernetes_validate.utils import (  # type: ignore[import-untyped]
    SchemaNotFoundError,
    ValidationError,
    VersionNotSupportedError,
)

from tests.support.synth import StackJson

KubernetesManifest = dict[str, Any]

MANIFEST_RESOURCE = "kubernetes_manifest"
SERVICE_ACCOUNT_RESOURCE = "kubernetes_service_account_v1"

# The typed resources this module knows how to turn back into API objects. Any other
# typed ``kubernetes_*`` resource would escape validation, so it fails collection.
_CONVERTED = {SERVICE_ACCOUNT_RESOURCE}

# ``kubernetes_service_account_v1`` metadata block -> ObjectMeta: every argument of
# ``ServiceAccountV1Metadata`` in cdktf-cdktf-provider-kubernetes 12.1.1 (kubernetes 2.38).
_METADATA_FIELDS = {
    "name": "name",
    "namespace": "namespace",
    "generate_name": "generateName",
    "labels": "labels",
    "annotations": "annotations",
}


@dataclass(frozen=True)
class StackObject:
    """One Kubernetes object of a stack and the Terraform resource that creates it."""

    address: str
    """Terraform address, e.g. ``kubernetes_manifest.tenancy_apps_namespace_1A2B3C4D``."""
    manifest: KubernetesManifest
    """The API object (``apiVersion``, ``kind``, ``metadata``, body)."""

    @property
    def kind(self) -> str:
        return str(self.manifest.get("kind", "?"))

    @property
    def label(self) -> str:
        """``Kind namespace/name`` (``Kind name`` for cluster-scoped objects)."""
        metadata = self.manifest.get("metadata", {})
        name = metadata.get("name", "?")
        namespace = metadata.get("namespace")
        return f"{self.kind} {namespace}/{name}" if namespace else f"{self.kind} {name}"


class SchemaViolationError(AssertionError):
    """An object the Kubernetes API of the given version would reject."""


def kubernetes_objects(stack: StackJson) -> list[StackObject]:
    """Every Kubernetes object ``stack`` creates: its ``kubernetes_manifest`` resources and
    its typed service accounts converted to API objects, ordered by address."""
    resources: dict[str, dict[str, Any]] = stack.get("resource", {})
    typed = sorted(
        kind
        for kind in resources
        if kind.startswith("kubernetes_") and kind != MANIFEST_RESOURCE and kind not in _CONVERTED
    )
    if typed:
        raise AssertionError(
            f"typed Kubernetes resources {typed} cannot be validated as API objects: build "
            "them as plain manifests with platform_cdktf.modules.shared.manifest"
        )
    found = [
        StackObject(f"{MANIFEST_RESOURCE}.{name}", resource["manifest"])
        for name, resource in resources.get(MANIFEST_RESOURCE, {}).items()
    ]
    found += [
        StackObject(f"{SERVICE_ACCOUNT_RESOURCE}.{name}", service_account_manifest(resource))
        for name, resource in resources.get(SERVICE_ACCOUNT_RESOURCE, {}).items()
    ]
    return sorted(found, key=lambda item: item.address)


def service_account_manifest(resource: dict[str, Any]) -> KubernetesManifest:
    """The ServiceAccount a synthesized ``kubernetes_service_account_v1`` creates.

    Fails on an argument it does not convert, so nothing is silently left unvalidated.
    """
    known = {"//", "metadata", "automount_service_account_token", "depends_on", "provider"}
    unknown = sorted(set(resource) - known)
    if unknown:
        raise AssertionError(f"kubernetes_service_account_v1 arguments not converted: {unknown}")
    (metadata,) = _blocks(resource["metadata"])
    unknown_metadata = sorted(set(metadata) - set(_METADATA_FIELDS))
    if unknown_metadata:
        raise AssertionError(f"service account metadata not converted: {unknown_metadata}")
    manifest: KubernetesManifest = {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {_METADATA_FIELDS[key]: value for key, value in metadata.items()},
    }
    if "automount_service_account_token" in resource:
        manifest["automountServiceAccountToken"] = resource["automount_service_account_token"]
    return manifest


def _blocks(value: Any) -> list[dict[str, Any]]:
    """A Terraform JSON block: cdktf writes a single nested block as an object or a list."""
    return list(value) if isinstance(value, list) else [value]


def validate_manifest(manifest: KubernetesManifest, kubernetes_version: str) -> None:
    """Validate ``manifest`` against the strict schema of ``kubernetes_version`` (``1.35``).

    Raises :class:`SchemaViolationError` naming the object, the field path and the problem.
    A kind or apiVersion the version does not serve is a violation too (the command-line
    tool of ``kubernetes-validate`` only warns about it), and the schema used must be the
    requested version's, never an older one's.
    """
    label = StackObject("", manifest).label
    try:
        used = kubernetes_validate.validate(manifest, kubernetes_version, strict=True)
    except ValidationError as error:
        field = ".".join(str(part) for part in error.path) or "(object)"
        raise SchemaViolationError(
            f"{label}: {field}: {error.message} (Kubernetes {error.version} schema)"
        ) from None
    except SchemaNotFoundError as error:
        raise SchemaViolationError(f"{label}: {error.message}") from None
    except VersionNotSupportedError as error:
        raise SchemaViolationError(
            f"kubernetes-validate has no schema for Kubernetes {error.version}"
        ) from None
    if used != kubernetes_version:
        raise SchemaViolationError(
            f"{label}: validated against Kubernetes {used}, not {kubernetes_version}: "
            "kubernetes-validate lacks that version's schema"
        )


def schema_violations(objects: Iterable[StackObject], kubernetes_version: str) -> list[str]:
    """One message per object that fails :func:`validate_manifest`, with its address."""
    problems = []
    for item in objects:
        try:
            validate_manifest(item.manifest, kubernetes_version)
        except SchemaViolationError as error:
            problems.append(f"{item.address}: {error}")
    return problems
