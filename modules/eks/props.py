"""Props of the EKS module."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from cdktf import Token

CONTROL_PLANE_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
"""Every EKS control-plane log type; all are always enabled."""

CORE_ADDONS = ("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver")
"""Managed add-ons every cluster gets."""

CapacityType = Literal["ON_DEMAND", "SPOT"]
TaintEffect = Literal["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]


@dataclass(frozen=True, kw_only=True)
class Taint:
    """A Kubernetes taint put on every node of a group."""

    key: str
    value: str
    effect: TaintEffect = "NO_SCHEDULE"


@dataclass(frozen=True, kw_only=True)
class NodeGroupProps:
    """One EKS managed node group (Amazon Linux 2023, spread over the given subnets)."""

    name: str
    """Short name, e.g. ``general``; the AWS name is ``<cluster>-<name>``."""
    instance_types: Sequence[str]
    """EC2 instance types; several diversify spot capacity."""
    capacity_type: CapacityType = "ON_DEMAND"
    """``ON_DEMAND`` or ``SPOT``. Default: ON_DEMAND."""
    min_size: int = 2
    """Minimum node count. Default: 2."""
    desired_size: int = 3
    """Node count at creation; afterwards the cluster autoscaler owns it. Default: 3."""
    max_size: int = 6
    """Maximum node count. Default: 6."""
    disk_size_gib: int = 50
    """Root volume size (gp3, encrypted). Default: 50 GiB."""
    max_unavailable: int = 1
    """Nodes replaced at a time during an update, so capacity stays. Default: 1."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Kubernetes node labels. Default: none."""
    taints: Sequence[Taint] = ()
    """Kubernetes taints. Default: none."""

    def __post_init__(self) -> None:
        if not self.instance_types:
            raise ValueError(f"node group {self.name!r}: instance_types must not be empty")
        if not 0 <= self.min_size <= self.desired_size <= self.max_size:
            raise ValueError(
                f"node group {self.name!r}: expected 0 <= min_size ({self.min_size}) <= "
                f"desired_size ({self.desired_size}) <= max_size ({self.max_size})"
            )
        if not 20 <= self.disk_size_gib <= 16384:
            raise ValueError(f"node group {self.name!r}: disk_size_gib = {self.disk_size_gib}")
        if self.max_unavailable < 1:
            raise ValueError(f"node group {self.name!r}: max_unavailable must be >= 1")


@dataclass(frozen=True, kw_only=True)
class EksClusterProps:
    """An EKS cluster with private networking, encrypted secrets and managed node groups."""

    name: str
    """Cluster name; the VPC subnets carry ``kubernetes.io/cluster/<name>``."""
    kubernetes_version: str
    """Kubernetes minor version, e.g. ``1.35``."""
    vpc_id: str
    """VPC of the cluster."""
    subnet_ids: Sequence[str]
    """Private subnets (one per AZ) for the control-plane ENIs and the nodes."""
    node_groups: Sequence[NodeGroupProps]
    """Managed node groups; at least one."""
    public_access_cidrs: Sequence[str] = ()
    """CIDRs allowed to reach a public API endpoint. Default: none, so the endpoint is
    private only. Never 0.0.0.0/0."""
    admin_role_arns: Sequence[str] = ()
    """IAM roles granted cluster-admin through access entries. Default: none. The
    creator of the cluster gets no implicit admin rights."""
    log_retention_days: int = 365
    """Retention of the control-plane log group, in days. Default: 365."""
    addon_versions: Mapping[str, str] = field(default_factory=dict)
    """Pinned add-on versions by name; an add-on left out gets the default version EKS
    recommends for ``kubernetes_version``. Default: all EKS defaults."""
    install_addons: bool = True
    """Install the managed add-ons. Default: true. Only a target that cannot serve them
    (a local emulator) turns this off; a real cluster has no working pod network
    without vpc-cni."""

    def __post_init__(self) -> None:
        if not self.node_groups:
            raise ValueError(f"cluster {self.name!r}: at least one node group is required")
        names = [group.name for group in self.node_groups]
        if len(set(names)) != len(names):
            raise ValueError(f"cluster {self.name!r}: duplicate node group names {names}")
        for cidr in self.public_access_cidrs:
            if Token.is_unresolved(cidr):
                continue
            network = ipaddress.ip_network(cidr, strict=True)
            if network.prefixlen == 0:
                raise ValueError(
                    f"public_access_cidrs = {list(self.public_access_cidrs)}: "
                    "0.0.0.0/0 would open the API endpoint to the internet"
                )
        unknown = sorted(set(self.addon_versions) - set(CORE_ADDONS))
        if unknown:
            raise ValueError(f"addon_versions: unknown add-ons {unknown}; known {CORE_ADDONS}")

    @property
    def public_endpoint(self) -> bool:
        """Whether the API server has a (CIDR-restricted) public endpoint."""
        return bool(self.public_access_cidrs)
