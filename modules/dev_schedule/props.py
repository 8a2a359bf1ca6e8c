"""Props of the dev schedule: what it stops and starts, and when."""

from __future__ import annotations

from dataclasses import dataclass

from ..shared.settings import require
from ..shared.validation import matching
from .settings import DevScheduleSettings

check_schedule_name = matching(
    r"[a-z][a-z0-9-]{0,39}",
    "expected lowercase letters, digits and hyphens, starting with a letter, at most 40 "
    "characters (schedule names end in -<node group>-start and stay within 64)",
)


@dataclass(frozen=True, kw_only=True)
class ScheduledNodeGroup:
    """An EKS managed node group the schedule scales to zero and back."""

    cluster_name: str
    """Name of the EKS cluster holding the group."""
    name: str
    """Name of the node group (a token is fine)."""
    label: str
    """Static short name of the group in schedule names and construct ids, e.g. ``general``."""
    arn: str
    """ARN of the node group (the role may scale exactly this group)."""
    min_size: int
    """Configured minimum size, restored at the start."""
    desired_size: int
    """Size the group starts with in the morning (the cluster autoscaler takes over)."""
    max_size: int
    """Configured maximum size; kept overnight (the EKS API wants at least 1)."""


@dataclass(frozen=True, kw_only=True)
class DevScheduleProps:
    """The Aurora cluster and node groups one non-production environment stops at night."""

    name: str
    """Prefix of the schedule group, schedules and role, e.g. ``platform-dev``."""
    settings: DevScheduleSettings
    """When to stop and start, in which time zone."""
    aurora_cluster_identifier: str
    """Identifier of the Aurora cluster to stop and start."""
    aurora_cluster_arn: str
    """ARN of that cluster (the role may stop and start exactly this cluster)."""
    node_groups: tuple[ScheduledNodeGroup, ...] = ()
    """Node groups to scale to zero and back."""

    def __post_init__(self) -> None:
        require(self, "name", self.name, check_schedule_name)
