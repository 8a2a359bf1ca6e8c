"""The current account, partition and Region, looked up once per stack."""

from __future__ import annotations

import weakref
from functools import cached_property

from cdktf import TerraformStack, Token
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct


def provider_region(scope: Construct) -> str | None:
    """The Region of the stack's default (unaliased) AWS provider, when it is a literal.

    Lets a construct check settings against the Region it will be deployed to (the AZs of
    a VPC, for example) while the stack is being composed, long before terraform runs.
    """
    for child in TerraformStack.of(scope).node.children:
        if isinstance(child, AwsProvider) and child.alias is None:
            region = child.region
            if isinstance(region, str) and region and not Token.is_unresolved(region):
                return region
    return None


class AccountContext(Construct):
    """Data sources for the account id, partition and Region of a stack's AWS provider.

    Use :meth:`of` rather than the constructor: every module of a stack shares one
    instance, so the synthesized JSON holds each data source once. The attributes are read
    once per instance (each read is a round trip to the jsii kernel, and a stack's modules
    read them hundreds of times); every read would resolve to the same reference anyway.
    """

    _ID = "account_context"

    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        self._identity = DataAwsCallerIdentity(self, "caller")
        self._partition = DataAwsPartition(self, "partition")
        self._region = DataAwsRegion(self, "region")

    @classmethod
    def of(cls, scope: Construct) -> AccountContext:
        """The stack-wide instance, created on first use."""
        stack = TerraformStack.of(scope)
        # Remembered per stack: looking the child up is two jsii round trips, and every
        # module of a stack asks. The tree stays the truth when the stack is not known here.
        known = _CONTEXTS.get(stack)
        if known is not None:
            return known
        existing = stack.node.try_find_child(cls._ID)
        context = existing if isinstance(existing, AccountContext) else cls(stack, cls._ID)
        _CONTEXTS[stack] = context
        return context

    @cached_property
    def account_id(self) -> str:
        """The AWS account id (a token until apply)."""
        return self._identity.account_id

    @cached_property
    def partition(self) -> str:
        """The ARN partition, ``aws`` in commercial Regions."""
        return self._partition.partition

    @cached_property
    def region(self) -> str:
        """The provider's Region name."""
        return self._region.name

    @cached_property
    def dns_suffix(self) -> str:
        """The partition's DNS suffix, ``amazonaws.com`` in commercial Regions."""
        return self._partition.dns_suffix

    def aws_managed_policy_arn(self, name: str) -> str:
        """ARN of the AWS managed IAM policy ``name`` (e.g. ``service-role/AWSBackup...``)
        in this partition."""
        return f"arn:{self.partition}:iam::aws:policy/{name}"

    def role_arn(self, name: str) -> str:
        """ARN of the IAM role ``name`` (no path) in this account and partition."""
        return f"arn:{self.partition}:iam::{self.account_id}:role/{name}"

    def log_group_arn(self, name: str) -> str:
        """ARN of the CloudWatch Logs group ``name`` in this account and Region."""
        return f"arn:{self.partition}:logs:{self.region}:{self.account_id}:log-group:{name}"

    @property
    def logs_service(self) -> str:
        """The CloudWatch Logs service principal of this Region."""
        return f"logs.{self.region}.{self.dns_suffix}"

    @property
    def root_arn(self) -> str:
        """ARN of the account root principal (delegates key access to IAM policies)."""
        return f"arn:{self.partition}:iam::{self.account_id}:root"


_CONTEXTS: weakref.WeakKeyDictionary[TerraformStack, AccountContext] = weakref.WeakKeyDictionary()
"""The :class:`AccountContext` of each stack; gone with the stack."""
