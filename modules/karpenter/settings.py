"""What a deployment decides about Karpenter (cdktf-free settings).

Upstream facts used here are from aws/karpenter-provider-aws at v1.14.1 (commit
1d927085dd81a9df9301e613f371dac5b4d16bfe): the compatibility matrix
(``website/content/en/docs/upgrading/compatibility.md``), the NodePool and EC2NodeClass
references (``website/content/en/docs/concepts/nodepools.md``, ``nodeclasses.md``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal, Self

from pydantic import Field, field_validator, model_validator

from ..catalogue import Architecture, known_ec2_families
from ..shared.settings import FieldError, Settings

if TYPE_CHECKING:
    from platform_cdktf.environments.config import EnvironmentConfig

KARPENTER_VERSION = "1.14.1"
"""The Karpenter release the platform pins (charts ``karpenter`` and ``karpenter-crd``
1.14.1, controller image 1.14.1; newest release when reviewed on 2026-11-27)."""

KARPENTER_KUBERNETES_VERSIONS: tuple[str, ...] = (
    "1.30",
    "1.31",
    "1.32",
    "1.33",
    "1.34",
    "1.35",
    "1.36",
)
"""Kubernetes minor versions Karpenter :data:`KARPENTER_VERSION` supports: the columns of
the compatibility matrix whose minimum Karpenter release is at most 1.14 (1.30: >= 0.37,
1.34: >= 1.6, 1.35: >= 1.9, 1.36: >= 1.13; karpenter.sh "Compatibility", "Compatibility
Matrix", v1.14.1). A Kubernetes version outside it is refused until the pin moves."""

AmiFamily = Literal["al2023", "bottlerocket"]
"""EKS-optimized AMI families of an EC2NodeClass ``alias`` (``family@version``;
karpenter.sh "NodeClasses", ``spec.amiSelectorTerms``)."""

CapacityType = Literal["spot", "on-demand"]
"""Values of the ``karpenter.sh/capacity-type`` requirement Karpenter launches from
(karpenter.sh "NodePools", ``spec.template.spec.requirements``)."""

KUBERNETES_ARCHITECTURES: dict[Architecture, str] = {"x86_64": "amd64", "arm64": "arm64"}
"""The ``kubernetes.io/arch`` label value of each EC2 architecture of the catalogue."""

LATEST = "latest"
"""The AMI version that follows each new release (``al2023@latest``)."""

_AMI_VERSIONS = {
    # AL2023 EKS AMI releases are dated, e.g. al2023@v20240807; Bottlerocket releases are
    # semantic, e.g. bottlerocket@v1.20.4 (karpenter.sh "NodeClasses", alias examples).
    "al2023": re.compile(r"^v\d{8}$"),
    "bottlerocket": re.compile(r"^v\d+\.\d+\.\d+$"),
}
_DURATION = re.compile(r"^(\d+h)?(\d+m)?(\d+s)?$")
_CATEGORY = re.compile(r"^[a-z]+")


def catalogue_categories() -> tuple[str, ...]:
    """Instance categories of the instance catalogue's EC2 families (``m`` of ``m7i``):
    the categories the platform has vetted, and the ones a NodePool may name."""
    categories = set()
    for family in known_ec2_families():
        if found := _CATEGORY.match(family):
            categories.add(found.group(0))
    return tuple(sorted(categories))


def _check_duration(value: str, *, allow_never: bool) -> str:
    if allow_never and value == "Never":
        return value
    if not value or not _DURATION.fullmatch(value):
        never = " or Never" if allow_never else ""
        raise ValueError(f"expected a duration such as 30s, 5m or 720h{never}, got {value!r}")
    return value


def _distinct(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise ValueError(f"expected distinct values, got {list(values)}")
    return values


class KarpenterSettings(Settings):
    """Karpenter instead of the cluster autoscaler.

    The controller runs on the ``general`` managed node group (the system group); every
    other node comes from one NodePool ``default`` of one EC2NodeClass ``default``, built
    from these fields.
    """

    ami_family: AmiFamily = "al2023"
    """Node operating system: ``al2023`` (Amazon Linux 2023) or ``bottlerocket``.
    Default: al2023, like the managed node groups."""
    ami_version: str = LATEST
    """EKS-optimized AMI release of the alias: ``vYYYYMMDD`` for al2023 (e.g.
    ``v20240807``), ``vX.Y.Z`` for bottlerocket, or ``latest``. With ``latest`` Karpenter
    replaces nodes (drift) whenever AWS publishes an AMI, untested; upstream "strongly
    recommends" a pin in production, so a production environment must pin. Default:
    latest."""
    capacity_types: tuple[CapacityType, ...] = Field(default=("spot", "on-demand"), min_length=1)
    """Capacity types the NodePool may launch; with both, Karpenter launches spot and falls
    back to on-demand when no spot capacity is offered. Default: spot and on-demand."""
    architectures: tuple[Architecture, ...] = Field(default=("x86_64",), min_length=1)
    """CPU architectures of the nodes, as the instance catalogue spells them (``x86_64``,
    ``arm64`` for Graviton). Images must exist for each. Default: x86_64."""
    instance_categories: tuple[str, ...] = Field(default=("c", "m", "r"), min_length=1)
    """EC2 instance categories (``karpenter.k8s.aws/instance-category``: the letters before
    the generation, e.g. ``m`` of m7i), each one of the instance catalogue's (c, m, r, t).
    Default: c, m, r (upstream's example)."""
    min_instance_generation: int = Field(default=5, ge=1, le=20)
    """Oldest instance generation allowed (``karpenter.k8s.aws/instance-generation``), so
    no previous-generation types are launched. Default: 5."""
    cpu_limit: int = Field(default=100, gt=0, le=100_000)
    """Most vCPUs the NodePool's nodes may have in total (``spec.limits.cpu``): a runaway
    deployment stops here instead of at the bill. Default: 100."""
    memory_limit_gib: int = Field(default=400, gt=0, le=400_000)
    """Most memory the NodePool's nodes may have in total, in GiB (``spec.limits.memory``).
    Default: 400."""
    consolidate_after: str = "1m"
    """How long a node stays empty or underutilized before Karpenter consolidates it
    (``spec.disruption.consolidateAfter``; policy WhenEmptyOrUnderutilized). Default: 1m."""
    expire_after: str = "720h"
    """Age at which a node is replaced (``spec.template.spec.expireAfter``), so nodes pick
    up new AMIs and never run for months; ``Never`` to keep them. Default: 720h (30 days,
    upstream's example)."""
    root_volume_gib: int = Field(default=50, ge=20, le=16384)
    """Size of the encrypted gp3 volume holding images and pods (al2023: the root volume;
    bottlerocket: the data volume). Default: 50, like the managed node groups."""
    controller_replicas: int = Field(default=2, ge=2, le=10)
    """Controller replicas (one leads, the others stand by), on different nodes of the
    ``general`` group; its PodDisruptionBudget allows one unavailable. Default: 2."""

    @field_validator("capacity_types", "architectures")
    @classmethod
    def _no_duplicates(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _distinct(values)

    @field_validator("instance_categories")
    @classmethod
    def _categories(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        known = catalogue_categories()
        bad = [value for value in values if value not in known]
        if bad:
            raise ValueError(
                f"{bad} are not instance categories of the instance catalogue; expected "
                f"some of {list(known)}"
            )
        return _distinct(values)

    @field_validator("consolidate_after")
    @classmethod
    def _consolidate_after(cls, value: str) -> str:
        return _check_duration(value, allow_never=False)

    @field_validator("expire_after")
    @classmethod
    def _expire_after(cls, value: str) -> str:
        return _check_duration(value, allow_never=True)

    @model_validator(mode="after")
    def _ami_version_of_family(self) -> Self:
        if self.ami_version != LATEST and not _AMI_VERSIONS[self.ami_family].fullmatch(
            self.ami_version
        ):
            example = "v20240807" if self.ami_family == "al2023" else "v1.20.4"
            raise FieldError(
                "ami_version",
                self.ami_version,
                f"expected {LATEST} or an AMI release of {self.ami_family} such as {example}",
            )
        return self

    @property
    def ami_alias(self) -> str:
        """The EC2NodeClass ``amiSelectorTerms`` alias, e.g. ``al2023@v20240807``."""
        return f"{self.ami_family}@{self.ami_version}"

    @property
    def kubernetes_architectures(self) -> list[str]:
        """``kubernetes.io/arch`` values of :attr:`architectures`."""
        return [KUBERNETES_ARCHITECTURES[arch] for arch in self.architectures]


def check_kubernetes_version(version: str) -> str | None:
    """Why ``version`` cannot run Karpenter :data:`KARPENTER_VERSION`, or ``None``."""
    if version in KARPENTER_KUBERNETES_VERSIONS:
        return None
    return (
        f"expected a Kubernetes version Karpenter {KARPENTER_VERSION} supports "
        f"({', '.join(KARPENTER_KUBERNETES_VERSIONS)}; karpenter.sh compatibility matrix); "
        "move the Karpenter pin first"
    )


def karpenter_problems(config: EnvironmentConfig) -> list[FieldError]:
    """What in an environment contradicts its Karpenter settings (empty without them)."""
    settings = config.karpenter
    if settings is None:
        return []
    problems = []
    version = config.eks.kubernetes_version
    if (why := check_kubernetes_version(version)) is not None:
        problems.append(FieldError("eks.kubernetes_version", version, why))
    if config.eks.spot_nodes is not None:
        problems.append(
            FieldError(
                "eks.spot_nodes",
                "set",
                "expected no spot node group with karpenter: its NodePool launches spot "
                "nodes (capacity_types); a managed spot group beside it would be scaled by "
                "nobody",
            )
        )
    if config.dev_schedule is not None:
        problems.append(
            FieldError(
                "dev_schedule",
                "set",
                "expected no dev_schedule with karpenter: the schedule scales the managed "
                "node groups to zero at night, but Karpenter's nodes are in no node group "
                "and would keep running (and, with its controller's group at zero, nothing "
                "would remove them); unset one of them",
            )
        )
    nodes = config.eks.nodes
    if nodes.min_size < settings.controller_replicas:
        problems.append(
            FieldError(
                "eks.nodes.min_size",
                nodes.min_size,
                f"expected at least karpenter.controller_replicas "
                f"({settings.controller_replicas}): each controller replica needs its own "
                "node of the general group (the chart's pod anti-affinity)",
            )
        )
    if config.production and settings.ami_version == LATEST:
        problems.append(
            FieldError(
                "karpenter.ami_version",
                LATEST,
                "expected a pinned AMI release in production (e.g. v20240807 for al2023): "
                "with latest, every AMI AWS publishes replaces the nodes untested",
            )
        )
    return problems
