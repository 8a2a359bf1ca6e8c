"""The data model of a plan review: actions, stateful types, planned changes, verdict.

Pure data and classification, no I/O and no plan JSON: ``parsing`` builds these objects
from ``terraform show -json`` output and ``rendering`` turns a ``Review`` into Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from types import MappingProxyType
from typing import Final

EXIT_OK: Final = 0
"""Nothing dangerous is planned (or every destructive change is allowed)."""
EXIT_ERROR: Final = 1
"""The input could not be read or is not a Terraform plan."""
EXIT_DESTRUCTIVE: Final = 2
"""A stateful resource would be destroyed or replaced and its address is not allowed."""

STATEFUL_RESOURCE_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "aws_s3_bucket": "the objects in the bucket (Terraform state included) are lost",
        "aws_dynamodb_table": "the items are lost; a state lock table stops every deploy",
        "aws_kms_key": "data encrypted with the key becomes unreadable once deletion completes",
        "aws_rds_cluster": "the Aurora cluster volume and its automated backups are lost",
        "aws_rds_cluster_instance": "connections drop and the instance's role changes",
        "aws_elasticache_replication_group": "cached data and sessions are lost",
        "aws_eks_cluster": "every workload and in-cluster object is lost",
        "aws_eks_node_group": "every pod on the group is evicted with its local storage",
    }
)
"""Resource types whose destruction loses data or running workloads, with the reason.

This is the one list the review checks: a ``delete`` or a replacement of one of these
types fails the review (exit 2) unless its address is allowed with ``--allow-destroy``.
"""

CONSTRUCT_ROOTS: Final[tuple[str, ...]] = (
    "account_context",
    "alarms",
    "alb_controller",
    "aurora",
    "cluster_autoscaler",
    "eks",
    "github_oidc",
    "redis",
    "state_backend",
    "vpc",
)
"""Top-level construct ids of the stacks in ``stacks/``, used to group resources.

cdktf names a resource after its construct path joined with ``_``, so the path cannot be
split back on ``_`` (``state_backend_bucket`` is ``state_backend``/``bucket``). Known roots
are matched first, longest first; an unknown name falls back to its first ``_`` segment.
"""

STACK_ROOT_GROUP: Final = "(stack)"
"""Group of resources declared directly in a stack (their names carry no cdktf hash)."""

# cdktf appends an 8-hex-digit hash of the construct path to every nested resource name.
_CDKTF_NAME = re.compile(r"^(?P<path>.+)_[0-9A-F]{8}$")
# Suffixes of plan file names that say nothing about the stack.
_PLAN_SUFFIXES: Final = (".json", ".plan", ".tfplan")
_GENERIC_PLAN_STEMS: Final = frozenset({"plan", "tfplan", "terraform", "show"})


class PlanError(ValueError):
    """The input is not a usable Terraform plan; one line, without the file name."""


class Action(StrEnum):
    """What Terraform will do to one resource instance."""

    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    FORGET = "forget"
    READ = "read"
    NO_OP = "no-op"


COUNTED_ACTIONS: Final[tuple[Action, ...]] = (
    Action.CREATE,
    Action.UPDATE,
    Action.REPLACE,
    Action.DELETE,
)
"""Actions counted in the summary table, in display order (no-op and read are not)."""

DESTRUCTIVE_ACTIONS: Final = frozenset({Action.DELETE, Action.REPLACE})
"""Actions that destroy the existing object (a replacement destroys it in either order)."""

# Terraform's JSON action lists; create-before-destroy replacements list create first.
_ACTIONS: Final[Mapping[tuple[str, ...], Action]] = MappingProxyType(
    {
        ("create",): Action.CREATE,
        ("update",): Action.UPDATE,
        ("delete",): Action.DELETE,
        ("delete", "create"): Action.REPLACE,
        ("create", "delete"): Action.REPLACE,
        ("forget",): Action.FORGET,
        ("read",): Action.READ,
        ("no-op",): Action.NO_OP,
    }
)

LISTING_ORDER: Final = (
    Action.REPLACE,
    Action.DELETE,
    Action.FORGET,
    Action.UPDATE,
    Action.CREATE,
)
"""Listing order inside a group: what destroys first, then what changes, then what adds.

No-op and read are left out of the listing (``StackPlan.listed_changes``).
"""


def classify_actions(actions: Sequence[str]) -> Action:
    """The ``Action`` for Terraform's JSON ``change.actions`` list.

    An unknown combination raises ``PlanError`` rather than passing silently: a newer
    Terraform could add an action that destroys something.
    """
    try:
        return _ACTIONS[tuple(actions)]
    except KeyError:
        raise PlanError(f"unsupported change actions {list(actions)!r}") from None


def construct_group(name: str, module_address: str | None = None) -> str:
    """The module a resource belongs to, for grouping the listing.

    Resources inside a Terraform module group by the module address; cdktf resources by
    the root of their construct path (``vpc_subnet_public_us-east-1a_1A2B3C4D`` -> ``vpc``).
    """
    if module_address:
        return module_address
    match = _CDKTF_NAME.match(name)
    if match is None:
        return STACK_ROOT_GROUP
    path = match["path"]
    for root in sorted(CONSTRUCT_ROOTS, key=len, reverse=True):
        if path == root or path.startswith(f"{root}_"):
            return root
    return path.split("_", 1)[0]


def stack_name_for(path: PurePath) -> str:
    """The stack a plan file belongs to, from its name or else its directory.

    ``cdktf.out/stacks/prod-core/plan.json`` -> ``prod-core`` (a generic file name defers
    to the directory); ``prod-core.plan.json`` -> ``prod-core``.
    """
    stem = path.name
    while stem.endswith(_PLAN_SUFFIXES):
        stem = stem[: stem.rindex(".")]
    if stem and stem.lower() not in _GENERIC_PLAN_STEMS:
        return stem
    return path.parent.name or stem or path.name


@dataclass(frozen=True)
class AttributeChange:
    """One changed attribute of an updated or replaced resource, safe to print.

    ``before`` and ``after`` are already rendered: sensitive values are ``(sensitive)``
    and values computed during apply are ``(known after apply)``.
    """

    path: str
    """Attribute path, e.g. ``tags.team`` or ``ingress[0].cidr_blocks[1]``."""
    before: str
    after: str
    forces_replacement: bool = False
    """True when Terraform names this path among the reasons for a replacement."""


@dataclass(frozen=True)
class ResourceChange:
    """The planned change of one resource instance (one entry of ``resource_changes``)."""

    address: str
    resource_type: str
    name: str
    module_address: str | None
    mode: str
    """``managed`` for resources, ``data`` for data sources."""
    action: Action
    group: str
    """Module the resource belongs to (see ``construct_group``)."""
    reason: str | None = None
    """Terraform's ``action_reason``, e.g. ``replace_because_cannot_update``."""
    previous_address: str | None = None
    """The address before a ``moved`` block, when the resource moved."""
    deposed: str | None = None
    """Key of a deposed object (a leftover of a failed create-before-destroy)."""
    attributes: tuple[AttributeChange, ...] = ()
    """Changed attributes, for updates and replacements only."""
    computed_after_replace: int = 0
    """Attributes of a replacement only known after apply, left out of ``attributes``."""

    @property
    def stateful(self) -> bool:
        """True for a managed resource of a type in ``STATEFUL_RESOURCE_TYPES``."""
        return self.mode == "managed" and self.resource_type in STATEFUL_RESOURCE_TYPES

    @property
    def destructive(self) -> bool:
        """True when the existing object is destroyed (deleted or replaced)."""
        return self.action in DESTRUCTIVE_ACTIONS


@dataclass(frozen=True)
class StackPlan:
    """Every planned change of one stack's plan."""

    stack: str
    changes: tuple[ResourceChange, ...]

    def count(self, action: Action) -> int:
        """How many resource instances get ``action``."""
        return sum(1 for change in self.changes if change.action is action)

    def listed_changes(self) -> list[ResourceChange]:
        """The changes worth listing (no-op and read left out), in listing order."""
        return sorted(
            (change for change in self.changes if change.action in LISTING_ORDER),
            key=lambda change: (LISTING_ORDER.index(change.action), change.address),
        )

    def by_group(self) -> dict[str, list[ResourceChange]]:
        """``listed_changes`` by module, modules in name order."""
        groups: dict[str, list[ResourceChange]] = {}
        for change in self.listed_changes():
            groups.setdefault(change.group, []).append(change)
        return dict(sorted(groups.items()))


@dataclass(frozen=True)
class Allowance:
    """One ``--allow-destroy`` value: ``ADDRESS`` (any stack) or ``STACK:ADDRESS``."""

    address: str
    stack: str | None = None

    @classmethod
    def parse(cls, text: str) -> Allowance:
        """Parse ``[STACK:]ADDRESS``; a stack name never contains a dot, an address does."""
        prefix, separator, rest = text.partition(":")
        if separator and prefix and "." not in prefix and "[" not in prefix:
            return cls(address=rest, stack=prefix)
        return cls(address=text)

    def matches(self, stack: str, address: str) -> bool:
        """True when this allowance covers ``address`` in ``stack``."""
        return self.address == address and self.stack in (None, stack)

    def __str__(self) -> str:
        return f"{self.stack}:{self.address}" if self.stack else self.address


@dataclass(frozen=True)
class DestructiveChange:
    """A stateful resource that the plan destroys or replaces."""

    stack: str
    change: ResourceChange
    allowed: bool
    """True when an ``--allow-destroy`` value covers the address."""


@dataclass(frozen=True)
class Review:
    """The plans of one pull request and the destructive changes it is allowed to make."""

    stacks: tuple[StackPlan, ...]
    allowances: tuple[Allowance, ...] = field(default=())

    @property
    def destructive_changes(self) -> tuple[DestructiveChange, ...]:
        """Every deletion or replacement of a stateful resource, allowed or not."""
        return tuple(
            DestructiveChange(
                stack=plan.stack,
                change=change,
                allowed=any(a.matches(plan.stack, change.address) for a in self.allowances),
            )
            for plan in self.stacks
            for change in plan.listed_changes()
            if change.stateful and change.destructive
        )

    @property
    def blocking_changes(self) -> tuple[DestructiveChange, ...]:
        """The destructive changes no allowance covers: these fail the review."""
        return tuple(item for item in self.destructive_changes if not item.allowed)

    @property
    def unused_allowances(self) -> tuple[Allowance, ...]:
        """Allowances that match no destructive change (often a typo in the address)."""
        used = self.destructive_changes
        return tuple(
            allowance
            for allowance in self.allowances
            if not any(allowance.matches(item.stack, item.change.address) for item in used)
        )

    @property
    def exit_code(self) -> int:
        """``EXIT_DESTRUCTIVE`` while a blocking change remains, else ``EXIT_OK``."""
        return EXIT_DESTRUCTIVE if self.blocking_changes else EXIT_OK


# ----------------------------------------------------------------- Markdown values


def code_span(text: str) -> str:
    """``text`` as a Markdown code span that is also safe inside a table cell.

    Here rather than in ``rendering`` because ``parsing`` needs it too: an
    ``AttributeChange`` carries its values already rendered, so that the raw values
    (sensitive ones included) never leave ``parsing``.
    """
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    # GitHub ends a table cell at a bare pipe even inside a code span.
    escaped = text.replace("|", r"\|")
    return f"{fence}{padding}{escaped}{padding}{fence}"
