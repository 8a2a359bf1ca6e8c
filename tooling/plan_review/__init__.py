"""Summaries of ``terraform show -json`` plans for pull-request review.

Pure logic: the caller reads the files and writes the Markdown. The flow is
``load_plan`` (bytes -> plan document, or a one-line ``PlanError``) -> ``parse_stack_plan``
(document -> ``StackPlan``) -> ``Review`` (stacks + ``--allow-destroy`` allowances ->
exit code) -> ``render_markdown``.

Sensitive values never reach the output: every attribute marked in ``before_sensitive``
or ``after_sensitive`` is shown as ``(sensitive)`` on both sides, whatever its value.

``model`` holds the data and the classification (what is stateful, what is destructive,
the exit code), ``parsing`` reads plan JSON into it, and ``rendering`` writes the
Markdown. Import from this package; the split into modules is an implementation detail.
"""

from .model import (
    CONSTRUCT_ROOTS,
    COUNTED_ACTIONS,
    DESTRUCTIVE_ACTIONS,
    EXIT_DESTRUCTIVE,
    EXIT_ERROR,
    EXIT_OK,
    STACK_ROOT_GROUP,
    STATEFUL_RESOURCE_TYPES,
    Action,
    Allowance,
    AttributeChange,
    DestructiveChange,
    PlanError,
    ResourceChange,
    Review,
    StackPlan,
    classify_actions,
    construct_group,
    stack_name_for,
)
from .parsing import MAX_VALUE_LENGTH, load_plan, parse_stack_plan
from .rendering import render_markdown

__all__ = [
    "CONSTRUCT_ROOTS",
    "COUNTED_ACTIONS",
    "DESTRUCTIVE_ACTIONS",
    "EXIT_DESTRUCTIVE",
    "EXIT_ERROR",
    "EXIT_OK",
    "MAX_VALUE_LENGTH",
    "STACK_ROOT_GROUP",
    "STATEFUL_RESOURCE_TYPES",
    "Action",
    "Allowance",
    "AttributeChange",
    "DestructiveChange",
    "PlanError",
    "ResourceChange",
    "Review",
    "StackPlan",
    "classify_actions",
    "construct_group",
    "load_plan",
    "parse_stack_plan",
    "render_markdown",
    "stack_name_for",
]
