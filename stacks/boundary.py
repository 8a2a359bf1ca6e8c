"""Every IAM role of a delivered environment carries the environment's permissions boundary.

The apply role of an environment may create a role only if the role carries the apply
role's own boundary (``iam:PermissionsBoundary``, modules/github_oidc/documents.py): without
that, an administrator could create an unbounded role and step out of the boundary. So
every ``aws_iam_role`` the environment's stacks synthesize gets the boundary, including
roles of modules written later, which is why this is an Aspect rather than a prop of each
module.
"""

from __future__ import annotations

import jsii
from cdktf import Aspects, IAspect
from cdktf_cdktf_provider_aws.iam_role import IamRole
from constructs import Construct, IConstruct

from platform_cdktf.environments import EnvironmentConfig
from platform_cdktf.modules.shared import AccountContext


@jsii.implements(IAspect)
class PermissionsBoundary:
    """Sets ``permissions_boundary`` on every :class:`IamRole` in scope that has none (a
    boundary set explicitly, e.g. one the organisation provides, is kept)."""

    def __init__(self, boundary_arn: str) -> None:
        self.boundary_arn = boundary_arn

    def visit(self, node: IConstruct) -> None:
        """Give ``node`` the boundary if it is a role without one."""
        if isinstance(node, IamRole) and node.permissions_boundary_input is None:
            node.permissions_boundary = self.boundary_arn


def bound_environment_roles(scope: Construct, config: EnvironmentConfig) -> str | None:
    """Put the delivery boundary of ``config``'s environment on every role below ``scope``
    when the environment is delivered from GitHub; return its ARN (``None`` otherwise)."""
    if config.github is None:
        return None
    account = AccountContext.of(scope)
    arn = config.github.boundary_policy_arn(
        config.name, partition=account.partition, account_id=account.account_id
    )
    Aspects.of(scope).add(PermissionsBoundary(arn))
    return arn
