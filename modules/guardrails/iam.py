"""IAM documents in whatever form a stack holds them, as one model.

checkov's ``terraform_json`` scanner does not analyse a policy given as a JSON string or
as a reference to an ``aws_iam_policy_document`` data source, which is how CDKTF writes
nearly every policy. Here both forms become :class:`Statement` lists, and action patterns
are expanded with parliament's copy of the AWS Service Authorization Reference (access
levels: List, Read, Write, Permissions management, Tagging).
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

_DATA_DOCUMENT = re.compile(r"^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$")

MUTATING_ACCESS_LEVELS = frozenset({"Write", "Permissions management"})
"""Access levels that change or delete resources or permissions."""


@dataclass(frozen=True)
class Condition:
    """One condition of a statement: ``test(variable, values)``."""

    test: str
    variable: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One IAM policy statement, normalized."""

    index: int
    """Position in its document, for messages (``statement 3``)."""
    sid: str
    effect: str
    actions: tuple[str, ...]
    not_actions: tuple[str, ...]
    resources: tuple[str, ...]
    principals: Mapping[str, tuple[str, ...]]
    conditions: tuple[Condition, ...]
    not_resources: tuple[str, ...] = ()
    """``NotResource``: the statement applies to every resource except these."""

    @property
    def label(self) -> str:
        """``statement 3 (Sid)`` for messages."""
        return f"statement {self.index}" + (f" ({self.sid})" if self.sid else "")

    def condition_keys(self, *tests: str) -> set[str]:
        """Lower-cased variables of the conditions with one of ``tests`` (all if none)."""
        return {
            condition.variable.lower()
            for condition in self.conditions
            if not tests or condition.test in tests
        }


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def from_json(document: Mapping[str, Any]) -> list[Statement]:
    """Statements of an IAM policy document in AWS's JSON form."""
    raw = document.get("Statement", [])
    statements = [raw] if isinstance(raw, Mapping) else list(raw)
    normalized = []
    for index, statement in enumerate(statements):
        principal = statement.get("Principal", {})
        principals = (
            {"*": ("*",)}
            if principal == "*"
            else {kind: _strings(ids) for kind, ids in dict(principal).items()}
        )
        conditions = tuple(
            Condition(test, variable, _strings(values))
            for test, variables in dict(statement.get("Condition", {})).items()
            for variable, values in dict(variables).items()
        )
        normalized.append(
            Statement(
                index=index,
                sid=str(statement.get("Sid", "")),
                effect=str(statement.get("Effect", "Allow")),
                actions=_strings(statement.get("Action")),
                not_actions=_strings(statement.get("NotAction")),
                resources=_strings(statement.get("Resource")),
                principals=principals,
                conditions=conditions,
                not_resources=_strings(statement.get("NotResource")),
            )
        )
    return normalized


def from_data_source(body: Mapping[str, Any]) -> list[Statement]:
    """Statements of an ``aws_iam_policy_document`` data source as CDKTF synthesizes it."""
    normalized = []
    for index, statement in enumerate(body.get("statement", [])):
        principals: dict[str, tuple[str, ...]] = {}
        for block in statement.get("principals", []):
            principals[block["type"]] = principals.get(block["type"], ()) + _strings(
                block.get("identifiers")
            )
        normalized.append(
            Statement(
                index=index,
                sid=str(statement.get("sid", "")),
                effect=str(statement.get("effect", "Allow")),
                actions=_strings(statement.get("actions")),
                not_actions=_strings(statement.get("not_actions")),
                resources=_strings(statement.get("resources")),
                not_resources=_strings(statement.get("not_resources")),
                principals=principals,
                conditions=tuple(
                    Condition(block["test"], block["variable"], _strings(block.get("values")))
                    for block in statement.get("condition", [])
                ),
            )
        )
    return normalized


def parse_policy(value: Any, data_documents: Mapping[str, Mapping[str, Any]]) -> list[Statement]:
    """Statements of a policy attribute: a reference to a data document, or a JSON string.
    Anything else (a token that is not a document) gives no statements."""
    if not isinstance(value, str):
        return []
    reference = _DATA_DOCUMENT.match(value)
    if reference:
        body = data_documents.get(reference.group(1))
        return from_data_source(body) if body is not None else []
    try:
        document = json.loads(value)
    except ValueError:
        return []
    return from_json(document) if isinstance(document, Mapping) else []


def to_json(statements: Sequence[Statement]) -> dict[str, Any]:
    """The statements as an AWS JSON policy document (for parliament)."""
    rendered = []
    for statement in statements:
        entry: dict[str, Any] = {"Effect": statement.effect}
        if statement.sid:
            entry["Sid"] = statement.sid
        for key, values in (
            ("Action", statement.actions),
            ("NotAction", statement.not_actions),
            ("Resource", statement.resources),
            ("NotResource", statement.not_resources),
        ):
            if values:
                entry[key] = list(values)
        if statement.principals:
            entry["Principal"] = {kind: list(ids) for kind, ids in statement.principals.items()}
        if statement.conditions:
            block: dict[str, dict[str, str | list[str]]] = {}
            for condition in statement.conditions:
                # A single value as a plain string: parliament's Bool check expects one.
                values = condition.values
                block.setdefault(condition.test, {})[condition.variable] = (
                    values[0] if len(values) == 1 else list(values)
                )
            entry["Condition"] = block
        rendered.append(entry)
    return {"Version": "2012-10-17", "Statement": rendered}


@functools.cache
def _privileges() -> dict[str, dict[str, str]]:
    """Service prefix -> action name -> access level, from parliament's IAM definition."""
    with warnings.catch_warnings():
        # parliament loads its data through pkg_resources, which warns on import.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import parliament  # noqa: PLC0415 (10 MB of IAM data: loaded on first use)
    return {
        service["prefix"]: {
            privilege["privilege"]: privilege["access_level"] for privilege in service["privileges"]
        }
        for service in parliament.iam_definition
    }


def access_levels(action: str) -> dict[str, str]:
    """``service:Action`` of every action ``action`` (a pattern) matches, with its access
    level; empty for an unknown service or action."""
    return dict(_access_levels(action))


# Every environment's stacks repeat the same policies: matching a pattern against the
# ~13,000 privileges is done once per pattern, not once per statement (issue 17, growth).
@functools.lru_cache(maxsize=4096)
def _access_levels(action: str) -> tuple[tuple[str, str], ...]:
    if action == "*":
        action = "*:*"
    prefix, _, pattern = action.partition(":")
    matched: dict[str, str] = {}
    for service, privileges in _privileges().items():
        if not fnmatch.fnmatchcase(service, prefix.lower()):
            continue
        for name, level in privileges.items():
            if fnmatch.fnmatchcase(name.lower(), pattern.lower()):
                matched[f"{service}:{name}"] = level
    return tuple(matched.items())


def mutating_actions(actions: Iterable[str]) -> list[str]:
    """The actions among ``actions`` (patterns expanded) that write or manage permissions."""
    found: set[str] = set()
    for action in actions:
        found.update(
            name for name, level in access_levels(action).items() if level in MUTATING_ACCESS_LEVELS
        )
    return sorted(found)


_TOKEN = re.compile(r"\$\{[^}]*\}")

ARN_PLACEHOLDERS = {1: "aws", 3: "us-east-1", 4: "123456789012"}
"""Concrete stand-ins for interpolated ARN fields (partition, region, account), so that
parliament checks the rest of the ARN instead of rejecting the interpolation."""


def concrete_resource(resource: str) -> str:
    """``resource`` with Terraform interpolations replaced by plausible values: a whole
    interpolated ARN becomes ``*``, an interpolated partition ``aws``, and so on."""
    marked = _TOKEN.sub("\x00", resource)
    if marked.startswith("\x00"):
        # The ARN of a referenced resource (maybe with a path): its service is unknown here.
        return "*"
    if "\x00" not in marked:
        return resource
    fields = marked.split(":")
    return ":".join(
        ARN_PLACEHOLDERS.get(index, "placeholder") if "\x00" in field else field
        for index, field in enumerate(fields)
    ).replace("\x00", "placeholder")


def analyze(statements: Sequence[Statement]) -> list[tuple[str, str]]:
    """parliament's findings on a document: distinct (issue, detail) pairs. Interpolated
    ARN parts are made concrete first (:func:`concrete_resource`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        from parliament import analyze_policy_string  # noqa: PLC0415

    concrete = [
        replace(
            statement,
            resources=tuple(map(concrete_resource, statement.resources)),
            not_resources=tuple(map(concrete_resource, statement.not_resources)),
        )
        for statement in statements
    ]
    result = analyze_policy_string(json.dumps(to_json(concrete)))
    findings = [
        (str(finding.issue), json.dumps(finding.detail, default=str)) for finding in result.findings
    ]
    return list(dict.fromkeys(findings))
