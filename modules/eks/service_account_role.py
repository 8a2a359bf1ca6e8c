"""What every IAM role of one Kubernetes service account has, however it is trusted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..shared.settings import invalid


@dataclass(frozen=True, kw_only=True)
class ServiceAccountRoleProps:
    """An IAM role for exactly one service account, with at least one policy. IRSA
    (:class:`IrsaRoleProps`) and EKS Pod Identity (:class:`PodIdentityRoleProps`) add how
    the role is trusted."""

    role_name: str
    """IAM role name."""
    namespace: str
    """Namespace of the service account."""
    service_account: str
    """Name of the service account."""
    policy_json: str | None = None
    """A policy document of the role's own. Default: none."""
    managed_policy_arns: Sequence[str] = ()
    """Existing policies to attach (e.g. AWS managed ones). Default: none."""

    def __post_init__(self) -> None:
        for field in ("namespace", "service_account"):
            if not getattr(self, field):
                raise invalid(self, field, getattr(self, field), "expected a Kubernetes name")
        if self.policy_json is None and not self.managed_policy_arns:
            raise invalid(
                self,
                "managed_policy_arns",
                list(self.managed_policy_arns),
                "expected a policy: give policy_json or managed policy ARNs",
            )
