"""IAM rules, over every policy whatever its form (JSON string or data document)."""

from __future__ import annotations

from collections.abc import Iterator

from ..iam import Statement, access_levels, analyze
from ..model import Rule
from ..view import StackView

IDENTITY_POLICIES = (
    ("aws_iam_policy", "policy"),
    ("aws_iam_role_policy", "policy"),
    ("aws_iam_user_policy", "policy"),
    ("aws_iam_group_policy", "policy"),
)
"""Resources holding identity-based policies, and their policy attribute."""

DESTRUCTIVE_LEVELS = frozenset({"Write", "Permissions management", "Tagging"})
"""Access levels that change existing resources (creating new ones is not counted)."""

KEY_ADMIN_PREFIXES = (
    "kms:*", "kms:Put", "kms:Schedule", "kms:Cancel", "kms:Disable", "kms:Enable",
    "kms:Delete", "kms:Update", "kms:Create", "kms:Revoke", "kms:Retire", "kms:Tag",
    "kms:Untag", "kms:Import",
)  # fmt: skip
"""Key-policy actions that administer a key rather than use it."""

ADMINISTRATOR_POLICY_SUFFIX = ":iam::aws:policy/AdministratorAccess"


def _broad(resource: str) -> bool:
    """Every resource, or every resource of a type in any account (``arn:*:*:*:*:x/*``)."""
    if resource == "*":
        return True
    parts = resource.split(":")
    return len(parts) >= 6 and parts[4] in ("*", "") and parts[5].endswith("*")


def _destructive(statement: Statement) -> list[str]:
    found: set[str] = set()
    for action in statement.actions:
        for name, level in access_levels(action).items():
            verb = name.split(":", 1)[1]
            if level in DESTRUCTIVE_LEVELS and (
                level == "Tagging" or not verb.startswith("Create")
            ):
                found.add(name)
    return sorted(found)


def _unconditioned_destruction(view: StackView) -> Iterator[tuple[str, str]]:
    for resource_type, attribute in IDENTITY_POLICIES:
        for address, body in view.resources(resource_type):
            for statement in view.policy(body.get(attribute)):
                if statement.effect != "Allow" or not any(map(_broad, statement.resources)):
                    continue
                # Null only tests that a tag exists: it holds for every cluster's resources.
                scoping = [c for c in statement.conditions if c.test != "Null"]
                actions = _destructive(statement)
                if actions and not scoping:
                    shown = ", ".join(actions[:4]) + (" ..." if len(actions) > 4 else "")
                    yield (
                        address,
                        f"{statement.label} allows {shown} on any resource without a condition "
                        "on a value (a tag's existence is not one)",
                    )


def _admin_boundary(view: StackView) -> Iterator[tuple[str, str]]:
    admins: dict[str, str] = {}
    for _, attachment in view.resources("aws_iam_role_policy_attachment"):
        if str(attachment.get("policy_arn", "")).endswith(ADMINISTRATOR_POLICY_SUFFIX):
            role = view.referenced(attachment.get("role"))
            if role:
                admins[role] = "AdministratorAccess"
    for address, body in view.resources("aws_iam_role_policy"):
        for statement in view.policy(body.get("policy")):
            if (
                statement.effect == "Allow"
                and "*" in statement.actions
                and "*" in statement.resources
            ):
                role = view.referenced(body.get("role"))
                if role:
                    admins[role] = f"an inline policy allowing * on * ({address})"
    for role, grant in sorted(admins.items()):
        if not (view.resource(role) or {}).get("permissions_boundary"):
            yield role, f"has {grant} and no permissions boundary"


def _web_identity_trust(view: StackView) -> Iterator[tuple[str, str]]:
    for address, role in view.resources("aws_iam_role"):
        for statement in view.policy(role.get("assume_role_policy")):
            if (
                "sts:AssumeRoleWithWebIdentity" not in statement.actions
                or statement.effect != "Allow"
            ):
                continue
            exact = {
                c.variable.lower().rsplit(":", 1)[-1]: c
                for c in statement.conditions
                if c.test == "StringEquals"
            }
            if "aud" not in exact:
                yield address, f"{statement.label} trusts a web identity without pinning :aud"
            if "sub" not in exact or any("*" in value for value in exact["sub"].values):
                yield address, f"{statement.label} trusts a web identity without an exact :sub"


def _key_admins(view: StackView) -> Iterator[tuple[str, str]]:
    for address, key in view.resources("aws_kms_key"):
        for statement in view.policy(key.get("policy")):
            admin = [a for a in statement.actions if a == "*" or a.startswith(KEY_ADMIN_PREFIXES)]
            if statement.effect != "Allow" or not admin:
                continue
            principals = [
                identifier
                for kind, identifiers in statement.principals.items()
                for identifier in identifiers
                if not (kind == "AWS" and identifier.endswith(":root"))
            ]
            if principals:
                yield (
                    address,
                    f"{statement.label} gives key-administration actions {admin} to "
                    f"{principals}; only the account root (delegating to IAM) administers keys",
                )


def _parliament(view: StackView) -> Iterator[tuple[str, str]]:
    for resource_type, attribute in IDENTITY_POLICIES:
        for address, body in view.resources(resource_type):
            statements = view.policy(body.get(attribute))
            if statements:
                for issue, detail in analyze(statements):
                    if issue != "RESOURCE_STAR":  # IAM-01 judges resource "*" itself
                        yield address, f"parliament {issue}: {detail}"


RULES = (
    Rule(
        id="IAM-01",
        level="error",
        title="No destructive action on any resource without a condition on a value",
        why="A statement allowing deletes, modifications or tagging on * (or every resource of "
        "a type) lets one workload change another's resources; a Null condition only tests "
        "that a tag exists, which every cluster's resources satisfy.",
        fix="Scope the resources, or condition on a tag value (e.g. the cluster's name).",
        check=_unconditioned_destruction,
        overlaps=("CKV_AWS_290", "CKV_AWS_355", "CKV_AWS_289"),
    ),
    Rule(
        id="IAM-02",
        level="error",
        title="Administrator roles carry a permissions boundary",
        why="AdministratorAccess (or * on *) can create roles, keys and trails anywhere; a "
        "boundary caps what the role and the roles it creates can do. checkov misses the "
        "managed-policy ARN when its partition is interpolated, as CDKTF writes it.",
        fix="Set permissions_boundary on the role.",
        check=_admin_boundary,
        overlaps=("CKV_AWS_274", "CIS AWS 1.16"),
    ),
    Rule(
        id="IAM-03",
        level="error",
        title="Web-identity trusts pin the audience and an exact subject",
        why="Without :sub any identity of the provider (any repository, any service account) "
        "can assume the role; a wildcard subject widens it the same way (AWS IAM, "
        "Configuring a role for GitHub OIDC; EKS, IRSA trust policies).",
        fix="Add StringEquals conditions on <provider>:aud and <provider>:sub.",
        check=_web_identity_trust,
        overlaps=("CKV_AWS_358",),
    ),
    Rule(
        id="IAM-04",
        level="error",
        title="KMS key policies separate administrators from users",
        why="Only the account root (which delegates to IAM policies) should administer a key; "
        "services and roles that use it get encrypt/decrypt actions only (AWS KMS, key "
        "policy best practices).",
        fix="Grant services only the usage actions they need.",
        check=_key_admins,
        overlaps=("CKV_AWS_33",),
    ),
    Rule(
        id="IAM-05",
        level="warning",
        title="IAM documents pass parliament",
        why="parliament checks actions, resources and conditions against the AWS Service "
        "Authorization Reference: unknown actions, mismatched resources, malformed documents.",
        fix="Correct the document as parliament's finding says.",
        check=_parliament,
    ),
)
