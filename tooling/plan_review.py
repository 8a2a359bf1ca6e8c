"""Summaries of ``terraform show -json`` plans for pull-request review.

Pure logic: the caller reads the files and writes the Markdown. The flow is
``load_plan`` (bytes -> plan document, or a one-line ``PlanError``) -> ``parse_stack_plan``
(document -> ``StackPlan``) -> ``Review`` (stacks + ``--allow-destroy`` allowances ->
exit code) -> ``render_markdown``.

Sensitive values never reach the output: every attribute marked in ``before_sensitive``
or ``after_sensitive`` is shown as ``(sensitive)`` on both sides, whatever its value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from types import MappingProxyType
from typing import Any, Final

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

MAX_VALUE_LENGTH: Final = 100
"""Longest attribute value printed in full; longer ones are cut (a PR comment has limits)."""

# cdktf appends an 8-hex-digit hash of the construct path to every nested resource name.
_CDKTF_NAME = re.compile(r"^(?P<path>.+)_[0-9A-F]{8}$")
# An attribute key that can be printed as `.key`; anything else is printed as `["key"]`.
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
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

# Listing order inside a group: what destroys first, then what changes, then what adds.
_LISTING_ORDER: Final = (
    Action.REPLACE,
    Action.DELETE,
    Action.FORGET,
    Action.UPDATE,
    Action.CREATE,
)


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
            (change for change in self.changes if change.action in _LISTING_ORDER),
            key=lambda change: (_LISTING_ORDER.index(change.action), change.address),
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


# --------------------------------------------------------------------------- parsing


def load_plan(data: bytes) -> dict[str, Any]:
    """Decode ``terraform show -json`` output; ``PlanError`` if it is not a plan.

    A plan has a ``format_version`` and ``resource_changes``; a plan without any resource
    omits ``resource_changes`` but still has ``planned_values`` (a state has neither).
    """
    if data.startswith(b"PK\x03\x04"):
        raise PlanError(
            "this is a binary plan file; pass the output of `terraform show -json PLANFILE` instead"
        )
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise PlanError(f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise PlanError(f"malformed or truncated JSON: {error}") from None
    if not isinstance(document, dict) or "format_version" not in document:
        raise PlanError(
            "not a Terraform plan (no format_version); "
            "expected the output of `terraform show -json PLANFILE`"
        )
    if "resource_changes" not in document and "planned_values" not in document:
        raise PlanError(
            "not a Terraform plan (no resource_changes); "
            "`terraform show -json` without a plan file prints the state instead"
        )
    if document.get("errored") is True:
        raise PlanError("the plan errored and is incomplete; fix the plan first")
    return document


def parse_stack_plan(document: Mapping[str, Any], *, stack: str) -> StackPlan:
    """The ``StackPlan`` of a plan document from ``load_plan``."""
    entries = document.get("resource_changes", [])
    if not isinstance(entries, list):
        raise PlanError("resource_changes is not a list")
    return StackPlan(
        stack=stack,
        changes=tuple(_resource_change(entry, index) for index, entry in enumerate(entries)),
    )


def _resource_change(entry: object, index: int) -> ResourceChange:
    where = f"resource_changes[{index}]"
    if not isinstance(entry, dict):
        raise PlanError(f"{where} is not an object")
    change = entry.get("change")
    if not isinstance(change, dict) or not isinstance(change.get("actions"), list):
        raise PlanError(f"{where} has no change.actions")
    try:
        address, resource_type, name = (str(entry[key]) for key in ("address", "type", "name"))
    except KeyError as missing:
        raise PlanError(f"{where} has no {missing.args[0]}") from None
    try:
        action = classify_actions(change["actions"])
    except PlanError as error:
        raise PlanError(f"{where} ({address}): {error}") from None
    module_address = entry.get("module_address")
    attributes: tuple[AttributeChange, ...] = ()
    hidden = 0
    if action in (Action.UPDATE, Action.REPLACE):
        attributes, hidden = _attribute_changes(change, replacing=action is Action.REPLACE)
    return ResourceChange(
        address=address,
        resource_type=resource_type,
        name=name,
        module_address=module_address if isinstance(module_address, str) else None,
        mode=str(entry.get("mode", "managed")),
        action=action,
        group=construct_group(name, module_address if isinstance(module_address, str) else None),
        reason=_optional_str(entry.get("action_reason")),
        previous_address=_optional_str(entry.get("previous_address")),
        deposed=_optional_str(entry.get("deposed")),
        attributes=attributes,
        computed_after_replace=hidden,
    )


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


# ------------------------------------------------------------------- attribute diffs

_Path = tuple[str | int, ...]


@dataclass(frozen=True)
class _Leaf:
    """A value at an attribute path; ``raw`` may be a whole subtree where masking stops."""

    raw: object
    sensitive: bool = False
    unknown: bool = False


def _child(marks: object, key: str | int) -> object:
    """The part of a ``*_sensitive``/``after_unknown`` tree under ``key``."""
    if isinstance(marks, dict) and isinstance(key, str):
        return marks.get(key)
    if isinstance(marks, list) and isinstance(key, int) and key < len(marks):
        return marks[key]
    return None


def _merge_marks(left: object, right: object) -> object:
    """Union of two mark trees: a path marked on either side is marked in the result."""
    if left is True or right is True:
        return True
    if isinstance(left, dict) or isinstance(right, dict):
        left_map = left if isinstance(left, dict) else {}
        right_map = right if isinstance(right, dict) else {}
        return {
            key: _merge_marks(left_map.get(key), right_map.get(key))
            for key in {**left_map, **right_map}
        }
    if isinstance(left, list) or isinstance(right, list):
        left_list = left if isinstance(left, list) else []
        right_list = right if isinstance(right, list) else []
        return [
            _merge_marks(_child(left_list, index), _child(right_list, index))
            for index in range(max(len(left_list), len(right_list)))
        ]
    return None


def _leaves(
    value: object, *, sensitive: object, unknown: object, is_after: bool, path: _Path = ()
) -> dict[_Path, _Leaf]:
    """Flatten ``value`` to its leaves, stopping where a subtree is sensitive or unknown.

    Both sides stop at the same places (the sensitive marks are merged beforehand and the
    unknown marks are passed for both), so their paths line up; only the after side is
    reported as unknown. Nulls and empty collections produce no leaf: Terraform uses them
    interchangeably for "not set".
    """
    if sensitive is True:
        return {path: _Leaf(raw=value, sensitive=True, unknown=is_after and unknown is True)}
    if unknown is True:
        return {path: _Leaf(raw=value, unknown=is_after)}
    keys: Iterable[str | int]
    if isinstance(value, dict) or isinstance(unknown, dict):
        value_map = value if isinstance(value, dict) else {}
        unknown_map = unknown if isinstance(unknown, dict) else {}
        keys = list({**value_map, **unknown_map})
        container: object = value_map
    elif isinstance(value, list):
        keys = range(len(value))
        container = value
    else:
        return {} if value is None else {path: _Leaf(raw=value)}
    leaves: dict[_Path, _Leaf] = {}
    for key in keys:
        leaves.update(
            _leaves(
                _child(container, key),
                sensitive=_child(sensitive, key),
                unknown=_child(unknown, key),
                is_after=is_after,
                path=(*path, key),
            )
        )
    return leaves


def _attribute_changes(
    change: Mapping[str, Any], *, replacing: bool
) -> tuple[tuple[AttributeChange, ...], int]:
    """Changed attributes of one change, and how many computed ones a replacement hides.

    A replacement recomputes dozens of attributes (``id``, ``arn`` ...); listing each as
    ``(known after apply)`` would bury the attribute that forces it, so they are counted
    instead, unless Terraform names them among the reasons.
    """
    sensitive = _merge_marks(change.get("before_sensitive"), change.get("after_sensitive"))
    unknown = change.get("after_unknown")
    before = _leaves(change.get("before"), sensitive=sensitive, unknown=unknown, is_after=False)
    after = _leaves(change.get("after"), sensitive=sensitive, unknown=unknown, is_after=True)
    replace_paths = [
        tuple(path) for path in change.get("replace_paths") or [] if isinstance(path, list)
    ]
    absent = _Leaf(raw=None)
    rows: list[AttributeChange] = []
    hidden = 0
    for path in list({**before, **after}):
        old, new = before.get(path, absent), after.get(path, absent)
        if old.raw == new.raw and not new.unknown:
            continue
        forces = any(
            _is_prefix(path, reason) or _is_prefix(reason, path) for reason in replace_paths
        )
        if replacing and new.unknown and not forces:
            hidden += 1
            continue
        rows.append(
            AttributeChange(
                path=_format_path(path),
                before=_format_leaf(old),
                after=_format_leaf(new),
                forces_replacement=forces,
            )
        )
    # The attributes that force a replacement are the ones a reviewer must see first.
    rows.sort(key=lambda row: not row.forces_replacement)
    return tuple(rows), hidden


def _is_prefix(prefix: Sequence[object], path: Sequence[object]) -> bool:
    return len(prefix) <= len(path) and tuple(path[: len(prefix)]) == tuple(prefix)


def _format_path(path: _Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part)}]"
    return text or "(whole object)"


def _format_leaf(leaf: _Leaf) -> str:
    if leaf.unknown:
        return "(known after apply)"
    if leaf.sensitive:
        return "(sensitive)"
    if leaf.raw is None:
        return "null"
    text = json.dumps(leaf.raw, ensure_ascii=False, sort_keys=True)
    if len(text) > MAX_VALUE_LENGTH:
        text = f"{text[: MAX_VALUE_LENGTH - 1]}…"
    return _code(text)


# ------------------------------------------------------------------------- rendering


def _code(text: str) -> str:
    """``text`` as a Markdown code span that is also safe inside a table cell."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    # GitHub ends a table cell at a bare pipe even inside a code span.
    escaped = text.replace("|", r"\|")
    return f"{fence}{padding}{escaped}{padding}{fence}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _action_label(change: ResourceChange) -> str:
    return f"**{change.action.value}**" if change.destructive else change.action.value


def render_markdown(review: Review) -> str:
    """The review as Markdown for a pull-request comment; destructive changes come first."""
    lines = ["## Terraform plan review", ""]
    lines += _render_destructive(review)
    lines += _render_totals(review.stacks)
    for plan in review.stacks:
        lines += _render_stack(plan, review)
    return "\n".join(lines).rstrip("\n") + "\n"


def _render_destructive(review: Review) -> list[str]:
    lines: list[str] = []
    blocking = review.blocking_changes
    allowed = [item for item in review.destructive_changes if item.allowed]
    if blocking:
        lines += [
            "> [!CAUTION]",
            f"> **{_plural(len(blocking), 'stateful resource')} would be destroyed or "
            "replaced.** Data is lost unless it is restored from a backup. The review fails "
            "(exit 2) until each address below is allowed with `--allow-destroy ADDRESS` "
            "(the pull request's allow-destroy label).",
            ">",
            *_destructive_table(blocking, prefix="> "),
            "",
        ]
    if allowed:
        lines += [
            "> [!WARNING]",
            f"> **{_plural(len(allowed), 'stateful resource')} will be destroyed or replaced, "
            "explicitly allowed** with `--allow-destroy`.",
            ">",
            *_destructive_table(allowed, prefix="> "),
            "",
        ]
    if review.unused_allowances:
        unused = ", ".join(_code(str(allowance)) for allowance in review.unused_allowances)
        lines += [
            "> [!NOTE]",
            f"> `--allow-destroy` matched no destructive change: {unused}",
            "",
        ]
    if not lines:
        lines += ["No stateful resource is destroyed or replaced.", ""]
    return lines


def _destructive_table(items: Sequence[DestructiveChange], *, prefix: str) -> list[str]:
    rows = [
        "| stack | action | resource | what is at stake |",
        "|---|---|---|---|",
    ]
    for item in items:
        change = item.change
        stake = STATEFUL_RESOURCE_TYPES[change.resource_type]
        if item.allowed:
            stake = f"allowed: {stake}"
        rows.append(
            f"| {_code(item.stack)} | **{change.action.value}** | {_code(change.address)} "
            f"| {stake} |"
        )
    return [f"{prefix}{row}" for row in rows]


def _render_totals(stacks: Sequence[StackPlan]) -> list[str]:
    header = " | ".join(action.value for action in COUNTED_ACTIONS)
    lines = [
        f"| stack | {header} | not counted |",
        "|---|" + "---:|" * len(COUNTED_ACTIONS) + "---|",
    ]
    for plan in stacks:
        counts = " | ".join(str(plan.count(action)) for action in COUNTED_ACTIONS)
        lines.append(f"| {_code(plan.stack)} | {counts} | {_not_counted(plan)} |")
    return [*lines, ""]


def _not_counted(plan: StackPlan) -> str:
    parts = [
        f"{plan.count(Action.NO_OP)} unchanged",
        f"{plan.count(Action.READ)} read",
    ]
    if forgotten := plan.count(Action.FORGET):
        parts.append(f"{forgotten} forgotten")
    return ", ".join(parts)


def _render_stack(plan: StackPlan, review: Review) -> list[str]:
    lines = [f"### Stack {_code(plan.stack)}", ""]
    groups = plan.by_group()
    if not groups:
        return [*lines, "No changes.", ""]
    for group, changes in groups.items():
        summary = ", ".join(
            f"{sum(1 for c in changes if c.action is action)} {action.value}"
            for action in _LISTING_ORDER
            if any(c.action is action for c in changes)
        )
        lines += [f"#### {_code(group)} ({summary})", ""]
        for change in changes:
            lines += _render_change(plan.stack, change, review)
        lines.append("")
    return lines


_FORCES: Final = " (forces replacement)"


def _render_change(stack: str, change: ResourceChange, review: Review) -> list[str]:
    notes: list[str] = []
    if change.stateful and change.destructive:
        allowed = any(a.matches(stack, change.address) for a in review.allowances)
        notes.append("stateful, destroy allowed" if allowed else "**stateful: data loss**")
    if change.reason:
        notes.append(change.reason.replace("_", " "))
    if change.previous_address:
        notes.append(f"moved from {_code(change.previous_address)}")
    if change.deposed:
        notes.append(f"deposed object {_code(change.deposed)}")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    lines = [f"- {_action_label(change)} {_code(change.address)}{suffix}"]
    if change.attributes:
        lines += [
            "",
            "  | attribute | before | after |",
            "  |---|---|---|",
            *(
                f"  | {_code(attribute.path)}{_FORCES if attribute.forces_replacement else ''} "
                f"| {attribute.before} | {attribute.after} |"
                for attribute in change.attributes
            ),
            "",
        ]
    if change.computed_after_replace:
        lines.append(
            f"  - and {_plural(change.computed_after_replace, 'computed attribute')} "
            "known after apply"
        )
    return lines
