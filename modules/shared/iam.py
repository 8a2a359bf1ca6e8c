"""Trust policies for roles that AWS services assume."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from constructs import Construct

from .account import AccountContext


def service_trust_policy(
    scope: Construct,
    id_: str,
    *,
    service: str,
    actions: Sequence[str] = ("sts:AssumeRole",),
    same_account_only: bool = True,
) -> str:
    """JSON of a trust policy letting ``service`` (e.g. ``backup.amazonaws.com``) assume a role.

    With ``same_account_only`` the service may act only on behalf of this account
    (``aws:SourceAccount``), the confused-deputy protection AWS recommends for services
    that support the key.
    """
    conditions = []
    if same_account_only:
        conditions.append(
            DataAwsIamPolicyDocumentStatementCondition(
                test="StringEquals",
                variable="aws:SourceAccount",
                values=[AccountContext.of(scope).account_id],
            )
        )
    document = DataAwsIamPolicyDocument(
        scope,
        id_,
        statement=[
            DataAwsIamPolicyDocumentStatement(
                effect="Allow",
                actions=list(actions),
                principals=[
                    DataAwsIamPolicyDocumentStatementPrincipals(
                        type="Service", identifiers=[service]
                    )
                ],
                condition=conditions or None,
            )
        ],
    )
    return document.json


def deny_everyone_unless(
    *,
    sid: str,
    actions: Sequence[str],
    resources: Sequence[str],
    test: str,
    variable: str,
    value: str,
) -> DataAwsIamPolicyDocumentStatement:
    """A resource-policy statement denying ``actions`` on ``resources`` to every principal
    when the condition ``test(variable, value)`` holds, e.g. ``Bool aws:SecureTransport
    false``: a request without TLS."""
    return DataAwsIamPolicyDocumentStatement(
        sid=sid,
        effect="Deny",
        principals=[DataAwsIamPolicyDocumentStatementPrincipals(type="*", identifiers=["*"])],
        actions=list(actions),
        resources=list(resources),
        condition=[
            DataAwsIamPolicyDocumentStatementCondition(test=test, variable=variable, values=[value])
        ],
    )


def deny_insecure_transport(
    actions: Sequence[str], resources: Sequence[str]
) -> DataAwsIamPolicyDocumentStatement:
    """Deny ``actions`` on ``resources`` to requests that do not use TLS."""
    return deny_everyone_unless(
        sid="DenyInsecureTransport",
        actions=actions,
        resources=resources,
        test="Bool",
        variable="aws:SecureTransport",
        value="false",
    )
