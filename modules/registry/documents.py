"""The registry's policy documents as plain data: lifecycle, repository policy, CI access.

Kept free of cdktf so that what each principal may do reads in one place.

Sources:

* push actions: "IAM permissions for pushing an image to an Amazon ECR private
  repository" (Amazon ECR User Guide, image-push-iam.html) lists
  ``ecr:CompleteLayerUpload``, ``ecr:UploadLayerPart``, ``ecr:InitiateLayerUpload``,
  ``ecr:BatchCheckLayerAvailability``, ``ecr:PutImage`` and ``ecr:BatchGetImage`` on the
  repository, and ``ecr:GetAuthorizationToken`` on ``*`` (it authorizes the registry, not
  a repository, so it cannot be narrowed);
* pull actions: ``ecr:BatchGetImage``, ``ecr:GetDownloadUrlForLayer`` and
  ``ecr:BatchCheckLayerAvailability`` (the repository actions of the AWS managed policy
  ``AmazonEC2ContainerRegistryReadOnly``, User Guide, "AWS managed policies for Amazon
  Elastic Container Registry");
* ``aws:PrincipalArn``: for a role session it is the ARN of the role, not of the session
  (IAM User Guide, "AWS global condition context keys"), so a condition on it names a
  role before the role exists: nothing in a repository policy has to wait for the
  environments' node roles;
* lifecycle grammar and rule priority: see :mod:`.settings`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..github_oidc.documents import Condition, Statement

AUTHORIZATION_ACTION = "ecr:GetAuthorizationToken"
"""Registry login; its resource is always ``*``."""

PUSH_ACTIONS = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
)
"""What the CI role may do on its one repository (the User Guide's push policy)."""

WRITE_ACTIONS = (
    "ecr:BatchDeleteImage",
    "ecr:CompleteLayerUpload",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
)
"""Actions that change the images of a repository: denied to every principal but the
repository's CI role (which is not granted ``BatchDeleteImage`` either; the lifecycle
policy expires images without a principal)."""

PULL_ACTIONS = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
)
"""What the environments' nodes need to pull an image."""


def lifecycle_policy(*, keep_tagged_images: int, untagged_expiry_days: int) -> str:
    """The lifecycle policy JSON: rule 1 expires untagged images ``untagged_expiry_days``
    after their push, rule 2 expires tagged images beyond the newest
    ``keep_tagged_images``. The rules select disjoint images (untagged vs. tagged with
    any tag, ``tagPatternList: ["*"]``), so their priorities only fix the order; neither
    is ``tagStatus: any``, which would have to come last."""
    return json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "description": f"Expire untagged images after {untagged_expiry_days} days",
                    "selection": {
                        "tagStatus": "untagged",
                        "countType": "sinceImagePushed",
                        "countUnit": "days",
                        "countNumber": untagged_expiry_days,
                    },
                    "action": {"type": "expire"},
                },
                {
                    "rulePriority": 2,
                    "description": f"Keep the newest {keep_tagged_images} tagged images",
                    "selection": {
                        "tagStatus": "tagged",
                        "tagPatternList": ["*"],
                        "countType": "imageCountMoreThan",
                        "countNumber": keep_tagged_images,
                    },
                    "action": {"type": "expire"},
                },
            ]
        },
        sort_keys=False,
    )


@dataclass(frozen=True, kw_only=True)
class RepositoryStatement:
    """A repository-policy statement: every principal (``*``), narrowed by conditions."""

    sid: str
    effect: str
    actions: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()


def repository_statements(
    *, pusher_arn: str | None, puller_arns: tuple[str, ...]
) -> tuple[RepositoryStatement, ...]:
    """The repository policy: nobody but ``pusher_arn`` (the CI role; ``None``: nobody)
    changes images; ``puller_arns`` (the environments' node roles) may pull."""
    deny = RepositoryStatement(
        sid="OnlyCiRolePushes",
        effect="Deny",
        actions=WRITE_ACTIONS,
        conditions=(
            (Condition("ArnNotEquals", "aws:PrincipalArn", (pusher_arn,)),)
            if pusher_arn is not None
            else ()
        ),
    )
    statements = [deny]
    if puller_arns:
        statements.append(
            RepositoryStatement(
                sid="EnvironmentNodesPull",
                effect="Allow",
                actions=PULL_ACTIONS,
                conditions=(Condition("ArnEquals", "aws:PrincipalArn", puller_arns),),
            )
        )
    return tuple(statements)


def ci_statements(repository_arn: str) -> tuple[Statement, ...]:
    """The CI role's policy: registry login, and push to its one repository."""
    return (
        Statement(sid="RegistryLogin", actions=(AUTHORIZATION_ACTION,), resources=("*",)),
        Statement(sid="PushOwnRepository", actions=PUSH_ACTIONS, resources=(repository_arn,)),
    )
