"""Customer-managed KMS keys with rotation and an explicit key policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from constructs import Construct

from .account import AccountContext

ENCRYPT_DECRYPT_ACTIONS = (
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
)
"""What an AWS service needs to encrypt data with a key on the caller's behalf."""


@dataclass(frozen=True, kw_only=True)
class ServiceGrant:
    """Lets an AWS service principal use the key, optionally under a condition."""

    service: str
    """Service principal, e.g. ``logs.us-east-1.amazonaws.com``."""
    actions: Sequence[str] = ENCRYPT_DECRYPT_ACTIONS
    """KMS actions granted. Default: encrypt, decrypt, re-encrypt, generate data keys."""
    condition_test: str | None = None
    """IAM condition operator, e.g. ``ArnLike``. Default: no condition."""
    condition_variable: str | None = None
    """Condition key, e.g. ``kms:EncryptionContext:aws:logs:arn``."""
    condition_values: Sequence[str] = ()
    """Values the condition key must match."""
    more_conditions: Sequence[tuple[str, str, Sequence[str]]] = ()
    """Further conditions as ``(operator, key, values)``, all of which must hold too.
    Default: none."""

    @classmethod
    def for_log_groups(cls, account: AccountContext, names: Sequence[str]) -> ServiceGrant:
        """CloudWatch Logs may use the key, for the named log groups of this account only
        (the encryption context names the group: CloudWatch Logs, "Encrypt log data in
        CloudWatch Logs using AWS KMS")."""
        return cls(
            service=account.logs_service,
            condition_test="ArnEquals",
            condition_variable="kms:EncryptionContext:aws:logs:arn",
            condition_values=[account.log_group_arn(name) for name in names],
        )


@dataclass(frozen=True, kw_only=True)
class EncryptionKeyProps:
    """A symmetric customer-managed key."""

    alias: str
    """Alias without the ``alias/`` prefix, e.g. ``platform-prod-flow-logs``."""
    description: str
    """What the key protects (shown in the KMS console)."""
    service_grants: Sequence[ServiceGrant] = field(default_factory=tuple)
    """Service principals that may use the key directly. Default: none (IAM only)."""
    deletion_window_days: int = 30
    """Waiting period before a scheduled deletion takes effect, 7-30 days. Default: 30."""

    def __post_init__(self) -> None:
        if not 7 <= self.deletion_window_days <= 30:
            raise ValueError(
                f"deletion_window_days = {self.deletion_window_days}: expected 7 to 30"
            )
        if self.alias.startswith("alias/") or self.alias.startswith("aws"):
            raise ValueError(f"alias = {self.alias!r}: give the name without alias/, not aws*")


class EncryptionKey(Construct):
    """A KMS key with automatic yearly rotation, an alias and an explicit key policy.

    The policy gives the account root principal full control, which delegates access
    to IAM policies (the AWS default, written out so that it is reviewed), plus the
    service grants in the props.
    """

    def __init__(self, scope: Construct, id_: str, *, props: EncryptionKeyProps) -> None:
        super().__init__(scope, id_)
        account = AccountContext.of(self)
        statements = [
            DataAwsIamPolicyDocumentStatement(
                sid="AccountRootAdministersKey",
                effect="Allow",
                principals=[
                    DataAwsIamPolicyDocumentStatementPrincipals(
                        type="AWS", identifiers=[account.root_arn]
                    )
                ],
                actions=["kms:*"],
                resources=["*"],
            )
        ]
        for index, grant in enumerate(props.service_grants):
            conditions = []
            if grant.condition_test and grant.condition_variable:
                conditions.append(
                    DataAwsIamPolicyDocumentStatementCondition(
                        test=grant.condition_test,
                        variable=grant.condition_variable,
                        values=list(grant.condition_values),
                    )
                )
            conditions += [
                DataAwsIamPolicyDocumentStatementCondition(
                    test=test, variable=variable, values=list(values)
                )
                for test, variable, values in grant.more_conditions
            ]
            statements.append(
                DataAwsIamPolicyDocumentStatement(
                    sid=f"ServiceUse{index}",
                    effect="Allow",
                    principals=[
                        DataAwsIamPolicyDocumentStatementPrincipals(
                            type="Service", identifiers=[grant.service]
                        )
                    ],
                    actions=list(grant.actions),
                    resources=["*"],
                    condition=conditions or None,
                )
            )
        policy = DataAwsIamPolicyDocument(self, "policy", statement=statements)
        self.key = KmsKey(
            self,
            "key",
            description=props.description,
            enable_key_rotation=True,
            deletion_window_in_days=props.deletion_window_days,
            policy=policy.json,
        )
        self.alias = KmsAlias(
            self, "alias", name=f"alias/{props.alias}", target_key_id=self.key.key_id
        )

    # Read once: each read is a jsii round trip, and policies name the key many times.
    @cached_property
    def arn(self) -> str:
        """ARN of the key."""
        return self.key.arn

    @cached_property
    def key_id(self) -> str:
        """Id of the key."""
        return self.key.key_id


def encrypted_log_group(
    scope: Construct,
    *,
    key_id: str,
    alias: str,
    description: str,
    name: str,
    retention_days: int,
) -> tuple[EncryptionKey, CloudwatchLogGroup]:
    """A log group ``name`` (id ``log_group``) with retention, encrypted with a key of its
    own (id ``key_id``) that CloudWatch Logs may use for this group only. Created up front,
    so that the service writing to it does not create it unencrypted and kept forever."""
    key = EncryptionKey(
        scope,
        key_id,
        props=EncryptionKeyProps(
            alias=alias,
            description=description,
            service_grants=[ServiceGrant.for_log_groups(AccountContext.of(scope), [name])],
        ),
    )
    group = CloudwatchLogGroup(
        scope, "log_group", name=name, retention_in_days=retention_days, kms_key_id=key.arn
    )
    return key, group
