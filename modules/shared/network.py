"""A security group that admits one TCP port, and only from other security groups."""

from __future__ import annotations

import re
from collections.abc import Mapping

from cdktf import Token
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import (
    VpcSecurityGroupIngressRule,
)
from constructs import Construct

from .settings import require
from .validation import check_label

_SECURITY_GROUP_ID = re.compile(r"^sg-([0-9a-f]{8}|[0-9a-f]{17})$")


def check_source(source: str) -> str:
    """A security group: an id such as ``sg-0123456789abcdef0`` or a reference resolved at
    apply, never a CIDR."""
    if not Token.is_unresolved(source) and not _SECURITY_GROUP_ID.fullmatch(source):
        raise ValueError(
            "expected a security group id (sg-...) or a reference to one; data stores "
            "admit security groups, never CIDRs"
        )
    return source


def require_sources(owner: object, field: str, sources: Mapping[str, str]) -> None:
    """Every label of ``sources`` is address-safe and every value a security group; a
    :class:`SettingsError` names ``field[label]`` of ``owner`` otherwise."""
    for label, source in sources.items():
        require(owner, f"{field}[{label!r}]", label, check_label)
        require(owner, f"{field}[{label!r}]", source, check_source)


class ServicePortSecurityGroup(Construct):
    """A security group for a managed service listening on one TCP port.

    Ingress is only ever a reference to another security group (never a CIDR), one rule
    per source, each with a description. There is no egress rule: Terraform removes the
    allow-all egress rule AWS adds, and a database or cache never opens connections.

    Sources are labelled (``{"eks_nodes": sg_id}``): the label, not the position in a
    list, is part of each rule's Terraform address, so adding or removing one source
    never replaces the rules of the others.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        description: str,
        vpc_id: str,
        port: int,
        service: str,
        sources: Mapping[str, str],
    ) -> None:
        super().__init__(scope, id_)
        self._port = port
        self._service = service
        self.group = SecurityGroup(
            self,
            "group",
            name=name,
            description=description,
            vpc_id=vpc_id,
            tags={"Name": name},
        )
        self.rules: dict[str, VpcSecurityGroupIngressRule] = {}
        for label, security_group_id in sources.items():
            self.allow_from(label, security_group_id)

    def allow_from(self, label: str, security_group_id: str) -> VpcSecurityGroupIngressRule:
        """Admit the service port from the members of another security group."""
        require_sources(self, "sources", {label: security_group_id})
        if label in self.rules:
            raise ValueError(f"sources: label {label!r} is already admitted")
        rule = VpcSecurityGroupIngressRule(
            self,
            f"from_{label}",
            security_group_id=self.group.id,
            referenced_security_group_id=security_group_id,
            ip_protocol="tcp",
            from_port=self._port,
            to_port=self._port,
            description=f"{self._service} {self._port}/tcp from {label}",
        )
        self.rules[label] = rule
        return rule

    @property
    def security_group_id(self) -> str:
        """Id of the security group."""
        return self.group.id
