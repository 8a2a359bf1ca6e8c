"""The data model of a plan review: actions, planned changes, findings, verdict.

Pure data and classification, no I/O and no plan JSON: ``parsing`` builds these objects
from ``terraform show -json`` output and ``rendering`` turns a ``Review`` into Markdown.
What is gated (data-bearing types, protective attributes) is data in ``gates``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import PurePath
from types import MappingProxyType
from typing import Final

from .gates import STATEFUL_RESOURCE_TYPES, ProtectiveAttribute
from .text import code_span, escape_invisible

EXIT_OK: Final = 0
"""Nothing dangerous is planned (or every destructive change is allowed)."""
EXIT_ERROR: Final = 1
"""The input could not be read or is not a Terraform plan, or a stack has no plan."""
EXIT_DESTRUCTIVE: Final = 2
"""A data-bearing resource would be destroyed, replaced or unprotected, and is not allowed."""

CONSTRUCT_ROOTS: Final[tuple[str, ...]] = (
    "account_context",
    "alarms",
    "alb_controller",
    "alert_topics",
    "alerts",
    "audit_trail",
    "aurora",
    "ci_runner",
    "cluster_addons",
    "cluster_autoscaler",
    "compliance",
    "deployer",
    "dev_schedule",
    "eks",
    "github_oidc",
    "karpenter",
    "karpenter_controller",
    "karpenter_node_pools",
    "load_balancer_alarms",
    "operations_alarms",
    "redis",
    "registry",
    "state_backend",
    "threat_detection",
    "vpc",
)
"""Top-level construct ids of the stacks in ``stacks/``, used to group resources.

cdktf names a resource after its construct path joined with ``_``, so the path cannot be
split back on ``_`` (``state_backend_bucket`` is ``state_backend``/``bucket``). Known roots
are matched first, longest first; an unknown name falls back to its first ``_`` segment.
"""

KEYED_CONSTRUCT_ROOTS: Final[tuple[str, ...]] = ("namespace", "service")
"""Roots that repeat once per configured item (``namespace_<name>``, ``service_<name>``):
their group keeps the item's name, a Kubernetes DNS label without ``_``, so the review of
an image-tag bump names the service it deploys."""

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


class Replacement(StrEnum):
    """The order of a replacement, and whether the old object is destroyed or forgotten."""

    DELETE_FIRST = "delete, then create"
    CREATE_FIRST = "create, then delete"
    FORGET_OLD = "create, then forget the old object, left in place unmanaged"
    FORGET_FIRST = "forget the old object, left in place unmanaged, then create"

    @property
    def destroys(self) -> bool:
        """True when the old object is destroyed rather than forgotten."""
        return self in (Replacement.DELETE_FIRST, Replacement.CREATE_FIRST)


COUNTED_ACTIONS: Final[tuple[Action, ...]] = (
    Action.CREATE,
    Action.UPDATE,
    Action.REPLACE,
    Action.DELETE,
)
"""Actions counted in the summary table, in display order (no-op and read are not)."""

# Every action list of Terraform's JSON plan format: "Valid actions values are: ["no-op"]
# ["create"] ["read"] ["update"] ["delete", "create"] ["create", "delete"] ["delete"]
# ["forget"] ["create", "forget"]" (hashicorp/terraform, internal/command/jsonplan/plan.go,
# Change.Actions; website/docs/internals/json-format.mdx lists the ones before forget,
# which Terraform 1.7 added). ["forget", "create"] is plans.ForgetThenCreate, which newer
# Terraform versions know; it is read here so that it is not rejected the day it appears.
_ACTIONS: Final[Mapping[tuple[str, ...], tuple[Action, Replacement | None]]] = MappingProxyType(
    {
        ("create",): (Action.CREATE, None),
        ("update",): (Action.UPDATE, None),
        ("delete",): (Action.DELETE, None),
        ("delete", "create"): (Action.REPLACE, Replacement.DELETE_FIRST),
        ("create", "delete"): (Action.REPLACE, Replacement.CREATE_FIRST),
        ("create", "forget"): (Action.REPLACE, Replacement.FORGET_OLD),
        ("forget", "create"): (Action.REPLACE, Replacement.FORGET_FIRST),
        ("forget",): (Action.FORGET, None),
        ("read",): (Action.READ, None),
        ("no-op",): (Action.NO_OP, None),
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


def classify(actions: Sequence[object]) -> tuple[Action, Replacement | None]:
    """The ``Action`` (and ``Replacement``) of Terraform's JSON ``change.actions`` list.

    An unknown combination raises ``PlanError`` rather than passing silently: a newer
    Terraform could add an action that destroys something.
    """
    names = tuple(action for action in actions if isinstance(action, str))
    if len(names) == len(actions) and names in _ACTIONS:
        return _ACTIONS[names]
    shown = repr(list(actions))
    if len(shown) > 80:
        shown = f"{shown[:79]}…"
    raise PlanError(f"unsupported change actions {escape_invisible(shown)}")


def classify_actions(actions: Sequence[object]) -> Action:
    """The ``Action`` of Terraform's JSON ``change.actions`` list (see ``classify``)."""
    return classify(actions)[0]


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
    for root in KEYED_CONSTRUCT_ROOTS:
        if path.startswith(f"{root}_"):
            key = path[len(root) + 1 :].split("_", 1)[0]
            return f"{root}_{key}"
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
    """The value before, rendered for Markdown."""
    after: str
    """The value after, rendered for Markdown."""
    forces_replacement: bool = False
    """True when Terraform names this path among the reasons for a replacement."""


@dataclass(frozen=True)
class Disarm:
    """A protective attribute that an update weakens; values rendered like ``AttributeChange``."""

    attribute: ProtectiveAttribute
    """The entry of ``gates.PROTECTIVE_ATTRIBUTES`` that is weakened."""
    before: str
    """The value before, rendered for Markdown."""
    after: str
    """The value after, rendered for Markdown."""


@dataclass(frozen=True)
class ResourceChange:
    """The planned change of one resource instance (one entry of ``resource_changes``)."""

    address: str
    """Terraform's address of the instance, e.g. ``module.x.aws_s3_bucket.logs["a"]``."""
    resource_type: str
    """The resource type, e.g. ``aws_s3_bucket``."""
    name: str
    """The resource name in its module (for cdktf, the construct path and a hash)."""
    module_address: str | None
    """The module part of the address, e.g. ``module.x``; None in the root module."""
    mode: str
    """``managed`` for resources, ``data`` for data sources."""
    action: Action
    """What Terraform will do to it."""
    group: str
    """Module the resource belongs to (see ``construct_group``)."""
    replacement: Replacement | None = None
    """For ``Action.REPLACE``: the order, and whether the old object is destroyed."""
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
    disarms: tuple[Disarm, ...] = ()
    """For updates: the protective attributes (``gates.PROTECTIVE_ATTRIBUTES``) weakened."""

    @property
    def stateful(self) -> bool:
        """True for a managed resource of a type in ``STATEFUL_RESOURCE_TYPES``."""
        return self.mode == "managed" and self.resource_type in STATEFUL_RESOURCE_TYPES

    @property
    def destructive(self) -> bool:
        """True when the existing object is destroyed (deleted, or replaced and not forgotten)."""
        if self.action is Action.DELETE:
            return True
        return self.action is Action.REPLACE and (
            self.replacement is None or self.replacement.destroys
        )

    @property
    def gated(self) -> bool:
        """True when the review fails on this change unless it is allowed.

        A delete or any replacement of a data-bearing type (a replacement that forgets the
        old object still moves the platform onto a new, empty one), and an update that
        weakens a protective attribute.
        """
        if self.mode != "managed":
            return False
        if self.action in (Action.DELETE, Action.REPLACE):
            return self.stateful
        return self.action is Action.UPDATE and bool(self.disarms)

    @property
    def stakes(self) -> tuple[str, ...]:
        """What is at stake, one line per reason (empty when the change is not gated)."""
        if not self.gated:
            return ()
        if self.action is Action.UPDATE:
            return tuple(
                f"{code_span(item.attribute.dotted_path)} {item.attribute.weakening.value} "
                f"({item.before} → {item.after}): {item.attribute.reason}"
                for item in self.disarms
            )
        if self.replacement is not None and not self.replacement.destroys:
            return (
                "the platform moves to a new, empty object; the old one and its data are "
                "left in place, no longer managed by Terraform",
            )
        return (STATEFUL_RESOURCE_TYPES[self.resource_type],)


@dataclass(frozen=True)
class StackPlan:
    """Every planned change of one stack's plan."""

    stack: str
    """The stack's name (``prod-core``)."""
    changes: tuple[ResourceChange, ...]
    """Every entry of the plan's ``resource_changes``, in the plan's order."""

    def count(self, action: Action) -> int:
        """How many resource instances get ``action``."""
        return sum(1 for change in self.changes if change.action is action)

    def listed_changes(self) -> list[ResourceChange]:
        """The changes worth listing (no-op and read left out), in listing order."""
        return sorted(
            (change for change in self.changes if change.action in LISTING_ORDER),
            key=lambda change: (
                LISTING_ORDER.index(change.action),
                change.address,
                change.deposed or "",
            ),
        )

    def by_group(self) -> dict[str, list[ResourceChange]]:
        """``listed_changes`` by module, modules in name order."""
        groups: dict[str, list[ResourceChange]] = {}
        for change in self.listed_changes():
            groups.setdefault(change.group, []).append(change)
        return dict(sorted(groups.items()))


@dataclass(frozen=True)
class Allowance:
    """One allowance: ``STACK:ADDRESS``, the one gated change it accepts in one stack.

    Always qualified with its stack: the same address names a different resource in every
    environment, and allowing ``aws_rds_cluster.x`` in dev must never allow it in prod.
    """

    stack: str
    """The stack it applies to (``prod-core``)."""
    address: str
    """The resource address it allows, exactly as the review prints it."""

    @classmethod
    def parse(cls, text: str) -> Allowance:
        """Parse ``STACK:ADDRESS``; ``PlanError`` for anything else (a bare address too).

        A stack name never contains a dot or a bracket; a resource address always has a dot.
        """
        stripped = text.strip()
        prefix, separator, rest = stripped.partition(":")
        if (
            not separator
            or not _STACK_NAME.fullmatch(prefix)
            or "." not in rest
            or any(character.isspace() for character in rest)
        ):
            raise PlanError(
                f"allowance {escape_invisible(repr(stripped)[:120])} is not STACK:ADDRESS "
                "(e.g. prod-core:aws_rds_cluster.aurora_cluster_1A2B3C4D); a bare address "
                "would apply in every environment"
            )
        return cls(stack=prefix, address=rest)

    @classmethod
    def parse_file(cls, text: str) -> tuple[Allowance, ...]:
        """The allowances of an allowance file: one ``STACK:ADDRESS`` a line, ``#`` comments.

        A ``#`` starts a comment only at the start of a line or after whitespace: resource
        addresses never contain whitespace, and a ``#`` inside an index key stays intact.
        """
        allowances: list[Allowance] = []
        for number, line in enumerate(text.splitlines(), start=1):
            content = _COMMENT.sub("", line).strip()
            if not content:
                continue
            try:
                allowances.append(cls.parse(content))
            except PlanError as error:
                raise PlanError(f"line {number}: {error}") from None
        return tuple(allowances)

    def matches(self, stack: str, address: str) -> bool:
        """True when this allowance covers ``address`` in ``stack``."""
        return self.address == address and self.stack == stack

    def __str__(self) -> str:
        return f"{self.stack}:{self.address}"


_STACK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# A comment: `#` at the start of a line or after whitespace, to the end of the line.
_COMMENT = re.compile(r"(?:^|\s)#.*$")


@dataclass(frozen=True)
class Finding:
    """A gated change: a data-bearing resource destroyed, replaced or unprotected."""

    stack: str
    """The stack whose plan holds the change."""
    change: ResourceChange
    """The change; ``change.stakes`` says what is at stake."""
    allowed: bool
    """True when an ``--allow-destroy`` value covers the address."""


@dataclass(frozen=True)
class Review:
    """The plans of one pull request and the gated changes it is allowed to make."""

    stacks: tuple[StackPlan, ...]
    """One plan per stack, in the order given."""
    allowances: tuple[Allowance, ...] = field(default=())
    """The ``--allow-destroy`` values."""
    missing: tuple[str, ...] = field(default=())
    """Stacks that have no plan to review (their plan job failed); they fail the review."""

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every gated change, allowed or not, stacks in order, destroys first."""
        return tuple(
            Finding(
                stack=plan.stack,
                change=change,
                allowed=any(a.matches(plan.stack, change.address) for a in self.allowances),
            )
            for plan in self.stacks
            for change in plan.listed_changes()
            if change.gated
        )

    @property
    def blocking_changes(self) -> tuple[Finding, ...]:
        """The findings no allowance covers: these fail the review."""
        return tuple(item for item in self.findings if not item.allowed)

    @property
    def unused_allowances(self) -> tuple[Allowance, ...]:
        """Stale allowances: those of a reviewed stack that match no finding.

        A typo, or a change already applied whose line was left in the allowance file.
        Allowances of stacks not under review are not judged: one job reviews one stack,
        and the committed file holds the allowances of every stack.
        """
        used = self.findings
        reviewed = {plan.stack for plan in self.stacks}
        return tuple(
            allowance
            for allowance in self.allowances
            if allowance.stack in reviewed
            and not any(allowance.matches(item.stack, item.change.address) for item in used)
        )

    @property
    def exit_code(self) -> int:
        """``EXIT_ERROR`` for a missing plan, ``EXIT_DESTRUCTIVE`` for a blocking finding."""
        if self.missing:
            return EXIT_ERROR
        return EXIT_DESTRUCTIVE if self.blocking_changes else EXIT_OK
