"""The IAM documents of :mod:`.documents` as ``aws_iam_policy_document`` data sources.

One rendering for every identity policy and web-identity trust built from
:class:`~.documents.Statement` values: the delivery roles, their boundaries and the
registry's CI push roles (modules/registry).
"""

from __future__ import annotations

from collections.abc import Sequence

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from constructs import Construct

from .documents import Condition, Statement


def statement_conditions(
    conditions: Sequence[Condition],
) -> list[DataAwsIamPolicyDocumentStatementCondition]:
    """``conditions`` as the condition blocks of a policy-document statement."""
    return [
        DataAwsIamPolicyDocumentStatementCondition(
            test=condition.test, variable=condition.variable, values=list(condition.values)
        )
        for condition in conditions
    ]


def identity_document(scope: Construct, id_: str, statements: Sequence[Statement]) -> str:
    """The JSON (a token) of an identity policy made of ``statements``."""
    return DataAwsIamPolicyDocument(
        scope,
        id_,
        statement=[
            DataAwsIamPolicyDocumentStatement(
                sid=statement.sid,
                effect=statement.effect,
                actions=list(statement.actions),
                resources=list(statement.resources) or None,
                not_resources=list(statement.not_resources) or None,
                condition=statement_conditions(statement.conditions) or None,
            )
            for statement in statements
        ],
    ).json


def trust_document(scope: Construct, id_: str, statement: Statement) -> str:
    """The JSON (a token) of a trust policy holding the web-identity ``statement`` of
    :func:`~.documents.trust`."""
    return DataAwsIamPolicyDocument(
        scope,
        id_,
        statement=[
            DataAwsIamPolicyDocumentStatement(
                sid=statement.sid,
                effect="Allow",
                actions=list(statement.actions),
                principals=[
                    DataAwsIamPolicyDocumentStatementPrincipals(
                        type="Federated", identifiers=list(statement.federated)
                    )
                ],
                condition=statement_conditions(statement.conditions),
            )
        ],
    ).json
