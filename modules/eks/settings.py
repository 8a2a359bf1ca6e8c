"""What a deployment decides about its EKS cluster and node groups (cdktf-free settings)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from ..catalogue import Architecture, UnknownInstanceType, ec2_instance_type
from ..shared.settings import FieldError, Settings
from ..shared.validation import LogRetentionDays, Rule, parse_network
from .calendar import load_calendar, synthesis_date


def _supported_at_review() -> tuple[str, ...]:
    calendar = load_calendar()
    return calendar.in_standard_support(calendar.reviewed)


SUPPORTED_KUBERNETES_VERSIONS: tuple[str, ...] = _supported_at_review()
"""The versions in EKS standard support on the day the calendar was last reviewed, oldest
first (``kubernetes_calendar.toml``: 1.34, 1.35 and 1.36 on 2026-11-27). Pins per
Kubernetes version may name only these; a cluster's version must besides be in standard
support on the day of synthesis."""


def check_kubernetes_version(version: str) -> str:
    """A Kubernetes minor of the EKS calendar in standard support on the day of synthesis
    (:func:`.calendar.synthesis_date`). Extended support costs six times the hourly price
    of standard support (Amazon EKS pricing), and EKS upgrades the control plane itself
    when extended support ends."""
    load_calendar().check_standard_support(version, synthesis_date())
    return version


def check_pinned_kubernetes_version(version: str) -> str:
    """A key of pins per Kubernetes version: one of :data:`SUPPORTED_KUBERNETES_VERSIONS`."""
    if version not in SUPPORTED_KUBERNETES_VERSIONS:
        raise ValueError(
            f"expected one of {list(SUPPORTED_KUBERNETES_VERSIONS)} (the versions in EKS "
            f"standard support when the calendar was reviewed, {load_calendar().reviewed}; "
            "modules/eks/kubernetes_calendar.toml)"
        )
    return version


KubernetesVersion = Annotated[
    str,
    AfterValidator(check_kubernetes_version),
    Rule("a Kubernetes minor in EKS standard support on the day of synthesis"),
]
"""A cluster's Kubernetes minor: listed in the EKS support calendar and in standard support
on the day of synthesis (docs/kubernetes-versions.md)."""

PinnedKubernetesVersion = Annotated[
    str,
    AfterValidator(check_pinned_kubernetes_version),
    Rule("one of SUPPORTED_KUBERNETES_VERSIONS"),
]
"""The Kubernetes minor a set of pins is made for."""

CONTROL_PLANE_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
"""Every EKS control-plane log type; all are always enabled."""

CORE_ADDONS = ("vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver")
"""Managed add-ons every cluster gets; their versions may be pinned in the settings."""

POD_IDENTITY_AGENT = "eks-pod-identity-agent"
"""AWS add-on: the node DaemonSet that hands Pod Identity credentials to pods (Amazon EKS
User Guide, "Set up the Amazon EKS Pod Identity Agent"). The cluster installs it with the
core add-ons when ``workload_identity`` is ``pod_identity``."""

AMI_TYPES: dict[Architecture, str] = {
    "x86_64": "AL2023_x86_64_STANDARD",
    "arm64": "AL2023_ARM_64_STANDARD",
}
"""EKS-optimized Amazon Linux 2023 AMI type of each architecture (EKS API, Nodegroup
``amiType``). AL2 AMIs reached end of support on 2025-11-26."""

MAX_NODES_PER_GROUP = 450
"""Amazon EKS service quota "Nodes per managed node group"."""

EBS_VOLUME_ATTACH_LIMIT = 12
"""EBS volumes the CSI driver reports as attachable per node unless configured otherwise.

Without IMDS (hop limit 1; the node DaemonSet is not on the host network) the driver reads
the node's instance type from Kubernetes and assumes one network interface and one EBS
volume (the root) are attached (aws-ebs-csi-driver docs/install.md, "Kubernetes
Metadata"). On Nitro instances with a shared limit, network interfaces take attachment
slots too (Amazon EC2 User Guide, "Amazon EBS volume limits for Amazon EC2 instances"):
the driver's shared default is 27 slots plus the primary interface (aws-ebs-csi-driver
``pkg/cloud/limits/volume_limits.go``), and the VPC CNI may attach up to 15 interfaces on
the largest sizes (m5.24xlarge: 15; Amazon EC2 User Guide, "Maximum IP addresses per
network interface"). 27 - 1 root volume - 14 extra interfaces = 12 fits every shared-limit
type of the catalogue. Every instance family of the catalogue has at least 27 slots in the
driver's table (reviewed 2026-11-27), and dedicated-limit types (Gen7 and later) do not
count interfaces, so 12 is conservative there."""

MAX_EBS_VOLUME_ATTACH_LIMIT = 128
"""The largest per-instance EBS attachment limit in the driver's table (dedicated-limit
types; aws-ebs-csi-driver ``pkg/cloud/limits/volume_limits_table.go``)."""

MAX_PUBLIC_ACCESS_CIDRS = 40
"""Amazon EKS service quota "Public endpoint access CIDR ranges per cluster"."""

WorkloadIdentityMode = Literal["pod_identity", "irsa"]
"""How the cluster's service accounts receive IAM roles: EKS Pod Identity (an association
per service account, handed out by the ``eks-pod-identity-agent`` add-on) or IRSA (a role
trusting the cluster's OIDC provider, named in the service account's
``eks.amazonaws.com/role-arn`` annotation)."""

TaintEffect = Literal["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]
CapacityType = Literal["ON_DEMAND", "SPOT"]

_ADDON_VERSION = re.compile(r"^v\d+\.\d+\.\d+-eksbuild\.\d+$")
_IAM_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
_LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_LABEL_PREFIX = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")


def check_label_key(key: str) -> str:
    """A Kubernetes label or taint key: ``[prefix/]name``, name at most 63 characters
    (Kubernetes, "Labels and Selectors", syntax and character set)."""
    prefix, _, name = key.rpartition("/")
    if not _LABEL_NAME.match(name) or (prefix and not _LABEL_PREFIX.match(prefix)):
        raise ValueError(
            f"{key!r} is not a Kubernetes label key ([prefix/]name, name of at most 63 "
            "letters, digits, - _ . starting and ending with a letter or digit)"
        )
    return key


def check_label_value(value: str) -> str:
    """A Kubernetes label value: empty, or at most 63 characters like a label name."""
    if value and not _LABEL_NAME.match(value):
        raise ValueError(f"{value!r} is not a Kubernetes label value (at most 63 characters)")
    return value


LabelKey = Annotated[str, AfterValidator(check_label_key), Rule("a Kubernetes label key")]
LabelValue = Annotated[str, AfterValidator(check_label_value), Rule("a Kubernetes label value")]


class Taint(Settings):
    """A Kubernetes taint put on every node of a group."""

    key: LabelKey
    """Taint key, e.g. ``capacity``."""
    value: LabelValue
    """Taint value, e.g. ``spot``."""
    effect: TaintEffect = "NO_SCHEDULE"
    """What the taint does to pods that do not tolerate it. Default: NO_SCHEDULE."""


class NodeGroupSettings(Settings):
    """Instance types and size of an EKS managed node group (Amazon Linux 2023).

    Every instance type must be in the instance catalogue and all of one architecture:
    the group's AMI type (x86_64 or Graviton arm64) is derived from them.
    """

    instance_types: tuple[str, ...] = Field(min_length=1, max_length=20)
    """EC2 instance types, e.g. ``("m5.large",)``; several diversify spot capacity."""
    min_size: int = Field(default=2, ge=0, le=MAX_NODES_PER_GROUP)
    """Minimum node count. Default: 2."""
    desired_size: int = Field(default=3, ge=0, le=MAX_NODES_PER_GROUP)
    """Node count at creation; afterwards the cluster autoscaler owns it. Default: 3."""
    max_size: int = Field(default=6, ge=1, le=MAX_NODES_PER_GROUP)
    """Maximum node count, at most 450 (EKS quota). Default: 6."""
    disk_size_gib: int = Field(default=50, ge=20, le=16384)
    """Root volume size (gp3, encrypted), 20 to 16,384 GiB. Default: 50."""
    max_unavailable: int = Field(default=1, ge=1, le=100)
    """Nodes replaced at a time during an update, so capacity stays. Default: 1."""

    @field_validator("instance_types")
    @classmethod
    def _known_types_of_one_architecture(cls, types: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(types)) != len(types):
            raise ValueError("expected distinct instance types, got a duplicate")
        architectures: dict[str, list[str]] = {}
        for instance_type in types:
            try:
                described = ec2_instance_type(instance_type)
            except UnknownInstanceType as error:
                raise ValueError(str(error)) from None
            architectures.setdefault(described.architecture, []).append(instance_type)
        if len(architectures) > 1:
            raise ValueError(
                f"mixes architectures {architectures}; one node group runs one AMI type, "
                "so put x86_64 and arm64 (Graviton) types in separate groups"
            )
        return types

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min_size <= self.desired_size <= self.max_size:
            raise FieldError(
                "desired_size",
                self.desired_size,
                f"expected min_size ({self.min_size}) <= desired_size <= max_size "
                f"({self.max_size})",
            )
        return self

    @property
    def architecture(self) -> Architecture:
        """CPU architecture of every instance type of the group."""
        return ec2_instance_type(self.instance_types[0]).architecture

    @property
    def ami_type(self) -> str:
        """The EKS AMI type matching :attr:`architecture`."""
        return AMI_TYPES[self.architecture]


class SpotNodeGroupSettings(NodeGroupSettings):
    """The optional spot node group for interruption-tolerant workloads.

    Its nodes are tainted ``capacity=spot:NoSchedule``: only pods that tolerate the taint
    land there.
    """

    min_size: int = Field(default=0, ge=0, le=MAX_NODES_PER_GROUP)
    """Minimum node count; spot capacity may scale to zero. Default: 0."""
    desired_size: int = Field(default=0, ge=0, le=MAX_NODES_PER_GROUP)
    """Node count at creation. Default: 0: a tainted node idles until a pod tolerates the
    taint, and the cluster autoscaler scales the group up from zero when one is pending
    (guardrail EKS-01 refuses a tainted group that starts with nodes)."""


def check_addon_versions(versions: dict[str, str], known: tuple[str, ...]) -> dict[str, str]:
    """Pinned EKS add-on versions: every name one of ``known``, every version of the form
    ``v1.19.2-eksbuild.1`` (EKS API, ``addonVersion``)."""
    unknown = sorted(set(versions) - set(known))
    if unknown:
        raise ValueError(f"unknown add-ons {unknown}; expected some of {list(known)}")
    bad = [
        FieldError(
            f"[{name!r}]", version, "expected an EKS add-on version such as v1.19.2-eksbuild.1"
        )
        for name, version in versions.items()
        if not _ADDON_VERSION.fullmatch(version)
    ]
    if bad:
        raise FieldError.combine(bad)
    return versions


def check_core_addon_pins(pins: dict[str, str]) -> dict[str, str]:
    """Pins of the cluster's own add-ons: :data:`CORE_ADDONS` and the Pod Identity agent."""
    return check_addon_versions(pins, (*CORE_ADDONS, POD_IDENTITY_AGENT))


CoreAddonPins = Annotated[
    dict[str, str],
    AfterValidator(check_core_addon_pins),
    Rule("core add-on names mapped to EKS add-on versions"),
]
"""The core add-on pins of one Kubernetes version."""


def check_public_access_cidr(cidr: str) -> str:
    """A CIDR that may reach a public API endpoint: at least /8, never the internet."""
    network = parse_network(cidr)
    if network.prefixlen < 8:
        raise ValueError(f"{cidr} is too wide for an API endpoint allow-list (at least /8)")
    return str(network)


def check_role_name(name: str) -> str:
    """An IAM role name (not an ARN): 1-64 characters of ``\\w+=,.@-``."""
    if not _IAM_ROLE_NAME.match(name) or name.startswith("arn:"):
        raise ValueError(f"{name!r}: expected an IAM role name (not an ARN)")
    return name


PublicAccessCidr = Annotated[
    str, AfterValidator(check_public_access_cidr), Rule("IPv4 CIDR, /8 or narrower")
]
RoleName = Annotated[str, AfterValidator(check_role_name), Rule("an IAM role name")]


class EksSettings(Settings):
    """The EKS control plane, its add-ons and its managed node groups."""

    kubernetes_version: KubernetesVersion = "1.35"
    """Kubernetes minor version: listed in the EKS support calendar and in standard support
    on the day of synthesis (synthesis fails from the end-of-standard-support date on, and
    warns from 60 days before it; docs/kubernetes-versions.md). Default: 1.35."""
    nodes: NodeGroupSettings
    """The general-purpose on-demand node group (label ``platform/capacity=on-demand``)."""
    spot_nodes: SpotNodeGroupSettings | None = None
    """An optional spot node group (label ``platform/capacity=spot``, tainted). Default:
    none."""
    public_access_cidrs: tuple[PublicAccessCidr, ...] = Field(
        default=(), max_length=MAX_PUBLIC_ACCESS_CIDRS
    )
    """CIDRs allowed to reach a public API endpoint. Default: none, so the endpoint is
    private only (reached over VPN, Direct Connect or a bastion)."""
    admin_role_names: tuple[RoleName, ...] = ()
    """IAM roles of the cluster's account that get cluster-admin through access entries.
    Default: none; the creator of the cluster gets no implicit admin rights."""
    control_plane_log_retention_days: LogRetentionDays = 365
    """Retention of the control-plane log group, in days. Default: 365."""
    addon_versions: dict[PinnedKubernetesVersion, CoreAddonPins] = Field(default_factory=dict)
    """Pinned add-on versions (``v1.19.2-eksbuild.1``) per Kubernetes version, e.g.
    ``{"1.35": {"coredns": "v1.12.4-eksbuild.1"}}``: only the pins of
    ``kubernetes_version`` apply, so an upgrade never carries a pin made for the previous
    version. The flat shape of earlier releases (``{"coredns": "v1.12.4-eksbuild.1"}``)
    is read as the pins of the configured ``kubernetes_version``.
    An add-on without a pin gets the version EKS recommends for ``kubernetes_version``.
    Default: none pinned."""
    node_groups_per_az: bool = False
    """One managed node group per AZ (private subnet) for each group (``general``,
    ``spot``), instead of one group spanning every AZ. A pending pod whose EBS volume lives
    in one AZ can only run there; only a group scoped to that AZ lets the cluster autoscaler
    add a node where the volume is (Amazon EKS User Guide, "Cluster Autoscaler": "configure
    multiple node groups, scope each group to a single Availability Zone, and enable the
    --balance-similar-node-groups feature"). A group's ``min_size``, ``desired_size`` and
    ``max_size`` are then totals, split over the AZs rounding up. Turning this on replaces
    the spanning groups (new node groups are created, the old ones destroyed). Default:
    false."""
    ebs_volume_attach_limit: int = Field(
        default=EBS_VOLUME_ATTACH_LIMIT, ge=1, le=MAX_EBS_VOLUME_ATTACH_LIMIT
    )
    """EBS volumes the EBS CSI driver lets the scheduler attach to one node (the add-on's
    ``node.volumeAttachLimit``), 1 to 128. The driver cannot read IMDS at hop limit 1, so it
    cannot count the node's network interfaces and would over-report on instances whose
    interfaces share attachment slots. Default: 12 (see :data:`EBS_VOLUME_ATTACH_LIMIT`);
    raise it for node groups of known instance types."""

    workload_identity: WorkloadIdentityMode = "pod_identity"
    """How every in-cluster component that calls AWS gets its IAM role: the VPC CNI, the
    EBS CSI driver, the CloudWatch add-on, the AWS Load Balancer Controller, the node
    autoscaler and the services. ``pod_identity`` (AWS's recommendation: no OIDC trust per
    role, session tags naming cluster, namespace and service account) installs the
    ``eks-pod-identity-agent`` add-on with the cluster, before the nodes, because the VPC
    CNI needs credentials before a node can become Ready. ``irsa`` trusts the cluster's
    OIDC provider instead (for Regions or tooling without Pod Identity). Switching an
    existing cluster changes every role's trust policy in place (docs/workload-identity.md).
    Default: pod_identity."""

    @field_validator("addon_versions", mode="before")
    @classmethod
    def _flat_pins(cls, versions: object, info: ValidationInfo) -> object:
        # The flat shape of earlier releases ({"coredns": "v1.12.4-eksbuild.1"}) pins the
        # add-ons of the configured version: file it under that version, where an
        # upgrade leaves it behind instead of carrying it to the next version.
        flat = isinstance(versions, dict) and any(isinstance(v, str) for v in versions.values())
        if not flat:
            return versions
        if "kubernetes_version" in info.data:
            return {info.data["kubernetes_version"]: versions}
        # The version itself is invalid (reported on its own line): check the pins alone.
        check_core_addon_pins(versions)  # type: ignore[arg-type]
        return {}

    @property
    def pinned_addon_versions(self) -> dict[str, str]:
        """The core add-on pins of ``kubernetes_version`` (may be empty)."""
        return dict(self.addon_versions.get(self.kubernetes_version, {}))

    @property
    def public_endpoint(self) -> bool:
        """Whether the API server has a (CIDR-restricted) public endpoint."""
        return bool(self.public_access_cidrs)


STANDARD_SUPPORT_ENDS: Mapping[str, date] = MappingProxyType(
    {v: r.standard_support_ends for v, r in load_calendar().releases.items()}
)
"""First day out of standard support per Kubernetes version on EKS, from the calendar
(``kubernetes_calendar.toml``; kept for callers of the old constant)."""


def cluster_autoscaler_problems(eks: EksSettings, *, karpenter: bool) -> list[FieldError]:
    """What keeps the cluster autoscaler (the node autoscaler unless ``karpenter``) from
    running on ``eks.kubernetes_version``: a minor without a released chart of the same
    minor in the calendar."""
    if karpenter:
        return []
    try:
        load_calendar().cluster_autoscaler_chart(eks.kubernetes_version)
    except ValueError as error:
        return [FieldError("eks.kubernetes_version", eks.kubernetes_version, str(error))]
    return []
