"""Summaries of ``terraform show -json`` plans for pull-request review.

Pure logic: the caller reads the files and writes the Markdown. The flow is
``load_plan`` (bytes -> plan document, or a one-line ``PlanError``) -> ``parse_stack_plan``
(document -> ``StackPlan``) -> ``Review`` (stacks + ``STACK:ADDRESS`` allowances ->
findings and exit code) -> ``render_markdown`` (the whole review) or ``render_comment``
(the review cut to a character budget, findings first and never cut).

Sensitive values never reach the output: ``masking`` replaces every value marked in
``before_sensitive`` or ``after_sensitive`` (or whose marks cannot be read) before any
other code sees the plan's values, and it shows as ``(sensitive)`` on both sides.

``gates`` holds what is gated, as data (data-bearing types, protective attributes);
``model`` the changes, findings and verdict; ``parsing`` reads plan JSON into it;
``rendering`` and ``diagram`` write the Markdown; ``text`` escapes what comes from the
plan; ``fingerprint`` digests the masked changes (the deploy compares the reviewed
plan with the applied one); ``review_json`` writes and reads the masked review that
jobs hand on instead of plan JSON. Import from this package; the split into modules is an
implementation detail.
"""

from .fingerprint import FINGERPRINT_VERSION, plan_fingerprint
from .gates import PROTECTIVE_ATTRIBUTES, STATEFUL_RESOURCE_TYPES, ProtectiveAttribute, Weakening
from .model import (
    CONSTRUCT_ROOTS,
    COUNTED_ACTIONS,
    EXIT_DESTRUCTIVE,
    EXIT_ERROR,
    EXIT_OK,
    KEYED_CONSTRUCT_ROOTS,
    STACK_ROOT_GROUP,
    Action,
    Allowance,
    AttributeChange,
    Disarm,
    Finding,
    PlanError,
    Replacement,
    ResourceChange,
    Review,
    StackPlan,
    classify,
    classify_actions,
    construct_group,
    stack_name_for,
)
from .parsing import MAX_VALUE_LENGTH, SUPPORTED_FORMAT_MAJOR, load_plan, parse_stack_plan
from .rendering import (
    COMMENT_LIMIT,
    DEFAULT_COMMENT_BUDGET,
    STEP_SUMMARY_BUDGET,
    render_comment,
    render_markdown,
)
from .review_json import REVIEW_JSON_FORMAT, read_review_json, review_json

__all__ = [
    "COMMENT_LIMIT",
    "CONSTRUCT_ROOTS",
    "COUNTED_ACTIONS",
    "DEFAULT_COMMENT_BUDGET",
    "EXIT_DESTRUCTIVE",
    "EXIT_ERROR",
    "EXIT_OK",
    "FINGERPRINT_VERSION",
    "KEYED_CONSTRUCT_ROOTS",
    "MAX_VALUE_LENGTH",
    "PROTECTIVE_ATTRIBUTES",
    "REVIEW_JSON_FORMAT",
    "STACK_ROOT_GROUP",
    "STATEFUL_RESOURCE_TYPES",
    "STEP_SUMMARY_BUDGET",
    "SUPPORTED_FORMAT_MAJOR",
    "Action",
    "Allowance",
    "AttributeChange",
    "Disarm",
    "Finding",
    "PlanError",
    "ProtectiveAttribute",
    "Replacement",
    "ResourceChange",
    "Review",
    "StackPlan",
    "Weakening",
    "classify",
    "classify_actions",
    "construct_group",
    "load_plan",
    "parse_stack_plan",
    "plan_fingerprint",
    "read_review_json",
    "render_comment",
    "render_markdown",
    "review_json",
    "stack_name_for",
]
