"""What every data store in the database tier shares: its key and its security group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import (
    VpcSecurityGroupIngressRule,
)
from constructs import Construct

from .account import AccountContext
from .kms import EncryptionKey, EncryptionKeyProps, ServiceGrant
from .network import ServicePortSecurityGroup


class _Settings(Protocol):
    @property
    def port(self) -> int: ...

    @property
    def key_deletion_window_days(self) -> int: ...


class _Network(Protocol):
    @property
    def vpc_id(self) -> str: ...


class DataStoreProps(Protocol):
    """What the props of every data store provide."""

    @property
    def settings(self) -> _Settings: ...

    @property
    def network(self) -> _Network: ...

    @property
    def allowed_security_groups(self) -> Mapping[str, str]: ...


class DataStore(Construct):
    """Base of the Aurora and Redis constructs.

    :meth:`_protect` creates the store's rotating customer-managed key (id ``key``), usable
    by CloudWatch Logs for the store's own log groups only, and its security group (id
    ``security_group``), which admits the store's port from labelled security groups and
    from nothing else.
    """

    key: EncryptionKey
    security_group: ServicePortSecurityGroup

    def _protect(
        self,
        props: DataStoreProps,
        *,
        name: str,
        title: str,
        service: str,
        key_description: str,
        log_groups: Sequence[str],
    ) -> None:
        self.key = EncryptionKey(
            self,
            "key",
            props=EncryptionKeyProps(
                alias=name,
                description=key_description,
                deletion_window_days=props.settings.key_deletion_window_days,
                service_grants=[ServiceGrant.for_log_groups(AccountContext.of(self), log_groups)],
            ),
        )
        port = props.settings.port
        self.security_group = ServicePortSecurityGroup(
            self,
            "security_group",
            name=name,
            description=f"{title}: {port}/tcp from allowed groups only",
            vpc_id=props.network.vpc_id,
            port=port,
            service=service,
            sources=props.allowed_security_groups,
        )

    def allow_connections_from(
        self, label: str, security_group_id: str
    ) -> VpcSecurityGroupIngressRule:
        """Admit the store's port from the members of another security group.

        ``label`` (snake_case) names the rule in its Terraform address and description,
        e.g. ``store.allow_connections_from("eks_nodes", eks.node_security_group_id)``.
        """
        return self.security_group.allow_from(label, security_group_id)

    @property
    def security_group_id(self) -> str:
        """Id of the store's security group."""
        return self.security_group.security_group_id

    @property
    def kms_key_arn(self) -> str:
        """ARN of the customer-managed key encrypting the store's data, logs and backups."""
        return self.key.arn
