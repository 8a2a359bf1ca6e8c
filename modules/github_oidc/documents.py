"""The delivery roles' IAM documents as plain data: trust, plan reads, apply boundary.

Kept free of cdktf so that what each role may do reads in one place; the construct turns
each :class:`Statement` into an ``aws_iam_policy_document`` statement. Values may be
Terraform tokens (ARNs of the state backend, the account id).

Sources: IAM condition operators, "If the key that you specify in a policy condition is
not present in the request context, the values do not match and the condition is false.
If the policy condition requires that the key is *not* matched, such as StringNotLike or
ArnNotLike, and the right key is not present, the condition is true"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
``iam:PermissionsBoundary`` is a condition key of CreateRole, PutRolePermissionsBoundary,
AttachRolePolicy, DetachRolePolicy, PutRolePolicy, DeleteRolePolicy and their user
counterparts (Service Authorization Reference, IAM,
https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html;
IAM User Guide, "Permissions boundaries for IAM entities", delegation example).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .identity import DEPLOY_BRANCH_REF, GithubDelivery
from .read_actions import (
    LOCK_TABLE_CONFIGURATION_READS,
    STATE_BUCKET_CONFIGURATION_READS,
    account_wide_reads,
)

GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com"
"""Audience ``aws-actions/configure-aws-credentials`` requests by default."""

PULL_REQUEST_REF = "refs/pull/*/merge"
"""The ref of a ``pull_request`` job (the merge commit of pull request N)."""


@dataclass(frozen=True)
class Condition:
    """One condition of a statement: operator, key, accepted values."""

    test: str
    variable: str
    values: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Statement:
    """One IAM policy statement (``resources`` or ``not_resources``, never both)."""

    sid: str
    effect: str = "Allow"
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = field(default=())
    federated: tuple[str, ...] = ()
    """Federated principals (trust documents only)."""


@dataclass(frozen=True, kw_only=True)
class StateBackend:
    """The state backend as the documents name it."""

    bucket: str
    """Bucket name (lock ids are ``<bucket>/<key>``)."""
    bucket_arn: str
    lock_table_arn: str
    key_arn: str

    def objects(self, prefix: str) -> str:
        """ARN pattern of the state objects below ``prefix/``."""
        return f"{self.bucket_arn}/{prefix}/*"

    @property
    def arns(self) -> tuple[str, ...]:
        """The bucket, its objects, the lock table and the key."""
        return (self.bucket_arn, f"{self.bucket_arn}/*", self.lock_table_arn, self.key_arn)


# --- trust --------------------------------------------------------------------------


def plan_subjects(delivery: GithubDelivery, identity: str) -> tuple[str, ...]:
    """``sub`` patterns (StringLike) of the plan role of ``identity`` (an environment or
    ``bootstrap``): jobs in GitHub environment ``<identity>-plan`` on main or on a
    pull request's merge ref.

    Why a wildcard is acceptable here, and only here: the owner id, repository id and
    environment are fixed before it, so no other repository and no other environment can
    match; the ``*`` stands only for a pull request number. Whatever it admits, any
    writer of the repository can already obtain by opening a pull request, which is the
    purpose of the plan role (it reads configuration, never data, and cannot lock or
    write state). Apply roles never use a wildcard.
    """
    environment = delivery.plan_environment(identity)
    return (
        delivery.subject(environment, DEPLOY_BRANCH_REF),
        delivery.subject(environment, PULL_REQUEST_REF),
    )


def apply_subject(delivery: GithubDelivery, environment: str) -> str:
    """The one ``sub`` (StringEquals) of ``environment``'s apply role: a job in GitHub
    environment ``<environment>`` on ``refs/heads/main``."""
    return delivery.subject(environment, DEPLOY_BRANCH_REF)


def trust(provider_arn: str, *, test: str, subjects: tuple[str, ...]) -> Statement:
    """Web-identity trust pinned to GitHub's audience and ``subjects`` (``test`` is
    ``StringEquals`` or ``StringLike``)."""
    return Statement(
        sid="GithubActions",
        actions=("sts:AssumeRoleWithWebIdentity",),
        federated=(provider_arn,),
        conditions=(
            Condition("StringEquals", f"{GITHUB_OIDC_HOST}:aud", (GITHUB_OIDC_AUDIENCE,)),
            Condition(test, f"{GITHUB_OIDC_HOST}:sub", subjects),
        ),
    )


# --- plan roles -----------------------------------------------------------------------


def plan_statements(state: StateBackend, identity: str) -> tuple[Statement, ...]:
    """What ``terraform plan -lock=false`` of ``identity``'s stacks needs: configuration
    reads, its own state objects, the state digest item and the state key. Nothing that
    writes: pull-request plans run without the lock."""
    statements = [
        Statement(sid="ReadConfiguration", actions=account_wide_reads(), resources=("*",)),
        # Key names only (HeadBucket and the backend's workspace listing need it).
        Statement(sid="ListStateBucket", actions=("s3:ListBucket",), resources=(state.bucket_arn,)),
        Statement(
            sid="ReadOwnState", actions=("s3:GetObject",), resources=(state.objects(identity),)
        ),
        # The S3 backend reads the "<bucket>/<key>-md5" digest item even with -lock=false.
        Statement(
            sid="ReadOwnStateDigest",
            actions=("dynamodb:GetItem",),
            resources=(state.lock_table_arn,),
            conditions=(
                Condition(
                    "ForAllValues:StringLike",
                    "dynamodb:LeadingKeys",
                    (f"{state.bucket}/{identity}/*",),
                ),
            ),
        ),
        Statement(
            sid="DecryptState",
            actions=("kms:Decrypt", "kms:DescribeKey"),
            resources=(state.key_arn,),
        ),
    ]
    if identity == "bootstrap":
        statements += [
            Statement(
                sid="ReadStateBucketConfiguration",
                actions=STATE_BUCKET_CONFIGURATION_READS,
                resources=(state.bucket_arn,),
            ),
            Statement(
                sid="ReadLockTableConfiguration",
                actions=LOCK_TABLE_CONFIGURATION_READS,
                resources=(state.lock_table_arn,),
            ),
        ]
    return tuple(statements)


# --- apply boundary -------------------------------------------------------------------

STATE_BUCKET_PROTECTIONS = (
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketObjectLockConfiguration",
    "s3:PutBucketOwnershipControls",
    "s3:PutBucketPolicy",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketVersioning",
    "s3:PutEncryptionConfiguration",
    "s3:PutLifecycleConfiguration",
    "s3:PutReplicationConfiguration",
)
LOCK_TABLE_PROTECTIONS = (
    "dynamodb:DeleteBackup",
    "dynamodb:DeleteResourcePolicy",
    "dynamodb:DeleteTable",
    "dynamodb:PutResourcePolicy",
    "dynamodb:UpdateContinuousBackups",
    "dynamodb:UpdateTable",
    "dynamodb:UpdateTimeToLive",
)
STATE_KEY_ADMINISTRATION = (
    "kms:CancelKeyDeletion",
    "kms:CreateGrant",
    "kms:DeleteAlias",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:PutKeyPolicy",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
)
PRINCIPAL_ESCALATION = (
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:DeleteRolePolicy",
    "iam:DeleteUserPolicy",
    "iam:DetachRolePolicy",
    "iam:DetachUserPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
)
"""Allowed only on a role or user that carries the environment's boundary."""
BOUNDARY_REMOVAL = ("iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary")
ROLE_TAKEOVER = ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole")
"""Allowed only on roles tagged with the environment: otherwise an apply role could make
an untagged, unbounded role (an organisation's admin role) trust it, or assume one."""


@dataclass(frozen=True, kw_only=True)
class BoundaryScope:
    """What one environment's boundary names."""

    environment: str
    tag_key: str
    boundary_arn: str
    """The boundary's own ARN (roles the environment creates must carry it)."""
    bootstrap_arns: tuple[str, ...]
    """The delivery roles, boundary policies and OIDC provider of the bootstrap."""


def boundary_statements(state: StateBackend, scope: BoundaryScope) -> tuple[Statement, ...]:
    """The permissions boundary of ``scope.environment``'s apply role and of every role
    its stacks create: everything, except other environments, the state backend's
    protections and other prefixes, the bootstrap's identities and a way out of the
    boundary."""
    env, tag = scope.environment, scope.tag_key
    resource_tag, request_tag = f"aws:ResourceTag/{tag}", f"aws:RequestTag/{tag}"
    return (
        # Outside the state backend everything is within the boundary; on the backend
        # only what this environment's state needs, so other prefixes and every setting
        # of the bucket, table and key stay outside it.
        Statement(sid="AllowOutsideStateBackend", actions=("*",), not_resources=state.arns),
        Statement(
            sid="ListStateBucket",
            actions=("s3:ListBucket", "s3:GetBucketLocation"),
            resources=(state.bucket_arn,),
        ),
        Statement(
            sid="OwnStateObjects",
            actions=("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
            resources=(state.objects(env),),
        ),
        Statement(
            sid="OwnLocks",
            actions=("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
            resources=(state.lock_table_arn,),
            conditions=(
                Condition(
                    "ForAllValues:StringLike", "dynamodb:LeadingKeys", (f"{state.bucket}/{env}/*",)
                ),
            ),
        ),
        Statement(
            sid="DescribeLockTable",
            actions=("dynamodb:DescribeTable",),
            resources=(state.lock_table_arn,),
        ),
        Statement(
            sid="StateKeyUse",
            actions=("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"),
            resources=(state.key_arn,),
        ),
        # (a) Other environments. Null=false first: an untagged resource is not another
        # environment's (a negated operator alone would be true for a missing key).
        Statement(
            sid="DenyOtherEnvironmentsResources",
            effect="Deny",
            actions=("*",),
            not_resources=state.arns,
            conditions=(
                Condition("Null", resource_tag, ("false",)),
                Condition("StringNotEquals", resource_tag, (env,)),
            ),
        ),
        Statement(
            sid="DenyTaggingForOtherEnvironments",
            effect="Deny",
            actions=("*",),
            resources=("*",),
            conditions=(
                Condition("Null", request_tag, ("false",)),
                Condition("StringNotEquals", request_tag, (env,)),
            ),
        ),
        # An untag request names the key in aws:TagKeys without a value in aws:RequestTag:
        # removing the tag would take a resource out of (a).
        Statement(
            sid="DenyRemovingTheEnvironmentTag",
            effect="Deny",
            actions=("*",),
            resources=("*",),
            conditions=(
                Condition("ForAnyValue:StringEquals", "aws:TagKeys", (tag,)),
                Condition("Null", request_tag, ("true",)),
            ),
        ),
        # (b) The state backend's protections, explicitly (also outside the Allow above).
        Statement(
            sid="DenyStateBucketProtections",
            effect="Deny",
            actions=STATE_BUCKET_PROTECTIONS,
            resources=(state.bucket_arn,),
        ),
        Statement(
            sid="DenyLockTableSettings",
            effect="Deny",
            actions=LOCK_TABLE_PROTECTIONS,
            resources=(state.lock_table_arn,),
        ),
        Statement(
            sid="DenyStateKeyAdministration",
            effect="Deny",
            actions=STATE_KEY_ADMINISTRATION,
            resources=(state.key_arn,),
        ),
        # (c) The bootstrap's delivery roles, boundaries and OIDC provider.
        Statement(
            sid="DenyBootstrapIdentities",
            effect="Deny",
            actions=("*",),
            resources=scope.bootstrap_arns,
        ),
        # (d) No way out: a role or user the environment creates or changes must carry
        # this boundary (a missing iam:PermissionsBoundary makes ArnNotEquals true).
        Statement(
            sid="DenyPrincipalsWithoutThisBoundary",
            effect="Deny",
            actions=PRINCIPAL_ESCALATION,
            resources=("*",),
            conditions=(
                # An ARN-typed key (Service Authorization Reference): ArnNotEquals.
                Condition("ArnNotEquals", "iam:PermissionsBoundary", (scope.boundary_arn,)),
            ),
        ),
        Statement(
            sid="DenyBoundaryRemoval", effect="Deny", actions=BOUNDARY_REMOVAL, resources=("*",)
        ),
        Statement(
            sid="DenyTakingOverOtherRoles",
            effect="Deny",
            actions=ROLE_TAKEOVER,
            resources=("*",),
            conditions=(Condition("StringNotEquals", resource_tag, (env,)),),
        ),
    )
