"""Props of the EKS module: its settings plus what only the composing code knows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..shared.settings import invalid, require
from ..shared.validation import matching
from ..vpc.construct import Vpc
from .settings import (
    CapacityType,
    EksSettings,
    NodeGroupSettings,
    Taint,
    check_label_key,
    check_label_value,
    check_role_name,
)

MAX_CLUSTER_NAME_LENGTH = 45
"""Longest cluster name whose derived names fit AWS limits: the IAM role
``<name>-cluster-autoscaler`` (IAM: at most 64 characters) and the node group
``<name>-general`` (EKS: at most 63)."""


# EKS API, CreateCluster name.
check_cluster_name = matching(
    r"[0-9A-Za-z][A-Za-z0-9\-_]{0,99}",
    "expected 1-100 letters, digits, - and _, starting with a letter or digit",
)


def check_cluster_name_length(name: str) -> str:
    """A cluster name short enough for every name derived from it."""
    if len(name) > MAX_CLUSTER_NAME_LENGTH:
        raise ValueError(
            f"expected at most {MAX_CLUSTER_NAME_LENGTH} characters, got {len(name)}: the IAM "
            "roles and node groups named after the cluster must fit AWS limits"
        )
    return name


MAX_NODE_GROUP_NAME_LENGTH = 63 - MAX_CLUSTER_NAME_LENGTH - 1
"""The AWS name ``<cluster>-<name>`` of a node group must fit EKS's 63 characters."""

check_node_group_name = matching(
    rf"[a-z][a-z0-9-]{{0,{MAX_NODE_GROUP_NAME_LENGTH - 1}}}",
    f"expected lowercase letters, digits and hyphens, starting with a letter, at most "
    f"{MAX_NODE_GROUP_NAME_LENGTH} characters (the AWS name is <cluster>-<name>)",
)


def check_labels(labels: Mapping[str, str]) -> Mapping[str, str]:
    """Every key and value is a valid Kubernetes label key and value."""
    for key, value in labels.items():
        check_label_key(key)
        check_label_value(value)
    return labels


# Kubernetes namespace names are DNS-1123 labels.
check_namespace = matching(
    r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", "expected a Kubernetes namespace name (a DNS label)"
)


@dataclass(frozen=True, kw_only=True)
class CiAccessProps:
    """Access of the delivery roles (created by the bootstrap stack) to the cluster, for
    planning and applying the in-cluster (platform) stack from CI."""

    plan_role_name: str
    """IAM role (name, in the cluster's account) of the plan jobs: it reads, cluster-wide
    without Secrets, and the Helm release Secrets in ``release_namespaces``."""
    apply_role_name: str
    """IAM role (name, in the cluster's account) of the apply jobs: cluster-admin."""
    release_namespaces: Sequence[str] = ("kube-system",)
    """Namespaces holding the Helm releases the platform stack manages; a plan reads
    their release Secrets (``sh.helm.release.v1.*``). Default: ``kube-system``."""

    def __post_init__(self) -> None:
        require(self, "plan_role_name", self.plan_role_name, check_role_name)
        require(self, "apply_role_name", self.apply_role_name, check_role_name)
        if not self.release_namespaces:
            raise invalid(self, "release_namespaces", [], "expected at least one namespace")
        for index, namespace in enumerate(self.release_namespaces):
            require(self, f"release_namespaces[{index}]", namespace, check_namespace)


@dataclass(frozen=True, kw_only=True)
class EksClusterProps:
    """An EKS cluster with private networking, encrypted secrets and managed node groups."""

    name: str
    """Cluster name; the VPC's public and private subnets get tagged for it."""
    settings: EksSettings
    """Version, endpoint access, admins, add-ons and node groups."""
    network: Vpc
    """The VPC: the control-plane ENIs and the nodes go into its private subnets."""
    install_addons: bool = True
    """Install the managed add-ons. Default: true. Only a target that cannot serve them
    (a local emulator) turns this off; a real cluster has no pod network without vpc-cni."""
    ci_access: CiAccessProps | None = None
    """Access entries for the delivery roles that plan and apply from CI. Default: none."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_cluster_name)
        require(self, "name", self.name, check_cluster_name_length)


@dataclass(frozen=True, kw_only=True)
class ManagedNodeGroupProps:
    """One EKS managed node group: its settings and its role in the cluster."""

    name: str
    """Short name, e.g. ``general``; the AWS name is ``<cluster>-<name>``."""
    settings: NodeGroupSettings
    """Instance types and size."""
    capacity_type: CapacityType = "ON_DEMAND"
    """``ON_DEMAND`` or ``SPOT``. Default: ON_DEMAND."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Kubernetes node labels. Default: none."""
    taints: Sequence[Taint] = ()
    """Kubernetes taints. Default: none."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_node_group_name)
        require(self, "labels", dict(self.labels), check_labels)
